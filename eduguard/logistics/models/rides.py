"""The rides of the staggered return (错峰返校, domain.md §5.5): which bus trip a student took.

This is the part contact tracing needs (who shared a bus); the gathering points, time slots and
the scheduler that fill these rows belong to the staggered-return work.
"""

from django.db import models

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

    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "车次"
        ordering = ["date", "departs_at", "vehicle"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.vehicle} {self.route}"


class Ride(models.Model):
    """A person on a trip (a seat on the bus)."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="rides")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="rides")
    seat = models.CharField("座位", max_length=10, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "乘车名单"
        ordering = ["trip", "seat", "id"]
        constraints = [models.UniqueConstraint(fields=["trip", "person"], name="one_seat_per_trip")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.trip}"
