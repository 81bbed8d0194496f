"""The list behind each number of the dashboard: the area's own page, with the filters it reads
from its query string (the unit, the day, the state). A list without a filter for the unit shows
the user's whole scope, which is the unit itself for a county leader on the county and for a
principal on their school."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse


def link(name: str, *args, **query) -> str:
    """reverse(name, args) with the query parameters that are not None."""
    url = reverse(name, args=args or None)
    query = {k: v for k, v in query.items() if v is not None}
    return f"{url}?{urlencode(query)}" if query else url


def dashboard(unit, day: dt.date) -> str:
    return link("briefing:dashboard", unit=unit.key, date=day.isoformat())


def reports(unit, day: dt.date) -> str:
    """The daily-report roll-up one level down: the county's schools, a grid's schools, a school's
    grades (each row drills down to the classes and their roll-call)."""
    if unit.kind == "school":
        return link("health:stats", level="grade", parent=unit.pk, date=day.isoformat())
    parent = unit.pk if unit.kind == "grid" else None
    return link("health:stats", level="school", parent=parent, date=day.isoformat())


def grade_reports(grade_id: int, day: dt.date) -> str:
    return link("health:stats", level="class", parent=grade_id, date=day.isoformat())


def quarantines() -> str:
    """Open periods in the user's scope (the list reads no unit)."""
    return link("screening:quarantines")


def incidents(unit, show: str = "open") -> str:
    """?show=open|overdue|all, narrowed to the school on a school's dashboard."""
    return link("response:incidents", show=show, school=unit.pk if unit.kind == "school" else None)


def incident(pk: int) -> str:
    return link("response:incident", pk)


def gate(unit, day: dt.date) -> str:
    """A school's gate log of the day (with the refused and their reasons), else every gate's figures."""
    if unit.kind == "school":
        return link("campus:gate-log", unit.pk, date=day.isoformat())
    return link("campus:gate-overview", date=day.isoformat())


def batch(unit, batch_id: int) -> str:
    """The batch's readiness board, or the school's own acceptance page on a school's dashboard."""
    if unit.kind == "school":
        return link("inspection:school", unit.pk)
    return link("inspection:board", batch_id)


def batches() -> str:
    return link("inspection:batches")


def supplies(unit, item_code: str, store_id: int | None = None) -> str:
    """A school's store, else the overview for the item (days of cover per school)."""
    if unit.kind == "school" and store_id:
        return link("supplies:store", store_id)
    return link("supplies:overview", item=item_code)


def teaching(unit, period_id: int | None) -> str:
    if unit.kind == "school":
        return link("teaching:school", unit.pk, period=period_id)
    return link("teaching:overview", period=period_id)
