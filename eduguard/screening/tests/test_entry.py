import datetime as dt

import pytest

from eduguard.core.models import RuleValue
from eduguard.core.rules import clear_cache
from eduguard.health.services.reports import submit_report
from eduguard.org.models import Person
from eduguard.screening.services.campaigns import create_campaign, save_response
from eduguard.screening.services.entry import Decision, entry_status, readiness
from eduguard.screening.services.quarantine import open_quarantine, release_quarantine

ARRIVAL = dt.date(2020, 2, 1)
DAY_14, DAY_15 = dt.date(2020, 2, 15), dt.date(2020, 2, 16)


def test_nobody_with_no_record_is_held_back(world):
    status = entry_status(world.people["S1C1A"], world.admin, ARRIVAL)
    assert status.cleared and status.reasons == []


def test_a_person_released_on_day_fifteen_is_cleared(world):
    person = world.people["S1C1A"]
    q = open_quarantine(person=person, kind="home", started_on=ARRIVAL, actor=world.doctor, reason="返乡")
    during = entry_status(person, world.admin, dt.date(2020, 2, 5))
    assert during.decision == Decision.DENY and during.reasons[0].code == "in_quarantine"
    assert "第4天/共14天" in during.reasons[0].text and during.until == DAY_15
    assert entry_status(person, world.admin, DAY_14).decision == Decision.DENY
    overdue = entry_status(person, world.admin, DAY_15)  # the period is over but nobody signed the release
    assert overdue.decision == Decision.DENY and overdue.reasons[0].code == "awaiting_release"
    release_quarantine(quarantine=q, released_on=DAY_15, actor=world.doctor, release_doc="1号", today=DAY_15)
    assert entry_status(person, world.admin, DAY_15).cleared
    assert (
        entry_status(person, world.admin, DAY_14).decision == Decision.DENY
    )  # history: it was not cleared then


def test_a_return_from_outside_defers_until_day_fifteen_unless_a_quarantine_was_completed(world):
    campaign = create_campaign(
        county=world.county,
        name="三返排查",
        opened_on=ARRIVAL,
        deadline=ARRIVAL,
        cut_off=dt.date(2020, 1, 15),
    )
    person = world.people["S1C1B"]
    trip = {"place": "沈阳", "left_on": "2020-01-20", "back_on": "2020-02-01"}
    save_response(
        campaign=campaign,
        person=person,
        answers={"trips": [trip]},
        actor=None,
        now=dt.datetime(2020, 2, 1, 12, tzinfo=dt.UTC),
    )
    deferred = entry_status(person, world.admin, DAY_14)
    assert deferred.decision == Decision.DEFER and deferred.reasons[0].code == "recent_return"
    assert deferred.until == DAY_15
    assert entry_status(person, world.admin, DAY_15).cleared


def test_a_trip_not_yet_back_defers(world):
    campaign = create_campaign(county=world.county, name="排查", opened_on=ARRIVAL, deadline=ARRIVAL)
    person = world.people["S1C1B"]
    save_response(
        campaign=campaign,
        person=person,
        answers={"trips": [{"place": "北京", "left_on": "2020-01-25"}]},
        actor=None,
        now=dt.datetime(2020, 2, 1, 12, tzinfo=dt.UTC),
    )
    status = entry_status(person, world.admin, DAY_15)
    assert status.decision == Decision.DEFER and status.reasons[0].code == "away" and status.until is None


def test_a_high_risk_category_needs_a_completed_quarantine(world):
    campaign = create_campaign(county=world.county, name="排查", opened_on=ARRIVAL, deadline=ARRIVAL)
    person = world.people["S1TA"]
    save_response(
        campaign=campaign,
        person=person,
        answers={"hubei_since_cutoff": True},
        actor=None,
        now=dt.datetime(2020, 2, 1, 12, tzinfo=dt.UTC),
    )
    status = entry_status(person, world.admin, DAY_15)
    assert status.decision == Decision.DENY and status.reasons[0].code == "category"
    assert status.reasons[0].text.startswith("一类：")
    q = open_quarantine(person=person, kind="central", started_on=ARRIVAL, actor=world.doctor, reason="一类")
    release_quarantine(quarantine=q, released_on=DAY_15, actor=world.doctor, release_doc="2号", today=DAY_15)
    assert entry_status(person, world.admin, DAY_15).cleared


