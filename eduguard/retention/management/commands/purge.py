"""`eduguard purge --before D [--dry-run] [--force]`: remove or anonymise the identifiable daily
reports, temperatures and trips dated before D, keeping the figures the briefings quote
(eduguard/retention/services/purge.py says what happens to each table)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from eduguard.retention.services.purge import PurgeRefused, purge


class Command(BaseCommand):
    help = "Purge personal health records (daily reports, temperatures, trips) dated before a day."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="records dated before this day go (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="count what would go, write nothing")
        parser.add_argument(
            "--force",
            action="store_true",
            help="allow a day inside the retention period (rule retention.days), once the response has ended",
        )

    def handle(self, *args, before, dry_run=False, force=False, **options):
        try:
            day = dt.date.fromisoformat(before)
        except ValueError:
            raise CommandError(f"--before {before!r} is not a date (YYYY-MM-DD)") from None
        try:
            result = purge(before=day, dry_run=dry_run, force=force)
        except PurgeRefused as exc:
            raise CommandError(str(exc)) from None
        width = max(len(t.table) for t in result.tables)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{'dry run: ' if dry_run else ''}records dated before {day} "
            f"(retention {result.retention_days} days)"
        )
        self.stdout.write(f"{'table':<{width}}  {'before':>9}  {'after':>9}  action")
        for t in result.tables:
            after = t.before if dry_run else t.after
            self.stdout.write(
                f"{t.table:<{width}}  {t.before:>9,}  {after:>9,}  {t.affected:,} {verb} {t.action}"
            )
        if dry_run:
            self.stdout.write("nothing written")
        else:
            self.stdout.write(f"recorded as purge run #{result.run.pk} in the change log")
