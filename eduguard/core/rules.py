"""Rules are data (DESIGN principle 2): every threshold is declared here with its default, and a
bureau overrides it in the admin with a RuleValue row that takes effect from a date.

`get_rule(name, day)` returns the value in force on that day. Lists of rules that are records
of their own (abnormal-report rules, checklists) are models of their app instead.
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Rule:
    label: str
    default: Any
    help: str
    source: str = ""


RULES: dict[str, Rule] = {
    # Daily health report (health app), domain.md §2.3 and §7.
    "health.fever_threshold": Rule("发热阈值（°C）", 37.3, "体温达到或超过此值即为发热", "domain.md §7.1"),
    "health.temperature_min": Rule(
        "体温下限（°C）", 34.0, "低于此值的体温视为填写错误", "domain.md §7.1 [K]"
    ),
    "health.temperature_max": Rule(
        "体温上限（°C）", 43.0, "高于此值的体温视为填写错误", "domain.md §7.1 [K]"
    ),
    "health.max_backdate_days": Rule("可补报天数", 3, "最多可补报几天前的日报告", "[CFG]"),
    "health.reminder_times": Rule("提醒时间", ["09:00", "14:00"], "向未报告人员发送提醒的时间", "issue 3"),
    "health.deadline": Rule("报告截止时间", "18:00", "此时间前提交为按时；之后逐级通报未报告名单", "issue 3"),
    "health.escalation_delay_minutes": Rule(
        "二级通报间隔（分钟）", 60, "截止后先通报班主任，再过此时长通报包年级校领导", "issue 3"
    ),
    "health.travel_cutoff": Rule("外出起算日期", "2020-01-15", "“某日后是否离开本县”的起算日期", "DOC-B"),
    # Class checks, sick absence and return certificates (health app), domain.md §3.
    "health.check_deadlines": Rule(
        "晨午晚检提交截止时间",
        {"morning": "08:20", "noon": "14:10", "evening": "19:30"},
        "各检查时段须在此时间前提交；晚检只要求有住校生的班级；去掉一项即不再要求该时段",
        "domain.md §3.1（第3节课前；一校定为08:00/08:20与14:10）",
    ),
    "health.check_symptoms": Rule(
        "晨午晚检症状清单",
        [
            ["fever", "发热"],
            ["cough", "咳嗽"],
            ["headache", "头痛"],
            ["sore_throat", "咽痛"],
            ["parotid", "腮腺肿大"],
            ["abdominal_pain", "腹痛"],
            ["diarrhea", "腹泻"],
            ["vomiting", "呕吐"],
            ["rash", "皮疹"],
            ["dizziness", "头晕"],
            ["fatigue", "乏力"],
            ["conjunctivitis", "结膜充血"],
            ["jaundice", "黄疸"],
            ["other", "其他"],
        ],
        "检查和缺勤登记可勾选的症状（代码、名称）；代码 fever 即为发热",
        "WS/T 772-2020，domain.md §2.2、§3.1",
    ),
    "health.check_roles": Rule(
        "可登记晨午晚检和缺勤的角色",
        ["head_teacher", "school_leader", "principal", "school_doctor"],
        "可为其负责的班级提交晨午晚检、登记和跟进缺勤的角色",
        "domain.md §3.1（班主任或第一节课任课教师）[CFG]",
    ),
    "health.symptom_window_days": Rule(
        "症状汇总天数", 3, "班级、学校汇总中“近几日”症状人数的天数（含当天）", "domain.md §3.1 第7条"
    ),
    "health.certificate_required_for": Rule(
        "须复课证明的缺勤",
        ["infectious", "fever"],
        "infectious：传染病或疑似传染病；fever：发热。满足任一项的病假须经校医审核复课证明后方可出勤",
        "domain.md §3.4",
    ),
    "health.certificate_min_level": Rule(
        "复课证明最低医院等级",
        "secondary",
        "低于此等级的医院证明须校医写明理由方可通过（designated/tertiary/secondary/primary/clinic）",
        "domain.md §3.4 第2条（二级以上医院）",
    ),
    "health.certificate_roles": Rule(
        "可审核复课证明的角色",
        ["school_doctor", "principal"],
        "校医复核医院证明并出具学校复课证明；校医结论与医院证明不一致时以校医为准",
        "domain.md §3.4 第3、4条",
    ),
    "screening.quarantine_days": Rule(
        "居家隔离天数", 14, "返回居住地后居家隔离的天数，到达当天为第0天", "domain.md §4.3, §4.5"
    ),
    "screening.monitoring_days": Rule(
        "居家健康监测天数", 7, "集中隔离期满后居家健康监测的天数", "domain.md §4.1（第八版）"
    ),
    "screening.quarantine_roles": Rule(
        "可登记隔离的角色",
        ["bureau_leader", "bureau_staff", "principal", "school_leader", "school_doctor", "head_teacher"],
        "可为其负责范围内的人员登记隔离、健康观察并按期解除的角色",
        "[CFG]",
    ),
    "screening.early_release_roles": Rule(
        "可提前解除隔离的角色",
        ["bureau_leader", "principal", "school_doctor"],
        "计划期满前解除隔离须由这些角色签发，并写明理由",
        "issue 4 [CFG]",
    ),
    "screening.category_roles": Rule(
        "可确认、改判风险类别的角色",
        ["bureau_leader", "bureau_staff", "principal", "school_doctor"],
        "系统按排查答案提出类别，由这些角色确认或改判（须写理由）",
        "issue 4 [CFG]",
    ),
    "screening.entry_checks": Rule(
        "返校准入判定项（按顺序）",
        [
            "quarantine",
            "high_risk_category",
            "recent_return",
            "fever_or_symptoms",
            "health_code",
            "return_certificate",
        ],
        "返校准入依次检查的项目；去掉一项即不再检查",
        "domain.md §4.5",
    ),
    # Two plans and nine systems (campus app), domain.md §1.
    "campus.document_roles": Rule(
        "可上传两案九制文件的角色",
        ["principal", "school_leader", "school_doctor"],
        "负责本校（学校层级）的这些角色可上传新版本",
        "domain.md §1 [CFG]",
    ),
    "campus.document_approver_roles": Rule(
        "可审定两案九制文件的角色",
        ["bureau_leader", "bureau_staff", "principal"],
        "负责该校的这些角色可审定或退回最新版本（退回须写意见）",
        "domain.md §1 [CFG]",
    ),
    # Disinfection and ventilation (campus app), domain.md §6.3.
    "campus.log_roles": Rule(
        "可登记消毒通风的角色",
        ["principal", "school_leader", "school_doctor", "head_teacher"],
        "在本校任职（学校、年级或班级层级）的这些角色可登记消毒、通风；学校层级的可添加处所",
        "domain.md §6.3 [CFG]",
    ),
    "campus.ventilation_times_per_day": Rule(
        "每日通风次数", 2, "每处每天至少通风的次数（每次达到规定时长才计入）", "domain.md §6.3"
    ),
    "campus.ventilation_minutes": Rule("每次通风时长（分钟）", 30, "一次通风至少的分钟数", "domain.md §6.3"),
    "campus.disinfection_times_per_day": Rule(
        "每日消毒次数", 1, "每处每天至少消毒的次数（符合浓度、时间要求才计入）", "domain.md §6.3"
    ),
    "campus.chlorine_mg_l": Rule(
        "表面消毒有效氯浓度（mg/L）",
        [250, 500],
        "一般物体表面含氯消毒剂浓度范围 [下限, 上限]",
        "domain.md §6.3",
    ),
    "campus.chlorine_isolation_mg_l": Rule(
        "隔离室有效氯浓度下限（mg/L）", 1000, "隔离室等污染区域含氯消毒剂浓度至少为此值", "domain.md §6.3 [K]"
    ),
    "campus.contact_minutes": Rule(
        "消毒作用时间（分钟）", 30, "含氯消毒剂作用至少的分钟数，然后清水擦拭", "domain.md §6.3"
    ),
    "campus.uv_minutes": Rule(
        "紫外线照射时间（分钟）", 30, "紫外线灯（无人时）照射至少的分钟数", "domain.md §6.3"
    ),
    # The school gate and closed campus (campus app), domain.md §4.5 and §5.4.
    "campus.five_rules": Rule(
        "五个一律（封闭管理规定）",
        [
            {"text": "未经学校批准学生一律不准返校", "check": "return_approval"},
            {"text": "校外无关人员一律不准进校门", "check": "visitor_approval"},
            {"text": "师生进入校门一律核验身份、监测体温", "check": "identity_temperature"},
            {"text": "对发烧咳嗽者一律实行医学隔离观察", "check": "fever_isolation"},
            {"text": "不服从管理者一律严肃处理", "check": ""},
        ],
        "显示在校门页面；check 为可由系统执行的条款：return_approval 未获准返校者不放行，"
        "visitor_approval 来访须按审批链获批，identity_temperature 入校须核验身份并测温，"
        "fever_isolation 发热或咳嗽等症状者暂缓入校并启动发热处置；空为仅显示",
        "domain.md §5.4（江苏省教育厅 2020-02-21）[CFG]",
    ),
    "campus.gate_roles": Rule(
        "可值守校门的角色",
        ["gate_guard", "principal", "school_leader", "school_doctor"],
        "在学校层级任职的这些角色可使用该校的校门登记页面；门卫只能看到校门页面",
        "DESIGN.md 角色表 [CFG]",
    ),
    "campus.gate_screen_thresholds": Rule(
        "校门初筛体温阈值（°C）",
        {"forehead": 36.8},
        "按测温方式的初筛阈值，达到即暂缓入校、复测；未列出的方式用发热阈值（health.fever_threshold）。"
        "达到发热阈值或有症状者启动发热处置",
        "domain.md §4.5（额温筛查≥36.8℃，腋温≥37.3℃）",
    ),
    "campus.visit_approval_chain": Rule(
        "来访审批环节",
        ["host"],
        "来访人员入校前须依次获得的批准：host 为接待人，也可加角色（如 principal）实行双签；"
        "空表示无须审批（五个一律中无 visitor_approval 时亦同）",
        "domain.md §5.4 相关做法 [CFG]",
    ),
    "campus.leave_pass_roles": Rule(
        "可签发住校生离校单的角色",
        ["head_teacher", "school_leader", "principal"],
        "负责该学生的这些角色可签发、作废离校单",
        "domain.md §5.4（住校生除特殊情况不离校）[CFG]",
    ),
    "campus.boarder_exit_needs_pass": Rule(
        "住校生离校须持离校单", True, "住校生从校门离校时须有有效的离校单，否则不放行", "domain.md §5.4 [CFG]"
    ),
    # Supervision and reopening acceptance (inspection app), domain.md §5.1–5.3.
    "inspection.self_check_roles": Rule(
        "可填报学校自查的角色",
        ["principal", "school_leader"],
        "在学校层级负责该校的这些角色可开始、填写和提交学校自查",
        "domain.md §5.3 第2条 [CFG]",
    ),
    "inspection.approver_roles": Rule(
        "可审批“达到开学条件”的角色",
        ["bureau_leader", "bureau_staff"],
        "负责该校的这些角色可审批学校达到开学条件，并登记开学",
        "domain.md §5.3 第4条 [CFG]",
    ),
    "inspection.institution_roles": Rule(
        "可登记幼儿园和校外培训机构巡查、停办的角色",
        ["bureau_leader", "bureau_staff"],
        "负责全县的这些角色可登记走访巡查、下达停办和准予复课",
        "seed 004 [CFG]",
    ),
    "inspection.drill_window_days": Rule(
        "演练有效期（天）", 60, "验收时，检查日前这么多天内的演练才计入“已演练”", "[CFG]"
    ),
    "inspection.readiness_requires": Rule(
        "开学条件另需",
        ["reopening_plan", "medical_staff"],
        "除检查结果外，审批开学前还须满足的条件：reopening_plan（一校一策已审定）、"
        "medical_staff（开学日有驻校医护人员）；去掉一项即不再要求",
        "domain.md §5.5；seed 000（医护人员驻点指导两周）[CFG]",
    ),
    "inspection.plan_roles": Rule(
        "可提交一校一策的角色",
        ["principal", "school_leader"],
        "负责该校的这些角色可提交开学方案的新版本",
        "domain.md §5.5 [CFG]",
    ),
    "inspection.plan_approver_roles": Rule(
        "可审定一校一策的角色",
        ["bureau_leader", "bureau_staff"],
        "负责该校的这些角色可审定或退回开学方案",
        "domain.md §5.5 [CFG]",
    ),
    "inspection.stagger_minutes": Rule(
        "错峰间隔（分钟）",
        10,
        "同一天同一校门，两个年级的到校开始时间至少相隔这么久",
        "domain.md §5.5（年级错开约5–10分钟）[CFG]",
    ),
    "inspection.return_lead_days": Rule(
        "返校最早提前（天）",
        3,
        "年级返校日期最早可比所在批次的开学日期提前几天（住校生提前返校）",
        "[CFG]",
    ),
    "inspection.medical_posting_roles": Rule(
        "可登记驻校医护人员的角色",
        ["bureau_leader", "bureau_staff", "principal"],
        "负责该校的这些角色可登记驻校医护人员",
        "seed 000 [CFG]",
    ),
    "inspection.medical_posting_days": Rule(
        "驻校天数", 14, "登记驻校医护人员时默认的驻点天数（开学起为期两周）", "seed 000"
    ),
    "inspection.discipline_roles": Rule(
        "可查阅、办理违规补课案件的角色",
        ["discipline"],
        "只有在全县或该校担任这些角色的人能看到并办理在职教师违规补课案件",
        "seed 004；domain.md §9（限制访问）[CFG]",
    ),
    # Public concerns register (concerns app), seed 000 (舆情处置、信访维稳), issue 15.
    "concerns.handler_roles": Rule(
        "可查阅、办理舆情信访的角色",
        ["bureau_leader", "bureau_staff", "principal"],
        "在全县担任这些角色的人办理全县的事项（含不涉及具体学校的）；负责某校（网格、学校层级）的只看到、"
        "办理涉及该校的事项",
        "seed 000（做好舆情处置、信访维稳等工作）[CFG]",
    ),
    "concerns.deadline_days": Rule(
        "办理时限（天）",
        {"rumour": 1, "complaint": 7, "petition": 15, "media": 1, "hotline": 5},
        "登记时按类别默认的办理期限（自受理日起算）：rumour 谣言、complaint 投诉、petition 信访、"
        "media 媒体问询、hotline 12345热线",
        "信访条例（2005）第二十二条：15日内告知是否受理；其余 [CFG]",
    ),
    "concerns.response_required": Rule(
        "办结须有答复的类别",
        ["petition", "hotline"],
        "这些类别的事项未录入答复不得办结",
        "信访条例（2005）第二十二条、第三十三条（书面答复信访人）[CFG]",
    ),
    # Psychological support (counselling app), seed 004 (学生心理辅导), issue 15.
    "counselling.counsellor_roles": Rule(
        "可登记、查阅心理辅导记录的角色",
        ["counsellor"],
        "在学校（或全县）担任这些角色的人登记和查阅该校（或全县）师生的心理辅导记录",
        "seed 004；PIPL 第二十八条（敏感个人信息，最小必要）[CFG]",
    ),
    "counselling.reader_roles": Rule(
        "可查阅本校心理辅导记录的角色",
        ["principal"],
        "在学校层级担任这些角色的人可查阅（不可登记）本校师生的心理辅导记录；每次查阅均记录",
        "PIPL 第二十八条 [CFG]",
    ),
    "counselling.follow_up_days": Rule(
        "默认回访间隔（天）", 7, "登记辅导时默认的回访日期（辅导日后几天）", "[CFG]"
    ),
    # Staggered return (logistics app), domain.md §5.5 and seed 000.
    "logistics.planner_roles": Rule(
        "可制定、发布错峰返校方案的角色",
        ["bureau_leader", "bureau_staff"],
        "在全县担任这些角色的人可为开学批次生成并发布返校方案",
        "seed 000 [CFG]",
    ),
    "logistics.escort_roles": Rule(
        "可核对学生上车的角色",
        ["bureau_staff", "principal", "school_leader"],
        "负责该校的这些角色可在乘车当天核对学生上车（车次名单按学校查看）",
        "[CFG]",
    ),
    "logistics.bus_school_types": Rule(
        "乘车返校的学校类别",
        ["high"],
        "这些类别学校的学生按户籍乡镇到集合点乘车点对点返校；其他学校只错峰到校",
        "seed 000（高中学生按户籍在指定地点集合、点对点乘车）",
    ),
    "logistics.gate_per_minute": Rule(
        "校门通行能力默认值（人/分钟）",
        20,
        "学校未登记校门通行能力时，一校一策中每个校门按此计",
        "[CFG]",
    ),
    "logistics.arrival_slots": Rule(
        "到校时段数", 12, "错峰到校最多安排的时段数（每段为错峰间隔 inspection.stagger_minutes）", "[CFG]"
    ),
    "logistics.solver_seconds": Rule(
        "求解时限（秒）", 10, "乘车方案求解的时间上限；到时取最好的可行解并报告与下界的差距", "[CFG]"
    ),
    # Epidemic supplies (supplies app), domain.md §6.
    "supplies.reserve_days": Rule(
        "物资储备天数",
        14,
        "每所学校的物资应够用这么多天（开学批次两周储备）；品目可另设",
        "domain.md §6.1（山东两周、临沂15天、上海一周）[CFG]",
    ),
    "supplies.bureau_roles": Rule(
        "管理县物资仓库和采购的角色",
        ["bureau_leader", "bureau_staff"],
        "在全县担任这些角色的人管理仓库、采购订单和向学校调拨；负责某校的也可办理该校物资",
        "seed 000 [CFG]",
    ),
    "supplies.school_roles": Rule(
        "管理学校物资的角色",
        ["principal", "school_leader", "school_doctor"],
        "负责该校的这些角色可办理学校物资的入库、发放、消耗、报损和盘点",
        "domain.md §5.2 第9条（专人管理、台账、每日清点）[CFG]",
    ),
    # Volunteers (outreach app), seed 004.
    "outreach.volunteer_roles": Rule(
        "管理志愿者、服务队、排班和活动的角色",
        ["bureau_leader", "bureau_staff", "principal", "school_leader"],
        "负责该校（学校层级）的这些角色管理本校志愿者、服务队、排班和活动；在全县担任的管理局机关、"
        "社会志愿者和全县服务队及乡镇分队；服务队队长（本人账号）可为本队排班登记到岗",
        "seed 004（各校校长和书记亲自带头上岗）[CFG]",
    ),
    # Online teaching and health education (teaching app), domain.md §9, issue 11.
    "teaching.low_rate": Rule(
        "线上教学参与率预警线",
        0.8,
        "学生或教师参与率（参与人数 ÷ 在籍人数）低于此值的学校列为“低于预警线”；以比例填写，如 0.8 即 80%",
        "seed 000（参与率达82.7%）[CFG]",
    ),
    "teaching.school_roles": Rule(
        "填报本校线上教学和健康教育活动的角色",
        ["principal", "school_leader"],
        "在学校层级负责该校的这些角色可填报、导入本校各年级的线上教学参与情况，登记本校的健康教育活动",
        "[CFG]",
    ),
    "teaching.bureau_roles": Rule(
        "管理线上教学统计的教育局角色",
        ["bureau_leader", "bureau_staff"],
        "这些角色可为其负责的学校填报、导入参与情况；在全县担任的可设立统计时段、登记全县性的健康教育活动",
        "seed 000 [CFG]",
    ),
    "teaching.event_topics": Rule(
        "健康教育活动内容",
        ["防疫知识", "生命教育", "公共安全教育", "心理健康教育", "爱国主义教育", "卫生健康习惯"],
        "登记健康教育活动（如开学第一课）时可勾选的学习内容",
        "seed 000（开学第一课）[CFG]",
    ),
    # Documents and home–school messages (outreach app), domain.md §9, issue 11.
    "outreach.document_roles": Rule(
        "登记印发、转发公文的角色",
        ["bureau_leader", "bureau_staff"],
        "在全县担任这些角色的人登记局里印发和转发的文件，并选择发给哪些学校",
        "DOC-B（累计转发文件100余件，下发50余份）[CFG]",
    ),
    "outreach.receipt_roles": Rule(
        "签收公文的角色",
        ["principal", "school_leader"],
        "负责该校的这些角色代表学校签收文件",
        "[CFG]",
    ),
    "outreach.receipt_days": Rule(
        "签收期限（天）",
        1,
        "文件发出后几天内须签收；逾期未签收的学校标红，可一键提醒",
        "[CFG]",
    ),
    "outreach.notice_roles": Rule(
        "可群发家校通知的角色",
        ["bureau_leader", "bureau_staff", "principal", "school_leader", "head_teacher"],
        "这些角色可向自己负责的县、学校、年级或班级的家长（或教职工）群发通知",
        "DOC-B（家校互动，共发送短信27436条）[CFG]",
    ),
    "outreach.notice_max_chars": Rule(
        "群发通知最多字数",
        300,
        "通知正文（不含签名）的字数上限；短信每70字计1条，超过按每67字1条计",
        "[CFG]",
    ),
    "outreach.notice_repeat_minutes": Rule(
        "重复群发拦截（分钟）",
        10,
        "同一人在这段时间内向同一范围发出相同内容，视为重复提交，不再发送",
        "[CFG]",
    ),
    # Command and coordination (command app), seed 000 (一)(二), issue 15.
    "command.manager_roles": Rule(
        "管理工作专班、专题会议和联防联控的角色",
        ["bureau_leader", "bureau_staff", "principal", "school_leader"],
        "在全县担任这些角色的人管理局工作专班、局专题会议、联防联控部门和行动；负责该校（学校层级）的管理本校专班和会议",
        "seed 000 [CFG]",
    ),
    "command.owner_roles": Rule(
        "可作为会议议定事项责任人的角色",
        [
            "bureau_leader",
            "bureau_staff",
            "inspector",
            "principal",
            "school_leader",
            "school_doctor",
            "head_teacher",
            "subject_teacher",
        ],
        "责任人须在会议所属单位（全县或本校）内担任这些角色之一",
        "seed 000（五级包联）[CFG]",
    ),
    # The work briefing (briefing app), issue 12.
    "briefing.suppress_below": Rule(
        "简报小数抑制",
        0,
        "简报中人数少于此值（且大于0）的，写作“不足N”，以免少数人被识别；0 表示不抑制",
        "domain.md §8.4 [CFG]",
    ),
    # Emergency response (response app), domain.md §2 and §5.6–5.7.
    "response.fever_detect_roles": Rule(
        "可登记发热的角色",
        ["head_teacher", "school_leader", "principal", "school_doctor"],
        "负责该人员的这些角色可登记发现发热（晨午检、全日观察、校门测温）",
        "domain.md §5.7 第1、2条 [CFG]",
    ),
    "response.fever_handle_roles": Rule(
        "可处置发热的角色",
        ["school_doctor", "principal", "school_leader"],
        "可安排隔离、复测、回班、转诊和登记诊断结果的角色",
        "domain.md §5.7 第2–8条 [CFG]",
    ),
    "response.isolation_capacity": Rule(
        "隔离室同时安置人数", 1, "一间临时隔离室同时安置的人数；每次使用后须消毒方可再用", "domain.md §5.6"
    ),
    "response.fever_notify": Rule(
        "发热处置通知对象",
        {
            "detected": ["school_doctor"],
            "isolated": ["head_teacher", "guardian"],
            "cleared": ["head_teacher", "guardian"],
            "referred": ["head_teacher", "guardian", "principal", "bureau"],
            "excluded": ["head_teacher", "guardian", "school_doctor"],
            "confirmed": ["head_teacher", "guardian", "school_doctor", "principal", "bureau"],
        },
        "每一步通知谁：head_teacher 班主任、guardian 监护人、school_doctor 校医、principal 校长、"
        "bureau 包校的局机关科室（无则包片的局领导）",
        "domain.md §5.7 第5条",
    ),
    "response.referral_trigger": Rule(
        "转诊即报告的情形",
        "T3",
        "发热师生转诊时按此情形建立报告事件（留空则转诊不建事件）",
        "domain.md §2.1 T3、§5.7 [CFG]",
    ),
    "response.confirmed_trigger": Rule(
        "确诊/疑似的报告情形", "T2", "诊断为传染病确诊或疑似时按此情形报告", "domain.md §2.1 T2"
    ),
    "response.symptom_groups": Rule(
        "相似症状分组",
        {
            "respiratory": [
                "fever",
                "cough",
                "sore_throat",
                "runny_nose",
                "shortness_of_breath",
                "headache",
                "fatigue",
                "loss_of_taste_smell",
            ],
            "gastrointestinal": ["diarrhea", "vomiting", "abdominal_pain"],
            "rash": ["rash"],
            "parotitis": ["parotid"],
            "jaundice": ["jaundice"],
            "conjunctivitis": ["conjunctivitis"],
        },
        "同组症状视为相似症状：聚集判定按组分别计数，同一人只计一次",
        "domain.md §2.1 T1、§2.2 [CFG]",
    ),
    "response.cluster_sources": Rule(
        "聚集判定的数据来源",
        ["check", "absence", "daily_report", "fever"],
        "check 晨午晚检、absence 缺勤登记、daily_report 异常日报、fever 发热处置",
        "domain.md §2.2",
    ),
    "response.incident_roles": Rule(
        "可登记报告和结案的角色",
        ["school_doctor", "principal", "bureau_staff", "bureau_leader"],
        "学校疫情报告人登记向疾控、教育部门的报告、进程报告和结案",
        "domain.md §0.1、§2.1",
    ),
    "response.incident_notify": Rule(
        "新事件通知对象",
        ["school_doctor", "principal", "bureau"],
        "事件建立或升级时通知：school_doctor 疫情报告人、principal 校长、bureau 包校科室（无则包片局领导）",
        "domain.md §2.1",
    ),
    "response.closure_requires": Rule(
        "结案须有的报告",
        ["cdc", "education"],
        "结案前须登记过向这些对象的报告（cdc 疾控机构、education 教育行政部门）",
        "domain.md §2.1",
    ),
    "response.escalation_chain": Rule(
        "逾期督办顺序",
        ["principal", "bureau_staff", "bureau_leader"],
        "报告逾期后依次通知：校长、包校科室、包片局领导（全县局领导）",
        "domain.md §0.1 五级包联 [CFG]",
    ),
    "response.escalation_minutes": Rule(
        "逐级督办间隔（分钟）", 60, "逾期后每过此时长仍未报告，再向上一级督办", "[CFG]"
    ),
    "response.contact_days_before_onset": Rule(
        "密接追溯天数",
        2,
        "从发病前几天起追溯同班、同宿舍、同车和任课教师",
        "domain.md §4.1（2020年第五、六版）",
    ),
    "response.contact_quarantine_kind": Rule(
        "密接隔离方式", "central", "一键隔离密接时的隔离类型（home 居家、central 集中）", "domain.md §4.1"
    ),
    "response.ears": Rule(
        "缺勤率预警（EARS）参数",
        {"baseline_days": 7, "c1": 3.0, "c2": 3.0, "c3": 2.0, "min_sd": 0.005},
        "按学校因病缺勤率计算 C1（前7天基线）、C2（隔2天基线）、C3（C2近3天超出累计）；"
        "超过阈值显示预警（不建事件）；min_sd 为基线标准差下限（比率）",
        "CDC EARS（Hutwagner 等，2003）[CFG]",
    ),
    "response.drill_roles": Rule(
        "可登记应急演练的角色",
        ["principal", "school_leader", "school_doctor"],
        "负责本校（学校层级）的这些角色可登记演练",
        "domain.md §5.7 [CFG]",
    ),
    "response.required_drills": Rule(
        "开学验收须有的演练科目",
        ["isolation_room", "temperature", "fever", "meals"],
        "isolation_room 临时隔离室启用、temperature 入校测温、fever 发热师生处置、"
        "meals 食堂错峰分餐；验收时每项须在期内至少演练一次",
        "domain.md §5.7 末条（Doc A）、§5.1 第7条 [CFG]",
    ),
    "health.link_attempts_per_hour": Rule(
        "身份核验尝试次数（每小时）", 10, "同一链接同一设备每小时最多核验失败次数", "[K]"
    ),
    # Retention of personal health data (retention app, `eduguard purge`).
    "retention.days": Rule(
        "个人健康数据留存天数",
        30,
        "日报告、体温和行程在此天数后可清除或匿名化（eduguard purge）；统计数字保留。"
        "30 天 = 14 天观察期之后再留 16 天（建议 14–30 天）；防控工作正式结束后可用 --force 提前清除",
        "domain.md §8.4-7 [CFG]；PIPL 第19条",
    ),
}


# Rules are read on every report submission; each process keeps what it read for this long.
# An edit in the admin therefore applies everywhere within CACHE_SECONDS (documented).
CACHE_SECONDS = 60.0
CACHE_PURGE_AT = 2000
_cache: dict[tuple, tuple[float, Any]] = {}


def cached(key: tuple, load: Callable[[], Any]) -> Any:
    """`load()`'s value, reused by this process for CACHE_SECONDS."""
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if len(_cache) >= CACHE_PURGE_AT:  # per-user entries would otherwise pile up day after day
        for stale in [k for k, (until, _) in _cache.items() if until <= now]:
            del _cache[stale]
    _cache[key] = (now + CACHE_SECONDS, value)
    return value


