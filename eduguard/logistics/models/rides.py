"""The rides of the staggered return (错峰返校, domain.md §5.5): which bus trip a student took.

Contact tracing reads these (who shared a bus). A return plan (plans.py) writes its trips here: the
vehicle, the gathering point, the wave and departure, and a ride per student, which the escort
ticks when the student boards.
"""

from django.conf import settings
from django.db import models

from eduguard.core.county import CarriesCounty, CountyQuerySet
from eduguard.org.managers import ScopedQuerySet, unit_q


class TripQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return unit_q(s, school="school_id")


class Trip(models.Model):
    """One run of one vehicle on one day for one school."""

    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="trips")
    date = models.DateField("日期")
    vehicle = models.CharField("车辆", max_length=20, help_text="车牌号")
    route = models.CharField("线路", max_length=100, blank=True)
    departs_at = models.TimeField("发车时间", null=True, blank=True)
    plan = models.ForeignKey(
        "logistics.ReturnPlan", on_delete=models.CASCADE, null=True, blank=True, related_name="trips"
    )
    bus = models.ForeignKey(
        "logistics.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="trips"
    )
    point = models.ForeignKey(
        "logistics.GatheringPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trips",
        verbose_name="集合点",
    )
    wave = models.PositiveSmallIntegerField("趟次", null=True, blank=True, help_text="0 为第一趟")

    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车次"
        ordering = ["date", "departs_at", "vehicle"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.vehicle} {self.route}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("logistics:trip", args=[self.pk])


class Ride(CarriesCounty):
    """A person on a trip (a seat on the bus)."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="rides")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="rides")
    seat = models.CharField("座位", max_length=10, blank=True)
    boarded_at = models.DateTimeField("上车时间", null=True, blank=True)
    boarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "乘车名单"
        ordering = ["trip", "seat", "id"]
        constraints = [models.UniqueConstraint(fields=["trip", "person"], name="one_seat_per_trip")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.trip}"
