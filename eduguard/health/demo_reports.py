"""The demo county's daily reports (日报告) for its days of activity, bulk-written.

Everyone on the roster reports once a day: students through a guardian on the class link or
the class's 接龙 chain, staff for themselves. On a past day nearly everybody has reported and
the head teachers of the classes with nobody missing and nothing abnormal have filed their
zero report; on the demo's own day a few people are still missing, so the roll-call, the
reminders and the escalation have somebody to chase. A handful of reports are abnormal, by the
county's own rules (health.rules.evaluate); their follow-ups are closed on past days and open
today. Fever, symptoms and a non-green code appear only before the last two days, so the
entry decisions (screening.services.entry, which read the latest two days) stay as the other
demo steps left them. The tallies are written from the same rows, so every roll-up agrees with
a count of the reports.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from eduguard.core.rules import get_rule
from eduguard.health.choices import FollowUpStatus, ReporterKind, Source
from eduguard.health.models import DailyReport, DailyTally, FollowUp, ZeroReport
from eduguard.health.rules import evaluate
from eduguard.health.services import tallies
from eduguard.health.services.reports import ANSWER_FIELDS
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

# Shares of the roster, per day: who has not reported, who reported late, who is abnormal.
MISSING_PAST, MISSING_TODAY = 0.003, 0.02
LATE = 0.02
ABNORMAL = {  # answer changed → chance per report; the first three only before the last two days
    "temperature": 0.0003,
    "symptoms": 0.0008,
    "health_code": 0.0002,
    "family_symptoms": 0.0003,
    "contact_outsiders": 0.0004,
}
RECENT_SAFE = ("family_symptoms", "contact_outsiders")  # abnormal, but no bar to entry
ZERO_REPORT_SHARE = 0.9  # of the classes that may file one
CHAIN_SHARE = 0.15  # students' reports that came in through the class's 接龙 chain


def reports_demo(ctx) -> None:
    today = ctx.options.today
    days = [today - dt.timedelta(days=n) for n in range(ctx.options.days - 1, -1, -1)]
    if not days:
        return
    people = list(
        Person.objects.filter(county=ctx.county, is_active=True)
        .order_by("id")
        .values_list("id", "category", "school_id", "school_class_id", "county_id")
    )
    maker = _Maker(ctx.rng, today)
    reports = []
    for day in days:
        missing = MISSING_TODAY if day == today else MISSING_PAST
        for person in people:
            if ctx.rng.random() >= missing:
                reports.append(maker.report(day, *person))
    _insert(reports)
    _follow_ups([r for r in reports if r["abnormal"]], today)
    _tallies(days, reports)
    _zero_reports(ctx.rng, days, reports)


class _Maker:
    """One report at a time (a dict of DailyReport's attributes), from the shares above and the
    county's rules."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today, self.now = rng, today, timezone.now()
        self.defaults = {f: DailyReport._meta.get_field(f).get_default() for f in ANSWER_FIELDS}
        self.verdicts: dict[tuple, tuple[list, bool]] = {}
        self.deadlines: dict[dt.date, dt.datetime] = {}

    def report(self, day, pid, category, school_id, class_id, county_id) -> dict:
        rng = self.rng
        student = category == PersonCategory.STUDENT
        chain = student and rng.random() < CHAIN_SHARE
        answers = {**self.defaults, "symptoms": [], "temperature": rng.choice(NORMAL_TEMPERATURES)}
        recent = (self.today - day).days < 2
        changed = []
        for field, share in ABNORMAL.items():
            if rng.random() < share and (not recent or field in RECENT_SAFE):
                changed.append(field)
                answers.update(_abnormal_answer(rng, field))
        reasons, fever = self.verdict(day, answers, changed)
        return {
            **answers,
            "person_id": pid,
            "date": day,
            "school_id": school_id,
            "school_class_id": class_id if student else None,
            "county_id": county_id,
            "unit": tallies.unit_for(category, school_id, class_id, county_id),
            "reporter_kind": _reporter_kind(student, chain),
            "reported_by_id": None,
            "source": Source.CHAIN if chain else (Source.LINK if student else Source.WEB),
            "abnormal": bool(reasons),
            "fever": fever,
            "abnormal_reasons": list(reasons),
            "revision": 1,
            **self.submitted(day),
        }

    def verdict(self, day: dt.date, answers: dict, changed: list[str]) -> tuple[list, bool]:
        """health.rules.evaluate, once per day and distinct answers (the defaults but for the
        temperature and the `changed` fields)."""
        key = (day, answers["temperature"], *((f, str(answers[f])) for f in changed))
        if key not in self.verdicts:
            self.verdicts[key] = evaluate(answers, day)
        return self.verdicts[key]

    def submitted(self, day: dt.date) -> dict:
        """Mostly between 06:30 and 11:30 local time; a few in the three hours after the day's
        deadline (health.deadline), so not on time; never after now."""
        if day not in self.deadlines:
            hh, mm = (int(x) for x in get_rule("health.deadline", day).split(":"))
            self.deadlines[day] = (
                timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm))),
                timezone.make_aware(dt.datetime.combine(day, dt.time(6, 30))),
            )
        deadline, morning = self.deadlines[day]
        if self.rng.random() < LATE and deadline < self.now:
            at = deadline + MINUTES[1 + self.rng.randrange(180)]
        else:
            at = morning + MINUTES[self.rng.randrange(300)]
        if at >= self.now:
            at = self.now.replace(second=0, microsecond=0) - MINUTES[self.rng.randrange(1, 30)]
        return {"submitted_at": at, "on_time": at <= deadline}


