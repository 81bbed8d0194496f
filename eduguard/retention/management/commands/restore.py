"""`eduguard restore FILE`: a file written by `eduguard backup`, restored into the configured
database, which must be empty (a new database: a restore never overwrites). Run
`eduguard migrate` afterwards when the code is newer than the backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eduguard.retention.services.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `eduguard backup` into an empty database."
    requires_system_checks = []  # the database is empty: nothing to check against yet

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")

    def handle(self, *args, file, **options):
        try:
            tables = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{file}: restored, {tables} tables")
