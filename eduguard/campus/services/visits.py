"""Visitors (校外来访人员, domain.md §5.4 rule 2): real-name registration, the approvals the rules
ask for, the check at the gate, and the way out. Refused visitors are kept, with the reason.

    pending ─(every approval of `campus.visit_approval_chain`)→ approved ─admit→ inside ─leave→ left
       └──── refused ←── (a declined approval, or the gate: fever, red/yellow code, by hand) ─┘

A host who registers a visit approves it by doing so. With the five rules' `visitor_approval`
check switched off, or an empty chain, a visit is approved when registered.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment, User
from eduguard.accounts.scope import holds_role_over
from eduguard.audit.services import record_web_change
from eduguard.campus.models import Visit, VisitApproval, VisitStatus
from eduguard.campus.services.gate import enforced, may_work_gate, thresholds
from eduguard.core.identity import parse_id_number
from eduguard.core.phones import normalise_phone
from eduguard.core.rules import get_rule
from eduguard.health.choices import HealthCode
from eduguard.health.services.values import parse_temperature
from eduguard.notify.services import enqueue, staff_channel
from eduguard.org.choices import IdType
from eduguard.org.models import School

HOST_ROLES = [Role.PRINCIPAL, Role.SCHOOL_LEADER, Role.SCHOOL_DOCTOR, Role.HEAD_TEACHER]
CHECKSUM_IDS = {IdType.RESIDENT, IdType.HMT_RESIDENCE}  # GB 11643 numbers with a check character


def hosts(school: School, day: dt.date | None = None):
    """The users who may receive a visitor: the school's staff in the chain (its leaders, doctor and
    head teachers), who reach its gate pages through the school, a grade or a class."""
    here = Q(school=school) | Q(grade__school=school) | Q(school_class__grade__school=school)
    users = ResponsibilityAssignment.objects.active(day).filter(here, role__in=HOST_ROLES).values("user_id")
    return User.objects.filter(id__in=users, is_active=True).order_by("full_name", "username")


def chain(day: dt.date) -> list[str]:
    """The approvals a visit needs on `day`: none when the five rules do not ask for them."""
    if "visitor_approval" not in enforced(day):
        return []
    return list(get_rule("campus.visit_approval_chain", day))


def next_step(visit: Visit) -> str | None:
    done = {a.step for a in visit.approvals.all() if a.approve}
    return next((s for s in chain(visit.date) if s not in done), None)


def may_approve(user, visit: Visit, step: str | None) -> bool:
    if step is None or not getattr(user, "is_authenticated", False):
        return False
    if step == "host":
        return visit.host_id == user.pk or user.is_superuser
    return holds_role_over(user, [step], visit.school)


def may_register(user, school: School) -> bool:
    return may_work_gate(user, school) or hosts(school).filter(pk=user.pk).exists()


def _identity(id_type: str, raw: str, errors: dict) -> str:
    raw = (raw or "").strip()
    if id_type not in IdType.values or id_type == IdType.NONE:
        errors["id_type"] = ["来访须实名登记，请选择证件类型"]
        return ""
    if not raw:
        errors["id_number"] = ["请填写证件号码"]
        return ""
    if id_type in CHECKSUM_IDS:
        try:
            return parse_id_number(raw).number
        except ValidationError as exc:
            errors["id_number"] = exc.messages
            return ""
    if len(raw) > 30:
        errors["id_number"] = ["证件号码过长"]
    return raw.upper()


@transaction.atomic
def register_visit(*, school: School, data: dict, actor) -> Visit:
    """Register a visit ahead (by its host) or at the gate. `data`: name, id_type, id_number,
    phone, organisation, purpose, host (a User or None), date, and refused_reason: a walk-up the
    gate turns away at once (校外无关人员) is recorded as refused, with no host needed."""
    if not may_register(actor, school):
        raise PermissionDenied("只有本校教职工和门卫可以登记来访")
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = ["请填写来访人姓名"]
    number = _identity(data.get("id_type") or IdType.RESIDENT, data.get("id_number"), errors)
    try:
        phone = normalise_phone(data.get("phone"))
    except ValidationError as exc:
        errors["phone"] = exc.messages
        phone = ""
    purpose = (data.get("purpose") or "").strip()
    if not purpose:
        errors["purpose"] = ["请填写来访事由"]
    day = data.get("date") or today
    if day < today:
        errors["date"] = ["来访日期不能早于今天"]
    refusal = (data.get("refused_reason") or "").strip()
    if refusal and not may_work_gate(actor, school):
        errors["refused_reason"] = ["只有校门值守人员可以当场拒绝入校"]
    elif refusal and day != today:
        errors["date"] = ["当场拒绝的来访日期应为今天"]
    host = data.get("host")
    steps = chain(day)
    if host is None and "host" in steps and not refusal:
        errors["host"] = ["请选择接待人"]
    elif host is not None and not hosts(school, day).filter(pk=host.pk).exists():
        errors["host"] = ["接待人须为本校教职工"]
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        school=school,
        name=name[:50],
        organisation=(data.get("organisation") or "").strip()[:60],
        purpose=purpose[:100],
        host=host,
        date=day,
        created_by=actor,
    )
    visit.set_id_number(data.get("id_type") or IdType.RESIDENT, number)
    visit.set_phone(phone)
    if refusal:
        visit.status, visit.refused_reason = VisitStatus.REFUSED, refusal[:200]
        visit.save()
        record_web_change(actor=actor, obj=visit, before=None, after=_snapshot(visit))
        return visit
    visit.save()
    if host is not None and host.pk == actor.pk and "host" in steps:
        VisitApproval.objects.create(visit=visit, step="host", approve=True, by=actor, at=timezone.now())
    _advance(visit)
    record_web_change(actor=actor, obj=visit, before=None, after=_snapshot(visit))
    return visit


def _advance(visit: Visit) -> None:
    """Approved once no step is left; otherwise tell the next approver."""
    step = next_step(visit)
    if step is None:
        visit.status = VisitStatus.APPROVED
        visit.save(update_fields=["status"])
        return
    if step == "host":
        users = [visit.host] if visit.host else []
    else:
        users = [
            a.user
            for a in ResponsibilityAssignment.objects.active()
            .filter(role=step, school=visit.school)
            .select_related("user")
        ]
    for user in users:
        enqueue(
            channel=staff_channel(),
            kind="visit",
            dedupe_key=f"visit:{visit.pk}:{step}:u{user.pk}",
            body=f"【来访审批】{visit.name}（{visit.organisation or '个人'}）{visit.date:%m月%d日}来访，事由：{visit.purpose}。请审批。",
            user=user,
            name=str(user),
            school_id=visit.school_id,
            county_id=visit.school.county_id,
        )


def _snapshot(v: Visit) -> dict:
    return {
        "status": v.status,
        "host": v.host_id,
        "date": v.date.isoformat(),
        "temperature": str(v.temperature) if v.temperature is not None else None,
        "entered_at": v.entered_at.isoformat() if v.entered_at else None,
        "left_at": v.left_at.isoformat() if v.left_at else None,
        "refused_reason": v.refused_reason,
    }


def _lock(visit: Visit) -> Visit:
    return Visit.objects.select_for_update(of=("self",)).select_related("school").get(pk=visit.pk)


@transaction.atomic
def decide_visit(*, visit: Visit, approve: bool, note: str, actor) -> Visit:
    visit = _lock(visit)
    step = next_step(visit) if visit.status == VisitStatus.PENDING else None
    if step is None:
        raise ValidationError({"__all__": [f"该来访当前为「{visit.get_status_display()}」，无须审批"]})
    if not may_approve(actor, visit, step):
        raise PermissionDenied("您不是该来访当前环节的审批人")
    if not approve and not (note or "").strip():
        raise ValidationError({"note": ["不同意时请写明原因"]})
    before = _snapshot(visit)
    VisitApproval.objects.create(
        visit=visit, step=step, approve=approve, note=note.strip()[:200], by=actor, at=timezone.now()
    )
    if approve:
        _advance(visit)
    else:
        visit.status = VisitStatus.REFUSED
        visit.refused_reason = f"审批未同意：{note.strip()}"[:200]
        visit.save(update_fields=["status", "refused_reason"])
    record_web_change(actor=actor, obj=visit, before=before, after=_snapshot(visit))
    return visit


def _at(raw, errors: dict, field: str) -> dt.datetime:
    now = timezone.now()
    if raw is None:
        return now
    at = raw if timezone.is_aware(raw) else timezone.make_aware(raw)
    if at > now + dt.timedelta(minutes=5):
        errors[field] = ["时间不能晚于现在"]
    return at


@transaction.atomic
def admit(
    *, visit: Visit, temperature, code_colour: str, id_checked: bool, actor, method: str = "forehead"
) -> Visit:
    """The check at the gate. A fever or a red or yellow code refuses the visitor (recorded);
    a visit not yet approved cannot be admitted."""
    visit = _lock(visit)
    if not may_work_gate(actor, visit.school):
        raise PermissionDenied("只有本校校门值守人员可以办理入校")
    if visit.status != VisitStatus.APPROVED:
        raise ValidationError({"__all__": [f"该来访当前为「{visit.get_status_display()}」，不能入校"]})
    if visit.date != timezone.localdate():
        raise ValidationError({"__all__": [f"该来访批准的日期为{visit.date}，不是今天"]})
    errors: dict[str, list[str]] = {}
    try:
        value = parse_temperature(temperature, visit.date)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        value = None
    if value is None and "temperature" not in errors:
        errors["temperature"] = ["来访人员入校须测量体温"]
    if code_colour not in HealthCode.values:
        errors["code_colour"] = ["请查验健康码"]
    if not id_checked:
        errors["id_checked"] = ["须核验来访人员身份证件"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(visit)
    limits = thresholds(visit.date)
    screen = limits["screen"].get(method, limits["fever"])
    visit.temperature, visit.code_colour = value, code_colour
    reason = ""
    if value >= screen:
        reason = f"体温 {value}℃（≥{screen}℃）"
    elif code_colour in (HealthCode.RED, HealthCode.YELLOW):
        reason = f"健康码为{HealthCode(code_colour).label}"
    if reason:
        visit.status, visit.refused_reason = VisitStatus.REFUSED, reason
    else:
        visit.status, visit.entered_at = VisitStatus.INSIDE, timezone.now()
    visit.save()
    record_web_change(actor=actor, obj=visit, before=before, after=_snapshot(visit))
    return visit


@transaction.atomic
def see_out(*, visit: Visit, actor, at: dt.datetime | None = None) -> Visit:
    visit = _lock(visit)
    if not may_work_gate(actor, visit.school):
        raise PermissionDenied("只有本校校门值守人员可以登记离校")
    if visit.status != VisitStatus.INSIDE:
        raise ValidationError(
            {"__all__": [f"该来访当前为「{visit.get_status_display()}」，没有入校记录，不能登记离校"]}
        )
    errors: dict[str, list[str]] = {}
    at = _at(at, errors, "left_at")
    if at < visit.entered_at:
        errors["left_at"] = [f"离校时间不能早于入校时间（{timezone.localtime(visit.entered_at):%H:%M}）"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(visit)
    visit.status, visit.left_at = VisitStatus.LEFT, at
    visit.save(update_fields=["status", "left_at"])
    record_web_change(actor=actor, obj=visit, before=before, after=_snapshot(visit))
    return visit


@transaction.atomic
def refuse(*, visit: Visit, reason: str, actor) -> Visit:
    visit = _lock(visit)
    if not may_work_gate(actor, visit.school):
        raise PermissionDenied("只有本校校门值守人员可以拒绝入校")
    if visit.status not in (VisitStatus.PENDING, VisitStatus.APPROVED):
        raise ValidationError({"__all__": [f"该来访当前为「{visit.get_status_display()}」，不能拒绝"]})
    if not (reason or "").strip():
        raise ValidationError({"reason": ["请写明拒绝原因"]})
    before = _snapshot(visit)
    visit.status, visit.refused_reason = VisitStatus.REFUSED, reason.strip()[:200]
    visit.save(update_fields=["status", "refused_reason"])
    record_web_change(actor=actor, obj=visit, before=before, after=_snapshot(visit))
    return visit
