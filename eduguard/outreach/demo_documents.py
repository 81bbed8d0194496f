"""The demo county's documents (seed 004): "累计转发省市县各类文件100余件，下发文件、方案、通知共计50余份"
— 106 forwarded and 53 issued since the winter holiday, most sent to every school. Schools signed
for all but the last few days' documents; the demo principal still owes one, to sign on the tour.
Titles of the seed's own documents come first; the rest are the topics such notices covered."""

import datetime as dt
from itertools import cycle

from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.outreach.models import Direction, Document, Recipient
from eduguard.outreach.services.documents import DocumentIn, register_document

FORWARDED_COUNT, ISSUED_COUNT = 106, 53
HISTORY_DAYS = 70  # the seed's period: from the end of January to the reopening

SEED_FORWARDED = [
    ("辽宁省教育厅", "关于推迟大中小学校、幼儿园开学的通知"),
    ("辽宁省教育厅", "关于加强近期校园管理工作的通知"),
    ("本溪市教育局", "关于贯彻落实市“新冠病”防控指挥部令切实做好教育系统疫情防控的通知"),
    ("本溪市教育局", "关于严肃查处中小学在职教师违规补课行为的通知"),
    ("本溪市教育局", "同心战“疫”师者行动——致全市中小学教师一封信"),
]
SEED_ISSUED = [
    "本溪县教育局关于在疫情防控期间开展好学校教育教学工作指导意见的通知",
    "致全县教师、学生和家长应对新型冠状病毒肺炎预防与控制的一封信",
    "关于转发《转发辽宁省教育厅关于加强近期校园管理工作的通知》的通知",
    "关于转发《本溪市教育局关于严肃查处中小学在职教师违规补课行为的通知》的通知",
    "本溪县教育系统开学疫情防控工作方案",
]
ORIGINS = [
    ("辽宁省教育厅", "辽教发"),
    ("辽宁省新冠肺炎疫情防控指挥部", "辽防指发"),
    ("本溪市教育局", "本教发"),
    ("本溪市新冠肺炎疫情防控指挥部", "本防指发"),
    ("本溪满族自治县新冠肺炎疫情防控指挥部", "本县防指发"),
]
TOPICS = [
    "学校开学准备工作",
    "校园封闭管理",
    "师生健康监测和日报告",
    "防疫物资保障",
    "“停课不停学”线上教学",
    "返校师生健康排查",
    "校外培训机构停课管理",
    "学校食堂和饮水卫生",
    "寄宿制学校管理",
    "学生心理健康教育",
    "教职工疫情防控",
    "毕业年级复课",
    "校车和学生上下学交通",
    "校园环境卫生和消毒通风",
    "晨午检和因病缺勤追踪",
    "疫情防控宣传教育",
    "应急处置演练",
    "幼儿园延期开园",
]


def documents_demo(ctx) -> None:
    leader = ctx.users.get("leader")
    if leader is None:
        return
    today = ctx.options.today
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    start = today - dt.timedelta(days=HISTORY_DAYS)
    total = FORWARDED_COUNT + ISSUED_COUNT
    plan = _plan()
    for n, (direction, origin, number, title) in enumerate(plan):
        day = start + dt.timedelta(days=HISTORY_DAYS * n // total)
        data = DocumentIn(direction=direction, title=title, date=day, number=number, origin=origin)
        # Every tenth document concerns the schools of one grid only; the rest go to all.
        to = schools if n % 10 else [s for s in schools if s.grid_id == schools[n % len(schools)].grid_id]
        register_document(actor=leader, county=schools[0].county, data=data, schools=to, today=day)
    _sign(ctx, today)


def _plan() -> list[tuple[str, str, str, str]]:
    rows = []
    numbers: dict[str, int] = {}
    origins = cycle(ORIGINS)
    topics = cycle(TOPICS)
    for n in range(FORWARDED_COUNT):
        if n < len(SEED_FORWARDED):
            origin, title = SEED_FORWARDED[n]
            prefix = dict(ORIGINS).get(origin, "本教发")
        else:
            origin, prefix = next(origins)
            title = f"关于做好新冠肺炎疫情防控期间{next(topics)}工作的通知"
        numbers[prefix] = numbers.get(prefix, 0) + 1
        rows.append((Direction.FORWARDED, origin, f"{prefix}〔2020〕{numbers[prefix]}号", title))
    for n in range(ISSUED_COUNT):
        title = SEED_ISSUED[n] if n < len(SEED_ISSUED) else f"本溪县教育局关于{next(topics)}的通知"
        rows.append((Direction.ISSUED, "", f"本县教发〔2020〕{n + 1}号", title))
    # Forwarded and issued documents alternate in time, as they did.
    return sorted(rows, key=lambda r: (int(r[2].split("〕")[1][:-1]), r[0]))


def _sign(ctx, today: dt.date) -> None:
    """Receipts of all but the last two days' documents, a few hours after each was sent: by the
    school's principal account where the demo has one, else recorded by the administrator (the
    receipts of a paper register entered afterwards). The demo principal still owes the latest."""
    principals = ResponsibilityAssignment.objects.active().filter(role=Role.PRINCIPAL).select_related("user")
    signer = {a.school_id: a.user for a in principals}
    demo = ctx.users.get("principal")
    demo_school = next((school for school, user in signer.items() if user == demo), None)
    owed = (
        Recipient.objects.filter(school_id=demo_school)
        .order_by("-document__date", "-document_id")
        .values_list("id", flat=True)
        .first()
    )
    now = timezone.now()
    rows = Recipient.objects.exclude(pk=owed)
    for doc in Document.objects.filter(date__lt=today - dt.timedelta(days=2)):
        at = now - dt.timedelta(days=(today - doc.date).days) + dt.timedelta(hours=3)
        mine = rows.filter(document=doc)
        for school, user in signer.items():
            mine.filter(school_id=school).update(received_at=at, received_by=user)
        mine.filter(received_at__isnull=True).update(received_at=at, received_by=ctx.users["admin"])
