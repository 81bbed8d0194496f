"""Retention (domain.md §8.4-7, PIPL Art. 19): the purges run, and the counts a briefing still
quotes after the rows behind them were purged."""

import datetime as dt

from django.conf import settings
from django.db import models


class RetainedFigure(models.TextChoices):
    """The counted facts a briefing reads from raw rows (briefing/services/figures.py), kept as
    numbers when the purge removes the rows. Daily-report figures need none: they are tallies."""

    FOLLOW_UPS_OPEN = "follow_ups_open", "未关闭的日报异常跟进"
    FOLLOW_UPS_CLOSED = "follow_ups_closed", "已关闭的日报异常跟进"
    FEVER_EVENTS = "fever_events", "发热处置"


class RetainedCountQuerySet(models.QuerySet):
    def total(self, county, figure: str, since: dt.date | None, until: dt.date) -> int:
        """The count of `figure` kept for `county` over since..until (everything up to until
        without since): a briefing adds it to what it still counts in the records."""
        qs = self.filter(county=county, figure=figure, date__lte=until)
        if since:
            qs = qs.filter(date__gte=since)
        return qs.aggregate(n=models.Sum("value"))["n"] or 0


class RetainedCount(models.Model):
    """How many rows of one figure a county had on one day when the purge removed them.

    The briefing adds these to what it still counts in the records, so a briefing for a purged
    day quotes the same numbers as before the purge. No person is named or linked.
    """

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("日期")
    figure = models.CharField("指标", max_length=30, choices=RetainedFigure.choices)
    value = models.PositiveIntegerField("数量", default=0)

    objects = RetainedCountQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "留存统计"
        ordering = ["county", "date", "figure"]
        constraints = [
            models.UniqueConstraint(fields=["county", "date", "figure"], name="one_retained_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_figure_display()} {self.value}"


class PurgeRun(models.Model):
    """One run of `eduguard purge`: what it removed or anonymised, per table (a dry run is not kept)."""

    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("操作人", max_length=150)
    before = models.DateField("清除此日期之前的记录")
    retention_days = models.PositiveIntegerField("留存天数")
    forced = models.BooleanField("提前清除（--force）", default=False)
    counts = models.JSONField("各表数量", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "个人数据清除"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} 清除 {self.before} 之前的个人数据"
