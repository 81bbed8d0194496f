"""The outbox: every message is a row written in the same transaction as its cause, then delivered
by a worker that claims it with a conditional UPDATE (DESIGN principle 4)."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from eduguard.core import crypto
from eduguard.core.masking import mask_phone


class Channel(models.TextChoices):
    CONSOLE = "console", "控制台（开发）"
    SMS = "sms", "短信"
    WECOM = "wecom", "企业微信"


class Status(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "失败"


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Messages about the units the user sees whole: their county's, and their schools'. Counts
        are shown, never bodies or phones, but a county's traffic is still its own."""
        from eduguard.accounts.scope import scope_for

        scope = scope_for(user)
        if scope.everything:
            return self
        return self.filter(Q(county_id__in=scope.county_ids) | Q(school_id__in=scope.school_ids))


class Message(models.Model):
    """One message to one recipient (a phone or a user) through one channel. `school` and `county`
    say what it is about (the school of the person concerned), so traffic can be counted per unit."""

    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    kind = models.CharField("类型", max_length=30, help_text="e.g. health.reminder, health.escalation")
    # A retried job must not send twice: the cause names each message (kind, day, step, recipient).
    dedupe_key = models.CharField(max_length=200, unique=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField("收件人", max_length=60, blank=True)
    phone_enc = models.TextField(blank=True, default="")
    phone_masked = models.CharField("手机号", max_length=20, blank=True)
    body = models.TextField("内容")
    county = models.ForeignKey(
        "org.County", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="县"
    )
    school = models.ForeignKey(
        "org.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="学校"
    )
    notice = models.ForeignKey(
        "outreach.Notice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="群发通知",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set with status "sending": a claim older than services.CLAIM_TIMEOUT is a dead worker's.
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            # Consumer: notify.services.claim_next, which takes the oldest pending row or the oldest
            # row whose "sending" claim has expired (its worker died).
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="message_unsent_idx",
            ),
            models.Index(fields=["kind", "status"]),
            # Consumer: outreach.services.messages.traffic, counting a county's messages by channel and kind.
            models.Index(fields=["county", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_name or self.phone_masked}"

    def set_phone(self, normalised: str) -> None:
        self.phone_enc = crypto.encrypt(normalised)
        self.phone_masked = mask_phone(normalised)

    def reveal_phone(self) -> str:
        return crypto.decrypt(self.phone_enc)

    def idempotency_key(self) -> str:
        """What a channel passes as the gateway's idempotency key (an SMS platform's OutId): the
        same on every attempt at this message, so a resend after a worker crash is dropped by a
        gateway that already accepted it; different for every message."""
        return hashlib.sha256(f"{self.pk}:{self.dedupe_key}".encode()).hexdigest()[:32]
