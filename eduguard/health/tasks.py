"""Celery tasks: thin wrappers, each runnable by hand as a command."""

from celery import shared_task
from django.utils import timezone

from eduguard.health.services.reminders import run_due


@shared_task(name="health.send_due_reminders", queue="default", time_limit=600)
def send_due_reminders():
    """Beat runs this every few minutes; steps already sent are skipped by their outbox keys."""
    run_due(timezone.localdate())


@shared_task(name="health.open_day", queue="default", time_limit=900)
def open_day():
    """Create today's tally rows before anyone reports (one GROUP BY over the roster; seconds
    for a million people), so the first report of the day does not pay for it."""
    from eduguard.health.services.tallies import ensure_tallies

    ensure_tallies(timezone.localdate())
