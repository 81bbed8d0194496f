"""一校一策 (domain.md §5.5): submitting a version of a school's reopening plan, reviewing it, and the
plan in force that other parts read (the gate screen's gates, the return slots of the logistics).

A version is checked whole before it is stored: its batch holds the school, it names its gates,
each grade of the school returns once, through one of those gates, no earlier than the batch's
opening day less `inspection.return_lead_days`, and two grades entering by the same gate on the
same day start at least `inspection.stagger_minutes` apart (错峰). A version is reviewed once and
only while it is the latest; a changed plan is a new version."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.campus.services.documents import check_upload
from eduguard.core.rules import get_rule
from eduguard.inspection.models import Batch, Dining, PlanStatus, ReopeningPlan, ReturnSlot
from eduguard.org.models import Grade, School

MAX_GATES, GATE_LENGTH = 8, 30


@dataclass
class Slot:
    grade: Grade
    date: dt.date
    start: dt.time
    end: dt.time
    gate: str
    note: str = ""


def may_submit(user, school: School) -> bool:
    return holds_role_over(user, get_rule("inspection.plan_roles"), school)


def may_review(user, school: School) -> bool:
    return holds_role_over(user, get_rule("inspection.plan_approver_roles"), school)


def plan_in_force(school: School) -> ReopeningPlan | None:
    """The latest approved version, which the gate and the return logistics follow."""
    return (
        ReopeningPlan.objects.filter(school=school, status=PlanStatus.APPROVED)
        .select_related("batch")
        .order_by("-version")
        .first()
    )


def plan_gates(school: School) -> list[str]:
    plan = plan_in_force(school)
    return list(plan.gates) if plan else []


def parse_gates(text: str) -> list[str]:
    """Gate names from what a person types: separated by commas (either width), 、 or new lines."""
    for sep in ("，", "、", "\n", ";", "；"):
        text = text.replace(sep, ",")
    return [g.strip() for g in text.split(",") if g.strip()]


def _check_gates(gates: list[str]) -> list[str]:
    if not gates:
        return ["请填写校门（如：东门、北门）"]
    if len(gates) > MAX_GATES:
        return [f"校门最多 {MAX_GATES} 个"]
    if len(set(gates)) != len(gates):
        return ["校门名称重复"]
    long = [g for g in gates if len(g) > GATE_LENGTH]
    return [f"校门名称不能超过 {GATE_LENGTH} 字：{long[0][:GATE_LENGTH]}…"] if long else []


def _check_slots(school: School, batch: Batch, gates: list[str], slots: list[Slot]) -> list[str]:
    errors = []
    grades = {g.pk: g for g in school.grades.all()}
    seen: dict[int, Slot] = {}
    earliest = batch.target_date - dt.timedelta(days=get_rule("inspection.return_lead_days"))
    for s in slots:
        if s.grade.pk not in grades:
            errors.append(f"{s.grade} 不是本校年级")
            continue
        if s.grade.pk in seen:
            errors.append(f"{s.grade} 安排了两次返校")
            continue
        seen[s.grade.pk] = s
        if s.end <= s.start:
            errors.append(f"{s.grade}：到校截止时间须晚于开始时间")
        if s.gate not in gates:
            errors.append(f"{s.grade}：校门“{s.gate}”不在本方案的校门中")
        if s.date < earliest:
            errors.append(f"{s.grade}：返校日期不能早于 {earliest}（批次开学 {batch.target_date}）")
    missing = [str(g) for pk, g in sorted(grades.items(), key=lambda kv: kv[1].level) if pk not in seen]
    if missing:
        errors.append("未安排返校时间：" + "、".join(missing))
    gap = get_rule("inspection.stagger_minutes")
    ordered = sorted(seen.values(), key=lambda s: (s.date, s.gate, s.start))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if (a.date, a.gate) != (b.date, b.gate):
            continue
        apart = (dt.datetime.combine(a.date, b.start) - dt.datetime.combine(a.date, a.start)).seconds // 60
        if apart < gap:
            errors.append(
                f"{a.grade}与{b.grade}同日同走{a.gate}，到校开始时间相隔 {apart} 分钟，应至少错开 {gap} 分钟"
            )
    return errors


def _snapshot(p: ReopeningPlan) -> dict:
    return {
        "version": p.version,
        "batch": p.batch_id,
        "gates": p.gates,
        "dining": p.dining,
        "status": p.status,
        "review_note": p.review_note,
        "slots": [
            [s.grade_id, s.date.isoformat(), s.start.strftime("%H:%M"), s.end.strftime("%H:%M"), s.gate]
            for s in p.slots.all()
        ],
    }


@transaction.atomic
def submit_plan(
    *,
    school: School,
    batch: Batch,
    gates: list[str],
    dining: str,
    slots: list[Slot],
    actor,
    dining_note: str = "",
    contacts: str = "",
    note: str = "",
    upload=None,
) -> ReopeningPlan:
    """Store the next version of the school's plan, waiting for review; refuse it whole if any
    part is wrong, saying each thing that is."""
    if not may_submit(actor, school):
        raise PermissionDenied(f"一校一策须由本校{role_names('inspection.plan_roles')}提交")
    errors: dict[str, list[str]] = {}
    if not batch.schools.filter(pk=school.pk).exists():
        errors["batch"] = [f"{school.name}不在{batch}中"]
    if dining not in Dining.values:
        errors["dining"] = ["请选择就餐安排"]
    gate_errors = _check_gates(gates)
    if gate_errors:
        errors["gates"] = gate_errors
    elif "batch" not in errors:
        slot_errors = _check_slots(school, batch, gates, slots)
        if slot_errors:
            errors["slots"] = slot_errors
    if upload:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    School.objects.select_for_update().filter(pk=school.pk).first()  # one next version at a time
    last = ReopeningPlan.objects.filter(school=school).aggregate(n=Max("version"))["n"] or 0
    plan = ReopeningPlan(
        school=school,
        version=last + 1,
        batch=batch,
        gates=gates,
        dining=dining,
        dining_note=dining_note.strip()[:200],
        contacts=contacts.strip()[:300],
        note=note.strip()[:300],
        submitted_by=user_or_none(actor),
        submitted_at=timezone.now(),
    )
    if upload:
        plan.file = upload
    plan.save()
    ReturnSlot.objects.bulk_create(
        ReturnSlot(
            plan=plan, grade=s.grade, date=s.date, start=s.start, end=s.end, gate=s.gate, note=s.note[:100]
        )
        for s in slots
    )
    record_web_change(actor=actor, obj=plan, before=None, after=_snapshot(plan))
    return plan


DECISIONS = {"approve": PlanStatus.APPROVED, "return": PlanStatus.RETURNED}


@transaction.atomic
def review_plan(*, plan: ReopeningPlan, decision: str, actor, note: str = "") -> ReopeningPlan:
    if not may_review(actor, plan.school):
        raise PermissionDenied(f"一校一策须由负责该校的{role_names('inspection.plan_approver_roles')}审定")
    plan = ReopeningPlan.objects.select_for_update().get(pk=plan.pk)
    status, note = DECISIONS.get(decision), (note or "").strip()[:200]
    if status is None:
        raise ValidationError({"decision": ["请选择审定或退回"]})
    latest = ReopeningPlan.objects.filter(school_id=plan.school_id).aggregate(n=Max("version"))["n"]
    if plan.version != latest:
        raise ValidationError({"decision": [f"只能审定最新版本（v{latest}），v{plan.version} 已被替换"]})
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(
            {"decision": [f"v{plan.version} 已{plan.get_status_display()}；如需改动，请学校提交新版本"]}
        )
    if status == PlanStatus.RETURNED and not note:
        raise ValidationError({"note": ["退回须写明意见，学校据此修改"]})
    before = _snapshot(plan)
    plan.status, plan.review_note = status, note
    plan.reviewed_by, plan.reviewed_at = user_or_none(actor), timezone.now()
    plan.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    record_web_change(actor=actor, obj=plan, before=before, after=_snapshot(plan))
    return plan
