"""The 接龙报平安 group registry and what it reaches: one per guardian phone of the classes with a
group, and the staff of the schools with a staff group."""

import datetime as dt

import pytest
from django.db import IntegrityError

from eduguard.core.numbers import approx_wan
from eduguard.health.models import ChatGroup, ChatKind
from eduguard.health.services.chat_groups import chat_reach
from eduguard.org.models import Guardian

DAY = dt.date(2020, 2, 1)


def test_reach_counts_families_once_and_the_staff(world):
    w = world
    for key, phone in (("S1C1A", "+8613800000001"), ("S1C1B", "+8613800000001"), ("S1C2A", "+8613800000002")):
        g = Guardian.objects.filter(person=w.people[key]).first() or Guardian(
            person=w.people[key], name="家长", relation="mother"
        )
        g.set_phone(phone)
        g.save()
    ChatGroup.objects.create(
        school=w.schools["S1"],
        grade=w.grades["S1"],
        school_class=w.classes["S1C1"],
        kind=ChatKind.CLASS,
        name="七(1)班群",
        created_on=DAY,
    )
    assert chat_reach(w.county) == (1, 1)  # siblings' parents share one phone
    ChatGroup.objects.create(school=w.schools["S1"], kind=ChatKind.STAFF, name="教职工群", created_on=DAY)
    ChatGroup.objects.create(
        school=w.schools["S1"], grade=w.grades["S1"], kind=ChatKind.GRADE, name="七年级群", created_on=DAY
    )
    assert chat_reach(w.county) == (3, 1 + 2)  # the grade group adds no one the class groups do not reach


def test_a_group_must_name_the_unit_its_kind_serves(world):
    with pytest.raises(IntegrityError):
        ChatGroup.objects.create(
            school=world.schools["S1"], kind=ChatKind.CLASS, name="无班级", created_on=DAY
        )


@pytest.mark.parametrize(
    ("n", "text"), [(9_999, "9900余"), (10_000, "1万"), (33_304, "3万余"), (94_400, "9万余")]
)
def test_approx_wan(n, text):
    assert approx_wan(n) == text
