"""`eduguard partitions [--ahead N]`: the daily reports' month partitions, by hand.

Creates the partitions of the next N months (and last month's) that do not exist yet, and moves
any reports that fell into the DEFAULT partition into a month created for them. Idempotent.
Celery beat runs the same service monthly (eduguard/health/tasks.py), and `migrate` after each run.
"""

from django.core.management.base import BaseCommand, CommandError

from eduguard.health.services.partitions import AHEAD, ensure_partitions


class Command(BaseCommand):
    help = (
        "Create the coming months' partitions of the daily reports (PostgreSQL) and move reports "
        "out of the DEFAULT partition. Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ahead", type=int, default=AHEAD, help=f"months ahead of the current one, default {AHEAD}"
        )

    def handle(self, *args, ahead, **options):
        if ahead < 0:
            raise CommandError("--ahead must be 0 or more")
        outcome = ensure_partitions(ahead=ahead)
        if outcome is None:
            self.stdout.write(
                "nothing to do: the daily reports are not partitioned on this database (SQLite)"
            )
            return
        for name in outcome.created:
            self.stdout.write(f"created {name}")
        if outcome.moved:
            self.stdout.write(f"moved {outcome.moved} reports out of the DEFAULT partition")
        if not outcome.created:
            self.stdout.write("nothing to do: every month up to the horizon has its partition")
