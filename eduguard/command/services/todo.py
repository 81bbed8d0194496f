"""The user's own open action items (home page block) and the overdue figure of the dashboard."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from eduguard.command.choices import ActionStatus
from eduguard.command.models import ActionItem


def my_open_items(user, limit: int = 8):
    """Open items the user owns, the most urgent first (overdue ones lead)."""
    if user is None or not user.is_authenticated:
        return ActionItem.objects.none()
    rows = ActionItem.objects.filter(owner=user, status=ActionStatus.OPEN).select_related("meeting")
    return rows.order_by("deadline", "id")[:limit]


@dataclass
class OverdueFigure:
    open: int
    overdue: int
    url: str


def dashboard_figure(user, unit, day: dt.date, url: str) -> OverdueFigure:
    """Open and overdue items of the meetings held in `unit` (a dashboard Unit: the county's own
    meetings count at county level, with every school's), as the user sees them."""
    if unit.kind == "county":
        where = Q(meeting__county_id=unit.pk)
    elif unit.kind == "grid":
        where = Q(meeting__school__grid_id=unit.pk)
    else:
        where = Q(meeting__school_id=unit.pk)
    rows = ActionItem.objects.visible_to(user).filter(where, status=ActionStatus.OPEN)
    n = rows.aggregate(open=Count("id"), overdue=Count("id", filter=Q(deadline__lt=day)))  # one query
    return OverdueFigure(open=n["open"], overdue=n["overdue"], url=url)
