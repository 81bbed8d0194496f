"""一校一策 (domain.md §5.5): each school's reopening plan, one row per version, reviewed once like
the documents of 两案九制. Besides the document itself a version holds what other parts of the
platform read: the batch, the gates (the gate screen offers them), the dining arrangement, and
each grade's return slot (date, arrival window, gate) that the return logistics build on.

The latest approved version is the plan in force; a changed plan is a new version."""

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.inspection.managers import SchoolRecordQuerySet


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审定"
    APPROVED = "approved", "已审定"
    RETURNED = "returned", "已退回"


class Dining(models.TextChoices):
    STAGGERED = "staggered", "错峰分批就餐"
    IN_CLASS = "in_class", "分餐到班，教室就餐"
    SEPARATED = "separated", "食堂分区、单向单座就餐"
    NONE = "none", "不供餐"


def plan_path(instance: "ReopeningPlan", filename: str) -> str:
    ext = PurePosixPath(filename).suffix.lower()
    return f"inspection/plans/{instance.school_id}/v{instance.version}{ext}"


class ReopeningPlan(models.Model):
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="reopening_plans")
    version = models.PositiveIntegerField("版本")
    batch = models.ForeignKey(
        "inspection.Batch", on_delete=models.PROTECT, related_name="+", verbose_name="开学批次"
    )
    gates = models.JSONField("校门", default=list, help_text="分门进出时使用的校门名称")
    dining = models.CharField("就餐安排", max_length=12, choices=Dining.choices)
    dining_note = models.CharField("就餐说明", max_length=200, blank=True)
    contacts = models.CharField("应急联系（定点医院、疾控、派出所）", max_length=300, blank=True)
    note = models.CharField("其他说明", max_length=300, blank=True)
    file = models.FileField("方案文件", upload_to=plan_path, max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("审定时间", null=True, blank=True)
    review_note = models.CharField("审定意见", max_length=200, blank=True)

    objects = SchoolRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "一校一策开学方案"
        ordering = ["school", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="one_plan_per_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_from_one"),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.RETURNED) | ~Q(review_note=""), name="returned_plan_has_a_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} 一校一策 v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:plan", args=[self.pk])


class ReturnSlot(models.Model):
    """When and through which gate a grade returns (错峰返校): the logistics plan starts here."""

    plan = models.ForeignKey(ReopeningPlan, on_delete=models.CASCADE, related_name="slots")
    grade = models.ForeignKey("org.Grade", on_delete=models.CASCADE, related_name="+", verbose_name="年级")
    date = models.DateField("返校日期")
    start = models.TimeField("到校开始")
    end = models.TimeField("到校截止")
    gate = models.CharField("校门", max_length=30)
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年级返校时段"
        ordering = ["plan", "date", "start", "grade__level"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "grade"], name="one_slot_per_grade"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.grade} {self.date} {self.start:%H:%M}-{self.end:%H:%M} {self.gate}"
