"""The demo county's work briefing, asserted by the seed-demo test: seed 004's figures, each
computed from the records of its area and written in the seed's words."""

import datetime as dt

from eduguard.briefing.services.briefing import build, to_markdown
from eduguard.org.models import County

SEED_004 = [
    "累计转发省市县各类文件100余件",
    "下发文件、方案、通知共计50余份",
    "对全县28所学校及局机关共计2555名教职工、18657名学生进行了全方位大排查",
    "在武汉就读的本县籍学生37名",
    "以1月15日为节点，全面排查教育系统出市人员共计66名",
    "对全县2846名教职员工（含临时工）进行深入排查，其中接触一类人员7人、接触二类人员2人、接触三类人员188人",
    "“三返”人员共计130名",
    "共建“接龙报平安”微信群658个，覆盖教师、学生及家长3万余人",
    "共590余人次，张贴停园停学通知300余份",
    "全县各级各类幼儿园58所（含33家私营幼儿园）和近108家校外办学机构全部关停",
    "共发送短信27436条",
    "教育系统共有459名志愿者参与志愿服务，累计参与疫情防控3000余人次，悬挂宣传条幅75副，发放宣传单20000余份，"
    "劝返未采取防护措施出行人员100余人",
]
SEED_000 = [
    "成立疫情防控和开学工作专班，先后召开专题会议7次",
    "参与线上学习的学生人数为9.44万人，参与率达82.7%",
    "参与线上教学的老师人数6281人，参与率达88.39%",
    "高中师生参与率均达95%以上",
    "口罩已储备73.48万只，正下单采购100万只",
]


def check_briefing_demo(today: dt.date) -> None:
    briefing = build(County.objects.get(), today)
    text = to_markdown(briefing)
    missing = [phrase for phrase in SEED_004 + SEED_000 if phrase not in text]
    assert not missing, missing
    assert [p.heading for p in briefing.paragraphs] == ["", "外防输入", "内防扩散", "多措并举", "上下齐心"]
    assert "本溪县教育局新型冠状病毒感染的肺炎疫情防控指挥部工作简报" in text
