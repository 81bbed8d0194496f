"""Task forces (工作专班, seed 000 (一)): the bureau's at county level and one per school, each with
its members, their roles (组长, 副组长, 成员, 联络员 on 24-hour duty) and contact phones, sealed like
the roster's (shown masked; unmasking needs org.unmask_person and is logged)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eduguard.command.choices import MemberRole
from eduguard.command.managers import MemberQuerySet, UnitRecordQuerySet
from eduguard.org.models import SealedContactMixin


class TaskForce(models.Model):
    """One task force of the bureau (school empty) or of a school, in force from `starts_on` to
    `ends_on` (open while empty)."""

    county = models.ForeignKey("org.County", on_delete=models.PROTECT, related_name="+", verbose_name=_("县"))
    school = models.ForeignKey(
        "org.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_forces",
        verbose_name=_("学校"),
    )
    name = models.CharField(_("名称"), max_length=100)
    duties = models.TextField(_("职责"), blank=True)
    starts_on = models.DateField(_("成立日期"))
    ends_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("工作专班")
        ordering = ["school__code", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="taskforce_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["county", "school", "starts_on"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("command:task-force", args=[self.pk])

    @property
    def unit_name(self) -> str:
        return self.school.name if self.school_id else self.county.bureau_name


class TaskForceMember(SealedContactMixin):
    """A member with a role in the task force; `user` links an account when the member has one."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("职务"), max_length=60, blank=True, help_text=_("如 局长、副校长"))
    role = models.CharField(_("专班职务"), max_length=10, choices=MemberRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("账号"),
    )
    starts_on = models.DateField(_("起"), null=True, blank=True)
    ends_on = models.DateField(_("止"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("专班成员")
        ordering = ["task_force", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="member_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_force} {self.get_role_display()} {self.name}"

    def get_absolute_url(self) -> str:
        return self.task_force.get_absolute_url()
