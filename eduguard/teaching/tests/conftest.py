import datetime as dt

import pytest
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.testing import make_person, make_user
from eduguard.org.models import Grade, SchoolClass
from eduguard.teaching.models import TeachingPeriod
from eduguard.teaching.services.participation import RowIn, record_participation


@pytest.fixture
def county(world):
    """Two periods (last month, this month); S1 also has a 一年级, S2 a 高一 with two students;
    a bureau officer over the county."""
    w = world
    today = timezone.localdate()
    w.before = TeachingPeriod.objects.create(
        county=w.county, name="上期", start=today - dt.timedelta(days=60), end=today - dt.timedelta(days=31)
    )
    w.period = TeachingPeriod.objects.create(
        county=w.county, name="本期", start=today - dt.timedelta(days=30), end=today
    )
    w.grades["S1-1"] = Grade.objects.create(school=w.schools["S1"], name="一年级", level=1)
    w.grades["S2-10"] = Grade.objects.create(school=w.schools["S2"], name="高一", level=10)
    klass = SchoolClass.objects.create(grade=w.grades["S2-10"], number=1, name="高一(1)班")
    for letter in "AB":
        w.people[f"S2H{letter}"] = make_person(w.schools["S2"], klass, name=f"生S2H{letter}")
    w.keeper = make_user("jiaoyu", Role.BUREAU_STAFF, w.county)
    return w


def enter(period, grade, se, sp, te, tp, actor, **kwargs):
    """Record one grade's four counts (students enrolled / taking part, teachers enrolled / taking part)."""
    return record_participation(period=period, rows=[RowIn(grade, se, sp, te, tp)], actor=actor, **kwargs)
