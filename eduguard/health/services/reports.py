"""Submitting a daily report: exactly once per person and day, history kept, tallies and
follow-ups updated and the change audited, all in one transaction."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.audit.models import ChangeAction
from eduguard.audit.services import change_entry, record_change
from eduguard.core.rules import get_rule
from eduguard.health.choices import FollowUpStatus, HealthCode, Symptom
from eduguard.health.models import DailyReport, DailyReportRevision, FollowUp
from eduguard.health.rules import evaluate
from eduguard.health.services import ingest, surveillance, tallies
from eduguard.org.models import Person

# The answers a report carries; everything else on the row is derived.
ANSWER_FIELDS = (
    "temperature",
    "symptoms",
    "symptom_note",
    "family_symptoms",
    "in_county",
    "current_location",
    "left_county",
    "contact_three_categories",
    "contact_outsiders",
    "health_code",
)

# The choices' values, looked up once (TextChoices.values builds a new list on every read).
_SYMPTOM_ORDER = {code: n for n, code in enumerate(Symptom.values)}
_HEALTH_CODES = frozenset(HealthCode.values)


def _known_symptom(value) -> bool:
    return isinstance(value, str) and value in _SYMPTOM_ORDER


def clean_answers(data: dict, day: dt.date, today: dt.date) -> dict:
    """Validate the answers against the rules in force; raise ValidationError {field: [msg]}."""
    errors: dict[str, list[str]] = {}
    answers = {k: data[k] for k in ANSWER_FIELDS if k in data}
    try:
        temp = Decimal(str(data.get("temperature"))).quantize(Decimal("0.1"))
        if not temp.is_finite():
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        errors["temperature"] = ["体温应为数字，如 36.5"]
    else:
        low, high = get_rule("health.temperature_min", day), get_rule("health.temperature_max", day)
        if not Decimal(str(low)) <= temp <= Decimal(str(high)):
            errors["temperature"] = [f"体温应在 {low}–{high} °C 之间"]
        answers["temperature"] = temp
    symptoms = data.get("symptoms") or []
    if not isinstance(symptoms, list) or any(not _known_symptom(s) for s in symptoms):
        errors["symptoms"] = [
            "未知的症状代码：" + ", ".join(str(s) for s in symptoms if not _known_symptom(s))
        ]
    else:
        answers["symptoms"] = sorted(set(symptoms), key=_SYMPTOM_ORDER.__getitem__)
    code = answers.get("health_code", HealthCode.GREEN)
    if not isinstance(code, str) or code not in _HEALTH_CODES:
        errors["health_code"] = ["未知的健康码颜色"]
    if day > today:
        errors["date"] = ["不能填报未来的日期"]
    elif (today - day).days > get_rule("health.max_backdate_days", today):
        errors["date"] = [f"最多可补报 {get_rule('health.max_backdate_days', today)} 天前的日报告"]
    if errors:
        raise ValidationError(errors)
    return answers


def _snapshot(report: DailyReport) -> dict:
    data = {k: getattr(report, k) for k in ANSWER_FIELDS}
    data["temperature"] = str(report.temperature)
    data.update(reporter_kind=report.reporter_kind, source=report.source, revision=report.revision)
    return data


def _is_on_time(day: dt.date, at: dt.datetime) -> bool:
    hh, mm = (int(x) for x in get_rule("health.deadline", day).split(":"))
    deadline = timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))
    return at <= deadline


def submit_report(
    *,
    person: Person,
    day: dt.date,
    data: dict,
    reporter_kind: str,
    source: str,
    actor=None,
    now: dt.datetime | None = None,
) -> tuple[DailyReport, bool]:
    """Record `person`'s report for `day`. Returns (report, created).

    1. Validate the answers against the rules in force (ValidationError, nothing written).
    2. Insert it, counted in its unit's tally, with its follow-up when abnormal and its
       change-log row (services.ingest: one round trip on PostgreSQL).
    3. If the person already has a report that day, replace that one instead: an identical
       resubmission (a double tap, a client retry) changes nothing; a different one appends
       the old version to the history and moves the report's contribution in the tally.
    """
    now = now or timezone.now()
    answers = _complete(clean_answers(data, day, timezone.localtime(now).date()))
    reasons, fever = evaluate(answers, day)
    report = DailyReport(person=person, date=day)
    _fill(report, person, answers, reasons, fever, reporter_kind, source, actor, now)
    tallies.ensure_tallies(day)
    tallies.ensure_unit(day, report.unit)
    # A new report has no follow-up yet: only an abnormal one opens it.
    follow_up = FollowUp(report=report, reasons=reasons) if report.abnormal else None
    change = change_entry(
        actor=actor,
        source=_audit_source(source),
        action=ChangeAction.CREATE,
        obj=report,
        before=None,
        after=_snapshot(report),
    )
    if ingest.insert_first(report, follow_up, change):
        result = report, True
    else:
        result = _replace(person, day, answers, reasons, fever, reporter_kind, source, actor, now)
    if result[0].fever or result[0].symptoms:  # rare: a plain report pays nothing for this
        surveillance.recorded(result[0])
    return result


@transaction.atomic
def _replace(person, day, answers, reasons, fever, reporter_kind, source, actor, now):
    existing = DailyReport.objects.select_for_update(of=("self",)).get(person=person, date=day)
    if {k: getattr(existing, k) for k in ANSWER_FIELDS} == answers:
        return existing, False
    before = _snapshot(existing)
    DailyReportRevision.objects.create(
        report=existing, revision=existing.revision, data=before, submitted_at=existing.submitted_at
    )
    tallies.apply(existing, -1)
    _fill(existing, person, answers, reasons, fever, reporter_kind, source, actor, now)
    existing.revision += 1
    existing.save()
    tallies.ensure_unit(day, existing.unit)
    tallies.apply(existing, +1)
    _sync_follow_up(existing)
    record_change(
        actor=actor,
        source=_audit_source(source),
        action=ChangeAction.UPDATE,
        obj=existing,
        before=before,
        after=_snapshot(existing),
    )
    return existing, False


def _complete(answers: dict) -> dict:
    """Every answer field, with the model's default where the submission left one out."""
    return {
        k: answers[k] if k in answers else DailyReport._meta.get_field(k).get_default() for k in ANSWER_FIELDS
    }


