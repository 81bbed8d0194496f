"""Celery tasks of the response area: thin wrappers, each runnable by hand as a command."""

import datetime as dt

from celery import shared_task
from django.utils import timezone


# After a symptom record (one school: seconds) on the time-critical queue; the nightly sweep over
# every school is sent to "maintenance" by its beat entry. Detection merges: running it twice opens
# nothing twice.
@shared_task(
    name="response.detect_clusters", queue="reminders", soft_time_limit=240, time_limit=300, acks_late=True
)
def detect_clusters(school_id: int | None, day: str):
    """Cluster detection for one school (after a symptom record) or, with None, all of them."""
    from eduguard.response.services.clusters import detect, detect_after_record

    if school_id is None:
        detect(timezone.localdate() if day == "today" else dt.date.fromisoformat(day))
    else:
        detect_after_record(dt.date.fromisoformat(day), [school_id])


@shared_task(
    name="response.escalate_overdue", queue="reminders", soft_time_limit=120, time_limit=180, acks_late=True
)
def escalate_overdue():
    """Beat runs this every few minutes: overdue incidents go up the chain, one level per interval."""
    from eduguard.notify.services import deliver_pending
    from eduguard.response.services.incidents import escalate_overdue as run

    run(timezone.now())
    deliver_pending()
