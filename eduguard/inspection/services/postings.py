"""Medical staff stationed at schools (驻校医护人员): recording a posting, and whether a school has
one on its opening day (a readiness condition, `inspection.readiness_requires`)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.inspection.models import Batch, MedicalPosting, MedicalRole
from eduguard.org.models import School

MAX_DAYS = 120


def may_post(user, school: School) -> bool:
    return holds_role_over(user, get_rule("inspection.medical_posting_roles"), school)


def opening_day(school: School, day: dt.date) -> dt.date:
    """The day the school opens: its batch's target date (the earliest, if in several), else `day`."""
    target = (
        Batch.objects.filter(schools=school).order_by("target_date").values_list("target_date", flat=True)
    )
    return target.first() or day


def on_duty(school: School, day: dt.date):
    return MedicalPosting.objects.filter(school=school, starts_on__lte=day, ends_on__gte=day)


@transaction.atomic
def add_posting(
    *,
    school: School,
    hospital: str,
    name: str,
    role: str,
    starts_on: dt.date,
    actor,
    ends_on: dt.date | None = None,
    note: str = "",
) -> MedicalPosting:
    if not may_post(actor, school):
        raise PermissionDenied(f"驻校医护人员须由{role_names('inspection.medical_posting_roles')}登记")
    ends_on = ends_on or starts_on + dt.timedelta(days=get_rule("inspection.medical_posting_days") - 1)
    errors: dict[str, list[str]] = {}
    if not (hospital or "").strip():
        errors["hospital"] = ["请填写派出单位（医院或卫生院）"]
    if not (name or "").strip():
        errors["name"] = ["请填写姓名"]
    if role not in MedicalRole.values:
        errors["role"] = ["请选择岗位"]
    if ends_on < starts_on:
        errors["ends_on"] = ["驻校结束日期不能早于开始日期"]
    elif (ends_on - starts_on).days >= MAX_DAYS:
        errors["ends_on"] = [f"一次驻校不超过 {MAX_DAYS} 天，请分段登记"]
    if errors:
        raise ValidationError(errors)
    posting = MedicalPosting.objects.create(
        school=school,
        hospital=hospital.strip()[:60],
        name=name.strip()[:30],
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        note=(note or "").strip()[:200],
        recorded_by=actor,
    )
    after = {"hospital": posting.hospital, "name": posting.name, "from": str(starts_on), "to": str(ends_on)}
    record_web_change(actor=actor, obj=posting, before=None, after=after)
    return posting
