"""`eduguard upward-tables --date D [--unit county|grid:ID|school:ID] [--user NAME] --out DIR`: the
standard upward tables of a day as the page downloads them, one .xlsx per table and 上报报表 with
all of them, written into DIR. Without --user they are made for the whole unit (the system); with
it, as that user sees them. Each file is logged in the access log like a download."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eduguard.accounts.models import User
from eduguard.briefing.services.tables import ALL, CODES, TABLES, export, filename, parse_day
from eduguard.briefing.services.tables_units import UnitNotFound, resolve_unit, units_for


class Command(BaseCommand):
    help = "写出某日的标准上报报表（.xlsx）：每表一个文件，另有含全部表格的工作簿。"

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="报表日期，YYYY-MM-DD")
        parser.add_argument(
            "--unit", default="county", help="county（默认）、county:ID、grid:ID 或 school:ID"
        )
        parser.add_argument("--out", required=True, help="输出目录（不存在时创建）")
        parser.add_argument("--user", help="按此用户的负责范围生成（默认：整个单位）")
        parser.add_argument("--table", choices=CODES, help=f"只写一张表：{', '.join(TABLES)}，或 all")

    def handle(self, *args, date, unit, out, user=None, table=None, **options):
        viewer = self._viewer(user)
        units = units_for(viewer)
        if not units:
            raise CommandError(f"{user or '系统'} 的负责范围内没有学校")
        try:
            day = parse_day(date)
            chosen = resolve_unit(units, unit)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        except UnitNotFound:
            raise CommandError(f"--unit {unit}: 没有这个单位，或不在 {user or '系统'} 的负责范围内") from None
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"无法创建 {folder}：{exc.strerror or exc}") from exc
        for code in [table] if table else CODES:
            data, tables = export(code, viewer, day, chosen, actor=viewer if user else None)
            path = folder / filename(code, day, chosen)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise CommandError(f"无法写入 {path}：{exc.strerror or exc}") from exc
            rows = sum(t.row_count for t in tables)
            self.stdout.write(f"wrote {path} ({rows} rows)" if code != ALL else f"wrote {path}")

    def _viewer(self, username):
        """The user whose scope the tables follow: a named active user, or the system (everything)."""
        if not username:
            return User(username="system", is_superuser=True, is_active=True)  # never saved
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(f"--user {username}: 没有这个在用的用户")
        return found
