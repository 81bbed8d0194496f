"""The registry of 接龙报平安 groups (domain.md §7.2, §9): the WeChat groups through which classes,
grades and staff report "I'm safe" each day. The groups live in WeChat; the platform keeps which
unit each one serves, so the briefing can say how many there are and whom they reach."""

from django.db import models
from django.db.models import Q


class ChatKind(models.TextChoices):
    CLASS = "class", "班级家长群"
    GRADE = "grade", "年级群"
    STAFF = "staff", "教职工群"


class ChatGroup(models.Model):
    school = models.ForeignKey(
        "org.School", on_delete=models.CASCADE, related_name="chat_groups", verbose_name="学校"
    )
    grade = models.ForeignKey(
        "org.Grade", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="年级"
    )
    school_class = models.ForeignKey(
        "org.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="班级",
    )
    kind = models.CharField("类型", max_length=10, choices=ChatKind.choices)
    name = models.CharField("群名称", max_length=60)
    owner = models.CharField("群主", max_length=30, blank=True)
    created_on = models.DateField("建群日期")

    class Meta:
        verbose_name = verbose_name_plural = "接龙报平安群"
        ordering = ["school", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="class") & Q(school_class__isnull=False))
                | (Q(kind="grade") & Q(grade__isnull=False, school_class__isnull=True))
                | (Q(kind="staff") & Q(grade__isnull=True, school_class__isnull=True)),
                name="chat_group_unit_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name