MINUTES = [dt.timedelta(minutes=n) for n in range(301)]
NORMAL_TEMPERATURES = [Decimal(t) for t in ("36.2", "36.4", "36.5", "36.6", "36.7", "36.8")]


def _reporter_kind(student: bool, chain: bool) -> str:
    if not student:
        return ReporterKind.SELF
    return ReporterKind.CHAIN if chain else ReporterKind.GUARDIAN


def _abnormal_answer(rng: random.Random, field: str) -> dict:
    if field == "temperature":
        return {"temperature": Decimal(rng.choice(("37.3", "37.5", "37.8", "38.2")))}
    if field == "symptoms":
        return {"symptoms": [rng.choice(("cough", "sore_throat", "fatigue", "diarrhea"))]}
    if field == "health_code":
        return {"health_code": "yellow"}
    return {field: True}


def _insert(reports: list[dict]) -> None:
    """The reports as plain multi-row inserts: a model instance per row would cost more than the
    whole rest of the demo. Each value is prepared as Model.save prepares it, once per distinct
    value of its column (a few thousand at most: times are whole minutes)."""
    fields = [f for f in DailyReport._meta.concrete_fields if not f.primary_key]
    columns = [_prepared_column(f, [r[f.attname] for r in reports]) for f in fields]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(DailyReport._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = list(zip(*columns, strict=True))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement a row
            copy_sql = f"COPY {qn(DailyReport._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _prepared_column(field, values: list) -> list:
    if values and isinstance(values[0], list):  # JSON lists: keyed by their items
        keys = [tuple(v) for v in values]
        prepared = {k: field.get_db_prep_save(list(k), connection) for k in set(keys)}
        return [prepared[k] for k in keys]
    prepared = {v: field.get_db_prep_save(v, connection) for v in set(values)}
    return list(map(prepared.__getitem__, values))


def _follow_ups(abnormal: list[dict], today: dt.date) -> None:
    """Closed on past days, open on the demo's day."""
    report_ids = {
        (pid, day): rid
        for rid, pid, day in DailyReport.objects.filter(
            abnormal=True, date__in={r["date"] for r in abnormal}
        ).values_list("id", "person_id", "date")
    }
    FollowUp.objects.bulk_create(
        [
            FollowUp(report_id=report_ids[(r["person_id"], r["date"])], reasons=r["abnormal_reasons"])
            if r["date"] == today
            else FollowUp(
                report_id=report_ids[(r["person_id"], r["date"])],
                reasons=r["abnormal_reasons"],
                status=FollowUpStatus.CLOSED,
                closed_at=r["submitted_at"] + dt.timedelta(hours=3),
                note=CLOSING_NOTES[r["fever"]],
            )
            for r in abnormal
        ]
    )


CLOSING_NOTES = {False: "班主任电话随访，已复测，情况正常", True: "已就医排查，排除新冠肺炎，居家观察"}


def _tallies(days: list[dt.date], reports: list[dict]) -> None:
    """The days' tally rows, expected from the roster and counted from `reports`."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in reports:
        row = sums[(r["date"], r["unit"])]
        row[0] += 1
        row[1] += r["on_time"]
        row[2] += r["abnormal"]
        row[3] += r["fever"]
    roster = tallies.roster_counts()
    DailyTally.objects.filter(date__in=days).delete()
    DailyTally.objects.bulk_create(
        [
            DailyTally(
                date=day,
                unit=unit,
                school_id=r["school_id"],
                school_class_id=r["school_class_id"],
                county_id=r["county_id"],
                expected=r["n"],
                **dict(zip(("reported", "on_time", "abnormal", "fever"), sums[(day, unit)], strict=True)),
            )
            for day in days
            for unit, r in roster.items()
        ],
        batch_size=2000,
    )


def _zero_reports(rng: random.Random, days: list[dt.date], reports: list[dict]) -> None:
    """零报告 by most classes where everyone reported and nobody is abnormal."""
    expected = {unit: r["n"] for unit, r in tallies.roster_counts().items() if unit.startswith("c")}
    reported: dict[tuple, int] = defaultdict(int)
    troubled: set[tuple] = set()
    for r in reports:
        if r["unit"].startswith("c"):
            reported[(r["date"], r["unit"])] += 1
            if r["abnormal"]:
                troubled.add((r["date"], r["unit"]))
    zeros = [
        ZeroReport(school_class_id=int(unit[1:]), date=day, expected=n)
        for day in days
        for unit, n in expected.items()
        if n
        and reported[(day, unit)] == n
        and (day, unit) not in troubled
        and rng.random() < ZERO_REPORT_SHARE
    ]
    ZeroReport.objects.bulk_create(zeros, batch_size=2000)
