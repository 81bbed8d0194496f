"""Filing a class's 晨午晚检 (domain.md §3.1).

The teacher lists only the students with a finding; everyone else is present and well, and a
check with no findings is the class's zero report. Filing the same class, day and session again
replaces the findings (the earlier version is in the change log). A check also keeps the
absence register (§3.2) in step: an absent student's absence is opened or continued, an
absence of unknown cause is chased at once (a message to the guardian and one to the head
teacher), and a student back in class closes their absence — unless it needs a return
certificate (§3.4), in which case the student stays absent until the school doctor approves one.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.core.rules import get_rule
from eduguard.health.choices import AbsenceKind, CheckAction, CheckSession
from eduguard.health.models import HealthCheck, HealthCheckFinding, SickAbsence
from eduguard.health.services import surveillance
from eduguard.health.services.absences import chase_unexplained, requires_certificate
from eduguard.health.services.values import clean_check_symptoms, parse_temperature
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass

# Sessions that count towards an absence's half days (an evening check is not a lesson half-day).
HALF_DAY_SESSIONS = (CheckSession.MORNING, CheckSession.NOON)


@dataclass
class Finding:
    """One row as typed: a student with something to record."""

    person: Person
    present: bool = True
    absence_kind: str = ""
    temperature: object = None
    symptoms: list[str] = field(default_factory=list)
    symptom_note: str = ""
    seen_doctor: bool = False
    hospital: str = ""
    diagnosis: str = ""
    action: str = ""

    @property
    def is_empty(self) -> bool:
        return self.present and not (
            self.temperature not in (None, "")
            or self.symptoms
            or self.symptom_note
            or self.seen_doctor
            or self.hospital
            or self.diagnosis
            or self.action
        )


def sessions_for(school_class: SchoolClass, day: dt.date, boarders: bool | None = None) -> list[str]:
    """The sessions a class must check on `day`: those with a deadline in the rule, the evening
    one only for a class with boarders."""
    deadlines = get_rule("health.check_deadlines", day)
    if boarders is None:
        boarders = school_class.people.filter(is_active=True, boarding=True).exists()
    return [s for s in CheckSession.values if s in deadlines and (s != CheckSession.EVENING or boarders)]


def deadline_of(day: dt.date, session: str) -> dt.datetime | None:
    hhmm = get_rule("health.check_deadlines", day).get(session)
    if not hhmm:
        return None
    hh, mm = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def is_late(check: HealthCheck) -> bool:
    deadline = deadline_of(check.date, check.session)
    return deadline is not None and check.submitted_at > deadline


def may_check(user, school_class: SchoolClass, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("health.check_roles", day), school_class)


def students_of(school_class: SchoolClass):
    return school_class.people.filter(is_active=True, category=PersonCategory.STUDENT).order_by("name")


def held_back(person_ids, day: dt.date) -> dict[int, SickAbsence]:
    """{person id: absence} for students who may not be marked present on `day`: an absence that
    needs a return certificate and is not over (approving one sets the return day)."""
    rows = SickAbsence.objects.on(day).filter(needs_certificate=True, person_id__in=person_ids)
    return {a.person_id: a for a in rows.order_by("started_on")}


def _clean(f: Finding, day: dt.date, blocked: dict) -> Finding:
    name = f.person.name
    try:
        f.temperature = parse_temperature(f.temperature, day)
        f.symptoms = clean_check_symptoms(f.symptoms, day)
    except ValidationError as exc:
        raise ValidationError({"findings": [f"{name}：{m}" for m in exc.messages]}) from None
    if f.present and f.person.id in blocked:
        raise ValidationError({"findings": [f"{name}因病缺勤，须经校医审核复课证明后方可标记出勤"]})
    if f.present:
        f.absence_kind = ""
    elif f.absence_kind not in AbsenceKind.values:
        f.absence_kind = AbsenceKind.UNKNOWN
    if f.action not in CheckAction.values:
        raise ValidationError({"findings": [f"{name}：未知的处理措施"]})
    for attr, limit in (("symptom_note", 100), ("hospital", 100), ("diagnosis", 100)):
        setattr(f, attr, (getattr(f, attr) or "").strip()[:limit])
    return f


def _snapshot(check: HealthCheck) -> dict:
    return {
        "session": check.session,
        "date": check.date.isoformat(),
        "zero_report": check.zero_report,
        "findings": [
            {
                "person": x.person_id,
                "present": x.present,
                "absence_kind": x.absence_kind,
                "temperature": x.temperature and str(x.temperature),
                "symptoms": x.symptoms,
                "diagnosis": x.diagnosis,
                "action": x.action,
            }
            for x in check.findings.order_by("person_id")
        ],
    }


@transaction.atomic
def file_check(
    *,
    school_class: SchoolClass,
    day: dt.date,
    session: str,
    findings: list[Finding],
    actor,
    now: dt.datetime | None = None,
) -> HealthCheck:
    """File (or correct) the class's check for `day` and `session`."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if not may_check(actor, school_class, today):
        raise PermissionDenied("只有负责本班的班主任、校领导或校医可以提交晨午晚检")
    back = get_rule("health.max_backdate_days", today)
    if day > today or day < today - dt.timedelta(days=back):
        raise ValidationError({"date": [f"检查日期应在 {today - dt.timedelta(days=back)} 到 {today} 之间"]})
    if session not in sessions_for(school_class, day):
        raise ValidationError({"session": ["本班当天不需要这个时段的检查"]})
    school_class = SchoolClass.objects.select_for_update().get(pk=school_class.pk)  # one filer at a time
    students = {p.id: p for p in students_of(school_class)}
    seen: set[int] = set()
    for f in findings:
        if f.person.id not in students:
            raise ValidationError({"findings": [f"{f.person.name}不是本班在册学生"]})
        if f.person.id in seen:
            raise ValidationError({"findings": [f"{f.person.name}填了两次"]})
        seen.add(f.person.id)
    blocked = held_back(students, day)
    rows = [_clean(f, day, blocked) for f in findings if not f.is_empty]  # an empty row: nothing to record
    listed = {r.person.id for r in rows}
    for pid, absence in blocked.items():  # held back: absent until the certificate is approved
        if pid not in listed:
            rows.append(Finding(person=students[pid], present=False, absence_kind=absence.kind))

    check = HealthCheck.objects.filter(school_class=school_class, date=day, session=session).first()
    before = _snapshot(check) if check else None
    if check is None:
        check = HealthCheck(school_class=school_class, date=day, session=session, submitted_at=now)
    else:
        check.revision += 1
        check.findings.all().delete()
    check.expected = len(students)
    check.zero_report = not rows
    check.checker = user_or_none(actor)
    check.updated_at = now
    check.save()
    _save_findings(check, rows, actor)
    record_web_change(actor=actor, obj=check, before=before, after=_snapshot(check))
    fever = Decimal(str(get_rule("health.fever_threshold", day)))
    if any(r.symptoms or (r.temperature is not None and r.temperature >= fever) for r in rows):
        surveillance.recorded(check)  # only a check that found something: most are zero reports
    return check


