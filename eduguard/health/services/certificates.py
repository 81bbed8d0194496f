"""复课证明查验 (domain.md §3.4): the hospital certificate is brought in, the school doctor reviews
it and either issues the school's numbered return certificate (two copies: the student's and
the school's) or keeps the student at home. The doctor's conclusion prevails over the hospital's.
Approving ends the absence: the student may be marked present from the return day.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.core.rules import get_rule
from eduguard.core.uploads import check_document
from eduguard.health.choices import HOSPITAL_RANK, AbsenceKind, CertificateStatus, HospitalLevel, Outcome
from eduguard.health.models import ReturnCertificate, SickAbsence
from eduguard.health.services.absences import may_register, snapshot
from eduguard.org.models import School

MAX_RETURN_DAYS_AHEAD = 14


def may_review(user, absence: SickAbsence, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("health.certificate_roles", day), absence.person)


def below_required_level(level: str, day: dt.date | None = None) -> bool:
    minimum = get_rule("health.certificate_min_level", day)
    return HOSPITAL_RANK.get(level, 0) < HOSPITAL_RANK.get(minimum, 0)


@transaction.atomic
def submit_certificate(
    *, absence: SickAbsence, hospital: str, hospital_level: str, issued_on: dt.date, actor, file=None
) -> ReturnCertificate:
    """Register the hospital's certificate for review (the head teacher or the doctor)."""
    today = timezone.localdate()
    if not (may_register(actor, absence.person, today) or may_review(actor, absence, today)):
        raise PermissionDenied("只有负责该生的班主任、校领导或校医可以登记复课证明")
    absence = SickAbsence.objects.select_for_update().get(pk=absence.pk)
    errors: dict[str, list[str]] = {}
    if absence.kind != AbsenceKind.SICK:
        errors["__all__"] = ["只有病假需要复课证明；请先把缺勤类型登记为病假"]
    if not absence.is_open:
        errors["__all__"] = ["这次缺勤已经结束"]
    hospital = (hospital or "").strip()
    if not hospital:
        errors["hospital"] = ["请填写出具证明的医院"]
    if hospital_level not in HospitalLevel.values:
        errors["hospital_level"] = ["请选择医院等级"]
    illness = min(d for d in (absence.onset_on, absence.started_on) if d is not None)
    if issued_on < illness:
        errors["issued_on"] = [f"证明日期不能早于发病或缺勤日期（{illness}）"]
    elif issued_on > today:
        errors["issued_on"] = ["证明日期不能晚于今天"]
    if errors:
        raise ValidationError(errors)
    check_document(file, "file")
    if absence.certificates.filter(status=CertificateStatus.PENDING).exists():
        raise ValidationError({"__all__": ["已有待审核的复课证明，请校医先审核"]})
    certificate = ReturnCertificate.objects.create(
        absence=absence,
        hospital=hospital[:100],
        hospital_level=hospital_level,
        issued_on=issued_on,
        file=file,
        submitted_by=user_or_none(actor),
    )
    record_web_change(actor=actor, obj=certificate, before=None, after=_snap(certificate))
    return certificate


def _snap(c: ReturnCertificate) -> dict:
    return {
        "hospital": c.hospital,
        "hospital_level": c.hospital_level,
        "issued_on": c.issued_on.isoformat(),
        "file": c.file.name or "",
        "status": c.status,
        "review_note": c.review_note,
        "return_on": c.return_on and c.return_on.isoformat(),
        "number": c.number,
    }


def next_number(school: School | None, day: dt.date) -> str:
    """FK-<school code>-<year>-<seq>: numbered per school and year, under a lock on the school."""
    code = "X"
    if school is not None:
        school = School.objects.select_for_update().get(pk=school.pk)
        code = school.code
    prefix = f"FK-{code}-{day.year}-"
    taken = ReturnCertificate.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


@transaction.atomic
def review_certificate(
    *, certificate: ReturnCertificate, approve: bool, actor, note: str = "", return_on: dt.date | None = None
) -> ReturnCertificate:
    """The school doctor's conclusion. Approving numbers the school certificate and ends the
    absence on `return_on`; refusing keeps the student at home and needs the reason."""
    today = timezone.localdate()
    certificate = (
        ReturnCertificate.objects.select_for_update().select_related("absence").get(pk=certificate.pk)
    )
    absence = certificate.absence
    if not may_review(actor, absence, today):
        raise PermissionDenied("复课证明须由校医（或校长）审核")
    if certificate.status != CertificateStatus.PENDING:
        raise ValidationError({"__all__": ["这份证明已经审核过"]})
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": ["不同意复课时请写明校医意见"]})
    if approve and below_required_level(certificate.hospital_level, today) and not note:
        level = HospitalLevel(get_rule("health.certificate_min_level", today)).label
        raise ValidationError({"note": [f"证明出具医院低于{level}，通过须写明校医意见"]})
    return_on = return_on or today
    if approve and not absence.started_on <= return_on <= today + dt.timedelta(days=MAX_RETURN_DAYS_AHEAD):
        raise ValidationError(
            {"return_on": [f"复课日期应在 {absence.started_on} 之后、{MAX_RETURN_DAYS_AHEAD} 天以内"]}
        )
    before = _snap(certificate)
    certificate.status = CertificateStatus.APPROVED if approve else CertificateStatus.REJECTED
    certificate.review_note = note[:300]
    certificate.reviewed_by = user_or_none(actor)
    certificate.reviewed_at = timezone.now()
    if approve:
        certificate.return_on = return_on
        certificate.number = next_number(absence.school, return_on)
        absence_before = snapshot(absence)
        absence.returned_on = return_on
        absence.outcome = absence.outcome or Outcome.RECOVERED
        absence.save()
        record_web_change(actor=actor, obj=absence, before=absence_before, after=snapshot(absence))
    certificate.save()
    record_web_change(actor=actor, obj=certificate, before=before, after=_snap(certificate))
    return certificate
