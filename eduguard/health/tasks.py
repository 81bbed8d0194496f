"""Celery tasks: thin wrappers, each runnable by hand as a command."""

from celery import shared_task
from django.utils import timezone

from eduguard.health.services.reminders import run_due


# Every 5 minutes; a run is done well before the next (outbox keys make a repeat send nothing).
@shared_task(
    name="health.send_due_reminders", queue="reminders", soft_time_limit=240, time_limit=300, acks_late=True
)
def send_due_reminders():
    """Beat runs this every few minutes; steps already sent are skipped by their outbox keys."""
    run_due(timezone.localdate())


@shared_task(name="health.open_day", queue="maintenance", soft_time_limit=600, time_limit=900, acks_late=True)
def open_day():
    """Create today's tally rows before anyone reports (one GROUP BY over the roster; seconds
    for a million people), so the first report of the day does not pay for it."""
    from eduguard.health.services.tallies import ensure_tallies

    ensure_tallies(timezone.localdate())


# Idempotent (an advisory lock and existence checks), so a redelivery after a crash is harmless.
@shared_task(
    name="health.ensure_partitions", queue="maintenance", soft_time_limit=540, time_limit=600, acks_late=True
)
def ensure_partitions():
    """Beat runs this monthly: the coming months' report partitions exist well before their first
    report (`eduguard partitions` by hand; nothing to do on SQLite)."""
    from eduguard.health.services.partitions import ensure_partitions as ensure

    ensure()