def _save_findings(check: HealthCheck, rows: list[Finding], actor) -> None:
    day = check.date
    absent_ids = [r.person.id for r in rows if not r.present]
    open_absences = {
        a.person_id: a
        for a in SickAbsence.objects.open().filter(
            person__school_class=check.school_class, started_on__lte=day
        )
    }
    unexplained = []
    for r in rows:
        absence = None
        if not r.present:
            absence = open_absences.get(r.person.id)
            if absence is None:
                absence = SickAbsence.objects.create(
                    person=r.person,
                    school_id=r.person.school_id,
                    school_class_id=r.person.school_class_id,
                    kind=r.absence_kind,
                    started_on=day,
                    symptoms=r.symptoms,
                    symptom_note=r.symptom_note,
                    seen_doctor=r.seen_doctor,
                    hospital=r.hospital,
                    diagnosis=r.diagnosis,
                    onset_on=day if r.symptoms else None,
                    created_by=user_or_none(actor),
                )
                if absence.kind == AbsenceKind.UNKNOWN:
                    unexplained.append(absence)
            elif absence.kind == AbsenceKind.UNKNOWN and r.absence_kind != AbsenceKind.UNKNOWN:
                absence.kind = r.absence_kind
                absence.save(update_fields=["kind", "updated_at"])
        HealthCheckFinding.objects.create(
            health_check=check,
            person=r.person,
            present=r.present,
            absence_kind=r.absence_kind,
            temperature=r.temperature,
            symptoms=r.symptoms,
            symptom_note=r.symptom_note,
            seen_doctor=r.seen_doctor,
            hospital=r.hospital,
            diagnosis=r.diagnosis,
            action=r.action,
            absence=absence,
        )
        if absence is not None:
            _count_half_days(absence)
            if absence.needs_certificate != requires_certificate(absence, day):
                absence.needs_certificate = not absence.needs_certificate
                absence.save(update_fields=["needs_certificate", "updated_at"])
    for pid, absence in open_absences.items():  # back in class: the absence ends today
        if pid not in absent_ids and not absence.needs_certificate and absence.started_on <= day:
            absence.returned_on = max(day, absence.started_on)
            absence.save(update_fields=["returned_on", "updated_at"])
    if unexplained:
        chase_unexplained(unexplained, check)


def _count_half_days(absence: SickAbsence) -> None:
    """Half days absent = morning and noon checks that found the student absent (at least the
    number typed on the register, which a head teacher may raise for days without checks)."""
    counted = absence.findings.filter(present=False, health_check__session__in=HALF_DAY_SESSIONS).count()
    if counted > absence.half_days:
        absence.half_days = counted
        absence.save(update_fields=["half_days", "updated_at"])
