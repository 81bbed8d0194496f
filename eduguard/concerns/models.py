"""The public concerns register (舆情、信访, seed 000: 做好舆情处置、信访维稳等工作): rumours, complaints,
petitions, media enquiries and 12345 hotline tickets, each with its owner, deadline, response and
closure. Only the roles of the rule `concerns.handler_roles` see them: at county level every item
of the county, over a grid or a school the items that name one of its schools. Every step is kept
(ConcernStep)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.concerns.choices import Channel, ConcernKind, ConcernStatus
from eduguard.org.managers import ScopedQuerySet

RULE = "concerns.handler_roles"


class ConcernQuerySet(ScopedQuerySet):
    def scope_q(self, s):
        named = Concern.schools.through.objects.filter(school_id__in=s.school_ids).values("concern_id")
        return Q(county_id__in=s.county_ids) | Q(id__in=named)

    def visible_to(self, user):
        from eduguard.accounts.scope import role_scope

        s = role_scope(user, RULE)
        return self.all() if s.everything else self.filter(self.scope_q(s))

    def pending(self):
        return self.exclude(status=ConcernStatus.CLOSED)

    def overdue(self, day):
        """Not closed and past the deadline on `day` (shown red on the list)."""
        return self.pending().filter(deadline__lt=day)


class Concern(models.Model):
    """One rumour, complaint, petition, media enquiry or hotline ticket; no school = county-wide."""

    county = models.ForeignKey("org.County", on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField("类别", max_length=10, choices=ConcernKind.choices)
    channel = models.CharField("来源渠道", max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField("受理时间")
    subject = models.CharField("事由", max_length=100)
    description = models.TextField("主要内容")
    schools = models.ManyToManyField("org.School", blank=True, related_name="+", verbose_name="涉及学校")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="责任人"
    )
    deadline = models.DateField("办理期限")
    status = models.CharField(
        "状态", max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    response = models.TextField("答复内容", blank=True)
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "舆情信访事项"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ConcernStatus.CLOSED) | Q(closed_at__isnull=False),
                name="closed_concern_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.OPEN) | ~Q(response="") | Q(status=ConcernStatus.CLOSED),
                name="responded_concern_has_response",
            ),
        ]
        # The list's overdue count and filter: open items by deadline (ConcernQuerySet.overdue).
        indexes = [models.Index(fields=["county", "status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("concerns:concern", args=[self.pk])

    def is_overdue(self, day) -> bool:
        return self.status != ConcernStatus.CLOSED and self.deadline < day


class ConcernStep(models.Model):
    """One step of an item (受理, 答复, 办结, 转交), append-only."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=ConcernStatus.choices)
    note = models.CharField("记录", max_length=500)

    class Meta:
        verbose_name = verbose_name_plural = "舆情信访办理记录"
        ordering = ["concern", "at", "id"]

    def __str__(self) -> str:
        return f"{self.concern} {self.get_status_display()}"
