"""The demo county's 接龙报平安 groups (seed 004: "共建“接龙报平安”微信群658个，覆盖教师、学生及家长3万余人"):
a families' group per class, a group per grade (a 教学点's grades are single classes, so its class
groups serve), and a staff group per school — 459 + 171 + 28 = 658 in the benxi-2020 county."""

import datetime as dt

from eduguard.health.models import ChatGroup, ChatKind
from eduguard.org.choices import SchoolType
from eduguard.org.models import Grade, SchoolClass


def chat_groups_demo(ctx) -> None:
    made = ctx.options.today - dt.timedelta(days=60)  # set up in the winter holiday
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    rows = []
    classes = SchoolClass.objects.filter(school__in=schools).select_related("school", "grade")
    for k in classes.order_by("school__code", "grade__level", "number"):
        rows.append(
            ChatGroup(
                school=k.school,
                grade=k.grade,
                school_class=k,
                kind=ChatKind.CLASS,
                name=f"{k.school.name}{k.name}接龙报平安群",
                created_on=made,
            )
        )
    grades = Grade.objects.filter(school__in=schools).exclude(school__type=SchoolType.TEACHING_POINT)
    for g in grades.select_related("school").order_by("school__code", "level"):
        rows.append(
            ChatGroup(
                school=g.school,
                grade=g,
                kind=ChatKind.GRADE,
                name=f"{g.school.name}{g.name}群",
                created_on=made,
            )
        )
    for s in schools:
        rows.append(ChatGroup(school=s, kind=ChatKind.STAFF, name=f"{s.name}教职工接龙群", created_on=made))
    ChatGroup.objects.bulk_create(rows, batch_size=500)
