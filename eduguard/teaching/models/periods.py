"""The periods participation is reported for (统计时段): a county's 2月, 3月以来…, each with its dates.
The enrolment base is kept on each participation row, so a period holds no counts itself."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.org.managers import ScopedQuerySet


class PeriodQuerySet(ScopedQuerySet):
    """A county's periods are seen at county level and by whoever sees one of its schools."""

    def scope_q(self, s):
        from eduguard.org.models import School

        schools = School.objects.filter(id__in=s.school_ids).values("county_id")
        return Q(county_id__in=s.county_ids) | Q(county_id__in=schools)


class TeachingPeriod(models.Model):
    """A reporting period of online teaching in a county; periods of a county do not overlap."""

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="teaching_periods")
    name = models.CharField("名称", max_length=40, help_text="如 2020年3月")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "线上教学统计时段"
        ordering = ["county", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="teaching_period_ends_after_start"),
            models.UniqueConstraint(fields=["county", "start"], name="one_teaching_period_per_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def previous(self) -> "TeachingPeriod | None":
        """The county's period before this one (what a change is measured against)."""
        return (
            TeachingPeriod.objects.filter(county_id=self.county_id, start__lt=self.start)
            .order_by("-start")
            .first()
        )
