"""At each check's deadline, the school's epidemic reporter (the school doctor; the principal when
the school has none) is told which classes have not filed it (domain.md §3.1 item 6). A step
of the reminder schedule (services/reminders.py), keyed so that running it twice sends nothing twice."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.health.choices import CheckSession
from eduguard.health.models import HealthCheck
from eduguard.notify.services import enqueue, staff_channel
from eduguard.org.choices import PersonCategory
from eduguard.org.models import School, SchoolClass

PREFIX = "checks@"


def missing_classes(day: dt.date, session: str) -> dict[int, list[SchoolClass]]:
    """{school id: classes with students that have not filed `session` on `day`}."""
    active = Q(people__is_active=True, people__category=PersonCategory.STUDENT)
    classes = SchoolClass.objects.annotate(
        n=Count("people", filter=active), boarders=Count("people", filter=active & Q(people__boarding=True))
    ).filter(n__gt=0)
    if session == CheckSession.EVENING:
        classes = classes.filter(boarders__gt=0)
    filed = HealthCheck.objects.filter(date=day, session=session).values("school_class_id")
    out: dict[int, list[SchoolClass]] = defaultdict(list)
    for klass in classes.exclude(id__in=filed).order_by("school_id", "grade__level", "number"):
        out[klass.school_id].append(klass)
    return out


def report_missing_checks(day: dt.date, session: str) -> int:
    label = CheckSession(session).label
    missing = missing_classes(day, session)
    active = (
        ResponsibilityAssignment.objects.active(day)
        .filter(school_id__in=list(missing))
        .select_related("user")
    )
    doctors: dict[int, list] = defaultdict(list)
    principals: dict[int, list] = defaultdict(list)
    for a in active.filter(role__in=[Role.SCHOOL_DOCTOR, Role.PRINCIPAL]):
        (doctors if a.role == Role.SCHOOL_DOCTOR else principals)[a.school_id].append(a.user)
    counties = dict(School.objects.filter(id__in=list(missing)).values_list("id", "county_id"))
    count = 0
    for school_id, classes in missing.items():
        names = "、".join(k.name for k in classes[:30]) + ("等" if len(classes) > 30 else "")
        body = f"{day.month}月{day.day}日{label}已过提交时间，{len(classes)}个班未交：{names}"
        for user in doctors.get(school_id) or principals.get(school_id, []):
            count += enqueue(
                channel=staff_channel(),
                kind="health.checks_missing",
                dedupe_key=f"health.checks_missing:{day}:{session}:{school_id}:{user.pk}",
                body=body,
                user=user,
                name=str(user),
                school_id=school_id,
                county_id=counties[school_id],
            )
    return count
