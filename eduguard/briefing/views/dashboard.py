"""The command dashboard page: `/dashboard/[?unit=grid:<id>|school:<id>][&date=YYYY-MM-DD]`.

Thin: the unit comes from the units the user sees (services.dashboard.menu_for), the figures from
services.dashboard*. A malformed unit or date is a 400 with the reason; a unit outside the scope is
the same 404 as one that does not exist; a user who sees no county, grid or school whole (a head
teacher, a parent) is pointed to their own pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from eduguard.briefing.services import dashboard_links as links
from eduguard.briefing.services.dashboard import BadRequest, build_dashboard, menu_for, parse_day, parse_unit


def chart_labels() -> dict[str, str]:
    """The charts' series names, in the user's language (the chart script has no catalogue)."""
    return {
        "completion": gettext("完成率"),
        "abnormal": gettext("异常"),
        "fever": gettext("发热"),
        "quarantines": gettext("新增隔离观察"),
        "incidents": gettext("新发疫情事件"),
        "refusals": gettext("拒绝或暂缓入校"),
    }


class DashboardView(LoginRequiredMixin, View):
    template_name = "briefing/dashboard.html"

    def get(self, request):
        user, today = request.user, timezone.localdate()
        try:
            day = parse_day(request.GET.get("date"), today)
            wanted = parse_unit(request.GET["unit"]) if request.GET.get("unit") else None
        except BadRequest as exc:
            return render(request, "briefing/dashboard_refused.html", {"message": str(exc)}, status=400)
        menu = menu_for(user)
        unit = menu.find(*wanted) if wanted else menu.default
        if unit is None:
            if wanted:
                raise Http404
            return render(request, "briefing/dashboard_none.html")
        board = build_dashboard(user, unit, day, menu)
        ctx = {
            "board": board,
            "menu": menu,
            "today": today,
            "crumbs": menu.crumbs(unit, lambda u: links.dashboard(u, day)),
            "charts": {**board.charts, "labels": chart_labels()},
        }
        return render(request, self.template_name, ctx)
