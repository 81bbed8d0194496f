"""What the staggered return plans with: the county's gathering points (集合点) per township, its
vehicles, and each school's gates with how many people a gate lets in per minute."""

from django.db import models
from django.db.models import Q

from eduguard.org.managers import ScopedQuerySet


class CountyQuerySet(ScopedQuerySet):
    """County resources: seen by whoever sees the county or one of its schools."""

    def scope_q(self, s):
        from eduguard.org.models import School

        return Q(county_id__in=s.county_ids) | Q(
            county_id__in=School.objects.filter(id__in=s.school_ids).values("county_id")
        )


class GatheringPoint(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="gathering_points")
    township = models.CharField("乡镇", max_length=50)
    name = models.CharField("集合点", max_length=60)
    address = models.CharField("地址", max_length=120, blank=True)
    capacity = models.PositiveIntegerField("容量（人）", help_text="当天在此集合的学生最多人数")
    active = models.BooleanField("启用", default=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "集合点"
        ordering = ["township", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="one_point_name"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="point_holds_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.township}·{self.name}"


class Vehicle(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="vehicles")
    plate = models.CharField("车牌号", max_length=20)
    seats = models.PositiveSmallIntegerField("座位数")
    operator = models.CharField("运营单位", max_length=60, blank=True)
    driver = models.CharField("驾驶员", max_length=30, blank=True)
    active = models.BooleanField("可用", default=True)

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车辆"
        ordering = ["plate"]
        constraints = [
            models.UniqueConstraint(fields=["county", "plate"], name="one_vehicle_plate"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="vehicle_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.plate}（{self.seats}座）"


class SchoolGate(models.Model):
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="gates")
    name = models.CharField("校门", max_length=30)
    per_minute = models.PositiveSmallIntegerField(
        "通行能力（人/分钟）", help_text="测温、核验后每分钟可入校人数"
    )

    class Meta:
        verbose_name = verbose_name_plural = "校门通行能力"
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="one_gate_name"),
            models.CheckConstraint(condition=Q(per_minute__gte=1), name="gate_lets_someone_in"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.name}"
