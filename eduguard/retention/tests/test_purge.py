"""`eduguard purge`: identifiable reports, temperatures and trips before the day go or are
anonymised, the briefing of a purged day is unchanged, a dry run writes nothing, bad input is refused."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.briefing.services.briefing import build, to_markdown
from eduguard.campus.models import GateEntry
from eduguard.health.models import DailyReport, DailyTally, FollowUp, HealthCheck, HealthCheckFinding
from eduguard.health.services.reports import close_follow_up, submit_report
from eduguard.logistics.models import Ride, Trip
from eduguard.response.models import FeverEvent, FeverReading
from eduguard.response.services.fever import detect_fever
from eduguard.retention.models import PurgeRun, RetainedCount
from eduguard.screening.models import Campaign, Quarantine, QuarantineObservation, ScreeningResponse

TODAY = timezone.localdate()
OLD = TODAY - dt.timedelta(days=40)  # past the default retention of 30 days
CUT = TODAY - dt.timedelta(days=35)
RECENT = TODAY - dt.timedelta(days=1)


def _at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _report(person, day, temperature="36.5"):
    return submit_report(
        person=person,
        day=day,
        data={"temperature": temperature},
        reporter_kind="guardian",
        source="link",
        now=_at(day, 8),
    )[0]


@pytest.fixture
def records(world):
    """Two days of reports (one purged, one kept), a follow-up of each status, a cleared fever
    event with its re-test, and a temperature or a trip in every other table the purge reaches."""
    w = world
    p = w.people
    for person in (p["S1C1A"], p["S1C1B"], p["S2C1A"], p["S1TA"]):
        _report(person, OLD)
        _report(person, RECENT)
    sick = _report(p["S1C2A"], OLD, "38.2")
    _report(p["S1C2B"], OLD, "38.0")
    close_follow_up(follow_up=sick.follow_up, actor=w.head_teacher, note="已就医，无碍")
    _report(p["S1C2A"], RECENT, "38.1")
    event = detect_fever(person=p["S3C1A"], source="gate", temperature="38.4", actor=w.admin, at=_at(OLD))
    FeverEvent.objects.filter(pk=event.pk).update(status="cleared")
    FeverReading.objects.create(event=event, at=_at(OLD, 10), temperature="36.8", method="axillary")
    GateEntry.objects.create(
        school=w.schools["S1"],
        person=p["S1C1A"],
        at=_at(OLD, 7),
        temperature="36.4",
        decision="allow",
        operator=w.guard,
    )
    check = HealthCheck.objects.create(
        school_class=w.classes["S1C1"],
        date=OLD,
        session="morning",
        expected=2,
        submitted_at=_at(OLD),
        updated_at=_at(OLD),
    )
    HealthCheckFinding.objects.create(
        health_check=check, person=p["S1C1B"], temperature="37.6", diagnosis="感冒"
    )
    quarantine = Quarantine.objects.create(
        person=p["S2C1B"], school=w.schools["S2"], kind="home", reason="返乡", started_on=OLD, planned_days=14
    )
    QuarantineObservation.objects.create(quarantine=quarantine, day=OLD, temperature="36.6")
    campaign = Campaign.objects.create(
        county=w.county, name="大排查", cut_off=OLD, opened_on=OLD, deadline=OLD
    )
    ScreeningResponse.objects.create(
        campaign=campaign,
        person=p["S2C2A"],
        left_county=True,
        trips=[{"place": "沈阳", "left_on": str(OLD), "back_on": None}],
        filled_at=_at(OLD),
    )
    Ride.objects.create(
        trip=Trip.objects.create(school=w.schools["S1"], date=OLD, vehicle="辽E12345"), person=p["S1C1A"]
    )
    return w


def _briefings(county):
    return [to_markdown(build(county, OLD)), to_markdown(build(county, RECENT, OLD))]


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_it_purges_old_records_and_the_briefing_of_a_purged_day_is_unchanged(records):
    w = records
    briefings = _briefings(w.county)
    assert "其中异常2人，已跟进处置1人" in briefings[0]  # the follow-ups are quoted
    tallies = list(DailyTally.objects.order_by("date", "unit").values())
    old_report_ids = [str(pk) for pk in DailyReport.objects.filter(date=OLD).values_list("pk", flat=True)]

    out = io.StringIO()
    call_command("purge", before=str(CUT), stdout=out)

    assert _briefings(w.county) == briefings
    assert list(DailyTally.objects.order_by("date", "unit").values()) == tallies
    assert not DailyReport.objects.filter(date__lt=CUT).exists()
    assert DailyReport.objects.filter(date=RECENT).count() == 5 and FollowUp.objects.count() == 1
    assert not FeverEvent.objects.exists() and not FeverReading.objects.exists()
    assert not GateEntry.objects.exists() and not QuarantineObservation.objects.exists()
    assert not Ride.objects.exists() and Trip.objects.count() == 1 and Quarantine.objects.count() == 1
    finding = HealthCheckFinding.objects.get()
    assert (finding.temperature, finding.diagnosis, finding.present) == (None, "", True)
    response = ScreeningResponse.objects.get()
    assert response.trips == [] and response.left_county  # the answer behind the category stays
    assert set(RetainedCount.objects.values_list("figure", "value")) == {
        ("follow_ups_open", 1),
        ("follow_ups_closed", 1),
        ("fever_events", 1),
    }
    # The change log keeps who did what when; not the temperature, nor the name in the label.
    logged = ChangeLog.objects.filter(object_type="health.dailyreport", object_id__in=old_report_ids)
    assert logged.count() == 6 and not logged.exclude(after=None).exists()
    assert not logged.filter(object_repr__contains="生").exists()
    run = PurgeRun.objects.get()
    assert run.counts["health.DailyReport"] == {"action": "deleted", "before": 11, "affected": 6}
    assert ChangeLog.objects.filter(object_type="retention.purgerun", object_id=str(run.pk)).exists()
    text = out.getvalue()
    assert "health.DailyReport" in text and "11" in text and "6 were deleted" in text

    call_command("purge", before=str(CUT), stdout=io.StringIO())  # again: nothing left to act on
    assert PurgeRun.objects.latest("at").counts["health.DailyReport"]["affected"] == 0
    assert _briefings(w.county) == briefings


def test_a_dry_run_counts_and_writes_nothing(records):
    counts = _counts()
    out = io.StringIO()
    call_command("purge", before=str(CUT), dry_run=True, stdout=out)
    assert _counts() == counts
    assert "6 would be deleted" in out.getvalue() and "nothing written" in out.getvalue()


@pytest.mark.parametrize(
    "before, force, message",
    [
        ("2026-02-30", False, "is not a date"),
        (str(TODAY + dt.timedelta(days=1)), True, "after today"),
        (str(RECENT), False, r"retention period \(30 days"),
    ],
)
def test_it_refuses_a_bad_day_and_writes_nothing(records, before, force, message):
    counts = _counts()
    with pytest.raises(CommandError, match=message):
        call_command("purge", before=before, force=force, stdout=io.StringIO())
    assert _counts() == counts


def test_force_purges_inside_the_retention_period(records):
    call_command("purge", before=str(TODAY), force=True, stdout=io.StringIO())
    assert not DailyReport.objects.exists() and PurgeRun.objects.get().forced
