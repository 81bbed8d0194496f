"""The county's departments and liaisons, and the joint actions taken with them (联防联控)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eduguard.audit.services import record_web_change
from eduguard.command.choices import DepartmentKind, JointActionKind
from eduguard.command.models import Department, JointAction, Liaison
from eduguard.command.services.access import require_manager
from eduguard.core.phones import normalise_phone
from eduguard.org.models import County


@transaction.atomic
def add_department(*, actor, county: County, kind: str, name: str, note: str = "") -> Department:
    require_manager(actor, county)
    errors: dict[str, list[str]] = {}
    if kind not in DepartmentKind.values:
        errors["kind"] = [_("请选择部门类别")]
    if not name.strip():
        errors["name"] = [_("请填写部门名称")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            dept = Department.objects.create(county=county, kind=kind, name=name.strip(), note=note.strip())
    except IntegrityError:
        raise ValidationError({"name": [_("“%(n)s”已登记") % {"n": name.strip()}]}) from None
    record_web_change(actor=actor, obj=dept, before=None, after={"kind": kind, "name": dept.name})
    return dept


@transaction.atomic
def add_liaison(*, actor, department: Department, name: str, phone: str, post: str = "") -> Liaison:
    require_manager(actor, department.county)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("请填写姓名")]
    try:
        phone = normalise_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    liaison = Liaison(department=department, name=name.strip(), post=post.strip())
    liaison.set_phone(phone)
    liaison.save()
    record_web_change(
        actor=actor, obj=liaison, before=None, after={"name": liaison.name, "phone": liaison.phone_masked}
    )
    return liaison


@dataclass
class JointActionIn:
    date: dt.date
    kind: str
    title: str
    departments: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    summary: str = ""
    people_reached: int = 0


@transaction.atomic
def record_joint_action(*, actor, county: County, data: JointActionIn, today=None) -> JointAction:
    require_manager(actor, county)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if data.date > today:
        errors["date"] = [_("日期不能晚于今天")]
    if data.kind not in JointActionKind.values:
        errors["kind"] = [_("请选择行动类别")]
    if not data.title.strip():
        errors["title"] = [_("请填写名称")]
    if not data.departments:
        errors["departments"] = [_("请选择参与部门")]
    elif any(d.county_id != county.pk for d in data.departments):
        errors["departments"] = [_("只能选择本县的部门")]
    if any(s.county_id != county.pk for s in data.schools):
        errors["schools"] = [_("只能选择本县的学校")]
    if data.people_reached is None or data.people_reached < 0:
        errors["people_reached"] = [_("覆盖人数不能为负数")]
    if errors:
        raise ValidationError(errors)
    action = JointAction.objects.create(
        county=county,
        date=data.date,
        kind=data.kind,
        title=data.title.strip(),
        summary=data.summary.strip(),
        people_reached=data.people_reached,
        created_by=actor,
    )
    action.departments.set(data.departments)
    action.schools.set(data.schools)
    after = {
        "date": action.date.isoformat(),
        "kind": action.kind,
        "title": action.title,
        "departments": [d.pk for d in data.departments],
        "schools": [s.pk for s in data.schools],
    }
    record_web_change(actor=actor, obj=action, before=None, after=after)
    return action
