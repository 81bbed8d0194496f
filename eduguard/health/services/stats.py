"""Roll-up of the daily report at every level, as sums over the per-unit tallies.

Rows are the units at the level that the user can see; each row's figures cover the whole unit,
which is entirely inside the user's scope (seeing a unit means seeing all of it).
"""

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Sum

from eduguard.health.models import DailyTally
from eduguard.health.services.tallies import ensure_tallies
from eduguard.org.models import County, Grade, Grid, School, SchoolClass

FIGURES = ("expected", "reported", "on_time", "abnormal", "fever")


@dataclass
class UnitStats:
    id: int
    code: str | None
    name: str
    expected: int = 0
    reported: int = 0
    on_time: int = 0
    abnormal: int = 0
    fever: int = 0

    @property
    def completion_rate(self) -> float:
        return round(100 * self.reported / self.expected, 1) if self.expected else 0.0

    @property
    def missing(self) -> int:
        return max(self.expected - self.reported, 0)

    def as_dict(self) -> dict:
        return {**asdict(self), "completion_rate": self.completion_rate}


# level → (unit model, parent field on the unit, tally field that groups by it, code attribute, students only)
LEVELS = {
    "county": (County, None, "county_id", "code", False),
    "grid": (Grid, "county_id", "school__grid_id", "code", False),
    "school": (School, "grid_id", "school_id", "code", False),
    "grade": (Grade, "school_id", "school_class__grade_id", None, True),
    "class": (SchoolClass, "grade_id", "school_class_id", None, True),
}


def daily_stats(user, day: dt.date, level: str, parent: int | None = None) -> list[UnitStats]:
    model, parent_field, group_by, code_attr, students_only = LEVELS[level]
    units = model.objects.visible_to(user)
    if parent is not None and parent_field:
        units = units.filter(**{parent_field: parent})
    units = list(units)
    ensure_tallies(day)
    tallies = DailyTally.objects.filter(date=day, **{f"{group_by}__in": [u.id for u in units]})
    if students_only:
        tallies = tallies.filter(school_class__isnull=False)
    sums = {row[group_by]: row for row in tallies.values(group_by).annotate(**{f: Sum(f) for f in FIGURES})}
    out = []
    for unit in units:
        row = sums.get(unit.id, {})
        out.append(
            UnitStats(
                id=unit.id,
                code=getattr(unit, code_attr) if code_attr else None,
                name=str(unit),
                **{f: row.get(f) or 0 for f in FIGURES},
            )
        )
    return out


def league_table(user, day: dt.date, level: str = "school", parent: int | None = None) -> list[UnitStats]:
    """Compliance ranking: lowest completion first, so the units to chase are on top."""
    return sorted(
        daily_stats(user, day, level, parent), key=lambda r: (r.completion_rate, -r.missing, r.name)
    )
