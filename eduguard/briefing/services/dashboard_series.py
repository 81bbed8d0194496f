"""The dashboard's charts: the last 14 days of a unit, each series one grouped query over the days
(never one query per day). Each series counts what the area's own service counts for one day, and
the tests hold them to it: a day's point equals daily_stats, gate_days and the managers' counts.

A day without any daily-report tally (no report was made, the platform was not in use yet) is a
gap (None) in the report series, not a zero."""

import datetime as dt

from django.db.models import Case, Count, DateField, DateTimeField, Exists, F, OuterRef, Q, Sum, Value, When

from eduguard.campus.models import Direction, GateDecision, GateEntry
from eduguard.campus.services.gate_stats import day_bounds
from eduguard.health.models import DailyTally
from eduguard.health.services.stats import FIGURES, LEVELS, UnitStats
from eduguard.response.models import Incident
from eduguard.screening.models import Quarantine


def _by_day(rows, days: list[dt.date]) -> list[int]:
    """{day: n} rows as one count per day of `days` (0 where there is none)."""
    counts = {day: n for day, n in rows}
    return [counts.get(day, 0) for day in days]


def report_series(unit, days: list[dt.date]) -> dict[str, list]:
    """Completion rate (%), abnormal and fever counts per day, summed over the unit's tallies the
    way daily_stats sums them for the unit's level."""
    group_by = LEVELS[unit.kind][2]  # county_id, school__grid_id or school_id
    rows = (
        DailyTally.objects.filter(date__gte=days[0], date__lte=days[-1], **{group_by: unit.pk})
        .values("date")
        .annotate(**{f: Sum(f) for f in FIGURES})
        .order_by()
    )
    stats = {r.pop("date"): UnitStats(unit.pk, None, "", **r) for r in rows}
    return {
        "completion": [stats[d].completion_rate if d in stats else None for d in days],
        "abnormal": [stats[d].abnormal if d in stats else None for d in days],
        "fever": [stats[d].fever if d in stats else None for d in days],
    }


def quarantine_series(user, unit, days: list[dt.date]) -> list[int]:
    """Periods of quarantine or observation that began on each day."""
    rows = (
        Quarantine.objects.visible_to(user)
        .filter(unit.place_q("school", county="person__county_id"))
        .filter(started_on__gte=days[0], started_on__lte=days[-1])
        .values("started_on")
        .annotate(n=Count("id"))
        .values_list("started_on", "n")
        .order_by()
    )
    return _by_day(rows, days)


def _local_day(field: str, days: list[dt.date], end: bool = False) -> Case:
    """The local day a timestamp falls on (or, with `end`, the moment that day ends), as a CASE over
    the days' bounds: plain comparisons, where TruncDate would call a Python function per row on
    SQLite (and the gate series compares thousands of rows)."""
    whens = []
    for day in days:
        start, stop = day_bounds(day)
        whens.append(When(**{f"{field}__gte": start, f"{field}__lt": stop}, then=Value(stop if end else day)))
    return Case(*whens, output_field=DateTimeField() if end else DateField())


def incident_series(user, unit, days: list[dt.date]) -> list[int]:
    """Incidents detected on each day (local time)."""
    start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
    rows = (
        Incident.objects.visible_to(user)
        .filter(unit.place_q(), detected_at__gte=start, detected_at__lt=end)
        .annotate(day=_local_day("detected_at", days))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
        .order_by()
    )
    return _by_day(rows, days)


def refusal_series(school_ids: list[int], days: list[dt.date]) -> list[int]:
    """People refused at the gate each day, as gate_days counts them: each person once a day, by
    their last passage in (a re-test that ends in admission is no refusal). One query: the refused
    passages in with no later passage in by the same person at the same school on the same day."""
    start, end = day_bounds(days[0])[0], day_bounds(days[-1])[1]
    # The school is compared as `school_id + 0` so that the database finds the later passages by the
    # person (a few a day) and not by the school (thousands a day): without statistics SQLite may
    # take either index, and the school's made this query a hundred times slower.
    later = (
        GateEntry.objects.filter(person_id=OuterRef("person_id"), direction=Direction.IN)
        .alias(same_school=F("school_id") + 0)
        .filter(same_school=OuterRef("school_id"))
        .filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id")))
        .filter(at__lt=OuterRef("day_ends"))  # last: the CASE is the dearest test
    )
    rows = (
        GateEntry.objects.filter(school_id__in=school_ids, direction=Direction.IN, at__gte=start, at__lt=end)
        .exclude(decision=GateDecision.ALLOW)
        .alias(day_ends=_local_day("at", days, end=True))
        .filter(~Exists(later))
        .annotate(day=_local_day("at", days))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
        .order_by()
    )
    return _by_day(rows, days)


def chart_data(user, unit, days: list[dt.date], school_ids: list[int]) -> dict:
    """Everything the charts draw, as JSON-ready lists aligned with `dates`."""
    return {
        "dates": [d.isoformat() for d in days],
        "days": [f"{d:%m-%d}" for d in days],
        **report_series(unit, days),
        "quarantines": quarantine_series(user, unit, days),
        "incidents": incident_series(user, unit, days),
        "refusals": refusal_series(school_ids, days),
    }
