"""The work briefing as it was filed (存档): one per county and day, written by the evening task
(or on request from the briefing page), so what went up to the county command can be read again
later, even after late records have changed the figures the live page computes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FiledBriefingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The briefings of the counties the user sees whole (the briefing speaks for the county)."""
        from eduguard.accounts.scope import scope_for

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        scope = scope_for(user)
        return self.all() if scope.everything else self.filter(county_id__in=scope.county_ids)


class FiledBriefing(models.Model):
    """The day's briefing of a county, in Markdown and Word, with the period it covers.

    Filing the same county and day again replaces it (the status goes back to pending while the
    task runs); `generated_at` says when its figures were read."""

    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="+", verbose_name="县")
    date = models.DateField("简报日期")
    since = models.DateField("统计起始日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    title = models.CharField("简报名称", max_length=200, blank=True)
    markdown = models.TextField("Markdown", blank=True)
    docx = models.BinaryField("Word 文件", default=b"", editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请人",
        help_text="空：晚间定时生成",
    )
    requested_at = models.DateTimeField("申请时间")
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)

    objects = FiledBriefingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "已存档简报"
        ordering = ["-date", "county_id"]
        constraints = [models.UniqueConstraint(fields=["county", "date"], name="filed_briefing_once")]

    def __str__(self) -> str:
        return f"{self.title or '工作简报'}（{self.date}）"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
