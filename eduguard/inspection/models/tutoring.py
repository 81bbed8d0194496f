"""Cases of serving teachers' paid tutoring (在职教师违规补课, seed 004): a report, its investigation
and outcome. Discipline records: only the roles of the rule `inspection.discipline_roles` (纪检监察
by default) see them, over the county or the school they hold that role for; the roster roles of
the school (its principal, the bureau's staff) do not. Every step is kept (CaseStep)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.org.managers import ScopedQuerySet


class CaseQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        return Q(county_id__in=s.county_ids) | Q(school_id__in=s.school_ids)

    def visible_to(self, user):
        from eduguard.accounts.scope import role_scope

        s = role_scope(user, "inspection.discipline_roles")
        return self.all() if s.everything else self.filter(self.scope_q(s))


class CaseSource(models.TextChoices):
    HOTLINE = "hotline", "举报电话"
    LETTER = "letter", "来信来访"
    ONLINE = "online", "网络舆情"
    SCHOOL = "school", "学校排查"
    PATROL = "patrol", "督导巡查"
    OTHER = "other", "其他"


class CaseStatus(models.TextChoices):
    REPORTED = "reported", "已受理"
    INVESTIGATING = "investigating", "调查中"
    CONCLUDED = "concluded", "已办结"


class CaseOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", "查无实据"
    WARNING = "warning", "批评教育、诫勉谈话"
    NOTICE = "notice", "通报批评"
    REFUND = "refund", "责令退还费用并通报"
    SANCTION = "sanction", "党纪政务处分"
    OTHER = "other", "其他处理"


class TutoringCase(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="tutoring_cases")
    school = models.ForeignKey(
        "org.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="学校"
    )
    teacher = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="教师"
    )
    teacher_name = models.CharField("被反映教师", max_length=30)
    source = models.CharField("线索来源", max_length=10, choices=CaseSource.choices)
    reported_on = models.DateField("受理日期")
    summary = models.CharField("反映问题", max_length=500)
    status = models.CharField("状态", max_length=15, choices=CaseStatus.choices, default=CaseStatus.REPORTED)
    investigators = models.CharField("调查人员", max_length=100, blank=True)
    findings = models.CharField("调查情况", max_length=500, blank=True)
    outcome = models.CharField("处理结果", max_length=10, choices=CaseOutcome.choices, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "在职教师违规补课案件"
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CONCLUDED) | (~Q(outcome="") & Q(concluded_on__isnull=False)),
                name="concluded_case_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher_name} {self.reported_on}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspection:case", args=[self.pk])


class CaseStep(models.Model):
    """One step of a case (受理, 调查, 办结), append-only."""

    case = models.ForeignKey(TutoringCase, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=15, choices=CaseStatus.choices)
    note = models.CharField("记录", max_length=500)

    class Meta:
        verbose_name = verbose_name_plural = "案件办理记录"
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"
