"""The upward tables page (/briefing/tables/: pick a day and a unit, download a table or all of
them) and the downloads (/briefing/tables/<code>.xlsx?date=D&unit=U).

A bad date or a malformed unit is a 400 showing the page with the reason; a unit outside the
user's scope is a 404 like one that does not exist; a user whose scope reaches no school gets 403.
"""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views import View

from eduguard.briefing.services.tables import ALL, CODES, TABLES, export, filename, parse_day
from eduguard.briefing.services.tables_units import UnitNotFound, resolve_unit, units_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "briefing/tables.html"


class Refused(Exception):
    """The query cannot be answered: the page is shown again with the reasons (status 400)."""

    def __init__(self, units, errors):
        self.units, self.errors = units, errors


def choose(request):
    """(units the user may pick, the day, the unit) from ?date= and ?unit=."""
    units = units_for(request.user)
    try:
        day = parse_day(request.GET.get("date"))
        unit = resolve_unit(units, request.GET.get("unit"))
    except ValidationError as exc:
        raise Refused(units, exc.messages) from None
    except UnitNotFound:
        raise Http404 from None
    if unit is None:
        raise PermissionDenied(gettext("您负责的范围内没有学校，无法生成上报报表"))
    return units, day, unit


def refused_page(request, refused: Refused):
    ctx = {
        "units": refused.units,
        "errors": refused.errors,
        "raw_date": request.GET.get("date", "")[:20],
        "raw_unit": request.GET.get("unit", "")[:40],
    }
    return render(request, TEMPLATE, ctx, status=400)


class TablesPageView(LoginRequiredMixin, View):
    def get(self, request):
        try:
            units, day, unit = choose(request)
        except Refused as refused:
            return refused_page(request, refused)
        query = urlencode({"date": day.isoformat(), "unit": unit.key})
        tables = [
            (spec, f"{reverse('briefing:table', args=[spec.code])}?{query}") for spec in TABLES.values()
        ]
        ctx = {
            "units": units,
            "unit": unit,
            "day": day,
            "raw_date": day.isoformat(),
            "raw_unit": unit.key,
            "tables": tables,
            "all_url": f"{reverse('briefing:table', args=[ALL])}?{query}",
        }
        return render(request, TEMPLATE, ctx)


class TableDownloadView(LoginRequiredMixin, View):
    def get(self, request, code):
        if code not in CODES:
            raise Http404
        try:
            _, day, unit = choose(request)
        except Refused as refused:
            return refused_page(request, refused)
        data, _ = export(code, request.user, day, unit, actor=request.user, request=request)
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, filename(code, day, unit))
        return response
