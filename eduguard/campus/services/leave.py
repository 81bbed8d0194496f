"""Boarders' leave passes (住校生离校单, domain.md §5.4: closed management, boarders leave only in
special cases and every trip out is traceable). The head teacher issues a pass; the gate stamps it
out and back (services.gate); a pass not used can be cancelled."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.campus.models import LeavePass
from eduguard.core.rules import get_rule
from eduguard.org.models import Person


def may_issue(user, person: Person, day: dt.date | None = None) -> bool:
    return holds_role_over(user, get_rule("campus.leave_pass_roles", day), person)


def boarders(user):
    """The boarders a user sees, for the issue form."""
    return Person.objects.visible_to(user).filter(boarding=True, is_active=True, category="student")


def _snapshot(p: LeavePass) -> dict:
    return {
        "person": p.person_id,
        "leaves_on": p.leaves_on.isoformat(),
        "expected_back": p.expected_back.isoformat(),
        "cancelled": p.cancelled,
    }


@transaction.atomic
def issue_pass(
    *, person: Person, reason: str, leaves_on: dt.date, expected_back: dt.datetime, destination: str, actor
) -> LeavePass:
    if not may_issue(actor, person, leaves_on):
        raise PermissionDenied(f"离校单须由负责该生的{role_names('campus.leave_pass_roles')}签发")
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)  # one unused pass at a time
    errors: dict[str, list[str]] = {}
    if not person.boarding:
        errors["person"] = ["走读生无须离校单"]
    if not (reason or "").strip():
        errors["reason"] = ["请填写离校事由"]
    today = timezone.localdate()
    if leaves_on < today:
        errors["leaves_on"] = ["离校日期不能早于今天"]
    back = expected_back if timezone.is_aware(expected_back) else timezone.make_aware(expected_back)
    if timezone.localtime(back).date() < leaves_on:
        errors["expected_back"] = ["应返校时间不能早于离校日期"]
    if LeavePass.objects.valid().filter(person=person, out_at__isnull=True).exists():
        errors.setdefault("person", []).append(f"{person.name}已有一张未使用的离校单")
    if errors:
        raise ValidationError(errors)
    leave = LeavePass.objects.create(
        school_id=person.school_id,
        person=person,
        reason=reason.strip()[:100],
        leaves_on=leaves_on,
        expected_back=back,
        destination=(destination or "").strip()[:60],
        issued_by=actor,
    )
    record_web_change(actor=actor, obj=leave, before=None, after=_snapshot(leave))
    return leave


@transaction.atomic
def cancel_pass(*, leave: LeavePass, actor) -> LeavePass:
    leave = LeavePass.objects.select_for_update(of=("self",)).select_related("person").get(pk=leave.pk)
    if not may_issue(actor, leave.person):
        raise PermissionDenied(f"离校单须由负责该生的{role_names('campus.leave_pass_roles')}作废")
    if leave.cancelled or leave.out_at is not None:
        raise ValidationError({"__all__": [f"该离校单{leave.state}，不能作废"]})
    before = _snapshot(leave)
    leave.cancelled = True
    leave.save(update_fields=["cancelled"])
    record_web_change(actor=actor, obj=leave, before=before, after=_snapshot(leave))
    return leave


def overdue(queryset, now: dt.datetime | None = None):
    """Passes used to go out whose expected return has passed with no return through the gate."""
    return queryset.filter(
        cancelled=False, out_at__isnull=False, back_at__isnull=True, expected_back__lt=now or timezone.now()
    )
