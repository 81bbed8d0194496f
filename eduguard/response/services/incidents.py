"""Incidents (domain.md §2.1, §2.3): opening one or merging into the open one, the reports to the
CDC and the education authority, closure, and escalation up the chain when the deadline passes.

Merging: a new finding about a unit that has an open incident, or about people already counted in
one, adds its cases to that incident instead of opening another (nothing counted twice). When
the new finding is of a more urgent trigger, the incident takes that trigger and its shorter
deadline, and needs reporting again under it.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import user_or_none
from eduguard.core.rules import get_rule
from eduguard.response.choices import IncidentEventKind, IncidentStatus, Recipient, ReportKind, ScopeType
from eduguard.response.defaults import ensure_defaults
from eduguard.response.models import Incident, IncidentCase, IncidentEvent, IncidentReport, ReportingTrigger
from eduguard.response.services.notices import tell

PHONE = re.compile(r"^[0-9+\-() ]{3,30}$")


@dataclass
class CaseIn:
    """A person to count in an incident, with the day they fell ill and what counted them."""

    person_id: int
    onset_on: dt.date
    symptoms: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """The unit an incident is about."""

    scope_type: str
    scope_id: int
    name: str
    school: object
    grade_id: int | None = None
    class_id: int | None = None


def unit_of_class(klass) -> Unit:
    return Unit(
        ScopeType.CLASS, klass.pk, f"{klass.school.name} {klass.name}", klass.school, klass.grade_id, klass.pk
    )


def unit_of_person(person) -> Unit:
    """A single case's unit: the student's class, a staff member's school."""
    if person.school_class_id:
        return unit_of_class(person.school_class)
    return Unit(ScopeType.SCHOOL, person.school_id, person.school.name, person.school)


def trigger(code: str) -> ReportingTrigger:
    """The active trigger of this code; the defaults are restored if the table lost them."""
    found = ReportingTrigger.objects.filter(code=code).first()
    if found is None:
        ensure_defaults()
        found = ReportingTrigger.objects.filter(code=code).first()
    if found is None or not found.active:
        raise ValidationError(
            {"trigger": [f"报告情形 {code} 不存在或已停用，请在管理后台启用或修改相应规则"]}
        )
    return found


def _log(incident, kind, note="", actor=None, at=None):
    IncidentEvent.objects.create(
        incident=incident, kind=kind, at=at or timezone.now(), by=user_or_none(actor), note=note[:300]
    )


def _announce(incident: Incident, what: str) -> None:
    local = timezone.localtime(incident.deadline)
    body = (
        f"【疫情报告】{incident.scope_name}：{incident.summary}。{what}，"
        f"请于{local:%m月%d日%H:%M}前向疾控机构和教育行政部门报告（{incident.trigger}）"
    )
    tell(
        audiences=get_rule("response.incident_notify"),
        school=incident.school,
        person=None,
        kind="response.incident",
        key=f"{incident.pk}:{incident.trigger.code}:{incident.trigger_set_at:%Y%m%d%H%M%S}",
        body=body,
    )


