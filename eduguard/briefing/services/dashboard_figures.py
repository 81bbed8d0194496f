"""The day's figures of the dashboard, one function per area, each read through the service (or
the scoped manager) that the area's own pages use, and each with the URL of the list behind it.

A unit is always one the user sees whole (services.dashboard), so a figure covers all of it."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count

from eduguard.briefing.services import dashboard_links as links
from eduguard.campus.services.gate_stats import GateDay, gate_days, total
from eduguard.health.services.stats import UnitStats, daily_stats
from eduguard.inspection.models import Batch
from eduguard.inspection.services.acceptance import Readiness, readiness
from eduguard.response.choices import IncidentStatus
from eduguard.response.models import Incident
from eduguard.screening.models import Quarantine
from eduguard.screening.models.quarantine import QuarantineKind, QuarantineState
from eduguard.supplies.models import Item
from eduguard.supplies.services.cover import county_days, cover, reserve_days
from eduguard.teaching.models import TeachingPeriod
from eduguard.teaching.services.participation import default_period
from eduguard.teaching.services.rates import Line, stage_lines

# The unit one level down, whose rows the dashboard lists (a grid's schools, a school's grades).
CHILD_LEVEL = {"county": "grid", "grid": "school", "school": "grade"}


@dataclass
class Reports:
    """The unit's daily report on the day (health.services.stats)."""

    stats: UnitStats
    url: str


@dataclass
class Child:
    stats: UnitStats
    url: str


def _parent_of(unit) -> int | None:
    """The id one level up that daily_stats narrows a level by (None: every unit the user sees)."""
    if unit.kind == "county":
        return None
    return unit.obj.county_id if unit.kind == "grid" else unit.obj.grid_id


def reports(user, unit, day: dt.date) -> Reports:
    rows = daily_stats(user, day, unit.kind, _parent_of(unit))
    row = next((r for r in rows if r.id == unit.pk), None) or UnitStats(unit.pk, None, unit.name)
    return Reports(row, links.reports(unit, day))


def children(user, unit, day: dt.date) -> list[Child]:
    """The daily report of each unit one level down, each linking to its own dashboard (a grade:
    to its classes' roll-up)."""
    level = CHILD_LEVEL[unit.kind]
    rows = daily_stats(user, day, level, unit.pk)
    if level == "grade":
        return [Child(r, links.grade_reports(r.id, day)) for r in rows]
    return [
        Child(r, links.link("briefing:dashboard", unit=f"{level}:{r.id}", date=day.isoformat())) for r in rows
    ]


@dataclass
class Quarantines:
    """Periods open on the day (screening: Quarantine.open_on), by kind; those past their end and
    waiting for release; and those that began on the day."""

    open: int
    by_kind: list[tuple[str, int]]
    overdue: int
    new: int
    url: str


def quarantines(user, unit, day: dt.date, new: int) -> Quarantines:
    rows = (
        Quarantine.objects.visible_to(user)
        .filter(unit.place_q("school", county="person__county_id"))
        .open_on(day)
        .values_list("kind", "started_on", "planned_days", "released_on")
    )
    kinds, overdue = Counter(), 0
    for kind, started_on, planned_days, released_on in rows:
        kinds[kind] += 1
        period = Quarantine(started_on=started_on, planned_days=planned_days, released_on=released_on)
        overdue += period.state_on(day) == QuarantineState.OVERDUE
    by_kind = [(label, kinds[code]) for code, label in QuarantineKind.choices if kinds[code]]
    return Quarantines(sum(kinds.values()), by_kind, overdue, new, links.quarantines())


@dataclass
class Incidents:
    """Incidents open on the day (response: Incident.open_on), those that began on it, and those
    still waiting for their report, nearest deadline first (Incident.is_overdue past it)."""

    open: int
    new: int
    awaiting: list = field(default_factory=list)
    url: str = ""
    overdue_url: str = ""

    @property
    def overdue(self) -> int:
        return sum(i.is_overdue for i in self.awaiting)

    @property
    def soonest(self) -> list:
        return self.awaiting[:5]


def incidents(user, unit, day: dt.date, new: int) -> Incidents:
    """One query: the incidents open on the day are few (an incident is a reportable event), and
    those waiting for their report are among them (not closed, so open on any day since)."""
    on_day = list(
        Incident.objects.visible_to(user).filter(unit.place_q()).open_on(day).select_related("trigger")
    )
    awaiting = sorted(
        (i for i in on_day if i.status == IncidentStatus.OPEN), key=lambda i: (i.deadline, i.pk)
    )
    for incident in awaiting:
        incident.url = links.incident(incident.pk)
    return Incidents(
        open=len(on_day),
        new=new,
        awaiting=awaiting,
        url=links.incidents(unit),
        overdue_url=links.incidents(unit, show="overdue"),
    )


