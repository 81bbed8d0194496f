"""Per-unit daily tallies, maintained in the same transaction as each report.

Roll-ups at every level are sums over these rows, so the county always equals the sum of its
classes and no "run analytics" step can go stale.
"""

import datetime as dt

from django.db.models import Count, F, Q

from eduguard.health.models import DailyReport, DailyTally
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

_IN_CLASS = Q(category=PersonCategory.STUDENT, school_class__isnull=False)


def unit_of(person: Person) -> str:
    """A class's students, a school's staff (and unplaced students), or the bureau's staff."""
    if person.category == PersonCategory.STUDENT and person.school_class_id:
        return f"c{person.school_class_id}"
    if person.school_id:
        return f"s{person.school_id}"
    return f"b{person.county_id}"


def roster_counts() -> dict[str, dict]:
    """Active people per unit, with the unit's placement: two GROUP BY queries."""
    active = Person.objects.filter(is_active=True)
    units: dict[str, dict] = {}
    for r in (
        active.filter(_IN_CLASS).values("school_class_id", "school_id", "county_id").annotate(n=Count("id"))
    ):
        units[f"c{r['school_class_id']}"] = r
    for r in active.exclude(_IN_CLASS).values("school_id", "county_id").annotate(n=Count("id")):
        key = f"s{r['school_id']}" if r["school_id"] else f"b{r['county_id']}"
        units[key] = {**r, "school_class_id": None}
    return units


# (day, unit) pairs this process has seen a tally row for; rows are never deleted.
_known: set[tuple] = set()


def ensure_tallies(day: dt.date) -> None:
    """Create the day's missing tally rows, with `expected` from the roster (idempotent)."""
    if (day, None) in _known:
        return
    if DailyTally.objects.filter(date=day).exists():
        _known.add((day, None))
        return
    rows = [
        DailyTally(
            date=day,
            unit=unit,
            school_id=r["school_id"],
            school_class_id=r["school_class_id"],
            county_id=r["county_id"],
            expected=r["n"],
        )
        for unit, r in roster_counts().items()
    ]
    DailyTally.objects.bulk_create(rows, ignore_conflicts=True)
    _known.add((day, None))


def refresh_expected(day: dt.date) -> None:
    """Recount `expected` after roster changes (an import or a new class calls it for today)."""
    counts = roster_counts()
    have = dict(DailyTally.objects.filter(date=day).values_list("unit", "expected"))
    missing = [
        DailyTally(
            date=day,
            unit=u,
            school_id=r["school_id"],
            school_class_id=r["school_class_id"],
            county_id=r["county_id"],
            expected=r["n"],
        )
        for u, r in counts.items()
        if u not in have
    ]
    DailyTally.objects.bulk_create(missing, ignore_conflicts=True)
    for unit, expected in have.items():
        n = counts.get(unit, {}).get("n", 0)
        if n != expected:
            DailyTally.objects.filter(date=day, unit=unit).update(expected=n)


def ensure_unit(report: DailyReport) -> None:
    """The report's unit has a tally row for its day (a unit created after the day opened)."""
    key = (report.date, report.unit)
    if key in _known:
        return
    if not DailyTally.objects.filter(date=report.date, unit=report.unit).exists():
        refresh_expected(report.date)
    _known.add(key)


def apply(report: DailyReport, sign: int) -> None:
    """Add (sign=+1) or remove (sign=-1) one report's contribution to its unit's tally."""
    DailyTally.objects.filter(date=report.date, unit=report.unit).update(
        reported=F("reported") + sign,
        on_time=F("on_time") + sign * int(report.on_time),
        abnormal=F("abnormal") + sign * int(report.abnormal),
        fever=F("fever") + sign * int(report.fever),
    )


def recount(day: dt.date) -> None:
    """Rebuild a day's counts from the reports themselves (a repair tool and a test oracle):
    one GROUP BY over the day's reports, one UPDATE per unit."""
    refresh_expected(day)
    sums = (
        DailyReport.objects.filter(date=day)
        .values("unit")
        .annotate(
            n=Count("id"),
            n_on_time=Count("id", filter=Q(on_time=True)),
            n_abnormal=Count("id", filter=Q(abnormal=True)),
            n_fever=Count("id", filter=Q(fever=True)),
        )
    )
    by_unit = {r["unit"]: r for r in sums}
    for tally in DailyTally.objects.filter(date=day):
        r = by_unit.get(tally.unit, {})
        DailyTally.objects.filter(pk=tally.pk).update(
            reported=r.get("n", 0),
            on_time=r.get("n_on_time", 0),
            abnormal=r.get("n_abnormal", 0),
            fever=r.get("n_fever", 0),
        )


def forget() -> None:
    """Drop what this process knows about existing tally rows (tests start from empty tables)."""
    _known.clear()
