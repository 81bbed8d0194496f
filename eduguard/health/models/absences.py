"""因病缺勤追踪 and 复课证明 (domain.md §3.2, §3.4).

Every absence a check records (or a head teacher registers) is a SickAbsence: a sick one is
followed up to its outcome; one of unknown cause is chased the same morning until the head
teacher records the cause. A sick absence with an infectious disease or a fever needs a return
certificate that the school doctor approves before the student may be marked present again.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eduguard.core.county import CarriesCounty
from eduguard.health.choices import (
    AbsenceKind,
    CertificateStatus,
    ContactMethod,
    DiagnosisStage,
    HospitalLevel,
    Infectious,
    Outcome,
)
from eduguard.health.managers import AbsencePartQuerySet, AbsenceQuerySet


class SickAbsence(CarriesCounty):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="absences")
    # The placement on the first day, so scope and the class register need no join.
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, null=True, related_name="+")
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.SET_NULL, null=True, blank=True, related_name="absences"
    )
    kind = models.CharField(
        "缺勤类型", max_length=10, choices=AbsenceKind.choices, default=AbsenceKind.UNKNOWN
    )
    started_on = models.DateField("缺勤日期")
    half_days = models.PositiveSmallIntegerField("缺勤（半天）", default=1, help_text="以0.5天为单位")
    onset_on = models.DateField("发病日期", null=True, blank=True)
    symptoms = models.JSONField("症状", default=list, blank=True)
    symptom_note = models.CharField("其他症状", max_length=100, blank=True)
    seen_doctor = models.BooleanField("已就诊", default=False)
    hospital = models.CharField("就诊医院", max_length=100, blank=True)
    diagnosis = models.CharField("诊断", max_length=100, blank=True)
    diagnosis_stage = models.CharField("诊断类型", max_length=10, choices=DiagnosisStage.choices, blank=True)
    infectious = models.CharField(
        "是否传染病", max_length=10, choices=Infectious.choices, default=Infectious.UNKNOWN
    )
    disease = models.CharField("传染病名称", max_length=60, blank=True)
    outcome = models.CharField("转归", max_length=12, choices=Outcome.choices, blank=True)
    expected_return = models.DateField("预计返校日期", null=True, blank=True)
    returned_on = models.DateField("返校日期", null=True, blank=True)
    # Set by the service from the rule health.certificate_required_for when the facts change.
    needs_certificate = models.BooleanField("须复课证明", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "缺勤登记"
        ordering = ["-started_on", "person_id"]
        constraints = [
            models.CheckConstraint(condition=Q(half_days__gte=1), name="absence_at_least_half_a_day"),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("started_on")),
                name="absence_returns_after_start",
            ),
        ]
        indexes = [models.Index(fields=["school", "started_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.started_on} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None

    @property
    def days(self):
        return self.half_days / 2


class AbsenceFollowUp(models.Model):
    """One contact with the family about an absence: when, how, and how the student is."""

    absence = models.ForeignKey(SickAbsence, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField("日期")
    method = models.CharField("方式", max_length=10, choices=ContactMethod.choices)
    status = models.CharField("病情/情况", max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = AbsencePartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "缺勤跟进"
        ordering = ["absence", "on", "id"]

    def __str__(self) -> str:
        return f"{self.absence} · {self.on}"


class ReturnCertificate(models.Model):
    """The hospital's certificate as brought in, the school doctor's review, and the school's
    return certificate (numbered, printed in two copies) when approved."""

    absence = models.ForeignKey(SickAbsence, on_delete=models.CASCADE, related_name="certificates")
    hospital = models.CharField("出具医院", max_length=100)
    hospital_level = models.CharField("医院等级", max_length=12, choices=HospitalLevel.choices)
    issued_on = models.DateField("证明日期")
    file = models.FileField("证明扫描件", upload_to="certificates/%Y/%m/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        "审核结果", max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.PENDING
    )
    review_note = models.CharField("校医意见", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_on = models.DateField("准予复课日期", null=True, blank=True)
    number = models.CharField("复课证明编号", max_length=40, blank=True)

    objects = AbsencePartQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "复课证明"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="certificate_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number or f"{self.absence.person} {self.issued_on}"
