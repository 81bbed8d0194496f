"""A staggered-return plan (错峰返校, domain.md §5.5) for one batch and one day: what the optimiser
was asked and what it found (status, buses, gap to its bound, problems in plain words), the bus
trips it wrote (rides.Trip, with a ride per student) and each class's arrival and dismissal.

A plan that cannot be satisfied keeps its problems and writes no trips; a plan that was solved is
reviewed, then published (guardians are told through the outbox) and used on the day."""

from django.conf import settings
from django.db import models

from eduguard.org.managers import ScopedQuerySet, unit_q


class PlanQuerySet(ScopedQuerySet):
    """Seen by whoever sees the batch's county or one of its schools."""

    def scope_q(self, s):
        from django.db.models import Q

        return Q(batch__county_id__in=s.county_ids) | Q(batch__schools__in=s.school_ids)

    def visible_to(self, user):
        return super().visible_to(user).distinct()


class PlanStatus(models.TextChoices):
    SOLVED = "solved", "已生成，待发布"
    FAILED = "failed", "无法满足"
    PUBLISHED = "published", "已发布"


class ReturnPlan(models.Model):
    batch = models.ForeignKey("inspection.Batch", on_delete=models.PROTECT, related_name="return_plans")
    date = models.DateField("返校日期")
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices)
    problems = models.JSONField("无法满足的条件", default=list, blank=True)
    # what the optimiser was given
    max_trips = models.PositiveSmallIntegerField("每车最多趟数", default=3)
    first_departure = models.TimeField("首趟发车")
    round_minutes = models.PositiveSmallIntegerField("往返一趟（分钟）", default=90)
    first_arrival = models.TimeField("最早到校")
    slot_minutes = models.PositiveSmallIntegerField("错峰间隔（分钟）", default=10)
    dismissal = models.TimeField("最早放学")
    # what it found
    students = models.PositiveIntegerField("乘车学生", default=0)
    buses_used = models.PositiveSmallIntegerField("用车", null=True, blank=True)
    heuristic_buses = models.PositiveSmallIntegerField("初始解用车", null=True, blank=True)
    trips_used = models.PositiveSmallIntegerField("趟次", null=True, blank=True)
    gap = models.FloatField("与下界差距", null=True, blank=True)
    worst_gate_load = models.FloatField("校门最拥挤时段负荷", null=True, blank=True)
    seconds = models.FloatField("求解用时（秒）", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "错峰返校方案"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.batch} {self.date} 返校方案"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("logistics:plan", args=[self.pk])


class SlotQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_class__school_id", school_class="school_class")


class ClassSlot(models.Model):
    """A class's arrival (and, in the same order, dismissal) time and gate on the plan's day."""

    plan = models.ForeignKey(ReturnPlan, on_delete=models.CASCADE, related_name="slots")
    school_class = models.ForeignKey("org.SchoolClass", on_delete=models.CASCADE, related_name="+")
    gate = models.CharField("校门", max_length=30)
    arrive_at = models.TimeField("到校时间")
    dismiss_at = models.TimeField("放学时间")

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "班级错峰时段"
        ordering = ["plan", "arrive_at", "gate"]
        constraints = [models.UniqueConstraint(fields=["plan", "school_class"], name="one_slot_per_class")]

    def __str__(self) -> str:
        return f"{self.school_class} {self.arrive_at:%H:%M} {self.gate}"
