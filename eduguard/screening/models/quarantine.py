"""Quarantine and health observation (居家隔离 / 集中隔离 / 居家健康监测), domain.md §4.1, §4.5.

The arrival day is day 0: with 14 planned days the last day in quarantine is day 14 and the person
may be released, and return to school, from day 15. A release is a fact with its document and its
signer; releasing earlier needs a reason and an authorised role (services.quarantine).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.core.county import CarriesCounty
from eduguard.screening.managers import ObservationQuerySet, QuarantineQuerySet


class QuarantineKind(models.TextChoices):
    HOME = "home", "居家隔离"
    CENTRAL = "central", "集中隔离"
    MONITORING = "monitoring", "居家健康监测"


class QuarantineState(models.TextChoices):
    """Derived from the dates (never stored): see Quarantine.state_on()."""

    UPCOMING = "upcoming", "未开始"
    ACTIVE = "active", "隔离中"
    OVERDUE = "overdue", "期满待解除"
    RELEASED = "released", "已解除"


class Quarantine(CarriesCounty):
    """One period of quarantine or health monitoring of one person."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="quarantines")
    # Placement when it was opened: the scope of the record (like ScreeningResponse).
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, null=True, related_name="+")
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField("类型", max_length=12, choices=QuarantineKind.choices)
    category = models.ForeignKey(
        "screening.RiskCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quarantines",
        verbose_name="依据类别",
    )
    reason = models.CharField("原因", max_length=200)
    place = models.CharField("隔离地点", max_length=100, blank=True)
    started_on = models.DateField("开始日期（到达当天为第0天）")
    planned_days = models.PositiveSmallIntegerField("计划天数")
    released_on = models.DateField("解除日期", null=True, blank=True)
    release_doc = models.CharField("解除隔离文书编号", max_length=60, blank=True)
    release_file = models.FileField("解除隔离文书", upload_to="quarantine/%Y/%m/", blank=True)
    release_reason = models.CharField("提前解除理由", max_length=200, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuarantineQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "隔离观察"
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["person", "released_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(released_on__isnull=True) | Q(released_on__gte=F("started_on")),
                name="quarantine_released_after_start",
            ),
            models.CheckConstraint(condition=Q(planned_days__gte=1), name="quarantine_at_least_one_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.started_on}"

    @property
    def ends_on(self) -> dt.date:
        """The last day in quarantine (day `planned_days`)."""
        return self.started_on + dt.timedelta(days=self.planned_days)

    @property
    def clears_on(self) -> dt.date:
        """The first day the person may be released without a reason (day planned_days + 1)."""
        return self.ends_on + dt.timedelta(days=1)

    @property
    def released_early(self) -> bool:
        return self.released_on is not None and self.released_on < self.clears_on

    def day_number(self, day: dt.date) -> int:
        return (day - self.started_on).days

    def state_on(self, day: dt.date) -> str:
        if self.released_on is not None and self.released_on <= day:
            return QuarantineState.RELEASED
        if day < self.started_on:
            return QuarantineState.UPCOMING
        if day >= self.clears_on:
            return QuarantineState.OVERDUE
        return QuarantineState.ACTIVE

    def observed_days(self, today: dt.date) -> list[dt.date]:
        """Day 0 up to today, the end of the period or the release, whichever comes first."""
        last = min(today, self.ends_on, self.released_on or self.ends_on)
        return [self.started_on + dt.timedelta(days=n) for n in range((last - self.started_on).days + 1)]


class QuarantineObservation(models.Model):
    """One day's observation during a quarantine: temperature and symptoms taken by the school
    doctor or head teacher, linked to the person's daily report of that day when there is one."""

    quarantine = models.ForeignKey(Quarantine, on_delete=models.CASCADE, related_name="observations")
    day = models.DateField("日期")
    temperature = models.DecimalField("体温", max_digits=3, decimal_places=1, null=True, blank=True)
    symptoms = models.JSONField("症状", default=list, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    report = models.ForeignKey(
        "health.DailyReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # reports are written in bulk on the hot path; never lock them here
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "隔离期健康观察"
        ordering = ["quarantine", "day"]
        constraints = [
            models.UniqueConstraint(fields=["quarantine", "day"], name="one_observation_per_quarantine_day")
        ]

    def __str__(self) -> str:
        return f"{self.quarantine.person} {self.day}"
