"""Enqueue in the caller's transaction; deliver by claiming rows one at a time."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from eduguard.notify.channels import CHANNELS
from eduguard.notify.channels.http import DeliveryError
from eduguard.notify.models import Message, Status

MAX_ATTEMPTS = 5


def enqueue(
    *,
    channel: str,
    kind: str,
    dedupe_key: str,
    body: str,
    phone: str = "",
    user=None,
    name: str = "",
    school_id: int | None = None,
    county_id: int | None = None,
) -> bool:
    """Write one message unless one with the same key exists. Returns whether it was new.
    `school_id`/`county_id`: the unit the message is about (the person's school), for counting."""
    message = Message(
        channel=channel,
        kind=kind,
        dedupe_key=dedupe_key[:200],
        body=body,
        recipient_user=user,
        recipient_name=name[:60],
        school_id=school_id,
        county_id=county_id,
    )
    if phone:
        message.set_phone(phone)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return False
    return True


def deliver_pending(limit: int = 500) -> dict[str, int]:
    """Send up to `limit` pending messages; each is claimed by a conditional UPDATE, so several
    workers can run this at once without sending anything twice."""
    counts = {"sent": 0, "failed": 0, "retry": 0}
    ids = list(
        Message.objects.filter(status=Status.PENDING)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        claimed = Message.objects.filter(pk=pk, status=Status.PENDING).update(status=Status.SENDING)
        if not claimed:
            continue  # another worker took it
        message = Message.objects.get(pk=pk)
        message.attempts += 1
        try:
            CHANNELS[message.channel].send(message)
        except (DeliveryError, KeyError) as exc:
            message.last_error = str(exc)[:300]
            message.status = Status.FAILED if message.attempts >= MAX_ATTEMPTS else Status.PENDING
            counts["failed" if message.status == Status.FAILED else "retry"] += 1
        else:
            message.status = Status.SENT
            message.sent_at = timezone.now()
            counts["sent"] += 1
        message.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return counts


def phone_channel() -> str:
    """The channel for messages to phones: SMS when a gateway is configured, else the console."""
    return "sms" if settings.SMS_GATEWAY_URL else "console"


def staff_channel() -> str:
    """The channel for messages to staff accounts: the WeCom robot when configured, else the console."""
    return "wecom" if settings.WECOM_WEBHOOK_URL else "console"
