"""缺勤率预警: the schools one sees, with the day's sick-absence rate and its EARS C1–C3 (?date=).

The figures come from `response.services.aberration.school_signals`, which reads every record
through `visible_to(user)`; a warning is shown here and never opens an incident.
"""

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import ListView

from eduguard.health.views.classroom import day_from
from eduguard.response.services.aberration import GUARD_DAYS, ORDER, params_on, school_signals

# The inline bar chart of a school's recent school days, in px.
BAR_WIDTH, BAR_GAP, CHART_HEIGHT = 6, 2, 28


def bars(signal, top: float) -> list[dict]:
    """One bar per school day of the signal's series, scaled so that `top` fills the chart."""
    out = []
    for i, p in enumerate(signal.series):
        height = max(1.0, CHART_HEIGHT * p.rate / top) if top else 1.0
        out.append(
            {
                "x": i * (BAR_WIDTH + BAR_GAP),
                "y": round(CHART_HEIGHT - height, 1),
                "height": round(height, 1),
                "point": p,
                "pct": p.rate * 100,
                "today": p.day == signal.day,
            }
        )
    return out


class WarningListView(LoginRequiredMixin, ListView):
    """Warnings first, then normal schools, then those without enough school days."""

    template_name = "response/warnings.html"
    paginate_by = 50

    def get_queryset(self):
        self.day = day_from(self.request)
        self.params = params_on(self.day)
        return school_signals(self.request.user, self.day, self.params)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        signals = self.object_list
        for signal in ctx["object_list"]:
            # Each school on its own scale (at least one min_sd, so a flat week stays flat).
            top = max([p.rate for p in signal.series] + [self.params.min_sd])
            signal.bars = bars(signal, top)
            signal.rate_pct = signal.rate * 100 if signal.rate is not None else None
        counts = {status: 0 for status in ORDER}
        for signal in signals:
            counts[signal.status] += 1
        ctx.update(
            day=self.day,
            today=today,
            previous=self.day - dt.timedelta(days=1),
            following=self.day + dt.timedelta(days=1) if self.day < today else None,
            params=self.params,
            guard_days=GUARD_DAYS,
            min_sd_pct=f"{self.params.min_sd * 100:g}",  # 0.005 → "0.5"
            counts=counts,
            chart_width=self.params.days_needed * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
            chart_height=CHART_HEIGHT,
            bar_width=BAR_WIDTH,
        )
        return ctx
