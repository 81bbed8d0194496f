"""Medical staff stationed at schools (驻校医护人员, seed 000): the county's hospitals and township
health centres sent doctors and nurses to the schools of their grid for the first two weeks after
opening. A posting that covers a school's opening day is one of its readiness conditions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.inspection.managers import SchoolRecordQuerySet


class MedicalRole(models.TextChoices):
    DOCTOR = "doctor", "医生"
    NURSE = "nurse", "护士"
    PUBLIC_HEALTH = "public_health", "公共卫生医师"


class MedicalPosting(models.Model):
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="medical_postings")
    hospital = models.CharField("派出单位", max_length=60)
    name = models.CharField("姓名", max_length=30)
    role = models.CharField("岗位", max_length=15, choices=MedicalRole.choices)
    starts_on = models.DateField("驻校开始")
    ends_on = models.DateField("驻校结束")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "驻校医护人员"
        ordering = ["school", "starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="posting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.hospital} {self.name}"
