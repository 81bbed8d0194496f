"""一人一档: a person's health ledger, one timeline of every record about them.

Each area that keeps records about a person registers a source at start-up (its AppConfig.ready):
`source(person, user)` returns Entry objects read through `visible_to(user)`. The person page merges
them newest first. Sources today: daily reports and follow-ups (health), screening answers, risk
categories and quarantines (screening); checks, absences and fever events add theirs as they land.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Entry:
    at: dt.datetime | dt.date
    kind: str  # the area, shown as a tag: 日报告, 排查, 风险类别, 隔离 …
    title: str
    detail: str = ""
    tone: str = ""  # "" normal, "warn", "bad", "ok"
    url: str | None = None

    @property
    def moment(self) -> dt.datetime:
        """For ordering: a date counts as the start of that day."""
        if isinstance(self.at, dt.datetime):
            return self.at
        return timezone.make_aware(dt.datetime.combine(self.at, dt.time.min))

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, dt.datetime)


Source = Callable[[object, object], list[Entry]]
SOURCES: list[Source] = []
LIMIT = 300  # a year of daily reports and everything else; older entries stay in the records


def register(source: Source) -> Source:
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def timeline(person, user, limit: int = LIMIT) -> list[Entry]:
    entries = [entry for source in SOURCES for entry in source(person, user)]
    entries.sort(key=lambda e: e.moment, reverse=True)
    return entries[:limit]
