"""The absence register (因病缺勤追踪, domain.md §3.2): registering, chasing an unexplained absence,
recording the cause and the illness, following it to its outcome, and the student's return.

Who may act is the rule `health.check_roles` over the student (a head teacher for their class,
school leaders and the doctor for the school). Return certificates are in services/certificates.py.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.accounts.scope import holds_role_over
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.core.rules import get_rule
from eduguard.health.choices import AbsenceKind, ContactMethod, DiagnosisStage, Infectious, Outcome
from eduguard.health.models import AbsenceFollowUp, SickAbsence
from eduguard.health.services import surveillance
from eduguard.health.services.values import clean_check_symptoms
from eduguard.notify.services import enqueue, phone_channel, staff_channel
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person

MAX_HALF_DAYS = 2 * 366
DETAIL_FIELDS = (
    "kind",
    "half_days",
    "onset_on",
    "symptoms",
    "symptom_note",
    "seen_doctor",
    "hospital",
    "diagnosis",
    "diagnosis_stage",
    "infectious",
    "disease",
    "outcome",
    "expected_return",
)


def requires_certificate(absence: SickAbsence, day: dt.date | None = None) -> bool:
    """A sick absence needs a return certificate for the reasons the rule names (§3.4)."""
    if absence.kind != AbsenceKind.SICK:
        return False
    reasons = get_rule("health.certificate_required_for", day)
    infectious = absence.infectious == Infectious.YES
    fever = "fever" in (absence.symptoms or [])
    return ("infectious" in reasons and infectious) or ("fever" in reasons and fever)


def may_register(user, person: Person, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("health.check_roles", day), person)


def _require(user, person: Person) -> None:
    if not may_register(user, person):
        raise PermissionDenied("只有负责该生的班主任、校领导或校医可以登记和跟进缺勤")


def snapshot(a: SickAbsence) -> dict:
    out = {}
    for name in (*DETAIL_FIELDS, "started_on", "returned_on", "needs_certificate"):
        value = getattr(a, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _clean(data: dict, started_on: dt.date, today: dt.date) -> dict:
    errors: dict[str, list[str]] = {}
    out = dict(data)
    if "kind" in out and out["kind"] not in AbsenceKind.values:
        errors["kind"] = ["未知的缺勤类型"]
    half = out.get("half_days")
    if half is not None and not (isinstance(half, int) and 1 <= half <= MAX_HALF_DAYS):
        errors["half_days"] = ["缺勤天数至少0.5天（以0.5天为单位）"]
    onset = out.get("onset_on")
    if onset is not None and onset > today:
        errors["onset_on"] = ["发病日期不能晚于今天"]
    back = out.get("expected_return")
    if back is not None and back < started_on:
        errors["expected_return"] = ["预计返校日期不能早于缺勤日期"]
    for name, choices in (
        ("infectious", Infectious.values),
        ("diagnosis_stage", DiagnosisStage.values),
        ("outcome", Outcome.values),
    ):
        if name in out and out[name] not in choices:
            errors[name] = ["无效的选项"]
    if "symptoms" in out:
        try:
            out["symptoms"] = clean_check_symptoms(out["symptoms"], started_on)
        except ValidationError as exc:
            errors["symptoms"] = exc.messages
    if out.get("infectious") == Infectious.YES and not (out.get("disease") or "").strip():
        errors["disease"] = ["传染病须填写病名"]
    if errors:
        raise ValidationError(errors)
    for name in ("symptom_note", "hospital", "diagnosis", "disease"):
        if name in out:
            out[name] = (out[name] or "").strip()
    return out


@transaction.atomic
def register_absence(*, person: Person, started_on: dt.date, actor, **details) -> SickAbsence:
    """Register an absence by hand (a call from the family before the morning check, a student
    sent home). One open absence per student: a second is refused."""
    today = timezone.localdate()
    _require(actor, person)
    if person.category != PersonCategory.STUDENT or person.school_class_id is None:
        raise ValidationError({"person": ["只能为在班学生登记缺勤"]})
    back = get_rule("health.max_backdate_days", today)
    if not today - dt.timedelta(days=back) <= started_on <= today:
        raise ValidationError(
            {"started_on": [f"缺勤日期应在 {today - dt.timedelta(days=back)} 到 {today} 之间"]}
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    if SickAbsence.objects.open().filter(person=person).exists():
        raise ValidationError({"started_on": [f"{person.name}已有未结束的缺勤登记，请在原登记上跟进"]})
    details = _clean(details, started_on, today)
    absence = SickAbsence(
        person=person,
        school_id=person.school_id,
        school_class_id=person.school_class_id,
        started_on=started_on,
        created_by=user_or_none(actor),
        **details,
    )
    absence.needs_certificate = requires_certificate(absence, started_on)
    absence.save()
    record_web_change(actor=actor, obj=absence, before=None, after=snapshot(absence))
    if absence.symptoms:
        surveillance.recorded(absence)
    if absence.kind == AbsenceKind.UNKNOWN:
        chase_unexplained([absence], None)
    return absence


@transaction.atomic
def update_absence(*, absence: SickAbsence, actor, **details) -> SickAbsence:
    """Record the cause, the illness and the outcome as they become known (each change logged)."""
    today = timezone.localdate()
    _require(actor, absence.person)
    absence = SickAbsence.objects.select_for_update().get(pk=absence.pk)
    before = snapshot(absence)
    details = _clean({k: v for k, v in details.items() if k in DETAIL_FIELDS}, absence.started_on, today)
    for name, value in details.items():
        setattr(absence, name, value)
    if absence.is_open:
        absence.needs_certificate = requires_certificate(absence, today)
    absence.save()
    record_web_change(actor=actor, obj=absence, before=before, after=snapshot(absence))
    if absence.symptoms != before["symptoms"]:
        surveillance.recorded(absence)
    return absence


@transaction.atomic
def end_absence(*, absence: SickAbsence, returned_on: dt.date, actor) -> SickAbsence:
    """The student is back. An absence that needs a certificate ends only by its approval."""
    today = timezone.localdate()
    _require(actor, absence.person)
    absence = SickAbsence.objects.select_for_update().get(pk=absence.pk)
    if not absence.is_open:
        raise ValidationError({"returned_on": ["这次缺勤已经结束"]})
    if absence.needs_certificate:
        raise ValidationError({"returned_on": ["须经校医审核复课证明后方可返校"]})
    if not absence.started_on <= returned_on <= today:
        raise ValidationError({"returned_on": [f"返校日期应在 {absence.started_on} 到 {today} 之间"]})
    before = snapshot(absence)
    absence.returned_on = returned_on
    if absence.kind == AbsenceKind.SICK and not absence.outcome:
        absence.outcome = Outcome.RECOVERED
    absence.save()
    record_web_change(actor=actor, obj=absence, before=before, after=snapshot(absence))
    return absence


@transaction.atomic
def add_follow_up(*, absence: SickAbsence, on: dt.date, method: str, status: str, actor) -> AbsenceFollowUp:
    today = timezone.localdate()
    _require(actor, absence.person)
    if method not in ContactMethod.values:
        raise ValidationError({"method": ["未知的联系方式"]})
    status = (status or "").strip()
    if not status:
        raise ValidationError({"status": ["请填写跟进情况"]})
    if not absence.started_on <= on <= today:
        raise ValidationError({"on": [f"跟进日期应在 {absence.started_on} 到 {today} 之间"]})
    return AbsenceFollowUp.objects.create(
        absence=absence, on=on, method=method, status=status[:200], by=user_or_none(actor)
    )


def chase_unexplained(absences: list[SickAbsence], check) -> int:
    """The same-morning chase of absences of unknown cause: a message to each guardian asking the
    cause, and one to the class's head teacher listing who to call (their task list is the class's
    open unexplained absences). Each message is keyed by the absence, so nothing is sent twice."""
    sent = 0
    when = f"{check.get_session_display()}" if check else "今日"
    for absence in absences:
        person = absence.person
        for guardian in person.guardians.all():
            phone = guardian.reveal_phone()
            if not phone:
                continue
            body = f"{person.name}{when}未到校，请尽快告知班主任缺勤原因；如因病缺勤，请说明症状和就诊情况。"
            sent += enqueue(
                channel=phone_channel(),
                kind="health.absence_chase",
                dedupe_key=f"health.absence_chase:{absence.pk}:{guardian.pk}",
                body=body,
                phone=phone,
                name=guardian.name,
                school_id=person.school_id,
                county_id=person.county_id,
            )
    by_class: dict[int, list[SickAbsence]] = {}
    for absence in absences:
        by_class.setdefault(absence.school_class_id, []).append(absence)
    teachers = (
        ResponsibilityAssignment.objects.active()
        .filter(role=Role.HEAD_TEACHER, school_class_id__in=list(by_class))
        .select_related("user")
    )
    for assignment in teachers:
        group = by_class[assignment.school_class_id]
        names = "、".join(a.person.name for a in group)
        sent += enqueue(
            channel=staff_channel(),
            kind="health.absence_task",
            dedupe_key=f"health.absence_task:{group[0].pk}:{len(group)}:{assignment.user_id}",
            body=f"{when}原因不明的缺勤：{names}。请当天上午联系家长问明原因并在缺勤登记中记录。",
            user=assignment.user,
            name=str(assignment.user),
            school_id=group[0].person.school_id,
            county_id=group[0].person.county_id,
        )
    return sent
