"""Bulk notices to the families or staff of a unit (家校互动): one row per notice, its messages in
the outbox (notify.Message.notice)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Audience(models.TextChoices):
    GUARDIANS = "guardians", "学生家长（每生一位监护人）"
    ALL_GUARDIANS = "all_guardians", "学生的全部监护人"
    STAFF = "staff", "教职工"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notices to a unit the user sees, and those the user sent."""
        from eduguard.accounts.scope import scope_for

        scope = scope_for(user)
        if scope.everything:
            return self
        return self.filter(
            Q(created_by=user)
            | Q(school__isnull=True, county_id__in=scope.county_ids)
            | Q(school_id__in=scope.school_ids)
            | Q(grade_id__in=scope.grade_ids)
            | Q(school_class_id__in=scope.class_ids)
        )


class Notice(models.Model):
    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="+", verbose_name="县")
    # The unit written to: the narrowest one set (all empty: the whole county).
    school = models.ForeignKey(
        "org.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="学校"
    )
    grade = models.ForeignKey(
        "org.Grade", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="年级"
    )
    school_class = models.ForeignKey(
        "org.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="班级",
    )
    audience = models.CharField("对象", max_length=20, choices=Audience.choices)
    channel = models.CharField("渠道", max_length=10)
    signature = models.CharField("签名", max_length=30)
    body = models.TextField("内容")
    recipients = models.PositiveIntegerField("收件人数")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发送人"
    )
    created_at = models.DateTimeField("发送时间", auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "群发通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_class__isnull=True) | Q(grade__isnull=False),
                name="notice_class_has_grade",
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(school__isnull=False), name="notice_grade_has_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name()} {self.created_at:%Y-%m-%d %H:%M}"

    def unit(self):
        return self.school_class or self.grade or self.school or self.county

    def unit_name(self) -> str:
        if self.school_class_id:
            return f"{self.school.name}{self.school_class.name}"
        if self.grade_id:
            return f"{self.school.name}{self.grade.name}"
        return self.school.name if self.school_id else self.county.name

    def text(self) -> str:
        """The message as a recipient reads it."""
        return f"【{self.signature}】{self.body}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:notice", args=[self.pk])
