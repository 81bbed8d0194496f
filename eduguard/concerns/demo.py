"""The demo county's public concerns (seed 000: 引导广大师生、家长不传谣、不信谣，做好舆情处置、信访维稳
等工作): a rumour of a case at the demo school refuted with a response, a parent's complaint about
bus times closed, a petition still open, a media enquiry answered, and a hotline ticket past its
deadline. Through the live services, as the bureau's leader."""

import datetime as dt

from django.utils import timezone

from eduguard.concerns.services.concerns import close_concern, register_concern, respond

# (kind, channel, days ago, subject, description, school?, owner, response, closed?)
ITEMS = [
    (
        "rumour",
        "online",
        6,
        "网传学校出现确诊病例",
        "家长微信群流传“某校一名学生确诊新冠肺炎，全班隔离”的截图，引发家长恐慌。",
        True,
        "principal",
        "经核实，该校师生均无确诊和疑似病例，网传信息系谣言。已在教育微信公众号和家长群发布辟谣说明，"
        "并将传谣线索移交公安网安部门。",
        True,
    ),
    (
        "complaint",
        "hotline",
        4,
        "家长投诉返校班车发车时间过早",
        "家长来电反映：返校专线班车6:30在集合点发车，偏远村屯学生需5点出门，请求调整。",
        True,
        "keshi",
        "已会同交通部门将第一波发车时间调整为7:00，并通过家校群通知到每位乘车学生家长。",
        True,
    ),
    (
        "petition",
        "letter",
        3,
        "来信反映延期开学期间寄宿费退费问题",
        "学生家长来信，要求退还延期开学期间已缴纳的寄宿费，并询问办理时限。",
        True,
        "principal",
        "",
        False,
    ),
    (
        "media",
        "media",
        2,
        "县融媒体中心问询全县开学准备情况",
        "县融媒体中心记者问询开学时间安排、防疫物资储备和错峰返校安排，拟作专题报道。",
        False,
        "leader",
        "已提供开学工作情况通报口径，由局办公室统一对外发布。",
        False,
    ),
    (
        "hotline",
        "hotline",
        8,
        "12345工单：询问高三学生返校核酸检测要求",
        "市民通过12345热线询问高三学生返校前是否须提供核酸检测证明。",
        False,
        "keshi",
        "",
        False,
    ),
]


def concerns_demo(ctx) -> None:
    leader = ctx.users.get("leader")
    if leader is None:
        return
    school = ctx.schools[ctx.options.profile.demo_school]
    now = timezone.now()
    for kind, channel, ago, subject, text, at_school, owner, response, closed in ITEMS:
        received = min(now, _at(ctx.options.today - dt.timedelta(days=ago), 9, 30))
        concern = register_concern(
            actor=leader,
            county=ctx.county,
            kind=kind,
            channel=channel,
            received_at=received,
            subject=subject,
            description=text,
            schools=[school] if at_school else [],
            owner=ctx.users.get(owner if at_school or owner == "leader" else "leader", leader),
        )
        later = min(now, received + dt.timedelta(days=1, hours=2))
        if response and not closed:
            respond(concern=concern, actor=leader, response=response, at=later)
        elif closed:
            close_concern(concern=concern, actor=leader, response=response, note="当事人表示满意", at=later)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
