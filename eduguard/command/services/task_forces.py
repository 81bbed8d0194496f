"""Setting up task forces and their members; revealing a member's phone (logged); and whether a
school has its task force, the readiness item "成立学校疫情防控工作专班" (inspection.services.auto)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access, record_web_change
from eduguard.command.choices import MemberRole
from eduguard.command.models import TaskForce, TaskForceMember
from eduguard.command.services.access import require_manager
from eduguard.core.phones import normalise_phone
from eduguard.org.models import County, School


@dataclass
class MemberIn:
    name: str
    role: str
    phone: str = ""
    post: str = ""
    user: object = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


def _dates(starts_on, ends_on, today) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if starts_on and starts_on > today:
        errors["starts_on"] = [_("日期不能晚于今天")]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("截止日期不能早于开始日期")]
    return errors


def _snapshot(tf: TaskForce) -> dict:
    return {
        "name": tf.name,
        "school": tf.school_id,
        "starts_on": tf.starts_on.isoformat(),
        "ends_on": tf.ends_on.isoformat() if tf.ends_on else None,
    }


@transaction.atomic
def create_task_force(
    *, actor, unit: County | School, name: str, starts_on: dt.date, duties: str = "", today=None
) -> TaskForce:
    """The unit's task force. A unit has one in force at a time: end the old one first."""
    require_manager(actor, unit)
    today = today or timezone.localdate()
    school = unit if isinstance(unit, School) else None
    county = unit.county if school else unit
    errors = _dates(starts_on, None, today)
    if not name.strip():
        errors["name"] = [_("请填写专班名称")]
    current = TaskForce.objects.filter(county=county, school=school).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if current.exists():
        errors["__all__"] = [_("%(unit)s已有工作专班，请先撤销原专班") % {"unit": unit.name}]
    if errors:
        raise ValidationError(errors)
    tf = TaskForce.objects.create(
        county=county,
        school=school,
        name=name.strip(),
        duties=duties.strip(),
        starts_on=starts_on,
        created_by=actor,
    )
    record_web_change(actor=actor, obj=tf, before=None, after=_snapshot(tf))
    return tf


@transaction.atomic
def update_task_force(
    *, actor, task_force: TaskForce, name: str, duties: str, starts_on, ends_on, today=None
):
    from eduguard.command.services.access import unit_of

    require_manager(actor, unit_of(task_force))
    errors = _dates(starts_on, ends_on, today or timezone.localdate())
    if not name.strip():
        errors["name"] = [_("请填写专班名称")]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(task_force)
    task_force.name, task_force.duties = name.strip(), duties.strip()
    task_force.starts_on, task_force.ends_on = starts_on, ends_on
    task_force.save()
    record_web_change(actor=actor, obj=task_force, before=before, after=_snapshot(task_force))
    return task_force


def build_member(task_force: TaskForce, data: MemberIn) -> TaskForceMember:
    """An unsaved member with its phone sealed; ValidationError on a bad phone or dates."""
    errors = _dates(None, data.ends_on, timezone.localdate())
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        errors["ends_on"] = [_("截止日期不能早于开始日期")]
    if not data.name.strip():
        errors["name"] = [_("请填写姓名")]
    if data.role not in MemberRole.values:
        errors["role"] = [_("请选择专班职务")]
    phone = ""
    try:
        phone = normalise_phone(data.phone)
    except ValidationError as exc:
        if data.role in (MemberRole.LEADER, MemberRole.LIAISON) or data.phone.strip():
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    member = TaskForceMember(
        task_force=task_force,
        name=data.name.strip(),
        post=data.post.strip(),
        role=data.role,
        user=data.user,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    member.set_phone(phone)
    return member


@transaction.atomic
def add_member(*, actor, task_force: TaskForce, data: MemberIn) -> TaskForceMember:
    """Add a member. The leader and the 24-hour liaison must leave a phone."""
    from eduguard.command.services.access import unit_of

    require_manager(actor, unit_of(task_force))
    member = build_member(task_force, data)
    member.save()
    after = {"name": member.name, "role": member.role, "phone": member.phone_masked}
    record_web_change(actor=actor, obj=member, before=None, after=after)
    return member


def reveal_phone(*, actor, record, request=None) -> str:
    """The plain phone of a member or liaison; the caller holds org.unmask_person. Always logged."""
    phone = record.reveal_phone()
    record_access(actor=actor, action=AccessAction.UNMASK, obj=record, request=request)
    return phone


def in_force(day: dt.date):
    return TaskForce.objects.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def readiness_gap(school: School, day: dt.date) -> str:
    """ "" when the school has a task force in force on `day` with a leader, else what is missing."""
    force = in_force(day).filter(school=school).first()
    if force is None:
        return _("未成立学校疫情防控工作专班")
    if not force.members.filter(role=MemberRole.LEADER).exists():
        return _("工作专班未明确组长")
    return ""
