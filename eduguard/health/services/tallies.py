"""Per-unit daily tallies, maintained in the same transaction as each report.

Roll-ups at every level are sums over these rows, so the county always equals the sum of its
classes and no "run analytics" step can go stale.
"""

import datetime as dt

from django.db import connection
from django.db.models import Count, F, Q

from eduguard.health.models import DailyReport, DailyTally
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

_IN_CLASS = Q(category=PersonCategory.STUDENT, school_class__isnull=False)


def unit_of(person: Person) -> str:
    """A class's students, a school's staff (and unplaced students), or the bureau's staff."""
    return unit_for(person.category, person.school_id, person.school_class_id, person.county_id)


def unit_for(category: str, school_id: int | None, class_id: int | None, county_id: int) -> str:
    """`unit_of` from the person's placement alone (for writers that hold no Person)."""
    if category == PersonCategory.STUDENT and class_id:
        return f"c{class_id}"
    if school_id:
        return f"s{school_id}"
    return f"b{county_id}"


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
    _create_tallies(day, roster_counts())
    _known.add((day, None))


def _create_tallies(day: dt.date, counts: dict[str, dict]) -> None:
    """Insert the tally rows of `counts` (unit → roster_counts() row); existing ones stay."""
    rows = [
        DailyTally(
            date=day,
            unit=unit,
            school_id=r["school_id"],
            school_class_id=r["school_class_id"],
            county_id=r["county_id"],
            expected=r["n"],
        )
        for unit, r in counts.items()
    ]
    DailyTally.objects.bulk_create(rows, ignore_conflicts=True)


def refresh_expected(day: dt.date) -> None:
    """Recount `expected` after roster changes (an import or a new class calls it for today)."""
    counts = roster_counts()
    have = dict(DailyTally.objects.filter(date=day).values_list("unit", "expected"))
    _create_tallies(day, {u: r for u, r in counts.items() if u not in have})
    for unit, expected in have.items():
        n = counts.get(unit, {}).get("n", 0)
        if n != expected:
            DailyTally.objects.filter(date=day, unit=unit).update(expected=n)


def ensure_unit(day: dt.date, unit: str) -> None:
    """`unit` has a tally row for `day` (a unit created after the day opened gets one)."""
    key = (day, unit)
    if key in _known:
        return
    if not DailyTally.objects.filter(date=day, unit=unit).exists():
        refresh_expected(day)
    _known.add(key)


def _increments(report: DailyReport, sign: int) -> dict[str, int]:
    return {
        "reported": sign,
        "on_time": sign * int(report.on_time),
        "abnormal": sign * int(report.abnormal),
        "fever": sign * int(report.fever),
    }


def apply(report: DailyReport, sign: int) -> int:
    """Add (sign=+1) or remove (sign=-1) one report's contribution to its unit's tally; the
    number of tally rows changed (0 when the unit has none for the day)."""
    return DailyTally.objects.filter(date=report.date, unit=report.unit).update(
        **{column: F(column) + n for column, n in _increments(report, sign).items()}
    )


def apply_sql(only_if: str = "TRUE") -> str:
    """`apply` as one UPDATE statement with `apply_params`, for a writer composing its own
    (services.ingest)."""
    table = connection.ops.quote_name(DailyTally._meta.db_table)
    sets = ", ".join(f"{column} = {column} + %s" for column in _increments(DailyReport(), 0))
    return f"UPDATE {table} SET {sets} WHERE date = %s AND unit = %s AND {only_if}"


def apply_params(report: DailyReport, sign: int) -> list:
    return [*_increments(report, sign).values(), report.date, report.unit]


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
