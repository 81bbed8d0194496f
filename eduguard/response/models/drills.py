"""Emergency drills (应急演练, domain.md §5.7 end): the reopening acceptance asks for them."""

from django.conf import settings
from django.db import models

from eduguard.response.choices import DrillScenario
from eduguard.response.managers import DrillQuerySet


class Drill(models.Model):
    school = models.ForeignKey("org.School", on_delete=models.CASCADE, related_name="drills")
    scenario = models.CharField("演练科目", max_length=20, choices=DrillScenario.choices)
    held_on = models.DateField("演练日期")
    participants = models.PositiveIntegerField("参加人数")
    problems = models.TextField("发现的问题", blank=True)
    improvements = models.TextField("整改措施", blank=True)
    file = models.FileField("照片或记录", upload_to="drills/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DrillQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急演练"
        ordering = ["school", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_scenario_display()} {self.held_on}"
