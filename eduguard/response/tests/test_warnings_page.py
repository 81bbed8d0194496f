"""The 缺勤率预警 page and `school_signals` behind it: a firing school first, scope through
`visible_to`, a flat query count however many schools, and bad dates that never fail."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eduguard.core.rules import clear_cache
from eduguard.core.testing import make_person
from eduguard.health.models import HealthCheck, SickAbsence
from eduguard.org.models import Grade, School, SchoolClass
from eduguard.response.models import Incident
from eduguard.response.services.aberration import school_signals

DAY = dt.date(2020, 5, 15)  # a Friday
URL = "/response/warnings/"
ON_DAY = f"?date={DAY.isoformat()}"


def school_days(count=12, last=DAY) -> list[dt.date]:
    """The `count` weekdays up to `last`, oldest first."""
    days, day = [], last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def file_mornings(school, days):
    now = timezone.now()
    klass = SchoolClass.objects.filter(school=school).order_by("id").first()
    HealthCheck.objects.bulk_create(
        HealthCheck(
            school_class=klass, date=d, session="morning", expected=2, submitted_at=now, updated_at=now
        )
        for d in days
    )


def sick(person, started_on=DAY, returned_on=None, kind="sick"):
    return SickAbsence.objects.create(
        person=person,
        school=person.school,
        school_class=person.school_class,
        kind=kind,
        started_on=started_on,
        returned_on=returned_on,
    )


@pytest.fixture
def county(world):
    """12 school days in every school; on DAY two of S1's four students are off sick."""
    for school in world.schools.values():
        file_mornings(school, school_days())
    sick(world.people["S1C1A"])
    sick(world.people["S1C2B"])
    return world


def rows(html) -> list[str]:
    return re.findall(r'<tr id="school-(\d+)"', html)


def page(client, user, query=ON_DAY):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response


def test_a_principal_sees_their_school_flagged(county, client):
    world = county
    response = page(client, world.principal)
    html = response.content.decode()
    s1 = world.schools["S1"]
    assert rows(html) == [str(s1.pk)]
    (signal,) = response.context["object_list"]
    assert (signal.count, signal.enrolled, signal.rate) == (2, 4, 0.5)
    # A flat zero baseline has sd 0, floored at 0.005: C1 = C2 = 0.5 / 0.005 = 100;
    # C3 = (100 − 1) + 0 + 0 with nothing on the two days before.
    assert signal.stats.c1 == pytest.approx(100.0)
    assert signal.stats.c2 == pytest.approx(100.0)
    assert signal.stats.c3 == pytest.approx(99.0)
    assert signal.fired == ("C1", "C2", "C3")
    row = html[html.index(f'id="school-{s1.pk}"') :]
    assert "50.0%" in row and "2/4" in row and '<span class="tag red">预警</span>' in row
    assert "缺勤率预警" in html and "EARS" in html and "不是疫情事件" in html
    assert "C1 &gt; 3.0" in html and "0.5%" in html  # thresholds and the sd floor from the rule
    for other in ("S2", "S3"):
        assert world.schools[other].name not in html
    assert not Incident.objects.exists()  # a warning, not an incident


def test_a_leader_sees_the_county_with_warnings_first(county, client):
    world = county
    response = page(client, world.leader)
    order = [world.schools[k] for k in ("S1", "S2", "S3")]
    assert rows(response.content.decode()) == [str(s.pk) for s in order]
    assert [s.status for s in response.context["object_list"]] == ["warning", "normal", "normal"]
    assert response.context["counts"] == {"warning": 1, "normal": 1 + 1, "insufficient": 0}
    # A spike in S3 too: both warnings come before the quiet S2.
    sick(world.people["S3C1A"])
    signals = school_signals(world.leader, DAY)
    assert [s.school.pk for s in signals] == [order[0].pk, order[2].pk, order[1].pk]


def test_too_few_school_days_show_insufficient_data(world, client):
    file_mornings(world.schools["S1"], school_days(7))  # C1 needs 7 earlier school days
    file_mornings(world.schools["S2"], school_days(8))
    sick(world.people["S1C1A"])
    sick(world.people["S2C1A"])
    html = page(client, world.leader).content.decode()
    signals = {s.school.pk: s for s in school_signals(world.leader, DAY)}
    s1, s2, s3 = (signals[world.schools[k].pk] for k in ("S1", "S2", "S3"))
    assert (s1.status, s1.rate, s1.stats.c1) == ("insufficient", 0.25, None)
    assert (s2.status, s2.fired, s2.stats.c2) == ("warning", ("C1",), None)
    assert (s3.status, s3.school_day) == ("insufficient", False)  # no morning check at all
    row = html[html.index(f'id="school-{world.schools["S1"].pk}"') :]
    assert '<span class="tag grey">数据不足</span>' in row.split("</tr>")[0]
    assert "当天无晨检" in html


