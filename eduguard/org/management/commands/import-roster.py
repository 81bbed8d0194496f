"""`eduguard import-roster FILE [--dry-run] [--skip-invalid]`: the roster import of DESIGN.md.

Runs as the system (no scope limit). Problems go to stderr, one `row N: column: reason` per line,
then a summary line on stdout. Exit status 1 when the file was not imported (any invalid row
without --skip-invalid, or a file that is not a roster).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eduguard.org.roster.importer import import_roster


class Command(BaseCommand):
    help = "导入花名册（.xlsx 或 .csv）。任何一行有错误则不写入，逐行报告错误。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="花名册文件（.xlsx 或 .csv，UTF-8 或 GBK）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并统计，不写入")
        parser.add_argument("--skip-invalid", action="store_true", help="写入正确的行，报告错误的行")

    def handle(self, *args, file, dry_run, skip_invalid, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror or exc}") from exc
        result = import_roster(data, path.name, dry_run=dry_run, skip_invalid=skip_invalid)
        for line in result.error_lines():
            self.stderr.write(line)
        self.stdout.write(result.summary())
        if result.fatal:
            raise CommandError(result.fatal)
        if result.problems and not skip_invalid:
            raise CommandError(f"{result.invalid} 行有错误，未写入任何数据")