def test_fever_and_a_red_code_in_the_latest_report_hold_a_person_back(world):
    person = world.people["S2C1A"]
    now = dt.datetime(2020, 2, 10, 8, tzinfo=dt.UTC)
    day = dt.date(2020, 2, 10)
    submit_report(
        person=person, day=day, data={"temperature": "38.1"}, reporter_kind="self", source="web", now=now
    )
    fever = entry_status(person, world.admin, day)
    assert fever.decision == Decision.DEFER and [r.code for r in fever.reasons] == ["fever"]
    submit_report(
        person=person,
        day=day + dt.timedelta(days=1),
        data={"temperature": "36.5", "health_code": "red"},
        reporter_kind="self",
        source="web",
        now=now + dt.timedelta(days=1),
    )
    red = entry_status(person, world.admin, day + dt.timedelta(days=1))
    assert red.decision == Decision.DENY and [r.code for r in red.reasons] == ["red_code"]


def test_the_checks_are_a_rule_a_bureau_can_change(world):
    person = world.people["S2C1A"]
    now = dt.datetime(2020, 2, 10, 8, tzinfo=dt.UTC)
    day = dt.date(2020, 2, 10)
    submit_report(
        person=person, day=day, data={"temperature": "38.1"}, reporter_kind="self", source="web", now=now
    )
    RuleValue.objects.create(name="screening.entry_checks", value=["quarantine"], effective_from=day)
    clear_cache()
    assert entry_status(person, world.admin, day).cleared


@pytest.mark.parametrize(("persona", "schools"), [("principal", {"测试S1中学"}), ("leader", None)])
def test_readiness_counts_each_school_in_scope(world, persona, schools):
    open_quarantine(
        person=world.people["S1C1A"], kind="home", started_on=ARRIVAL, actor=world.doctor, reason="返乡"
    )
    rows, statuses = readiness(getattr(world, persona), dt.date(2020, 2, 5))
    names = {r.name for r in rows}
    assert names == (schools or {"测试S1中学", "测试S2中学", "测试S3中学", "局机关"})
    s1 = next(r for r in rows if r.name == "测试S1中学")
    assert (s1.expected, s1.denied, s1.deferred, s1.cleared) == (6, 1, 0, 5)
    assert set(statuses) == {world.people["S1C1A"].pk}
    assert Person.objects.get(pk=next(iter(statuses))).name == "生S1C1A"


def test_monitoring_or_a_quarantine_before_the_latest_return_does_not_clear_a_category(world):
    campaign = create_campaign(county=world.county, name="排查", opened_on=ARRIVAL, deadline=ARRIVAL)
    person = world.people["S1TA"]
    at = dt.datetime(2020, 2, 1, 12, tzinfo=dt.UTC)
    trip = {"place": "武汉", "left_on": "2020-01-20", "back_on": "2020-01-31"}
    save_response(
        campaign=campaign,
        person=person,
        answers={"hubei_since_cutoff": True, "trips": [trip]},
        actor=None,
        now=at,
    )
    before = open_quarantine(
        person=person,
        kind="home",
        started_on=dt.date(2020, 1, 16),
        actor=world.doctor,
        reason="x",
        today=ARRIVAL,
    )
    release_quarantine(
        quarantine=before, released_on=DAY_15, actor=world.doctor, release_doc="1", today=DAY_15
    )
    watch = open_quarantine(
        person=person, kind="monitoring", started_on=ARRIVAL, actor=world.doctor, reason="x", today=ARRIVAL
    )
    release_quarantine(
        quarantine=watch, released_on=DAY_15, actor=world.doctor, release_doc="2", today=DAY_15
    )
    status = entry_status(person, world.admin, dt.date(2020, 3, 1))
    assert status.decision == Decision.DENY and status.reasons[0].code == "category"


def test_the_latest_answers_supersede_an_earlier_trip_still_open(world):
    first = create_campaign(county=world.county, name="一", opened_on=ARRIVAL, deadline=ARRIVAL)
    second = create_campaign(county=world.county, name="二", opened_on=DAY_15, deadline=DAY_15)
    person = world.people["S1C1B"]
    save_response(
        campaign=first,
        person=person,
        answers={"trips": [{"place": "北京", "left_on": "2020-01-25"}]},
        actor=None,
        now=dt.datetime(2020, 2, 1, 12, tzinfo=dt.UTC),
    )
    save_response(
        campaign=second,
        person=person,
        answers={"trips": [{"place": "北京", "left_on": "2020-01-25", "back_on": "2020-02-01"}]},
        actor=None,
        now=dt.datetime(2020, 2, 16, 12, tzinfo=dt.UTC),
    )
    assert entry_status(person, world.admin, dt.date(2020, 2, 20)).cleared


def test_facts_outside_the_viewers_scope_are_not_used(world):
    person = world.people["S1C1A"]
    open_quarantine(person=person, kind="home", started_on=ARRIVAL, actor=world.doctor, reason="返乡")
    person.school_class = world.classes["S2C1"]
    person.school = world.schools["S2"]
    person.save()
    assert entry_status(person, world.inspector, dt.date(2020, 2, 5)).cleared  # S2 cannot see S1's record
    assert not entry_status(person, world.admin, dt.date(2020, 2, 5)).cleared