def _fill(report, person, answers, reasons, fever, reporter_kind, source, actor, now) -> None:
    for key, value in _complete(answers).items():
        setattr(report, key, value)
    report.school_id = person.school_id
    report.school_class_id = person.school_class_id
    report.county_id = person.county_id  # the raw insert (services.ingest) writes it as given
    report.unit = tallies.unit_of(person)
    report.reporter_kind = reporter_kind
    report.source = source
    report.reported_by = actor if getattr(actor, "is_authenticated", False) else None
    report.submitted_at = now
    report.on_time = _is_on_time(report.date, now)
    report.abnormal = bool(reasons)
    report.fever = fever
    report.abnormal_reasons = reasons


def _sync_follow_up(report: DailyReport) -> None:
    """Abnormal opens (or refreshes) the head teacher's follow-up; a normal resubmission closes it."""
    follow_up = FollowUp.objects.filter(report=report).first()
    if report.abnormal:
        if follow_up is None:
            FollowUp.objects.create(report=report, reasons=report.abnormal_reasons)
        else:
            follow_up.reasons = report.abnormal_reasons
            follow_up.status = FollowUpStatus.OPEN
            follow_up.save(update_fields=["reasons", "status"])
    elif follow_up is not None and follow_up.status == FollowUpStatus.OPEN:
        follow_up.status = FollowUpStatus.CLOSED
        follow_up.closed_at = timezone.now()
        follow_up.note = "复报正常，自动关闭"
        follow_up.save(update_fields=["status", "closed_at", "note"])


def _audit_source(source: str) -> str:
    return {"link": "web", "web": "web", "api": "api", "chain": "import"}[source]


@transaction.atomic
def close_follow_up(*, follow_up: FollowUp, actor, note: str) -> FollowUp:
    if not note.strip():
        raise ValidationError({"note": ["请填写处理情况"]})
    before = {"status": follow_up.status, "note": follow_up.note}
    follow_up.status = FollowUpStatus.CLOSED
    follow_up.note = note.strip()
    follow_up.closed_at = timezone.now()
    follow_up.closed_by = actor
    follow_up.save()
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.UPDATE,
        obj=follow_up,
        before=before,
        after={"status": follow_up.status, "note": follow_up.note},
    )
    return follow_up
