"""Special meetings (专题会议, seed 000 (一) "先后多次召开专题会议") and their decisions, each an
action item with an owner in the chain, a deadline and a status (open, done with a closing note,
cancelled). Status changes are recorded in the change log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eduguard.command.choices import ActionStatus
from eduguard.command.managers import ActionItemQuerySet, UnitRecordQuerySet


def _minutes_path(instance, filename: str) -> str:
    return f"meetings/{instance.date:%Y}/{filename}"


class Meeting(models.Model):
    """A meeting of the bureau (school empty) or of a school."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县"))
    school = models.ForeignKey(
        "org.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("学校"),
    )
    date = models.DateField(_("会议日期"))
    topic = models.CharField(_("议题"), max_length=200)
    chair = models.CharField(_("主持人"), max_length=30)
    attendees = models.TextField(_("参会人员"), blank=True)
    summary = models.TextField(_("会议内容"), blank=True)
    minutes = models.FileField(_("会议纪要"), upload_to=_minutes_path, max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("专题会议")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["county", "school", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("command:meeting", args=[self.pk])

    @property
    def unit_name(self) -> str:
        return self.school.name if self.school_id else self.county.bureau_name


class ActionItem(models.Model):
    """A decision of a meeting, to be carried out by its owner by the deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("事项"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="command_actions",
        verbose_name=_("责任人"),
    )
    deadline = models.DateField(_("办结期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closing_note = models.CharField(_("办结情况"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("会议议定事项")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="action_closed_when_not_open",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(closing_note=""), name="action_done_noted"
            ),
        ]
        indexes = [
            # Consumer: the owner's "我的待办" block and the dashboard's overdue count.
            models.Index(fields=["owner", "deadline"], condition=Q(status="open"), name="action_open_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("command:action", args=[self.pk])

    def is_overdue(self, day) -> bool:
        return self.status == ActionStatus.OPEN and self.deadline < day
