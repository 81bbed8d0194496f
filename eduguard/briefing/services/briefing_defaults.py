"""The default briefing template: seed 004, the county command's 工作简报, with its figures replaced
by placeholders. Loaded by migration and again whenever no template exists."""

from eduguard.briefing.models import BriefingSection, BriefingTemplate

TITLE = "{{ bureau }}新型冠状病毒感染的肺炎疫情防控指挥部工作简报"
ISSUER = "{{ bureau }}疫情防控指挥部"
HEADLINE = "筑牢疫情防控堡垒 确保师生健康安全"
OPENING = """\
自新型冠状病毒感染的肺炎疫情发生以来，县教育局疫情防控指挥部认真贯彻落实省市县疫情防控指挥部的各项工作部署，把疫情防控工作作为当前首要的政治任务来抓，
成立疫情防控和开学工作专班，先后召开专题会议{{ special_meetings }}次，
累计转发省市县各类文件{{ forwarded_approx }}件，
下发文件、方案、通知共计{{ issued_approx }}份，
全力确保全县师生身体健康和生命安全。"""

SECTIONS = [
    (
        "外防输入",
        "扎实开展人员大排查",
        """\
按照市、县疫情防控指挥部要求，对全县{{ schools }}所学校及局机关共计{{ staff }}名教职工、{{ students }}名学生进行了全方位大排查，
共排查出在武汉就读的本县籍学生{{ wuhan_study }}名，均上报备案；
以{{ cut_off }}为节点，全面排查教育系统出市人员共计{{ left_county }}名，均上报备案，并要求这部分人员自行在家隔离；
对全县{{ staff_with_temporary }}名教职员工（含临时工）进行深入排查，其中接触一类人员{{ class_1 }}人、接触二类人员{{ class_2 }}人、接触三类人员{{ class_3 }}人，将排查结果第一时间上报到县疫情防控指挥部备案。
排查教育系统“三返”人员共计{{ sanfan }}名，相关信息均上报到县疫情防控指挥部备案。
全县教育系统实行本人及家属健康状况和全县师生“接龙报平安”工作“日报告”制度，
共建“接龙报平安”微信群{{ chat_groups }}个，覆盖教师、学生及家长{{ chat_people }}人，从而及时准确掌握了师生及其家庭成员的身体健康状况。
{{ report_day }}应报告{{ report_expected }}人，已报告{{ report_reported }}人，报告率{{ report_rate }}%，
其中异常{{ report_abnormal }}人，
已跟进处置{{ report_closed }}人，
正在跟进{{ report_open }}人。
目前仍在居家隔离或健康观察{{ quarantined }}人。""",
    ),
    (
        "内防扩散",
        "严禁教育系统人员聚集",
        """\
定期开展了校外办学机构和幼儿园所走访巡查工作，共{{ inspection_person_times }}人次，张贴停园停学通知{{ closure_notices }}份。
目前，全县各级各类幼儿园{{ kindergartens }}所（含{{ private_kindergartens }}家私营幼儿园）和近{{ training_institutions }}家校外办学机构{{ closure_state }}；
受理在职教师违规补课问题线索{{ tutoring_cases }}件，一经查实从严从重处理。
发现发热师生{{ fevers }}人次，均按流程处置；
按规定报告聚集性疫情等突发事件{{ incidents }}起。""",
    ),
    (
        "多措并举",
        "积极应对延期开学",
        """\
{{ teaching_sentence }}，确保疫情防控和教育教学“两不误”。
利用微信群和短信群，开展了“家校互动”活动，积极开展疫情防控知识普及和学生心理辅导工作，共发送短信{{ sms }}条{{ sms_change|default:"" }}。
开展学生心理辅导{{ counselling_students }}人次。
引导广大师生、家长不传谣、不信谣，{{ concerns_sentence }}。
{{ mask_sentence }}，确保开学物资储备充足。
已有{{ schools_accepted }}所学校通过开学验收，{{ schools_opened }}所学校已开学。""",
    ),
    (
        "上下齐心",
        "共同助力疫情防控",
        """\
全县教育系统在认真开展系统内疫情防控工作的同时，积极为全县疫情防控工作贡献力量。
截止到目前，{{ volunteer_sentence }}。""",
    ),
]


def ensure_default_template(
    template_model=BriefingTemplate, section_model=BriefingSection
) -> BriefingTemplate:
    """The county-independent default (code `command`), created when missing. A migration passes
    its historical models."""
    template, created = template_model.objects.get_or_create(
        county=None,
        code="command",
        defaults={
            "name": "疫情防控指挥部工作简报",
            "title": TITLE,
            "issuer": ISSUER,
            "headline": HEADLINE,
            "opening": OPENING,
        },
    )
    if created or not section_model.objects.filter(template=template).exists():
        section_model.objects.bulk_create(
            section_model(template=template, order=n, heading=h, lead=lead, body=body)
            for n, (h, lead, body) in enumerate(SECTIONS, start=1)
        )
    return template