@transaction.atomic
def open_or_merge(
    *,
    unit: Unit,
    trigger: ReportingTrigger,
    cases: list[CaseIn],
    source: str,
    summary: str,
    rule=None,
    symptom_group: str = "",
    disease: str = "",
    actor=None,
    now: dt.datetime | None = None,
) -> tuple[Incident, bool]:
    """The open incident for these cases (merged into) or a new one. Returns (incident, created)."""
    now = now or timezone.now()
    people = [c.person_id for c in cases]
    same = (
        Incident.objects.select_for_update(of=("self",))
        .filter(school=unit.school)
        .exclude(status=IncidentStatus.CLOSED)
    )
    incident = (
        same.filter(Q(scope_type=unit.scope_type, scope_id=unit.scope_id) | Q(cases__person_id__in=people))
        .order_by("detected_at", "id")
        .first()
    )
    created = incident is None
    if created:
        incident = Incident.objects.create(
            school=unit.school,
            grade_id=unit.grade_id,
            school_class_id=unit.class_id,
            trigger=trigger,
            scope_type=unit.scope_type,
            scope_id=unit.scope_id,
            scope_name=unit.name[:100],
            source=source,
            rule=rule,
            symptom_group=symptom_group,
            summary=summary[:300],
            disease=disease,
            detected_at=now,
            deadline=now + dt.timedelta(minutes=trigger.deadline_minutes),
            trigger_set_at=now,
            created_by=user_or_none(actor),
        )
        _log(incident, IncidentEventKind.OPENED, summary, actor, now)
    added = _add_cases(incident, cases)
    if not created and added:
        _log(incident, IncidentEventKind.MERGED, f"新增{added}例：{summary}", actor, now)
    raised = not created and trigger.urgency > incident.trigger.urgency
    if raised:
        incident.trigger = trigger
        incident.trigger_set_at = now
        incident.deadline = min(incident.deadline, now + dt.timedelta(minutes=trigger.deadline_minutes))
        incident.status = IncidentStatus.OPEN  # the new trigger is reported anew
        incident.escalation_level = 0
        incident.summary = summary[:300]
        _log(incident, IncidentEventKind.RAISED, f"升级为{trigger}：{summary}", actor, now)
    if disease and not incident.disease:
        incident.disease = disease
    if raised or disease:
        incident.save()
    if created or raised:
        _announce(incident, "已建立报告事件" if created else f"已升级为{trigger.name}")
    return incident, created


def _add_cases(incident: Incident, cases: list[CaseIn]) -> int:
    existing = {c.person_id: c for c in incident.cases.all()}
    added = 0
    for c in cases:
        old = existing.get(c.person_id)
        if old is None:
            existing[c.person_id] = IncidentCase.objects.create(
                incident=incident,
                person_id=c.person_id,
                onset_on=c.onset_on,
                symptoms=sorted(set(c.symptoms)),
                sources=sorted(set(c.sources)),
            )
            added += 1
            continue
        symptoms, sources = (
            sorted(set(old.symptoms) | set(c.symptoms)),
            sorted(set(old.sources) | set(c.sources)),
        )
        onset = min(old.onset_on, c.onset_on)
        if (symptoms, sources, onset) != (old.symptoms, old.sources, old.onset_on):
            old.symptoms, old.sources, old.onset_on = symptoms, sources, onset
            old.save(update_fields=["symptoms", "sources", "onset_on"])
    return added


def may_report(user, incident: Incident) -> bool:
    return holds_role_over(user, get_rule("response.incident_roles"), incident.school)


def _require(user, incident: Incident) -> None:
    if not may_report(user, incident):
        raise PermissionDenied(f"登记报告和结案须由负责该校的{role_names('response.incident_roles')}办理")


def missing_reports(incident: Incident) -> list[str]:
    """The recipients (closure_requires) with no report recorded since the current trigger was
    set (a call made just before the incident was opened still counts when recorded after)."""
    done = set(
        incident.reports.filter(recorded_at__gte=incident.trigger_set_at)
        .exclude(kind=ReportKind.CLOSING)
        .values_list("recipient", flat=True)
    )
    return [r for r in get_rule("response.closure_requires") if r not in done]