@dataclass
class Gate:
    """The gates of the unit's schools on the day (campus.services.gate_stats)."""

    day: GateDay  # entries, admitted, refused, fevers, visitors, reasons
    url: str

    @property
    def top_reasons(self) -> list[tuple[str, int]]:
        return self.day.reason_list[:3]


def gate(unit, day: dt.date, school_ids: list[int]) -> Gate:
    return Gate(total(gate_days(school_ids, day)), links.gate(unit, day))


@dataclass
class BatchRow:
    """A reopening batch and the unit's schools in it: approved as ready (达到开学条件), opened."""

    batch: object
    schools: int
    approved: int
    opened: int
    url: str

    @property
    def waiting(self) -> int:
        return self.schools - self.approved


@dataclass
class Batches:
    rows: list[BatchRow]
    url: str
    readiness: Readiness | None = None  # on a school's dashboard: what still blocks it


def batches(user, unit, day: dt.date, schools) -> Batches:
    """The batches page's figures (schools, approved, opened) for the unit's schools in one grouped
    query; on a school's dashboard also what still blocks it (acceptance.readiness)."""
    found = {
        r["batches"]: r
        for r in schools.values("batches")
        .annotate(n=Count("id"), approved=Count("opening"), opened=Count("opening__opened_on"))
        .order_by()
    }
    rows = [
        BatchRow(b, found[b.pk]["n"], found[b.pk]["approved"], found[b.pk]["opened"], links.batch(unit, b.pk))
        for b in Batch.objects.visible_to(user).filter(county_id=unit.county_id).order_by("number")
        if b.pk in found
    ]
    ready = readiness(unit.obj, day) if unit.kind == "school" else None
    return Batches(rows, links.batches(), ready)


@dataclass
class SupplyRow:
    """Days of cover of one item (supplies.services.cover): None while nobody attends."""

    item: object
    days: float | None
    reserve: int
    url: str
    short: int | None = None  # schools below the reserve (grid and school dashboards)

    @property
    def low(self) -> bool:
        return self.days is not None and self.days < self.reserve


def _store_id(school) -> int | None:
    try:
        return school.store.pk
    except ObjectDoesNotExist:
        return None


def supplies(user, unit, day: dt.date, schools) -> list[SupplyRow]:
    """Each consumable item (one with a daily norm): the county's days of cover (county_days: all
    stock over the need of those attending); for a grid or a school the same ratio over its
    schools' rows of `cover`, with the number of schools below the reserve."""
    out = []
    for item in Item.objects.filter(active=True).order_by("order", "id"):
        if not (item.per_student_day or item.per_staff_day):
            continue  # thermometers: no daily use, no days of cover
        reserve = reserve_days(item, day)
        if unit.kind == "county":
            days = county_days(item, unit.obj, day)
            out.append(SupplyRow(item, days, reserve, links.supplies(unit, item.code)))
            continue
        rows = cover(item, schools, day)
        need = sum(r.need for r in rows if r.attending)
        days = float(sum(r.stock for r in rows) / need) if need else None
        store = _store_id(rows[0].school) if unit.kind == "school" and rows else None
        url = links.supplies(unit, item.code, store)
        out.append(SupplyRow(item, days, reserve, url, short=sum(r.short for r in rows)))
    return out


@dataclass
class Teaching:
    """Online-teaching participation of the unit's schools in the period current on the day
    (teaching.services.rates: the total over stages, and the change from the period before)."""

    period: object
    line: Line  # now.student_rate, now.teacher_rate, student_change, teacher_change
    url: str

    @staticmethod
    def percent(rate: float | None) -> float | None:
        return None if rate is None else round(rate * 100, 1)

    @property
    def students(self) -> float | None:
        return self.percent(self.line.now.student_rate)

    @property
    def teachers(self) -> float | None:
        return self.percent(self.line.now.teacher_rate)

    @property
    def change(self) -> float | None:
        """The students' rate against the period before, in percentage points (one decimal)."""
        delta = self.line.student_change
        return None if delta is None else round(delta, 1)

    @property
    def change_size(self) -> float | None:
        return None if self.change is None else abs(self.change)


def teaching(user, unit, day: dt.date, schools) -> Teaching | None:
    periods = list(TeachingPeriod.objects.visible_to(user).filter(county_id=unit.county_id))
    period = default_period(periods, day)
    if period is None:
        return None
    total = next(line for line in stage_lines(period, schools) if line.key == "total")
    return Teaching(period, total, links.teaching(unit, period.pk))
