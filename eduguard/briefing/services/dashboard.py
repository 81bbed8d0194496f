"""The command dashboard (issue 12): one page for a county, a grid or a school within the user's
scope, with the day's figures of every area, their last 14 days, and a link to the list behind
every number.

This module chooses the unit and the day and assembles the page; the figures come from each
area's own services (dashboard_figures), the 14-day series are one grouped query each
(dashboard_series), and the URLs of the lists are built in dashboard_links.

Only units the user sees whole are offered (a county, a grid or a school of their scope): a head
teacher or a parent has no dashboard, and a unit outside the scope is "not found"."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date

from eduguard.briefing.services import dashboard_figures as f
from eduguard.briefing.services import dashboard_series as s
from eduguard.org.filters import parse_id
from eduguard.org.models import County, Grid, School

KINDS = {"county": County, "grid": Grid, "school": School}
SERIES_DAYS = 14


class BadRequest(ValueError):
    """A query parameter the page cannot read (answered with 400 and this message)."""


@dataclass(frozen=True)
class Unit:
    """The county, grid or school the page is about (one the user sees whole)."""

    kind: str
    obj: County | Grid | School

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.pk}"

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def county_id(self) -> int:
        return self.obj.pk if self.kind == "county" else self.obj.county_id

    def schools(self, user) -> QuerySet:
        """The unit's schools, through the scoped manager (all of them: the unit is seen whole)."""
        return School.objects.visible_to(user).filter(self.school_q())

    def school_q(self) -> Q:
        narrow = {"county": "county_id", "grid": "grid_id", "school": "pk"}[self.kind]
        return Q(**{narrow: self.obj.pk})

    def holds(self, school: School) -> bool:
        """Whether `school` is one of the unit's (school_q, in Python)."""
        return {"county": school.county_id, "grid": school.grid_id, "school": school.pk}[self.kind] == self.pk

    def place_q(self, school: str = "school", county: str | None = None) -> Q:
        """Records placed in the unit, by the path of their school (`county`: the path of the county
        of a record without a school, such as a bureau employee's, counted at county level)."""
        if self.kind == "school":
            return Q(**{f"{school}_id": self.obj.pk})
        if self.kind == "grid":
            return Q(**{f"{school}__grid_id": self.obj.pk})
        q = Q(**{f"{school}__county_id": self.obj.pk})
        if county:
            q |= Q(**{f"{school}__isnull": True, county: self.obj.pk})
        return q


@dataclass
class Menu:
    """The units the user may open, widest first: the choices of the unit picker."""

    units: list[Unit] = field(default_factory=list)

    def find(self, kind: str, pk: int) -> Unit | None:
        return next((u for u in self.units if u.kind == kind and u.pk == pk), None)

    def school_ids(self, unit: Unit) -> list[int]:
        """The unit's schools among those the user sees (the menu read them through visible_to)."""
        return [u.pk for u in self.units if u.kind == "school" and unit.holds(u.obj)]

    @property
    def default(self) -> Unit | None:
        """Where the page opens: the user's county, else their (first) grid, else their school."""
        return self.units[0] if self.units else None

    def crumbs(self, unit: Unit, url) -> list[dict]:
        """County › grid › school down to `unit`; a level the user does not see is a plain name."""
        chain = [("county", unit.county_id)]
        obj = unit.obj
        if unit.kind == "school" and obj.grid_id:
            chain.append(("grid", obj.grid_id))
        chain.append((unit.kind, unit.pk))
        crumbs = []
        for kind, pk in dict.fromkeys(chain):
            found = self.find(kind, pk)
            if found is not None:
                crumbs.append({"label": found.name, "url": url(found) if found != unit else None})
        return crumbs


def menu_for(user) -> Menu:
    """Every county, grid and school the user sees, through their scoped managers (three queries)."""
    units = [Unit("county", c) for c in County.objects.visible_to(user).order_by("code")]
    units += [Unit("grid", g) for g in Grid.objects.visible_to(user).order_by("county__code", "code")]
    units += [Unit("school", s) for s in School.objects.visible_to(user).order_by("code")]
    return Menu(units)


def parse_unit(raw: str) -> tuple[str, int]:
    """`grid:12` → ("grid", 12); anything else is a BadRequest."""
    kind, _, pk = (raw or "").partition(":")
    number = parse_id(pk)
    if kind not in KINDS or number is None:
        raise BadRequest("unit 应为 county:编号、grid:编号 或 school:编号")
    return kind, number


def parse_day(raw: str | None, today: dt.date | None = None) -> dt.date:
    """?date=YYYY-MM-DD, today when absent; a malformed or future date is a BadRequest."""
    today = today or timezone.localdate()
    if not raw:
        return today
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None or day.year < 1900:
        raise BadRequest("日期格式应为 YYYY-MM-DD")
    if day > today:
        raise BadRequest("日期不能晚于今天")
    return day


def series_days(day: dt.date, n: int = SERIES_DAYS) -> list[dt.date]:
    """The n days ending with `day`, oldest first."""
    return [day - dt.timedelta(days=k) for k in range(n - 1, -1, -1)]


@dataclass
class Dashboard:
    """The page: the day's figures of each area (dashboard_figures) and the charts' series."""

    unit: Unit
    day: dt.date
    reports: f.Reports
    children: list[f.Child]
    quarantines: f.Quarantines
    incidents: f.Incidents
    gate: f.Gate
    batches: f.Batches
    supplies: list[f.SupplyRow]
    teaching: f.Teaching | None
    charts: dict
    actions: object = None  # command.services.todo.OverdueFigure: meeting decisions open and overdue


def build_dashboard(user, unit: Unit, day: dt.date, menu: Menu | None = None) -> Dashboard:
    """Every figure of the page for `unit` on `day`, as `user` may see them (`menu`: the user's
    units, when the caller has read them already)."""
    if menu is not None:
        school_ids = menu.school_ids(unit)
    else:
        school_ids = list(unit.schools(user).values_list("id", flat=True))
    # The schools are read through visible_to once; the services below get their plain ids (the
    # scope's nested subqueries cost more to compile than the queries cost to run, and each
    # service reads the schools several times).
    schools = School.objects.filter(pk__in=school_ids)
    days = series_days(day)
    reports, children = f.reports(user, unit, day), f.children(user, unit, day)
    charts = s.chart_data(user, unit, days, school_ids)
    return Dashboard(
        unit=unit,
        day=day,
        reports=reports,
        children=children,
        quarantines=f.quarantines(user, unit, day, new=charts["quarantines"][-1]),
        incidents=f.incidents(user, unit, day, new=charts["incidents"][-1]),
        gate=f.gate(unit, day, school_ids),
        batches=f.batches(user, unit, day, schools),
        supplies=f.supplies(user, unit, day, schools),
        teaching=f.teaching(user, unit, day, schools),
        charts=charts,
        actions=_actions(user, unit, day),
    )


def _actions(user, unit: Unit, day: dt.date):
    from eduguard.briefing.services.dashboard_links import link
    from eduguard.command.services.todo import dashboard_figure

    return dashboard_figure(user, unit, day, link("command:meetings", overdue="1"))
