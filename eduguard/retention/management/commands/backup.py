"""`eduguard backup --out FILE`: the whole database in one file, taken while the server runs
(SQLite's online backup API, or pg_dump). The field-encryption key is not in it: keep
EDUGUARD_FIELD_KEY safe separately (docs/deployment.md, "Backup and restore")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eduguard.retention.services.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to one file (SQLite: online backup; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the backup file to write")

    def handle(self, *args, out, **options):
        try:
            engine = backup(Path(out))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{out}: {engine} backup, {Path(out).stat().st_size:,} bytes")
