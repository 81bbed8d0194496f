"""The 缺勤率预警 page in a real browser: a bureau leader opens it, picks the day, and finds the school
whose sick absences jumped flagged first (a warning, not an incident); the same page on a phone."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from eduguard.health.models import HealthCheck, SickAbsence
from eduguard.org.models import SchoolClass
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

DAY = dt.date(2020, 5, 15)  # a Friday


@pytest.fixture
def shot(snap):
    """snap() and a copy at /tmp/warnings-<step>.png, for a person to look at."""

    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/warnings-{step}.png")

    return take


def school_days(count):
    days, day = [], DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def mornings(school, days):
    now = timezone.now()
    klass = SchoolClass.objects.filter(school=school).order_by("id").first()
    for d in days:
        HealthCheck.objects.create(
            school_class=klass, date=d, session="morning", expected=2, submitted_at=now, updated_at=now
        )


def off_sick(person, started_on, returned_on=None):
    SickAbsence.objects.create(
        person=person,
        school=person.school,
        school_class=person.school_class,
        kind="sick",
        started_on=started_on,
        returned_on=returned_on,
    )


@pytest.fixture
def county(world):
    """S1 quiet with one short illness, S2 with three of its four students off on DAY, S3 only
    a week into its morning checks."""
    days = school_days(12)
    mornings(world.schools["S1"], days)
    mornings(world.schools["S2"], days)
    mornings(world.schools["S3"], days[-5:])
    off_sick(world.people["S1C1A"], days[3], days[5])
    off_sick(world.people["S2C1A"], days[6], days[7])
    for key in ("S2C1B", "S2C2A", "S2C2B"):
        off_sick(world.people[key], DAY)
    return world


def test_a_leader_finds_the_school_flagged(county, live_server, new_page, login, shot):
    world = county
    s1, s2, s3 = (world.schools[k] for k in ("S1", "S2", "S3"))
    leader = login(new_page(DESKTOP), world.leader)
    leader.goto(f"{live_server.url}/response/warnings/")
    assert leader.locator("h1").inner_text() == "缺勤率预警"
    # Today nobody filed a morning check in this test county: nothing to examine.
    assert leader.locator("#summary .stat").nth(2).locator("dd").inner_text() == "3"

    leader.locator("#day-form input[name=date]").fill(DAY.isoformat())
    leader.locator("#day-form").get_by_role("button", name="查看").click()
    leader.wait_for_url(f"**/response/warnings/?date={DAY.isoformat()}")
    rows = leader.locator("#schools tbody tr")
    assert rows.count() == 3
    first = rows.nth(0)
    assert first.get_attribute("id") == f"school-{s2.pk}"
    assert first.locator(".tag").inner_text() == "预警"
    assert first.locator(".rate").inner_text() == "75.0%"
    assert "3/4" in first.inner_text()
    assert "C1" in first.locator(".which").inner_text()
    assert leader.locator(f"#school-{s1.pk} .tag").inner_text() == "正常"
    assert leader.locator(f"#school-{s3.pk} .tag").inner_text() == "数据不足"
    assert "不是疫情事件" in leader.locator("#method").inner_text()
    assert leader.locator(f"#school-{s2.pk} svg.spark rect").count() == 12
    shot(leader, "desktop")

    phone = login(new_page(PHONE), world.leader)
    phone.goto(f"{live_server.url}/response/warnings/?date={DAY.isoformat()}")
    assert phone.locator("#schools tbody tr").first.locator(".tag").inner_text() == "预警"
    shot(phone, "phone")
    # The school's name leads to its check summary for the day.
    phone.get_by_role("link", name=s2.name).click()
    phone.wait_for_url(f"**/health/schools/{s2.pk}/checks/?date={DAY.isoformat()}")
