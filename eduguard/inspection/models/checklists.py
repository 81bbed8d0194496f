"""Checklists are data (DESIGN principle 2): versioned templates of items, edited in the admin and
seeded with the defaults of domain.md §5.1–5.6 (services.defaults). An item may be answered from
the records (its `auto` check, services.auto) or only by the inspector."""

from django.db import models

from eduguard.inspection.managers import ChecklistQuerySet


class TemplateKind(models.TextChoices):
    PRE_OPENING = "pre_opening", "开学前准备（七项准备）"
    INSPECTION = "inspection", "开学条件检查"
    CLOSED_CAMPUS = "closed_campus", "封闭管理（五个一律）"
    ISOLATION_ROOM = "isolation_room", "临时隔离室"


class AutoCheck(models.TextChoices):
    """Items the records answer (services.auto)."""

    DOCUMENTS = "documents", "两案九制文件齐全并审定"
    DRILLS = "drills", "规定科目均已演练"
    ISOLATION_ROOM = "isolation_room", "已设临时隔离室"
    HYGIENE = "hygiene", "当天通风消毒全部达标"
    RETURNERS_CLEARED = "returners_cleared", "返校人员均已解除隔离、准予返校"
    DAILY_REPORTS = "daily_reports", "日报告、零报告在运行"
    REOPENING_PLAN = "reopening_plan", "一校一策开学方案已审定"
    MEDICAL_STAFF = "medical_staff", "开学日有驻校医护人员"
    SUPPLIES = "supplies", "防疫物资够储备天数"
    TASK_FORCE = "task_force", "已成立学校疫情防控工作专班"


class ChecklistTemplate(models.Model):
    code = models.SlugField("代码", max_length=40)
    version = models.PositiveIntegerField("版本", default=1)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类别", max_length=20, choices=TemplateKind.choices)
    effective_from = models.DateField("生效日期")
    active = models.BooleanField("启用", default=True)
    source = models.CharField("依据", max_length=200, blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "检查清单"
        ordering = ["kind", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_template_version")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("序号")
    code = models.SlugField("代码", max_length=40)
    text = models.CharField("检查内容", max_length=300)
    auto = models.CharField("自动判定", max_length=30, choices=AutoCheck.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查项目"
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_item_code_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"
