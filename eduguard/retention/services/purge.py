"""Retention (domain.md §8.4-7, PIPL Art. 19): remove or anonymise the identifiable daily reports,
temperatures and trips dated before a day, and keep every figure the briefings quote.

What happens to each table, and why:

| table | records before the day | the figures that stay |
|---|---|---|
| health.DailyReport (+ revisions, follow-ups) | deleted | DailyTally (expected, reported, on time, abnormal, fever) per unit and day; the follow-ups' open/closed counts as RetainedCount |
| health.ChainImport (+ lines) | deleted (names and temperatures as pasted) | none needed |
| health.HealthCheckFinding | anonymised: temperature, symptoms, doctor's visit and diagnosis blanked | attendance (present, absence kind, action) stays |
| campus.GateEntry | deleted (temperature, health code, time at the gate) | none quoted |
| screening.QuarantineObservation | deleted (daily temperatures) | the quarantine itself stays (counted) |
| response.FeverEvent (+ readings, steps) | deleted when cleared or returned and outside any incident | RetainedCount per county and day |
| response.FeverReading of the events kept | kept: a confirmed case or an incident's event is a CDC record (official schedule) | — |
| logistics.Ride | deleted (who sat on which bus) | the trips (vehicle, route) stay |
| screening.ScreeningResponse | anonymised: trips and note blanked | the answers behind the categories stay |
| campus.LeavePass | anonymised: destination blanked | — |
| audit.ChangeLog of deleted rows | anonymised: before/after values and the name in the label blanked | who, when, what kind of change |

Rules: the retention period is the rule `retention.days` (default 30); a day later than today minus
that period is refused unless forced (the response formally ended), and a day after today always.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import CharField, Count, F, Q, QuerySet
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from eduguard.audit.models import ChangeAction, ChangeLog, Source
from eduguard.audit.services import record_change, user_or_none
from eduguard.campus.models import GateEntry, LeavePass
from eduguard.core.rules import get_rule
from eduguard.health.choices import FollowUpStatus
from eduguard.health.models import (
    ChainImport,
    ChainLine,
    DailyReport,
    DailyReportRevision,
    FollowUp,
    HealthCheckFinding,
)
from eduguard.logistics.models import Ride
from eduguard.response.choices import FeverStatus
from eduguard.response.models import FeverEvent
from eduguard.retention.models import PurgeRun, RetainedCount, RetainedFigure
from eduguard.screening.models import QuarantineObservation, ScreeningResponse

# Fever events in these states are over; any other (still being handled, or a confirmed case)
# is kept, as is every event of an incident: those are CDC records with their own schedule.
FEVER_DONE = (FeverStatus.CLEARED, FeverStatus.RETURNED)


class PurgeRefused(ValueError):
    """The day asked for is not allowed: nothing was written."""


@dataclass
class TableCount:
    table: str
    action: str  # "deleted" or "anonymised"
    before: int  # rows in the table before the purge
    affected: int

    @property
    def after(self) -> int:
        return self.before - self.affected if self.action == "deleted" else self.before


@dataclass
class PurgeResult:
    before: dt.date
    retention_days: int
    dry_run: bool
    tables: list[TableCount] = field(default_factory=list)
    run: PurgeRun | None = None

    def as_counts(self) -> dict:
        return {
            t.table: {"action": t.action, "before": t.before, "affected": t.affected} for t in self.tables
        }


def earliest_allowed(today: dt.date) -> dt.date:
    """The latest `before` a purge may use today without --force: records older than the period."""
    return today - dt.timedelta(days=get_rule("retention.days", today))


def check_day(before: dt.date, today: dt.date, force: bool) -> None:
    if before > today:
        raise PurgeRefused(f"--before {before} is after today ({today}): nothing to purge there")
    limit = earliest_allowed(today)
    if before > limit and not force:
        days = get_rule("retention.days", today)
        raise PurgeRefused(
            f"--before {before} would purge records younger than the retention period "
            f"({days} days, rule retention.days): the latest day allowed today is {limit}; "
            "use --force once the response has formally ended"
        )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _selections(before: dt.date) -> dict[str, QuerySet]:
    """The rows each step acts on (querysets, so a dry run only counts them)."""
    start = _start_of(before)
    old_reports = DailyReport.objects.filter(date__lt=before)
    return {
        "follow_ups": FollowUp.objects.filter(report__date__lt=before),
        "revisions": DailyReportRevision.objects.filter(report__date__lt=before),
        "reports": old_reports,
        "chains": ChainImport.objects.filter(date__lt=before),
        "chain_lines": ChainLine.objects.filter(chain__date__lt=before),
        "findings": HealthCheckFinding.objects.filter(health_check__date__lt=before).filter(
            Q(temperature__isnull=False)
            | ~Q(symptoms=[])
            | ~Q(symptom_note="")
            | Q(seen_doctor=True)
            | ~Q(hospital="")
            | ~Q(diagnosis="")
        ),
        "gate_entries": GateEntry.objects.filter(at__lt=start),
        "observations": QuarantineObservation.objects.filter(day__lt=before),
        "fever_events": FeverEvent.objects.filter(
            detected_at__lt=start, status__in=FEVER_DONE, incident__isnull=True
        ),
        "rides": Ride.objects.filter(trip__date__lt=before),
        "screening_trips": ScreeningResponse.objects.filter(filled_at__lt=start).filter(
            ~Q(trips=[]) | ~Q(note="")
        ),
        "leave_destinations": LeavePass.objects.filter(leaves_on__lt=before).exclude(destination=""),
    }


# (selection, table label, model, action) in the order they run.
STEPS = [
    ("follow_ups", "health.FollowUp", FollowUp, "deleted"),
    ("revisions", "health.DailyReportRevision", DailyReportRevision, "deleted"),
    ("reports", "health.DailyReport", DailyReport, "deleted"),
    ("chain_lines", "health.ChainLine", ChainLine, "deleted"),
    ("chains", "health.ChainImport", ChainImport, "deleted"),
    ("findings", "health.HealthCheckFinding", HealthCheckFinding, "anonymised"),
    ("gate_entries", "campus.GateEntry", GateEntry, "deleted"),
    ("observations", "screening.QuarantineObservation", QuarantineObservation, "deleted"),
    ("fever_events", "response.FeverEvent", FeverEvent, "deleted"),
    ("rides", "logistics.Ride", Ride, "deleted"),
    ("screening_trips", "screening.ScreeningResponse", ScreeningResponse, "anonymised"),
    ("leave_destinations", "campus.LeavePass", LeavePass, "anonymised"),
]


def purge(
    *,
    before: dt.date,
    actor=None,
    dry_run: bool = False,
    force: bool = False,
    today: dt.date | None = None,
) -> PurgeResult:
    """Purge the identifiable records dated before `before` (see the module docstring).

    1. Refuse a day in the future, or inside the retention period without `force`.
    2. Count, per table, the rows there are and the rows the purge acts on (all a dry run does).
    3. In one transaction: keep the counts the briefing quotes (RetainedCount), anonymise the
       change-log rows of the records about to go, delete and anonymise, record the run and its
       change-log row.
    """
    today = today or timezone.localdate()
    check_day(before, today, force)
    days = get_rule("retention.days", today)
    result = PurgeResult(before=before, retention_days=days, dry_run=dry_run)
    chosen = _selections(before)
    for key, label, model, action in STEPS:
        result.tables.append(TableCount(label, action, model.objects.count(), chosen[key].count()))
    if dry_run:
        return result
    with transaction.atomic():
        _keep_counts(chosen)
        _anonymise_change_log(chosen)
        _delete_and_anonymise(chosen, before)
        run = PurgeRun.objects.create(
            actor=user_or_none(actor),
            actor_name=actor.get_username() if user_or_none(actor) else "system",
            before=before,
            retention_days=days,
            forced=before > earliest_allowed(today),
            counts=result.as_counts(),
        )
        record_change(
            actor=actor,
            source=Source.COMMAND,
            action=ChangeAction.CREATE,
            obj=run,
            before=None,
            after={"before": before.isoformat(), "forced": run.forced, "counts": run.counts},
        )
    result.run = run
    return result


def _add(county_id: int, day: dt.date, figure: str, n: int) -> None:
    row, _ = RetainedCount.objects.get_or_create(county_id=county_id, date=day, figure=figure)
    RetainedCount.objects.filter(pk=row.pk).update(value=F("value") + n)


def _keep_counts(chosen: dict[str, QuerySet]) -> None:
    """The counts the briefing reads from rows that are about to go (figures.daily_reports and
    figures.health_events group them the same way: the report's day, the person's county)."""
    status_figure = {
        FollowUpStatus.OPEN: RetainedFigure.FOLLOW_UPS_OPEN,
        FollowUpStatus.CLOSED: RetainedFigure.FOLLOW_UPS_CLOSED,
    }
    rows = chosen["follow_ups"].values("report__person__county_id", "report__date", "status")
    for r in rows.annotate(n=Count("id")).order_by():
        _add(r["report__person__county_id"], r["report__date"], status_figure[r["status"]], r["n"])
    # TruncDate uses the current time zone, as `detected_at__date` does in the briefing.
    events = chosen["fever_events"].annotate(day=TruncDate("detected_at")).values("person__county_id", "day")
    for r in events.annotate(n=Count("id")).order_by():
        _add(r["person__county_id"], r["day"], RetainedFigure.FEVER_EVENTS, r["n"])


def _anonymise_change_log(chosen: dict[str, QuerySet]) -> None:
    """The change log keeps who changed what kind of record when; the values it copied (a
    temperature, a note) and the label (a name and a day) go with the record."""
    for key in ("reports", "follow_ups", "chains", "gate_entries", "observations", "fever_events"):
        qs = chosen[key]
        label = qs.model._meta.label_lower
        ids = qs.annotate(key=Cast("pk", CharField())).values("key")
        ChangeLog.objects.filter(object_type=label, object_id__in=ids).update(
            before=None, after=None, object_repr=f"{label} (已清除)"
        )


def _delete_rows(qs: QuerySet) -> int:
    """DELETE the rows of `qs` in one statement. For tables whose rows nothing references any
    more (the steps before cleared every reference): Django's delete() would first load every
    row to look for references, which for a season of daily reports is hundreds of thousands."""
    table = connection.ops.quote_name(qs.model._meta.db_table)
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # SQLite and PostgreSQL both take a subquery on the same table here.
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({sql})", params)
        return cursor.rowcount


def _delete_and_anonymise(chosen: dict[str, QuerySet], before: dt.date) -> None:
    old_reports = chosen["reports"].values("pk")
    # Records kept that point at a report about to go (SET_NULL, done here in three statements).
    ChainLine.objects.filter(report__in=old_reports).update(report=None)
    QuarantineObservation.objects.filter(report_id__in=old_reports).update(report=None)
    FeverEvent.objects.filter(report__in=old_reports).update(report=None)
    chosen["follow_ups"].delete()
    chosen["revisions"].delete()
    _delete_rows(chosen["reports"])
    chosen["chains"].delete()  # their lines go with them
    chosen["findings"].update(
        temperature=None, symptoms=[], symptom_note="", seen_doctor=False, hospital="", diagnosis=""
    )
    chosen["gate_entries"].delete()
    chosen["observations"].delete()
    chosen["fever_events"].delete()  # with their readings and steps; later gate entries unlink
    chosen["rides"].delete()
    chosen["screening_trips"].update(trips=[], note="")
    chosen["leave_destinations"].update(destination="")
