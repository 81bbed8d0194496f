"""Enqueue in the caller's transaction; deliver by claiming rows one at a time."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from eduguard.notify.channels import CHANNELS
from eduguard.notify.channels.http import DeliveryError
from eduguard.notify.models import Message, Status

MAX_ATTEMPTS = 5
# A claim older than this belongs to a worker that died between claiming a message and marking
# it: the message is sent again. Far longer than one channel call (channels.http: 10 s timeout).
CLAIM_TIMEOUT = dt.timedelta(minutes=2)
_CLAIM_TRIES = 20  # without SKIP LOCKED: rows a worker tries before it concludes another has them all


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


def claim_next(
    *,
    now: dt.datetime | None = None,
    claim_timeout: dt.timedelta = CLAIM_TIMEOUT,
    exclude: Iterable[int] = (),
) -> Message | None:
    """Claim the oldest deliverable message for this worker: status "sending", the claim time, one
    more attempt. Deliverable: pending, or "sending" under a claim older than `claim_timeout`;
    not one of `exclude` (those this round of deliveries has tried already).

    Where the database has SKIP LOCKED (PostgreSQL) the row is locked while it is claimed and
    concurrent workers pass over it to the next one instead of queueing behind it. Elsewhere
    (SQLite, which takes one write at a time) a conditional UPDATE decides, as before: a worker
    whose UPDATE finds the row already claimed tries the next.
    """
    now = now or timezone.now()
    deliverable = (
        Message.objects.filter(
            Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_at__lt=now - claim_timeout)
        )
        .exclude(pk__in=list(exclude))
        .order_by("created_at", "id")
    )
    claim = {"status": Status.SENDING, "claimed_at": now, "attempts": F("attempts") + 1}
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            pk = deliverable.select_for_update(skip_locked=True).values_list("id", flat=True).first()
            if pk is None:
                return None
            Message.objects.filter(pk=pk).update(**claim)
        return Message.objects.get(pk=pk)
    for pk in deliverable.values_list("id", flat=True)[:_CLAIM_TRIES]:
        if deliverable.filter(pk=pk).update(**claim):
            return Message.objects.get(pk=pk)
    return None


def deliver_pending(limit: int = 500, *, claim_timeout: dt.timedelta = CLAIM_TIMEOUT) -> dict[str, int]:
    """Send up to `limit` messages, each claimed just before it is sent (claim_next), so several
    workers can run this at once and none sends a row another one holds.

    A worker that dies after the channel accepted a message but before marking it sent leaves
    the row "sending". Once its claim expires another worker sends it again with the same
    idempotency key (Message.idempotency_key), which the gateway drops as a repeat: every
    message is sent at least once and reaches its recipient once. A message whose sending has
    stopped its worker MAX_ATTEMPTS times is given up rather than tried for ever.
    """
    counts = {"sent": 0, "failed": 0, "retry": 0}
    tried: list[int] = []
    for _ in range(limit):
        message = claim_next(claim_timeout=claim_timeout, exclude=tried)
        if message is None:
            break
        tried.append(message.pk)
        if message.attempts > MAX_ATTEMPTS:
            message.status, message.last_error = Status.FAILED, "worker stopped while sending"
        else:
            try:
                CHANNELS[message.channel].send(message)
            except (DeliveryError, KeyError) as exc:
                message.last_error = str(exc)[:300]
                message.status = Status.FAILED if message.attempts >= MAX_ATTEMPTS else Status.PENDING
            else:
                message.status, message.sent_at = Status.SENT, timezone.now()
        # Only while the claim is still ours: a worker presumed dead must not overwrite the
        # outcome of the one that took the message over.
        Message.objects.filter(pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at).update(
            status=message.status, last_error=message.last_error, sent_at=message.sent_at
        )
        outcome = {Status.SENT: "sent", Status.FAILED: "failed"}.get(message.status, "retry")
        counts[outcome] += 1
    return counts


def phone_channel() -> str:
    """The channel for messages to phones: SMS when a gateway is configured, else the console."""
    return "sms" if settings.SMS_GATEWAY_URL else "console"


def staff_channel() -> str:
    """The channel for messages to staff accounts: the WeCom robot when configured, else the console."""
    return "wecom" if settings.WECOM_WEBHOOK_URL else "console"
