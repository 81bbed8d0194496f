"""What the demo county's daily reports must look like (called from test_seed_demo)."""

import datetime as dt

from django.db.models import F, Q, Sum

from eduguard.accounts.models import User
from eduguard.health.models import DailyReport, DailyTally, FollowUp, ZeroReport
from eduguard.health.services import tallies
from eduguard.health.services.rollcall import roll_call
from eduguard.health.services.stats import daily_stats
from eduguard.org.models import Person, SchoolClass


def check_reports_demo(today: dt.date, days: int = 14) -> None:
    first = today - dt.timedelta(days=days - 1)
    reports = DailyReport.objects.all()
    assert set(reports.values_list("date", flat=True).distinct()) == {
        first + dt.timedelta(days=n) for n in range(days)
    }
    roster = Person.objects.filter(is_active=True).count()
    past = reports.filter(date=today - dt.timedelta(days=1)).count()
    now = reports.filter(date=today).count()
    assert 0.99 * roster <= past < roster  # nearly everybody on a past day
    assert 0.95 * roster <= now < past  # somebody is still missing today
    # Every report carries its person's county (written by the COPY, not by a save).
    assert not reports.filter(county__isnull=True).exists()
    assert not reports.exclude(county_id=F("person__county_id")).exists()

    # The tallies are the reports' own count, unit by unit, and the county page sums them.
    for day in (first, today):
        kept = list(
            DailyTally.objects.filter(date=day).order_by("unit").values_list("unit", "reported", "abnormal")
        )
        tallies.recount(day)
        assert kept == list(
            DailyTally.objects.filter(date=day).order_by("unit").values_list("unit", "reported", "abnormal")
        )
    leader = User.objects.get(username="leader")
    county = daily_stats(leader, today, "county")[0]
    assert county.reported == now and county.expected == roster
    assert county.abnormal == reports.filter(date=today, abnormal=True).count() > 0

    # Fever, symptoms and a non-green code stay out of the last two days (the entry decisions
    # read them); the abnormal reports there are open follow-ups today, closed before.
    recent = reports.filter(date__gte=today - dt.timedelta(days=1))
    assert not recent.filter(Q(fever=True) | ~Q(symptoms=[]) | ~Q(health_code="green")).exists()
    assert reports.filter(date__lt=today - dt.timedelta(days=1), fever=True).exists()
    assert FollowUp.objects.count() == reports.filter(abnormal=True).count()
    assert set(FollowUp.objects.filter(status="open").values_list("report__date", flat=True)) == {today}
    assert reports.filter(on_time=False).exists() and reports.filter(source="chain").exists()

    # Zero reports only where the whole class reported and nothing was abnormal.
    assert ZeroReport.objects.filter(date=today).exists()
    for zero in ZeroReport.objects.filter(date=today).select_related("school_class__school")[:20]:
        call = roll_call(SchoolClass.objects.get(pk=zero.school_class_id), today)
        assert not call.missing and not call.abnormal and zero.expected == len(call.expected)
    assert ZeroReport.objects.aggregate(n=Sum("expected"))["n"] > 0
