"""Paid-tutoring cases (在职教师违规补课, seed 004): accepting a report, investigating it, and
concluding it with an outcome. Only the roles of `inspection.discipline_roles` over the case's
county or school may read or act (TutoringCase.objects.visible_to); every step is kept."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import role_counties, role_names, role_schools
from eduguard.audit.services import record_web_change
from eduguard.inspection.models import CaseOutcome, CaseSource, CaseStatus, CaseStep, TutoringCase
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, School

RULE = "inspection.discipline_roles"


def handler_schools(user):
    """Schools a discipline officer covers (all of a county they hold the role for)."""
    return role_schools(user, RULE)


def handler_counties(user):
    return role_counties(user, RULE)


def may_handle(user) -> bool:
    return handler_counties(user).exists() or handler_schools(user).exists()


def _refuse():
    raise PermissionDenied(f"违规补课案件只由{role_names(RULE)}办理")


def _step(case, actor, note):
    CaseStep.objects.create(case=case, at=timezone.now(), actor=actor, status=case.status, note=note[:500])


def _snapshot(c: TutoringCase) -> dict:
    return {"status": c.status, "outcome": c.outcome, "school": c.school_id}


@transaction.atomic
def open_case(
    *,
    actor,
    school: School,
    teacher_name: str,
    source: str,
    reported_on: dt.date,
    summary: str,
    teacher: Person | None = None,
) -> TutoringCase:
    if not handler_schools(actor).filter(pk=school.pk).exists():
        _refuse()
    errors: dict[str, list[str]] = {}
    if reported_on > timezone.localdate():
        errors["reported_on"] = ["受理日期不能晚于今天"]
    if source not in CaseSource.values:
        errors["source"] = ["请选择线索来源"]
    if not (teacher_name or "").strip() and teacher is None:
        errors["teacher_name"] = ["请填写被反映教师"]
    if not (summary or "").strip():
        errors["summary"] = ["请写明反映的问题"]
    if teacher is not None and (teacher.school_id != school.pk or teacher.category != PersonCategory.STAFF):
        errors["teacher"] = [f"所选教师不是{school.name}的在职教职工"]
    if errors:
        raise ValidationError(errors)
    case = TutoringCase.objects.create(
        county=school.county,
        school=school,
        teacher=teacher,
        teacher_name=(teacher.name if teacher else teacher_name.strip())[:30],
        source=source,
        reported_on=reported_on,
        summary=summary.strip()[:500],
        recorded_by=actor,
    )
    _step(case, actor, f"线索来源：{case.get_source_display()}")
    record_web_change(actor=actor, obj=case, before=None, after=_snapshot(case))
    return case


def _locked(case, actor) -> TutoringCase:
    if not TutoringCase.objects.visible_to(actor).filter(pk=case.pk).exists():
        _refuse()
    return TutoringCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def investigate(*, case: TutoringCase, actor, investigators: str, note: str) -> TutoringCase:
    case = _locked(case, actor)
    errors: dict[str, list[str]] = {}
    if case.status == CaseStatus.CONCLUDED:
        errors["__all__"] = ["案件已办结"]
    if not (investigators or "").strip():
        errors["investigators"] = ["请填写调查人员"]
    if not (note or "").strip():
        errors["note"] = ["请记录调查情况"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(case)
    case.status, case.investigators = CaseStatus.INVESTIGATING, investigators.strip()[:100]
    case.findings = note.strip()[:500]
    case.save(update_fields=["status", "investigators", "findings"])
    _step(case, actor, f"{case.investigators}：{case.findings}")
    record_web_change(actor=actor, obj=case, before=before, after=_snapshot(case))
    return case


@transaction.atomic
def conclude(*, case: TutoringCase, actor, outcome: str, concluded_on: dt.date, note: str) -> TutoringCase:
    case = _locked(case, actor)
    errors: dict[str, list[str]] = {}
    if case.status == CaseStatus.CONCLUDED:
        errors["__all__"] = ["案件已办结"]
    elif case.status != CaseStatus.INVESTIGATING:
        errors["__all__"] = ["须先调查，再办结"]
    if outcome not in CaseOutcome.values:
        errors["outcome"] = ["请选择处理结果"]
    if concluded_on > timezone.localdate():
        errors["concluded_on"] = ["办结日期不能晚于今天"]
    elif concluded_on < case.reported_on:
        errors["concluded_on"] = [f"办结日期不能早于受理日期 {case.reported_on}"]
    if not (note or "").strip():
        errors["note"] = ["请写明处理依据和结果"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(case)
    case.status, case.outcome, case.concluded_on = CaseStatus.CONCLUDED, outcome, concluded_on
    case.save(update_fields=["status", "outcome", "concluded_on"])
    _step(case, actor, f"{case.get_outcome_display()}。{note.strip()}")
    record_web_change(actor=actor, obj=case, before=before, after=_snapshot(case))
    return case
