"""`eduguard roster-template --out FILE.xlsx`: the empty roster with drop-down lists and notes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eduguard.org.roster.exporter import write_template


class Command(BaseCommand):
    help = "写出花名册导入模板（.xlsx）：表头、下拉选项和填写说明。"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="输出文件，如 花名册模板.xlsx")

    def handle(self, *args, out, **options):
        path = Path(out)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件的扩展名应为 .xlsx")
        try:
            with path.open("wb") as stream:
                write_template(stream)
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc.strerror or exc}") from exc
        self.stdout.write(f"wrote {path}")
