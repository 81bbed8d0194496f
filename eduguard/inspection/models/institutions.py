"""Kindergartens and off-campus training institutions (幼儿园、校外培训机构, seed 004): the bureau's
registry, its closure orders and their lifting, and the inspection visits that check a closed
place stays closed (inspectors, notices posted, found operating or not). Figures per township are
computed from these rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.org.managers import ScopedQuerySet


class InstitutionQuerySet(ScopedQuerySet):
    """Registry records of the county: seen at county level (the bureau), not by schools."""

    def scope_q(self, s):
        return Q(county_id__in=s.county_ids)


class VisitRecordQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(institution__county_id__in=s.county_ids)


class InstitutionKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", "幼儿园"
    TRAINING = "training", "校外培训机构"


class Ownership(models.TextChoices):
    PUBLIC = "public", "公办"
    PRIVATE = "private", "民办"


class Institution(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="institutions")
    name = models.CharField("名称", max_length=80)
    kind = models.CharField("类别", max_length=15, choices=InstitutionKind.choices)
    ownership = models.CharField("性质", max_length=10, choices=Ownership.choices)
    licence = models.CharField("办学许可证号", max_length=40, blank=True)
    address = models.CharField("地址", max_length=120, blank=True)
    township = models.CharField("乡镇", max_length=30)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "幼儿园和校外培训机构"
        ordering = ["township", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="one_institution_name")]

    def __str__(self) -> str:
        return self.name


class ClosureOrder(models.Model):
    """停园停学: from the order until the bureau permits reopening."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="closures")
    ordered_on = models.DateField("停办日期")
    reason = models.CharField("依据", max_length=120)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_on = models.DateField("准予复课日期", null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = VisitRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "停办令"
        ordering = ["-ordered_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=models.F("ordered_on")),
                name="closure_lifted_after_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.ordered_on}"


class InstitutionVisit(models.Model):
    """A visit to check a closed place (走访巡查): how many went (人次), notices posted."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField("日期")
    inspectors = models.CharField("检查人员", max_length=100)
    people = models.PositiveSmallIntegerField("人数")
    notices = models.PositiveSmallIntegerField("张贴通知（份）", default=0)
    found_operating = models.BooleanField("发现违规办学", default=False)
    note = models.CharField("情况", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = VisitRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "走访巡查"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.date}"
