"""The demo county's command and coordination, asserted by the seed-demo test (seed 000 (一)(二))."""

import datetime as dt

from eduguard.command.choices import ActionStatus, MemberRole
from eduguard.command.models import ActionItem, Department, JointAction, Meeting, TaskForce
from eduguard.command.services.meetings import meeting_count, overdue
from eduguard.inspection.services.auto import answer
from eduguard.org.models import County, School


def check_command_demo(today: dt.date) -> None:
    county = County.objects.get()
    bureau = TaskForce.objects.get(school__isnull=True)
    leader = bureau.members.get(role=MemberRole.LEADER)
    assert leader.user.username == "leader" and bureau.members.filter(role=MemberRole.LIAISON).exists()
    assert all(not answer("task_force", s, today) for s in School.objects.all())  # every school has one
    assert 6 <= meeting_count(county, None, today) <= 8
    assert Meeting.objects.filter(school__isnull=False).exists()
    items = ActionItem.objects.all()
    done = items.filter(status=ActionStatus.DONE).count()
    assert done > items.count() / 2 and items.filter(status=ActionStatus.OPEN).exists()
    assert overdue(items.filter(meeting__school__isnull=True), today).count() >= 2
    assert items.filter(text__contains="县中小学复学工作实施方案", status=ActionStatus.DONE).exists()
    assert set(Department.objects.values_list("kind", flat=True)) >= {
        "health",
        "cdc",
        "police",
        "market",
        "transport",
    }
    assert {"training", "escort", "canteen"} <= set(JointAction.objects.values_list("kind", flat=True))
    assert all(d.liaisons.exists() for d in Department.objects.all())