@transaction.atomic
def record_report(
    *,
    incident: Incident,
    kind: str,
    recipient: str,
    reported_at: dt.datetime,
    receiver: str,
    phone: str,
    actor,
    content: str = "",
) -> IncidentReport:
    _require(actor, incident)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    errors: dict[str, list[str]] = {}
    if kind not in ReportKind.values:
        errors["kind"] = ["请选择报告类型"]
    if recipient not in Recipient.values:
        errors["recipient"] = ["请选择报告对象"]
    now = timezone.now()
    if reported_at is None or reported_at > now + dt.timedelta(minutes=5):
        errors["reported_at"] = ["报告时间不能晚于现在"]
    elif reported_at < incident.detected_at - dt.timedelta(days=1):
        errors["reported_at"] = ["报告时间早于事件发现时间"]
    receiver, phone = (receiver or "").strip(), (phone or "").strip()
    if not receiver:
        errors["receiver"] = ["请填写接报人及单位"]
    if not PHONE.match(phone):
        errors["phone"] = ["请填写接报电话（数字，可含区号和-）"]
    if incident.status == IncidentStatus.CLOSED:
        errors["__all__"] = ["事件已结案"]
    if kind == ReportKind.CLOSING and incident.status != IncidentStatus.REPORTED:
        errors["kind"] = ["尚未完成初次报告，不能登记结案报告"]
    if errors:
        raise ValidationError(errors)
    report = IncidentReport.objects.create(
        incident=incident,
        kind=kind,
        recipient=recipient,
        reported_at=reported_at,
        receiver=receiver[:60],
        phone=phone,
        content=(content or "").strip(),
        by=user_or_none(actor),
    )
    _log(
        incident,
        IncidentEventKind.REPORTED,
        f"{report.get_kind_display()}：{report.get_recipient_display()} {receiver}",
        actor,
    )
    if incident.status == IncidentStatus.OPEN and not missing_reports(incident):
        incident.status = IncidentStatus.REPORTED
        incident.save(update_fields=["status"])
    return report


@transaction.atomic
def close_incident(*, incident: Incident, summary: str, actor) -> Incident:
    """Close once every required report is on record; the closing note says how it ended."""
    _require(actor, incident)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    errors: dict[str, list[str]] = {}
    if incident.status == IncidentStatus.CLOSED:
        errors["__all__"] = ["事件已结案"]
    else:
        missing = missing_reports(incident)
        if missing:
            labels = "、".join(Recipient(r).label for r in missing)
            errors["__all__"] = [f"结案前须登记向{labels}的报告"]
    if not (summary or "").strip():
        errors["summary"] = ["请填写结案说明（病例转归、处置措施）"]
    if errors:
        raise ValidationError(errors)
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = timezone.now()
    incident.closed_by = user_or_none(actor)
    incident.closing_summary = summary.strip()
    incident.save()
    _log(incident, IncidentEventKind.CLOSED, summary.strip(), actor)
    return incident


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Tell the next link of the chain about every incident past its deadline and still not
    reported: the first level at the deadline, one more each `response.escalation_minutes`."""
    now = now or timezone.now()
    chain = get_rule("response.escalation_chain")
    step = dt.timedelta(minutes=get_rule("response.escalation_minutes"))
    sent = 0
    for incident in Incident.objects.overdue(now).select_related("school", "trigger"):
        due = min(len(chain), 1 + int((now - incident.deadline) / step))
        with transaction.atomic():
            locked = Incident.objects.select_for_update().get(pk=incident.pk)
            for level in range(locked.escalation_level + 1, due + 1):
                audience = chain[level - 1]
                late = timezone.localtime(locked.deadline)
                body = (
                    f"【逾期督办】{locked.scope_name}{locked.trigger}事件已超过报告时限"
                    f"（{late:%m月%d日%H:%M}），尚未向{'、'.join(Recipient(r).label for r in missing_reports(locked))}报告，请督促落实"
                )
                sent += tell(
                    audiences=[audience],
                    school=incident.school,
                    person=None,
                    kind="response.overdue",
                    key=f"{locked.pk}:{locked.trigger_set_at:%Y%m%d%H%M%S}:{level}",
                    body=body,
                )
                _log(locked, IncidentEventKind.ESCALATED, f"第{level}级督办：{audience}", at=now)
                locked.escalation_level, locked.escalated_at = level, now
            locked.save(update_fields=["escalation_level", "escalated_at"])
    return sent
