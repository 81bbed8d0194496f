"""Screening campaigns (大排查), their answers, and the county's risk categories.

A category (一类/二类/三类, 三返, 在武汉就读 …) is county data with a rule over the answers;
the rules propose, a person with the right role confirms or overrides, and every change is a
new PersonCategory row: the history is never overwritten (domain.md §4.2, §4.5).
"""

from django.conf import settings
from django.db import models

from eduguard.core.county import CarriesCounty
from eduguard.screening.managers import CampaignQuerySet, PersonCategoryQuerySet, ResponseQuerySet

# The yes/no answers a screening asks; category rules are written over these names.
ANSWERS = {
    "left_county": "1月15日（起算日）后离开过本县",
    "hubei_since_cutoff": "起算日后到过或途经湖北（武汉）",
    "studying_in_wuhan": "在武汉就读或工作",
    "contact_case": "接触过确诊、疑似病例或一类人员",
    "contact_outsiders": "接触过县外（省外）返回人员",
    "returned_from_outside": "从县外返乡、返岗、返校（三返）",
    "family_symptoms": "共同居住家人有发热或呼吸道症状",
}


class RiskLevel(models.TextChoices):
    HIGH = "high", "高风险"
    MEDIUM = "medium", "中风险"
    LOW = "low", "低风险"


class RiskCategory(models.Model):
    """A county-defined category. `rule` = {"any": [...]} or {"all": [...]}: each item an
    answer name (true) or "cat:<code>" (already in that category)."""

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="risk_categories")
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("名称", max_length=30)
    definition = models.TextField("定义")
    risk_level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices)
    management = models.TextField("管理要求", blank=True)
    quarantine_days = models.PositiveSmallIntegerField("居家隔离天数", default=0)
    rule = models.JSONField("判定规则", default=dict, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "风险类别"
        ordering = ["county", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="one_category_code_per_county")
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField("名称", max_length=100)
    cut_off = models.DateField("起算日期")
    opened_on = models.DateField("开始日期")
    deadline = models.DateField("截止日期")
    includes_staff = models.BooleanField("含教职工", default=True)
    includes_students = models.BooleanField("含学生", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "排查"
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.name


class ScreeningResponse(CarriesCounty):
    """One person's answers in one campaign; filling again replaces them (changes audited)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="screenings")
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, null=True, related_name="+")
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    left_county = models.BooleanField(ANSWERS["left_county"], default=False)
    trips = models.JSONField("行程", default=list, blank=True, help_text="[{place, left_on, back_on}]")
    hubei_since_cutoff = models.BooleanField(ANSWERS["hubei_since_cutoff"], default=False)
    studying_in_wuhan = models.BooleanField(ANSWERS["studying_in_wuhan"], default=False)
    contact_case = models.BooleanField(ANSWERS["contact_case"], default=False)
    contact_outsiders = models.BooleanField(ANSWERS["contact_outsiders"], default=False)
    returned_from_outside = models.BooleanField(ANSWERS["returned_from_outside"], default=False)
    family_symptoms = models.BooleanField(ANSWERS["family_symptoms"], default=False)
    note = models.CharField("备注", max_length=200, blank=True)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filled_at = models.DateTimeField("填报时间")

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "排查记录"
        ordering = ["campaign", "school_id", "school_class_id", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="one_response_per_person_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.person}"


class CategoryStatus(models.TextChoices):
    PROPOSED = "proposed", "系统判定"
    CONFIRMED = "confirmed", "已确认"
    OVERRIDDEN = "overridden", "人工改判"


class PersonCategory(CarriesCounty):
    """A person in a category from `valid_from`; ended (valid_to) rather than deleted."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="risk_categories")
    category = models.ForeignKey(RiskCategory, on_delete=models.PROTECT, related_name="people")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, null=True, related_name="+")
    school_class = models.ForeignKey(
        "org.SchoolClass", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=CategoryStatus.choices)
    reason = models.CharField("理由", max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateTimeField("起")
    valid_to = models.DateTimeField("止", null=True, blank=True)
    # Why and by whom the row was ended: a decision (confirmed, overridden, removed) or, blank,
    # a proposal withdrawn because the answers changed.
    end_reason = models.CharField("结束理由", max_length=200, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PersonCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人员风险类别"
        ordering = ["person_id", "-valid_from"]
        indexes = [models.Index(fields=["category", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.person} {self.category}"
