"""The daily health report (日报告·零报告), its history, follow-ups, class links and tallies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from eduguard.core.county import CarriesCounty, CountyQuerySet
from eduguard.health import linktokens
from eduguard.health.choices import FollowUpStatus, HealthCode, ReporterKind, RuleKind, Source
from eduguard.health.managers import ClassRecordQuerySet, DailyReportQuerySet, FollowUpQuerySet, TallyQuerySet

# The report fields an abnormal rule may test (choices of AbnormalRule.field).
RULE_FIELDS = [
    ("temperature", "体温"),
    ("symptoms", "症状"),
    ("family_symptoms", "家庭成员有发热或症状"),
    ("in_county", "在本县"),
    ("left_county", "起算日后离开过本县"),
    ("contact_three_categories", "接触三类人员"),
    ("contact_outsiders", "接触县外来人"),
    ("health_code", "健康码"),
]


class AbnormalRule(models.Model):
    """One test that makes a report abnormal, e.g. temperature at least 37.3 or health code not green.

    Rules are data: a bureau edits them in the admin; each applies from `effective_from`.
    The reason shown to the head teacher is `label`.
    """

    code = models.SlugField("代码", max_length=40)
    label = models.CharField("异常原因", max_length=60)
    field = models.CharField("检查项", max_length=40, choices=RULE_FIELDS)
    kind = models.CharField("判断方式", max_length=20, choices=RuleKind.choices)
    value = models.JSONField(
        "参数", null=True, blank=True, help_text="阈值或比较值；体温阈值留空时取规则 health.fever_threshold"
    )
    effective_from = models.DateField("生效日期", default=timezone.localdate)
    effective_to = models.DateField("失效日期", null=True, blank=True)
    is_fever = models.BooleanField("计为发热", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "异常判定规则"
        ordering = ["code", "-effective_from"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        from eduguard.core.rules import clear_cache

        super().save(*args, **kwargs)
        clear_cache()


class ClassLink(models.Model):
    """The QR code / link a class's guardians report through. Regenerating revokes the old token."""

    school_class = models.ForeignKey("org.SchoolClass", on_delete=models.CASCADE, related_name="report_links")
    token = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ClassRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "班级填报链接"
        constraints = [
            # One live link per class; regenerating revokes the previous one first.
            models.UniqueConstraint(
                fields=["school_class"], condition=Q(revoked_at__isnull=True), name="one_live_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.token[:6]}…"

    @staticmethod
    def new_token() -> str:
        """A signed token (eduguard/health/linktokens.py): forgeries fail before any look-up."""
        return linktokens.new()

    @property
    def is_signed(self) -> bool:
        return linktokens.is_signed(self.token)


class DailyReport(CarriesCounty):
    """One person's health report for one day: unique per person and date; a resubmission replaces
    it and the earlier version is kept in DailyReportRevision. `school`/`school_class` copy the
    person's placement on the day, so tallies and scope need no join."""

    # Write cost matters here (the morning peak): every index below is named by the query that
    # uses it in docs/performance.md ("Data layout"). The unique (person, date) index serves
    # lookups by person, (school_class, date) those by class and (school, date) those by school,
    # so none of the three gets a single-column index; nothing looks reports up by reporter.
    # The placement copies and the reporter carry no database constraint: each would make every
    # insert lock the school, class or teacher row it names (FOR KEY SHARE), and concurrent
    # reports of one class would queue on those locks. Django still applies on_delete.
    # On PostgreSQL the table is partitioned by month (migration 0008): its key is (id, date).
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="daily_reports", db_index=False
    )
    date = models.DateField("日期")
    school = models.ForeignKey(
        "org.School",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    school_class = models.ForeignKey(
        "org.SchoolClass",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    unit = models.CharField(max_length=24, help_text="the DailyTally unit this report counts in")
    temperature = models.DecimalField("体温", max_digits=3, decimal_places=1)
    symptoms = models.JSONField("症状", default=list, blank=True)
    symptom_note = models.CharField("其他症状", max_length=100, blank=True)
    family_symptoms = models.BooleanField("家庭成员有发热或症状", default=False)
    in_county = models.BooleanField("当前在本县", default=True)
    current_location = models.CharField("当前所在地", max_length=100, blank=True)
    left_county = models.BooleanField("起算日后离开过本县", default=False)
    contact_three_categories = models.BooleanField("接触三类人员", default=False)
    contact_outsiders = models.BooleanField("接触县外来人", default=False)
    health_code = models.CharField(
        "健康码", max_length=10, choices=HealthCode.choices, default=HealthCode.GREEN
    )
    reporter_kind = models.CharField("填报人", max_length=10, choices=ReporterKind.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    submitted_at = models.DateTimeField("提交时间")
    on_time = models.BooleanField("按时", default=True)
    abnormal = models.BooleanField("异常", default=False)
    fever = models.BooleanField("发热", default=False)
    abnormal_reasons = models.JSONField("异常原因", default=list, blank=True)
    revision = models.PositiveIntegerField("版本", default=1)

    objects = DailyReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "健康日报"
        ordering = ["-date", "school_class_id", "person_id"]  # by column: no join, so rows can be locked
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="one_report_per_person_per_day")
        ]
        indexes = [
            models.Index(fields=["school_class", "date"]),
            models.Index(fields=["date", "abnormal"]),
            models.Index(fields=["school", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.date}"


class DailyReportRevision(models.Model):
    """An earlier version of a report, kept when a resubmission replaced it (history appends)."""

    # No database FK (here, in FollowUp and ChainLine): on PostgreSQL daily reports are
    # partitioned by month, so their key is (id, date) and `id` alone has no unique index to
    # reference (docs/performance.md, "Data layout"). Django still cascades on delete.
    report = models.ForeignKey(
        DailyReport, on_delete=models.CASCADE, related_name="revisions", db_constraint=False
    )
    revision = models.PositiveIntegerField()
    data = models.JSONField()
    submitted_at = models.DateTimeField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "日报历史版本"
        ordering = ["report", "revision"]

    def __str__(self) -> str:
        return f"{self.report} v{self.revision}"


class FollowUp(models.Model):
    """The head teacher's follow-up of an abnormal report, closed with a note."""

    # No database FK: reports are partitioned on PostgreSQL (see DailyReportRevision.report).
    report = models.OneToOneField(
        DailyReport, on_delete=models.CASCADE, related_name="follow_up", db_constraint=False
    )
    status = models.CharField(
        "状态", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    reasons = models.JSONField("异常原因", default=list)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField("处理情况", blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "异常跟进"
        ordering = ["status", "-opened_at"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_status_display()}"


class ZeroReport(models.Model):
    """A class's explicit zero report (零报告) for a day: everyone reported, nothing abnormal."""

    school_class = models.ForeignKey("org.SchoolClass", on_delete=models.CASCADE, related_name="zero_reports")
    date = models.DateField("日期")
    expected = models.PositiveIntegerField("应报人数")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)

    objects = ClassRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "零报告"
        constraints = [
            models.UniqueConstraint(fields=["school_class", "date"], name="one_zero_report_per_class_day")
        ]

    def __str__(self) -> str:
        return f"{self.school_class} {self.date} 零报告"


class DailyTally(models.Model):
    """Per unit and day: expected, reported, on time, abnormal, fever — kept up to date by the
    report service in the same transaction as the report, so every roll-up is a SUM over tallies.

    `unit` is "c<class id>" for a class's students, "s<school id>" for a school's staff and
    temporary workers, "b<county id>" for bureau staff (no school).
    """

    date = models.DateField()
    unit = models.CharField(max_length=24)
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, null=True, related_name="+")
    school_class = models.ForeignKey("org.SchoolClass", on_delete=models.CASCADE, null=True, related_name="+")
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="+")
    expected = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    abnormal = models.PositiveIntegerField(default=0)
    fever = models.PositiveIntegerField(default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "日报统计"
        constraints = [models.UniqueConstraint(fields=["date", "unit"], name="one_tally_per_unit_day")]
        indexes = [models.Index(fields=["date", "school"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.date}"


class ChainImport(models.Model):
    """A pasted WeChat 接龙 chain for one class and day, parsed into lines for review."""

    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.CASCADE, related_name="chain_imports"
    )
    date = models.DateField("日期")
    text = models.TextField("接龙原文")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ClassRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "接龙导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.school_class} {self.date} 接龙"


class ChainLine(CarriesCounty):
    """One line of a chain: who (matched to the roster), the temperature, and what needs review."""

    chain = models.ForeignKey(ChainImport, on_delete=models.CASCADE, related_name="lines")
    seq = models.PositiveIntegerField("序号")
    raw = models.CharField("原文", max_length=300)
    name = models.CharField("姓名", max_length=50)
    person = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    temperature = models.DecimalField("体温", max_digits=3, decimal_places=1, null=True, blank=True)
    answers = models.JSONField("提取的回答", default=dict)
    flags = models.JSONField("需复核", default=list)
    # No database FK: reports are partitioned on PostgreSQL (see DailyReportRevision.report).
    report = models.ForeignKey(
        DailyReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "接龙行"
        ordering = ["chain", "seq", "id"]

    def __str__(self) -> str:
        return self.raw
