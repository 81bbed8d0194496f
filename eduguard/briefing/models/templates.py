"""The work briefing's template (工作简报): its masthead and its sections, editable in the admin. A
section's text is one sentence per line, each with {{ figure }} placeholders; a sentence whose
figures have no data for the period is left out, and a section with none left is left out too."""

from django.db import models


class BriefingTemplate(models.Model):
    county = models.ForeignKey(
        "org.County",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="县",
        help_text="空：各县通用",
    )
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("名称", max_length=60)
    title = models.CharField("简报名称", max_length=120, help_text="可用 {{ bureau }}（教育局名称）")
    issuer = models.CharField("编发单位", max_length=120, help_text="可用 {{ bureau }}")
    headline = models.CharField("标题", max_length=120, blank=True)
    opening = models.TextField("导语", blank=True, help_text="每行一句，可用 {{ 数据项 }}")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "简报模板"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="briefing_template_once")]

    def __str__(self) -> str:
        return self.name


class BriefingSection(models.Model):
    template = models.ForeignKey(BriefingTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    heading = models.CharField("小标题", max_length=20, help_text="如 外防输入")
    lead = models.CharField("要点", max_length=60, blank=True, help_text="如 扎实开展人员大排查")
    body = models.TextField("正文", help_text="每行一句，可用 {{ 数据项 }}；数据缺失的句子不出现")

    class Meta:
        verbose_name = verbose_name_plural = "简报段落"
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return f"{self.heading}，{self.lead}" if self.lead else self.heading
