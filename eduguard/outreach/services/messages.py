"""Counting the messages the system sent: by purpose and channel, for a unit and a period."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from eduguard.notify.models import Channel, Status
from eduguard.notify.purposes import purpose_of


@dataclass
class Traffic:
    channels: list[tuple[str, str]]  # (code, label) of the channels that carried anything
    rows: list[tuple[str, dict[str, int], int]]  # (purpose, {channel: n}, total), busiest first
    by_channel: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    total: int = 0


def _bounds(since: dt.date | None, until: dt.date | None, field: str = "created_at") -> dict:
    tz = timezone.get_current_timezone()
    out = {}
    if since:
        out[f"{field}__gte"] = dt.datetime.combine(since, dt.time.min, tzinfo=tz)
    if until:
        out[f"{field}__lt"] = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return out


def traffic(messages, since: dt.date | None = None, until: dt.date | None = None) -> Traffic:
    """`messages`: a Message queryset already limited to what the reader may count."""
    rows = (
        messages.filter(**_bounds(since, until))
        .order_by()
        .values("kind", "channel", "status")
        .annotate(n=Count("id"))
    )
    purposes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_channel: dict[str, int] = defaultdict(int)
    by_status: dict[str, int] = defaultdict(int)
    for row in rows:
        purposes[purpose_of(row["kind"])][row["channel"]] += row["n"]
        by_channel[row["channel"]] += row["n"]
        by_status[row["status"]] += row["n"]
    labels = dict(Channel.choices)
    channels = [(c, labels.get(c, c)) for c in sorted(by_channel, key=lambda c: -by_channel[c])]
    table = sorted(
        ((p, dict(counts), sum(counts.values())) for p, counts in purposes.items()),
        key=lambda r: (-r[2], r[0]),
    )
    return Traffic(channels, table, dict(by_channel), dict(by_status), sum(by_channel.values()))


def sms_sent(messages, since: dt.date | None = None, until: dt.date | None = None) -> int:
    """Text messages delivered, the figure the briefing reports (共发送短信N条)."""
    return messages.filter(
        channel=Channel.SMS, status=Status.SENT, **_bounds(since, until, "sent_at")
    ).count()


def sms_sentence(n: int) -> str:
    return f"利用微信群和短信群开展“家校互动”，共发送短信{n}条"
