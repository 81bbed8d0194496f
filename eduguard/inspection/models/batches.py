"""Reopening batches (分批开学, domain.md §5.3) and the bureau's approval that a school meets the
conditions to open (达到开学条件). A school cannot be marked open without that approval."""

from django.conf import settings
from django.db import models

from eduguard.inspection.managers import BatchQuerySet, SchoolRecordQuerySet


class Batch(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField("批次")
    name = models.CharField("名称", max_length=60)
    target_date = models.DateField("计划开学日期")
    schools = models.ManyToManyField("org.School", related_name="batches", verbose_name="学校")

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "开学批次"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["county", "number"], name="one_batch_number")]

    def __str__(self) -> str:
        return f"第{self.number}批：{self.name}"


class OpeningApproval(models.Model):
    school = models.OneToOneField("org.School", on_delete=models.CASCADE, related_name="opening")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="approvals")
    inspection = models.ForeignKey("inspection.Inspection", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    opened_on = models.DateField("开学日期", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SchoolRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "开学审批"

    def __str__(self) -> str:
        return f"{self.school} 达到开学条件"
