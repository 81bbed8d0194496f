from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from eduguard.core.rules import RULES, clear_cache


class RuleValue(models.Model):
    """A bureau's value for one declared rule (eduguard/core/rules.py), in force from a date."""

    # No `choices=` here: declaring a rule must not need a migration. The admin offers the list.
    name = models.CharField("规则", max_length=60)
    value = models.JSONField("取值")
    effective_from = models.DateField("生效日期", default=timezone.localdate)
    source_ref = models.CharField("依据", max_length=200, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "规则取值"
        ordering = ["name", "-effective_from"]
        indexes = [models.Index(fields=["name", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.name} = {self.value}（{self.effective_from} 起）"

    def clean(self):
        rule = RULES.get(self.name)
        if rule is None:
            raise ValidationError({"name": "未声明的规则"})
        if not isinstance(self.value, type(rule.default)) and not (
            isinstance(rule.default, float) and isinstance(self.value, int)
        ):
            raise ValidationError({"value": f"取值类型应与默认值 {rule.default!r} 相同"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        clear_cache()
