"""Supervision (督导, domain.md §5.3): teams and their schools, inspections that score each item of a
checklist, and the rectifications that failing items become, tracked to closure.

A school's self-check comes first; a team's inspection (and re-inspection) scores each item
合格 / 需整改 (with a deadline) / 不合格. Submitting an inspection turns every item that is not a
pass into a rectification; closing one needs evidence. Results are never deleted: a re-inspection
is a new inspection."""

from django.conf import settings
from django.db import models

from eduguard.inspection.managers import SchoolRecordQuerySet, TeamQuerySet


class Team(models.Model):
    """A supervision team (督导组): its members (inspectors' accounts) and the schools it covers."""

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="inspection_teams")
    name = models.CharField("名称", max_length=40)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="组长",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspection_teams", verbose_name="成员"
    )
    schools = models.ManyToManyField("org.School", related_name="inspection_teams", verbose_name="负责学校")

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "督导组"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InspectionKind(models.TextChoices):
    SELF_CHECK = "self_check", "学校自查"
    INSPECTION = "inspection", "督导检查"
    RE_INSPECTION = "re_inspection", "整改复查"


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "已提交"


class Outcome(models.TextChoices):
    PASS = "pass", "合格"
    FIX = "fix", "需整改"
    FAIL = "fail", "不合格"


class Inspection(models.Model):
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="inspections")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    kind = models.CharField("类别", max_length=15, choices=InspectionKind.choices)
    template = models.ForeignKey("inspection.ChecklistTemplate", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("检查日期")
    status = models.CharField(
        "状态", max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT
    )
    note = models.TextField("总体意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = SchoolRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "督导检查"
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{self.school} {self.date} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:inspection", args=[self.pk])


class ItemResult(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("inspection.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField("结果", max_length=5, choices=Outcome.choices)
    automatic = models.BooleanField("系统判定", default=False)
    deadline = models.DateField("整改期限", null=True, blank=True)
    note = models.CharField("情况说明", max_length=300, blank=True)
    photo = models.FileField("照片", upload_to="inspection/%Y/%m/", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查结果"
        ordering = ["inspection", "item__order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_result_per_item")]

    def __str__(self) -> str:
        return f"{self.item} {self.get_outcome_display()}"


class Rectification(models.Model):
    """An item that did not pass, to be fixed by its deadline and closed with evidence."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="rectifications")
    result = models.OneToOneField(ItemResult, on_delete=models.CASCADE, related_name="rectification")
    text = models.CharField("问题", max_length=300)
    deadline = models.DateField("整改期限", null=True, blank=True)
    evidence = models.FileField("整改佐证", upload_to="inspection/fixes/%Y/%m/", blank=True)
    closing_note = models.CharField("整改情况", max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = SchoolRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        ordering = ["closed_at", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | ~models.Q(evidence=""),
                name="closed_fix_has_evidence",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
