"""晨午晚检 (domain.md §3.1): a class's check at each session of the day, listing only the students
with a finding (absent, a temperature, a symptom). A check with no findings is the class's
explicit zero report. The class and school summaries are computed from these rows."""

from django.conf import settings
from django.db import models

from eduguard.core.county import CarriesCounty
from eduguard.health.choices import AbsenceKind, CheckAction, CheckSession
from eduguard.health.managers import CheckQuerySet, FindingQuerySet


class HealthCheck(models.Model):
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.CASCADE, related_name="health_checks"
    )
    date = models.DateField("日期")
    session = models.CharField("检查时段", max_length=10, choices=CheckSession.choices)
    expected = models.PositiveIntegerField("班级人数", help_text="在册学生数（提交时）")
    zero_report = models.BooleanField("零报告", default=False)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="检查人",
    )
    submitted_at = models.DateTimeField("首次提交时间")
    updated_at = models.DateTimeField("最后修改时间")
    revision = models.PositiveIntegerField("版本", default=1)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "晨午晚检"
        ordering = ["-date", "school_class_id", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "date", "session"], name="one_check_per_class_session"
            )
        ]
        indexes = [models.Index(fields=["date", "session"])]

    def __str__(self) -> str:
        return f"{self.school_class} {self.date} {self.get_session_display()}"


class HealthCheckFinding(CarriesCounty):
    """One student with something to record at a check (the 晨午检登记表 row)."""

    health_check = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="findings")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="check_findings")
    present = models.BooleanField("出勤", default=True)
    absence_kind = models.CharField("缺勤原因", max_length=10, choices=AbsenceKind.choices, blank=True)
    temperature = models.DecimalField("体温", max_digits=3, decimal_places=1, null=True, blank=True)
    symptoms = models.JSONField("症状", default=list, blank=True)
    symptom_note = models.CharField("其他症状", max_length=100, blank=True)
    seen_doctor = models.BooleanField("已就诊", default=False)
    hospital = models.CharField("就诊医院", max_length=100, blank=True)
    diagnosis = models.CharField("初步诊断", max_length=100, blank=True)
    action = models.CharField("处理措施", max_length=12, choices=CheckAction.choices, blank=True)
    absence = models.ForeignKey(
        "health.SickAbsence", on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "晨午晚检发现"
        ordering = ["health_check", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["health_check", "person"], name="one_finding_per_check_person")
        ]

    def __str__(self) -> str:
        return f"{self.health_check} · {self.person}"
