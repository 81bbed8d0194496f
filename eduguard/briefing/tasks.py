"""Celery tasks of the briefing area: thin wrappers, each runnable by hand as a command
(`eduguard briefing --date D --format docx|md --out PATH` writes the same briefing to a file)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone


# Filing replaces the county's briefing of the day, so a redelivered run only files it again.
@shared_task(name="briefing.file_day", queue="briefing", soft_time_limit=540, time_limit=600, acks_late=True)
def file_day(county_id: int | None = None, day: str | None = None, since: str | None = None) -> list[int]:
    """File the briefing of `day` (ISO date; today when None) for one county or, with None, every
    county (the evening beat entry). Returns the ids of the filed briefings."""
    from eduguard.briefing.services.filing import file_day as run

    return run(
        dt.date.fromisoformat(day) if day else timezone.localdate(),
        None if county_id is None else [county_id],
        dt.date.fromisoformat(since) if since else None,
    )
