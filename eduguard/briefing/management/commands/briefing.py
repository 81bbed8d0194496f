"""`eduguard briefing --date D [--since D] --format docx|md --out PATH`: the work briefing of the
county (the only one, or --county CODE) for the period, every figure computed from the records."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eduguard.briefing.services.briefing import build, to_markdown
from eduguard.briefing.services.briefing_docx import to_docx
from eduguard.org.models import County


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Write the work briefing (工作简报) for a date, as Word (.docx) or Markdown (.md)."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="the briefing's date (the period ends on it)")
        parser.add_argument("--since", help="first day of the period; without it, everything up to --date")
        parser.add_argument("--format", choices=["docx", "md"], default="docx")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument("--county", help="county code, when the database holds several")

    def handle(self, *args, **options):
        until = _date(options["date"])
        since = _date(options["since"]) if options["since"] else None
        if since and since > until:
            raise CommandError("--since must not be after --date")
        counties = County.objects.all()
        if options["county"]:
            counties = counties.filter(code=options["county"])
        if counties.count() != 1:
            raise CommandError(
                "no such county"
                if options["county"]
                else "the database holds several counties: give --county CODE"
            )
        briefing = build(counties.get(), until, since)
        out = Path(options["out"])
        if not out.parent.exists():
            raise CommandError(f"no such directory: {out.parent}")
        if options["format"] == "md":
            out.write_text(to_markdown(briefing), encoding="utf-8")
        else:
            out.write_bytes(to_docx(briefing))
        self.stdout.write(
            f"{out}: {briefing.title}, {len(briefing.paragraphs)} paragraphs ({briefing.period_text})"
        )
