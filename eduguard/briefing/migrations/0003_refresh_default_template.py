"""The default briefing template's new sentences (special meetings, the follow-ups still open,
public concerns, counselling) reach a database that loaded the default before them: a text is
replaced only where it is still exactly the earlier default, so a county's own wording stays."""

from django.db import migrations

OPENING = (
    "自新型冠状病毒感染的肺炎疫情发生以来，县教育局疫情防控指挥部认真贯彻落实省市县疫情防控指挥部的各项工作部署，把疫情防控工作作为当前首要的政治任务来抓，\n累计转发省市县各类文件{{ forwarded_approx }}件，\n下发文件、方案、通知共计{{ issued_approx }}份，\n全力确保全县师生身体健康和生命安全。",
    "自新型冠状病毒感染的肺炎疫情发生以来，县教育局疫情防控指挥部认真贯彻落实省市县疫情防控指挥部的各项工作部署，把疫情防控工作作为当前首要的政治任务来抓，\n成立疫情防控和开学工作专班，先后召开专题会议{{ special_meetings }}次，\n累计转发省市县各类文件{{ forwarded_approx }}件，\n下发文件、方案、通知共计{{ issued_approx }}份，\n全力确保全县师生身体健康和生命安全。",
)

SECTIONS = {
    "外防输入": (
        "按照市、县疫情防控指挥部要求，对全县{{ schools }}所学校及局机关共计{{ staff }}名教职工、{{ students }}名学生进行了全方位大排查，\n共排查出在武汉就读的本县籍学生{{ wuhan_study }}名，均上报备案；\n以{{ cut_off }}为节点，全面排查教育系统出市人员共计{{ left_county }}名，均上报备案，并要求这部分人员自行在家隔离；\n对全县{{ staff_with_temporary }}名教职员工（含临时工）进行深入排查，其中接触一类人员{{ class_1 }}人、接触二类人员{{ class_2 }}人、接触三类人员{{ class_3 }}人，将排查结果第一时间上报到县疫情防控指挥部备案。\n排查教育系统“三返”人员共计{{ sanfan }}名，相关信息均上报到县疫情防控指挥部备案。\n全县教育系统实行本人及家属健康状况和全县师生“接龙报平安”工作“日报告”制度，\n共建“接龙报平安”微信群{{ chat_groups }}个，覆盖教师、学生及家长{{ chat_people }}人，从而及时准确掌握了师生及其家庭成员的身体健康状况。\n{{ report_day }}应报告{{ report_expected }}人，已报告{{ report_reported }}人，报告率{{ report_rate }}%，\n其中异常{{ report_abnormal }}人，均已跟进处置。\n目前仍在居家隔离或健康观察{{ quarantined }}人。",
        "按照市、县疫情防控指挥部要求，对全县{{ schools }}所学校及局机关共计{{ staff }}名教职工、{{ students }}名学生进行了全方位大排查，\n共排查出在武汉就读的本县籍学生{{ wuhan_study }}名，均上报备案；\n以{{ cut_off }}为节点，全面排查教育系统出市人员共计{{ left_county }}名，均上报备案，并要求这部分人员自行在家隔离；\n对全县{{ staff_with_temporary }}名教职员工（含临时工）进行深入排查，其中接触一类人员{{ class_1 }}人、接触二类人员{{ class_2 }}人、接触三类人员{{ class_3 }}人，将排查结果第一时间上报到县疫情防控指挥部备案。\n排查教育系统“三返”人员共计{{ sanfan }}名，相关信息均上报到县疫情防控指挥部备案。\n全县教育系统实行本人及家属健康状况和全县师生“接龙报平安”工作“日报告”制度，\n共建“接龙报平安”微信群{{ chat_groups }}个，覆盖教师、学生及家长{{ chat_people }}人，从而及时准确掌握了师生及其家庭成员的身体健康状况。\n{{ report_day }}应报告{{ report_expected }}人，已报告{{ report_reported }}人，报告率{{ report_rate }}%，\n其中异常{{ report_abnormal }}人，\n已跟进处置{{ report_closed }}人，\n正在跟进{{ report_open }}人。\n目前仍在居家隔离或健康观察{{ quarantined }}人。",
    ),
    "多措并举": (
        '{{ teaching_sentence }}，确保疫情防控和教育教学“两不误”。\n利用微信群和短信群，开展了“家校互动”活动，积极开展疫情防控知识普及和学生心理辅导工作，共发送短信{{ sms }}条{{ sms_change|default:"" }}。\n{{ mask_sentence }}，确保开学物资储备充足。\n已有{{ schools_accepted }}所学校通过开学验收，{{ schools_opened }}所学校已开学。',
        '{{ teaching_sentence }}，确保疫情防控和教育教学“两不误”。\n利用微信群和短信群，开展了“家校互动”活动，积极开展疫情防控知识普及和学生心理辅导工作，共发送短信{{ sms }}条{{ sms_change|default:"" }}。\n开展学生心理辅导{{ counselling_students }}人次。\n引导广大师生、家长不传谣、不信谣，{{ concerns_sentence }}。\n{{ mask_sentence }}，确保开学物资储备充足。\n已有{{ schools_accepted }}所学校通过开学验收，{{ schools_opened }}所学校已开学。',
    ),
}


def refresh(apps, schema_editor):
    Template = apps.get_model("briefing", "BriefingTemplate")
    Section = apps.get_model("briefing", "BriefingSection")
    old_opening, new_opening = OPENING
    Template.objects.filter(county=None, code="command", opening=old_opening).update(opening=new_opening)
    for heading, (old_body, new_body) in SECTIONS.items():
        Section.objects.filter(
            template__county=None, template__code="command", heading=heading, body=old_body
        ).update(body=new_body)


class Migration(migrations.Migration):
    dependencies = [("briefing", "0002_default_template")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
