"""发热师生处置 (domain.md §5.7): one event per fever found, from detection to its outcome.

Every change of state appends a FeverStep (who, when, from, to); re-test readings are rows of
their own. The isolation room is a campus place of kind 隔离室: who is in it now is the event
with that room and no `left_room_at`, and its disinfection after each use is a campus log.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from eduguard.core.county import CarriesCounty
from eduguard.response.choices import FeverSource, FeverStatus, ReadingMethod, Transport
from eduguard.response.managers import FeverEventQuerySet


class FeverEvent(CarriesCounty):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="fever_events")
    # The placement when it was found, so scope and the class's list need no join.
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, null=True, related_name="+")
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField("发现途径", max_length=15, choices=FeverSource.choices)
    detected_at = models.DateTimeField("发现时间")
    detected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    temperature = models.DecimalField("初测体温", max_digits=3, decimal_places=1)
    symptoms = models.JSONField("症状", default=list, blank=True)
    place = models.CharField("发现地点", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=FeverStatus.choices, default=FeverStatus.DETECTED
    )
    # Temporary isolation (domain.md §5.6): one person per room at a time by default.
    room = models.ForeignKey(
        "campus.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="隔离室",
    )
    isolated_at = models.DateTimeField("进入隔离室", null=True, blank=True)
    left_room_at = models.DateTimeField("离开隔离室", null=True, blank=True)
    # 三史 (travel, contact, exposure) asked at the re-test.
    travel_history = models.CharField("旅居史", max_length=200, blank=True)
    contact_history = models.CharField("接触史", max_length=200, blank=True)
    exposure_history = models.CharField("暴露史", max_length=200, blank=True)
    referred_to = models.CharField("转诊医院/发热门诊", max_length=100, blank=True)
    transport = models.CharField("转运方式", max_length=10, choices=Transport.choices, blank=True)
    escort = models.CharField("护送人", max_length=30, blank=True)
    diagnosis = models.CharField("诊断", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    absence = models.ForeignKey(
        "health.SickAbsence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    incident = models.ForeignKey(
        "response.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="fever_events"
    )
    finding = models.ForeignKey(
        "health.HealthCheckFinding", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # No database FK: daily reports are partitioned by month on PostgreSQL, so `id` alone has no
    # unique index to reference (health migration 0008). Django still applies on_delete.
    report = models.ForeignKey(
        "health.DailyReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeverEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "发热处置"
        ordering = ["-detected_at", "-id"]
        indexes = [
            models.Index(fields=["school", "detected_at"]),
            models.Index(fields=["room", "left_room_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.detected_at:%m-%d %H:%M} {self.temperature}℃"

    def get_absolute_url(self) -> str:
        return reverse("response:fever", args=[self.pk])


class FeverReading(models.Model):
    """A re-test in the isolation room (mercury, axillary, several times if needed)."""

    event = models.ForeignKey(FeverEvent, on_delete=models.CASCADE, related_name="readings")
    at = models.DateTimeField("时间")
    temperature = models.DecimalField("体温", max_digits=3, decimal_places=1)
    method = models.CharField("测量方式", max_length=12, choices=ReadingMethod.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "复测记录"
        ordering = ["event", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%H:%M} {self.temperature}℃"


class FeverStep(models.Model):
    """One change of state: appended, never edited (DESIGN principle 3)."""

    event = models.ForeignKey(FeverEvent, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=FeverStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=FeverStatus.choices)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "处置步骤"
        ordering = ["event", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