def test_weekends_are_neither_examined_nor_in_the_baseline(world):
    school = world.schools["S1"]
    file_mornings(school, school_days())
    saturday = DAY + dt.timedelta(days=1)
    now = timezone.now()  # a noon check alone does not make a school day
    HealthCheck.objects.create(
        school_class=world.classes["S1C1"],
        date=saturday,
        session="noon",
        expected=2,
        submitted_at=now,
        updated_at=now,
    )
    signal = school_signals(world.principal, saturday)[0]
    assert (signal.school_day, signal.stats, signal.status) == (False, None, "insufficient")
    assert signal.series[-1].day == DAY  # the chart still shows the week that ended on Friday
    # Off sick over a weekend only: no school day is touched, nothing is counted.
    sick(world.people["S1C1A"], started_on=DAY - dt.timedelta(days=6), returned_on=DAY - dt.timedelta(days=4))
    # A second class filing the same days adds no school day.
    HealthCheck.objects.bulk_create(
        HealthCheck(
            school_class=world.classes["S1C2"],
            date=d,
            session=s,
            expected=2,
            submitted_at=now,
            updated_at=now,
        )
        for d in school_days(3)
        for s in ("morning", "noon")
    )
    signal = school_signals(world.principal, DAY)[0]
    assert [p.count for p in signal.series] == [0] * 12
    assert all(p.day.weekday() < 5 for p in signal.series)
    assert signal.status == "normal"


def test_it_counts_only_sick_absences_of_students_still_on_the_roster(world):
    school = world.schools["S1"]
    file_mornings(school, school_days())
    sick(world.people["S1C1A"], kind="personal")
    sick(world.people["S1C1B"], kind="unknown")
    sick(world.people["S1TA"])  # a teacher
    sick(world.people["S1C2A"], returned_on=DAY)  # back this morning
    signal = school_signals(world.principal, DAY)[0]
    assert (signal.count, signal.enrolled, signal.status) == (0, 4, "normal")
    world.people["S1C2B"].is_active = False
    world.people["S1C2B"].save()
    assert school_signals(world.principal, DAY)[0].enrolled == 3


@pytest.mark.parametrize(
    "query", ["?date=2020-13-45", "?date=0001-01-01", "?date=yesterday", "?date=", "", "?page=x"]
)
def test_a_bad_query_falls_back_to_today(county, client, query):
    client.force_login(county.leader)
    response = client.get(URL + query)
    if query == "?page=x":  # ListView's answer to a page that is not a number
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


@pytest.mark.parametrize("persona", ["outsider", "head_teacher", "parent", "subject_teacher", "guard"])
def test_those_who_see_no_whole_school_get_an_empty_list(county, client, persona):
    world = county
    html = page(client, getattr(world, persona)).content.decode()
    assert rows(html) == []
    assert "范围内没有学校" in html
    for school in world.schools.values():
        assert school.name not in html


def test_a_grid_leader_sees_the_schools_of_the_grid(county, client):
    world = county
    html = page(client, world.grid_leader).content.decode()
    assert sorted(rows(html)) == sorted(str(world.schools[k].pk) for k in ("S1", "S2"))
    assert world.schools["S3"].name not in html


def test_it_asks_for_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def add_schools(world, n, start):
    """n more schools in the county, each with a class, 3 students, 12 school days and a sick one."""
    for i in range(start, start + n):
        school = School.objects.create(
            county=world.county, grid=world.grid2, code=f"TX{i:03d}", name=f"加测{i}中学", type="junior"
        )
        grade = Grade.objects.create(school=school, name="七年级", level=7)
        klass = SchoolClass.objects.create(school=school, grade=grade, number=1, name="七(1)班")
        people = [make_person(school, klass, name=f"加测{i}生{k}") for k in range(3)]
        file_mornings(school, school_days())
        sick(people[0], started_on=DAY - dt.timedelta(days=i % 5))


def count_queries(client, user) -> int:
    clear_cache()  # each count reads the rule afresh, as after a restart
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + ON_DAY)
        assert response.status_code == 200
    return len(queries)


def test_it_keeps_the_query_count_flat_however_many_schools(county, client):
    world = county
    add_schools(world, 2, 0)
    few = count_queries(client, world.leader)
    add_schools(world, 20, 2)
    assert count_queries(client, world.leader) == few
    assert len(school_signals(world.leader, DAY)) == 3 + 22


def test_it_reads_a_bounded_number_of_queries(county, django_assert_max_num_queries):
    world = county
    add_schools(world, 5, 0)
    clear_cache()
    with django_assert_max_num_queries(6):  # the rule, schools, checks, absences, enrolment
        signals = school_signals(world.leader, DAY)
        assert len(signals) == 8
