"""Outbreak reporting (domain.md §2): the triggers and cluster rules as data, and each incident
with its cases, its reports to the CDC and the education authority, and its history.

An incident's deadline is fixed when it is detected (detected_at + the trigger's minutes), so a
later change of the rule does not move the deadlines already running.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from eduguard.core.county import CarriesCounty
from eduguard.response.choices import (
    IncidentEventKind,
    IncidentSource,
    IncidentStatus,
    Recipient,
    ReportKind,
    ScopeType,
)
from eduguard.response.managers import IncidentCaseQuerySet, IncidentPartQuerySet, IncidentQuerySet

MIN_DEADLINE_MINUTES = 60  # "configurable down to 1 h" (domain.md §2.1, COVID practice)
MAX_DEADLINE_MINUTES = 7 * 24 * 60


class ReportingTrigger(models.Model):
    """One reporting trigger of the 2006 规范 (T1–T4) and its deadline for the school reporter."""

    code = models.CharField("代码", max_length=10, unique=True)
    name = models.CharField("名称", max_length=60)
    description = models.TextField("情形", blank=True)
    deadline_minutes = models.PositiveIntegerField(
        "报告时限（分钟）",
        validators=[MinValueValidator(MIN_DEADLINE_MINUTES), MaxValueValidator(MAX_DEADLINE_MINUTES)],
        help_text="发现后须在此时限内向疾控机构和教育行政部门报告；最短60分钟",
    )
    urgency = models.PositiveSmallIntegerField(
        "紧急程度", default=1, help_text="同一事件符合多个情形时取数值大的情形"
    )
    active = models.BooleanField("启用", default=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告情形"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ClusterRule(models.Model):
    """A cluster threshold: at least `min_cases` people with similar symptoms in one `scope`
    within `window_days` consecutive days (the 2006 T1: 3 in 1 day, 5 in 3 days, class or dorm)."""

    name = models.CharField("名称", max_length=60)
    trigger = models.ForeignKey(ReportingTrigger, on_delete=models.PROTECT, verbose_name="报告情形")
    scope = models.CharField("范围", max_length=10, choices=ScopeType.choices)
    window_days = models.PositiveSmallIntegerField(
        "连续天数", validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    min_cases = models.PositiveSmallIntegerField("病例数下限", validators=[MinValueValidator(2)])
    active = models.BooleanField("启用", default=True)
    effective_from = models.DateField("生效日期", default=timezone.localdate)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "聚集判定规则"
        ordering = ["scope", "window_days", "min_cases"]

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    """One reportable event: a cluster, a case, a fever referred. Cases found later in the same
    unit are merged into the open incident instead of opening another."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="incidents")
    # Set when the incident is about a class or a grade, so the people covering it see it.
    grade = models.ForeignKey("org.Grade", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trigger = models.ForeignKey(ReportingTrigger, on_delete=models.PROTECT, verbose_name="报告情形")
    scope_type = models.CharField("范围", max_length=10, choices=ScopeType.choices)
    scope_id = models.PositiveIntegerField("范围编号")
    scope_name = models.CharField("范围名称", max_length=100)
    source = models.CharField("来源", max_length=10, choices=IncidentSource.choices)
    rule = models.ForeignKey(ClusterRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    symptom_group = models.CharField("症状组", max_length=30, blank=True)
    summary = models.CharField("概况", max_length=300)
    disease = models.CharField("病名", max_length=60, blank=True)
    detected_at = models.DateTimeField("发现时间")
    deadline = models.DateTimeField("报告时限")
    # When the current trigger was set (at detection, or when a later case raised it): the reports
    # that count for it are those made since.
    trigger_set_at = models.DateTimeField("报告类别确定时间")
    status = models.CharField(
        "状态", max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    escalation_level = models.PositiveSmallIntegerField("督办级别", default=0)
    escalated_at = models.DateTimeField("最近督办", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closing_summary = models.TextField("结案说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "疫情报告事件"
        ordering = ["-detected_at", "-id"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["scope_type", "scope_id", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name} {self.trigger.code} {self.detected_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("response:incident", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == IncidentStatus.OPEN and self.deadline < timezone.now()


class IncidentCase(CarriesCounty):
    """A person counted in an incident, once, with every source that counted them."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    onset_on = models.DateField("发病日期")
    symptoms = models.JSONField("症状", default=list)
    sources = models.JSONField("来源", default=list, help_text="check / absence / daily_report / fever")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = IncidentCaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "事件病例"
        ordering = ["incident", "onset_on", "id"]
        constraints = [models.UniqueConstraint(fields=["incident", "person"], name="one_case_per_person")]

    def __str__(self) -> str:
        return f"{self.person} {self.onset_on}"


class IncidentReport(models.Model):
    """A report made by phone or fax: to whom, when, who answered, on which number."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField("报告类型", max_length=10, choices=ReportKind.choices)
    recipient = models.CharField("报告对象", max_length=10, choices=Recipient.choices)
    reported_at = models.DateTimeField("报告时间")
    receiver = models.CharField("接报人及单位", max_length=60)
    phone = models.CharField("接报电话", max_length=30)
    content = models.TextField("报告内容", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = IncidentPartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "事件报告记录"
        ordering = ["incident", "reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_recipient_display()}"


class IncidentEvent(models.Model):
    """The incident's history: opened, cases merged, reported, escalated, closed (append-only)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=IncidentEventKind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    objects = IncidentPartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "事件记录"
        ordering = ["incident", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%m-%d %H:%M}"
