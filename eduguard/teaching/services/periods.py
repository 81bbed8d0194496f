"""Reporting periods: set by the bureau for its county, named by their dates, never overlapping."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from eduguard.accounts.scope import role_names
from eduguard.audit.services import record_web_change
from eduguard.teaching.models import TeachingPeriod
from eduguard.teaching.services.access import may_manage_county


def default_name(start: dt.date, end: dt.date) -> str:
    """2020年3月 for a calendar month; 2020年3月1日至3月19日 otherwise."""
    if (
        start.day == 1
        and (end + dt.timedelta(days=1)).day == 1
        and (start.year, start.month)
        == (
            end.year,
            end.month,
        )
    ):
        return f"{start.year}年{start.month}月"
    head = f"{start.year}年{start.month}月{start.day}日"
    tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return head if start == end else f"{head}至{tail}"


@transaction.atomic
def create_period(*, county, start: dt.date, end: dt.date, actor, name: str = "") -> TeachingPeriod:
    if not may_manage_county(actor, county):
        raise PermissionDenied(
            gettext("统计时段由{roles}设立").format(roles=role_names("teaching.bureau_roles"))
        )
    if end < start:
        raise ValidationError({"end": [gettext("结束日期不能早于开始日期")]})
    overlap = (
        TeachingPeriod.objects.select_for_update()
        .filter(county=county, start__lte=end, end__gte=start)
        .first()
    )
    if overlap is not None:
        raise ValidationError(
            {
                "start": [
                    gettext("与已有时段「{name}」（{start}至{end}）重叠").format(
                        name=overlap, start=overlap.start, end=overlap.end
                    )
                ]
            }
        )
    period = TeachingPeriod.objects.create(
        county=county,
        start=start,
        end=end,
        name=(name or "").strip() or default_name(start, end),
        created_by=actor,
    )
    after = {"name": period.name, "start": start.isoformat(), "end": end.isoformat()}
    record_web_change(actor=actor, obj=period, before=None, after=after)
    return period