def clear_cache() -> None:
    """Forget cached rules (tests, and a save of a rule in this process)."""
    _cache.clear()


def get_rule(name: str, day: dt.date | None = None) -> Any:
    """The value of rule `name` in force on `day` (today by default)."""
    if name not in RULES:
        raise KeyError(f"unknown rule {name!r}: declare it in eduguard/core/rules.py")
    day = day or timezone.localdate()
    return cached(("rule", name, day), lambda: _load(name, day))


def _load(name: str, day: dt.date) -> Any:
    from eduguard.core.models import RuleValue

    row = (
        RuleValue.objects.filter(name=name, effective_from__lte=day)
        .order_by("-effective_from", "-id")
        .first()
    )
    return RULES[name].default if row is None else row.value


def get_rules(names, day: dt.date | None = None) -> dict[str, Any]:
    """Several rules in force on `day`, those not yet cached read in one query: for a page that
    applies a whole norm (the disinfection and ventilation norms are seven rules)."""
    from eduguard.core.models import RuleValue

    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise KeyError(f"unknown rules {unknown!r}: declare them in eduguard/core/rules.py")
    day = day or timezone.localdate()
    now = time.monotonic()
    values: dict[str, Any] = {}
    for name in names:
        hit = _cache.get(("rule", name, day))
        if hit is not None and hit[0] > now:
            values[name] = hit[1]
    missing = [n for n in names if n not in values]
    if missing:
        rows = RuleValue.objects.filter(name__in=missing, effective_from__lte=day).order_by(
            "name", "-effective_from", "-id"
        )
        latest: dict[str, Any] = {}
        for row in rows:
            latest.setdefault(row.name, row.value)
        for name in missing:
            value = latest.get(name, RULES[name].default)
            values[name] = cached(("rule", name, day), lambda value=value: value)
    return values
