"""Reopening acceptance (domain.md §5.3 steps 4–5): what still blocks a school, the bureau's
approval "达到开学条件" (refused while anything blocks), and marking the school open (refused
without the approval). The readiness board of a batch lists each school's blocking items.

A school is ready when it has a submitted self-check and a submitted team inspection, the latest
team inspection has no item 不合格, every rectification is closed, and the records still meet the
conditions its checklist checks automatically that hold on the day itself (LIVE_CHECKS: documents,
drills, the isolation room, everyone returning cleared, the plan, the medical staff). The checks of
daily practice (airing and disinfection, daily reports) are judged at the inspection and followed
through their fixes. Whatever the checklist, the conditions of `inspection.readiness_requires` (an
approved 一校一策, medical staff on duty on the opening day, by default) are checked too."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.inspection.models import (
    Batch,
    Inspection,
    InspectionKind,
    InspectionStatus,
    OpeningApproval,
    Outcome,
    Rectification,
)
from eduguard.inspection.services.auto import CHECKS, answer
from eduguard.org.models import School

LIVE_CHECKS = (
    "documents",
    "drills",
    "isolation_room",
    "returners_cleared",
    "reopening_plan",
    "medical_staff",
)


@dataclass
class Readiness:
    school: School
    blocking: list[str] = field(default_factory=list)
    inspection: Inspection | None = None  # the latest submitted team inspection
    approval: OpeningApproval | None = None

    @property
    def ready(self) -> bool:
        return not self.blocking


def readiness(school: School, day: dt.date | None = None) -> Readiness:
    day = day or timezone.localdate()
    r = Readiness(school, approval=OpeningApproval.objects.filter(school=school).first())
    submitted = Inspection.objects.filter(school=school, status=InspectionStatus.SUBMITTED, date__lte=day)
    if not submitted.filter(kind=InspectionKind.SELF_CHECK).exists():
        r.blocking.append("未完成学校自查")
    latest = (
        submitted.exclude(kind=InspectionKind.SELF_CHECK)
        .select_related("template", "team")
        .order_by("-date", "-submitted_at")
        .first()
    )
    r.inspection = latest
    checked: set[str] = set()  # auto checks already reported as blocking
    if latest is None:
        r.blocking.append("未经督导组检查")
    else:
        for result in latest.results.select_related("item").filter(outcome=Outcome.FAIL):
            r.blocking.append(f"不合格（待复查）：{result.item.text}")
        for item in latest.template.items.filter(auto__in=LIVE_CHECKS):
            short = answer(item.auto, school, day)
            if short:
                r.blocking.append(f"{item.text}：{short}")
                checked.add(item.auto)
    for code in get_rule("inspection.readiness_requires", day):
        short = answer(code, school, day) if code in CHECKS and code not in checked else ""
        if short:
            r.blocking.append(short)
    for fix in Rectification.objects.filter(school=school, closed_at__isnull=True).order_by("deadline"):
        when = f"（期限 {fix.deadline}）" if fix.deadline else ""
        r.blocking.append(f"待整改{when}：{fix.text}")
    return r


def board(batch: Batch, schools, day: dt.date | None = None) -> list[Readiness]:
    """Readiness of the batch's schools among `schools` (those the user sees)."""
    return [readiness(s, day) for s in schools.filter(batches=batch).order_by("code")]


def may_approve(user, school: School) -> bool:
    return holds_role_over(user, get_rule("inspection.approver_roles"), school)


@transaction.atomic
def approve_opening(*, school: School, batch: Batch, actor, day: dt.date | None = None) -> OpeningApproval:
    """Approve on `day` (today; the demo county passes its own day)."""
    if not may_approve(actor, school):
        raise PermissionDenied(f"“达到开学条件”须由{role_names('inspection.approver_roles')}审批")
    school = School.objects.select_for_update().get(pk=school.pk)
    if not batch.schools.filter(pk=school.pk).exists():
        raise ValidationError({"batch": [f"{school.name}不在{batch}中"]})
    if OpeningApproval.objects.filter(school=school).exists():
        raise ValidationError({"__all__": [f"{school.name}已审批达到开学条件"]})
    r = readiness(school, day)
    if not r.ready:
        raise ValidationError({"__all__": ["尚有未达标事项，不能审批：" + "；".join(r.blocking)]})
    approval = OpeningApproval.objects.create(
        school=school, batch=batch, inspection=r.inspection, approved_by=actor, approved_at=timezone.now()
    )
    record_web_change(actor=actor, obj=approval, before=None, after={"batch": batch.pk})
    return approval


@transaction.atomic
def mark_open(*, school: School, day: dt.date, actor) -> OpeningApproval:
    if not may_approve(actor, school):
        raise PermissionDenied(f"登记开学须由{role_names('inspection.approver_roles')}办理")
    approval = (
        OpeningApproval.objects.select_for_update().filter(school=school).select_related("batch").first()
    )
    if approval is None:
        raise ValidationError({"__all__": [f"{school.name}尚未审批达到开学条件，不能登记开学"]})
    errors = {}
    if approval.opened_on is not None:
        errors["__all__"] = [f"{school.name}已于{approval.opened_on}开学"]
    elif day < approval.batch.target_date:
        errors["day"] = [f"{approval.batch}计划于{approval.batch.target_date}开学，不能提前"]
    elif day > timezone.localdate():
        errors["day"] = ["开学日期不能晚于今天"]
    if errors:
        raise ValidationError(errors)
    approval.opened_on, approval.opened_by = day, actor
    approval.save(update_fields=["opened_on", "opened_by"])
    record_web_change(
        actor=actor, obj=approval, before={"opened_on": None}, after={"opened_on": day.isoformat()}
    )
    return approval
