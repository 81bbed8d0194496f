"""`eduguard send-reminders --date D [--step S]`: one run of the reminder schedule, by hand.

Without --step it runs every step already due on that day (all of them for a past day).
Celery beat runs the same service in production (eduguard/health/tasks.py).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eduguard.health.services.reminders import LEADER, TEACHER, run_due, schedule


class Command(BaseCommand):
    help = "Remind the people who have not filed the daily health report, and escalate after the deadline."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="report day, YYYY-MM-DD")
        parser.add_argument(
            "--step",
            help=f"one step only: reminder@HH:MM, {TEACHER}, {LEADER} or checks@morning|noon|evening",
        )

    def handle(self, *args, date, step=None, **options):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD)") from exc
        names = [name for name, _ in schedule(day)]
        if step and step not in names:
            raise CommandError(f"--step {step!r} is not one of: {', '.join(names)}")
        result = run_due(day, now=timezone.now(), step=step)
        for name, n in result["queued"].items():
            self.stdout.write(f"{name}: {n} new messages")
        if not result["queued"]:
            self.stdout.write("nothing due yet on " + day.isoformat())
        d = result["delivery"]
        self.stdout.write(f"delivered {d['sent']}, retrying {d['retry']}, failed {d['failed']}")
