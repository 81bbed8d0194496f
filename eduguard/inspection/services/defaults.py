"""The default checklists (domain.md §5.1, §5.2, §5.4, §5.6), loaded by migration 0002 and again
if the table is ever emptied. A bureau edits them in the admin, or adds a new version."""

import datetime as dt

EFFECTIVE = dt.date(2020, 1, 1)

# code → (name, kind, source, [(item code, text, auto check or "")])
TEMPLATES = {
    "seven-preparations": (
        "开学前七项准备",
        "pre_opening",
        "联防联控机制《中小学校新冠肺炎防控技术方案》开学前7项（2020-02-25），domain.md §5.1",
        [
            ("daily-report", "掌握全体师生员工每日健康状况，实行日报告、零报告制度", "daily_reports"),
            ("training", "对全体教职员工开展防控制度、个人防护与消毒等知识技能培训", ""),
            ("cleaning", "开学前对校园进行彻底清洁，对物体表面进行预防性消毒，教室开窗通风", "hygiene"),
            ("home-quarantine", "外出返回的师生居家隔离14天后方可返校", "returners_cleared"),
            ("supplies", "储备洗手液、手消毒剂、口罩、手套、消毒剂等防控物资", "supplies"),
            (
                "isolation-room",
                "设立（临时）隔离室，位置相对独立，用于出现发热等症状人员的临时隔离",
                "isolation_room",
            ),
            ("emergency-plan", "制定应急预案和两案九制，开展培训和演练，校长为第一责任人", "documents"),
            ("drills", "开展入校测温、隔离室启用、发热处置、错峰就餐等演练", "drills"),
            ("task-force", "成立学校疫情防控工作专班", "task_force"),
        ],
    ),
    "shanghai-inspection": (
        "开学条件检查（上海区级清单式）",
        "inspection",
        "上海某区开学前防控工作检查表（2020年4月，学校自查与检查组核查两栏），domain.md §5.2",
        [
            ("roster", "师生员工信息全面掌握，日报告和特殊情况跟踪到位，有专人负责", "daily_reports"),
            ("return", "按要求返校，境外师生暂缓返校；返校前14天健康观察", "returners_cleared"),
            ("local-code", "本地师生健康码为绿码", ""),
            ("outside-code", "外地来返人员完成健康管理，健康码为绿码", ""),
            ("certificate", "非新冠疾病病愈后持二级以上医院证明返校", ""),
            ("thermometers", "入口设红外测温设备，校内配备体温计", ""),
            ("masks", "医用口罩、洗手液等防疫物资至少储备一周", "supplies"),
            ("disinfectant", "消毒剂和消毒工具充足", ""),
            ("ledger", "防疫物资专人管理，有台账、每日清点、及时补充", ""),
            (
                "plans",
                "错峰上下学、晨午检、全日观察与巡查、安全就餐、应急处置和校园封闭等方案齐备并已培训",
                "reopening_plan",
            ),
            ("medical", "开学初期有医护人员驻校指导", "medical_staff"),
        ],
    ),
    "closed-campus": (
        "封闭管理检查（五个一律）",
        "closed_campus",
        "江苏省教育厅“五个一律”（2020-02-21），domain.md §5.4",
        [
            ("approval", "未经学校批准学生不返校，返校名单与准入状态一致", "returners_cleared"),
            ("outsiders", "校外无关人员不进校门，来访实行审批、登记", ""),
            ("gate-check", "师生进入校门一律核验身份、监测体温并登记", ""),
            ("fever", "对发热、咳嗽者实行医学隔离观察，处置流程清楚", ""),
            ("discipline", "对不服从管理者有处理办法", ""),
        ],
    ),
    "isolation-room": (
        "临时隔离室检查",
        "isolation_room",
        "domain.md §5.6",
        [
            (
                "location",
                "位置相对独立，远离教学生活区、食堂和水源，通风采光良好，有明显标识",
                "isolation_room",
            ),
            ("equipment", "配备防护用品、体温计、消毒剂、紫外线灯、医疗废物桶和观察登记本", ""),
            ("one-at-a-time", "一次只安置一名疑似人员，每次使用后消毒", ""),
        ],
    ),
}


def load(ChecklistTemplate, ChecklistItem) -> None:
    """Create the templates and items that are missing (by code, version 1)."""
    for code, (name, kind, source, items) in TEMPLATES.items():
        template, _ = ChecklistTemplate.objects.get_or_create(
            code=code,
            version=1,
            defaults={"name": name, "kind": kind, "source": source, "effective_from": EFFECTIVE},
        )
        for order, (item_code, text, auto) in enumerate(items, start=1):
            ChecklistItem.objects.get_or_create(
                template=template, code=item_code, defaults={"order": order, "text": text, "auto": auto}
            )


def ensure_defaults() -> None:
    from eduguard.inspection.models import ChecklistItem, ChecklistTemplate

    if not ChecklistTemplate.objects.exists():
        load(ChecklistTemplate, ChecklistItem)
