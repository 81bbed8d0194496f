"""The roll-up pages: one table per level with drill-down, and the compliance league table."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from eduguard.health.services.stats import LEVELS, daily_stats, league_table
from eduguard.health.views.classroom import day_from
from eduguard.org.filters import MAX_ID

CHILD = {"county": "grid", "grid": "school", "school": "grade", "grade": "class"}
LEVEL_LABELS = {"county": "全县", "grid": "网格", "school": "学校", "grade": "年级", "class": "班级"}


class StatsPageView(LoginRequiredMixin, TemplateView):
    template_name = "health/stats.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        level = self.request.GET.get("level") if self.request.GET.get("level") in LEVELS else "school"
        try:
            parent = int(self.request.GET["parent"]) if self.request.GET.get("parent") else None
        except ValueError:
            parent = None
        if parent is not None and not 0 < parent <= MAX_ID:
            parent = None
        day = day_from(self.request)
        rows = daily_stats(self.request.user, day, level, parent)
        ctx.update(
            day=day,
            level=level,
            level_label=LEVEL_LABELS[level],
            child_level=CHILD.get(level),
            rows=rows,
            totals=_totals(rows),
            league=league_table(self.request.user, day, level, parent)[:10],
            levels=LEVEL_LABELS,
        )
        return ctx


def _totals(rows):
    total = {
        f: sum(getattr(r, f) for r in rows) for f in ("expected", "reported", "on_time", "abnormal", "fever")
    }
    total["completion_rate"] = (
        round(100 * total["reported"] / total["expected"], 1) if total["expected"] else 0.0
    )
    return total
