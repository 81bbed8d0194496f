"""Filing the work briefing (存档): the day's briefing of a county rendered once, in Markdown and
Word, and kept (FiledBriefing). Celery beat files every county's in the evening
(settings.EDUGUARD_BRIEFING_AT); the briefing page files one on request. With no broker the task
runs inline, before the page answers."""

import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone

from eduguard.briefing.models import FiledBriefing
from eduguard.briefing.services.briefing import build, to_markdown
from eduguard.briefing.services.briefing_docx import to_docx
from eduguard.org.models import County

logger = logging.getLogger(__name__)


def request_filing(county: County, day: dt.date, since: dt.date | None, user) -> FiledBriefing:
    """Mark the county's briefing of `day` as being filed and queue the task once this commits."""
    from eduguard.briefing.tasks import file_day

    with transaction.atomic():
        filed, _ = FiledBriefing.objects.update_or_create(
            county=county,
            date=day,
            defaults={
                "since": since,
                "status": FiledBriefing.Status.PENDING,
                "requested_by": user,
                "requested_at": timezone.now(),
            },
        )
        args = (county.pk, day.isoformat(), since.isoformat() if since else None)
        transaction.on_commit(lambda: file_day.delay(*args))
    return filed


def file_briefing(county: County, day: dt.date, since: dt.date | None = None) -> FiledBriefing:
    """Build the county's briefing of `day` from the records and keep it; filing again replaces it."""
    briefing = build(county, day, since)
    now = timezone.now()
    values = {
        "since": since,
        "status": FiledBriefing.Status.DONE,
        "title": briefing.title[:200],
        "markdown": to_markdown(briefing),
        "docx": to_docx(briefing),
        "generated_at": now,
    }
    filed, _ = FiledBriefing.objects.update_or_create(
        county=county, date=day, defaults=values, create_defaults={**values, "requested_at": now}
    )
    return filed


def file_day(day: dt.date, county_ids=None, since: dt.date | None = None) -> list[int]:
    """File the briefing of `day` for the given counties (every county: None). A county whose
    briefing fails is marked failed and logged; the others are still filed."""
    counties = County.objects.order_by("id")
    if county_ids is not None:
        counties = counties.filter(id__in=county_ids)
    filed = []
    for county in counties:
        try:
            filed.append(file_briefing(county, day, since).pk)
        except Exception as exc:
            logger.exception("filing the briefing of county %s for %s failed", county.pk, day)
            FiledBriefing.objects.filter(county=county, date=day).update(status=FiledBriefing.Status.FAILED)
            if isinstance(exc, SoftTimeLimitExceeded):  # out of time: the counties left wait for the next run
                raise
    return filed
