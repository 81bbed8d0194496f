"""A person with the right role confirms a proposed category or overrides it (domain.md §4.2).

Every decision ends the current row and, unless a category is removed, opens a new one: the
history of who was in which category, from when, by whose decision and why, is never rewritten.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.models import ChangeAction
from eduguard.audit.services import record_change
from eduguard.core.rules import get_rule
from eduguard.org.models import Person
from eduguard.screening.models import CategoryStatus, PersonCategory, RiskCategory


def may_decide(user, person: Person) -> bool:
    return holds_role_over(user, get_rule("screening.category_roles"), person)


def _require(user, person: Person) -> None:
    if not may_decide(user, person):
        raise PermissionDenied(
            f"确认或改判类别须由{role_names('screening.category_roles', timezone.localdate())}办理"
        )


def _end(row: PersonCategory, actor, reason: str, now) -> None:
    """End a row by decision (the end reason is what keeps the rules from proposing it again)."""
    row.valid_to, row.ended_by, row.end_reason = now, actor, reason[:200]
    row.save(update_fields=["valid_to", "ended_by", "end_reason"])
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.UPDATE,
        obj=row,
        before={"category": row.category.code, "valid_to": None},
        after={"category": row.category.code, "valid_to": now.isoformat(), "end_reason": row.end_reason},
    )


def _open(person, category, *, campaign, status, reason, actor, now) -> PersonCategory:
    row = PersonCategory.objects.create(
        person=person,
        category=category,
        campaign=campaign,
        school_id=person.school_id,
        school_class_id=person.school_class_id,
        status=status,
        reason=reason[:200],
        decided_by=actor,
        valid_from=now,
    )
    record_change(
        actor=actor,
        source="web",
        action=ChangeAction.CREATE,
        obj=row,
        before=None,
        after={"category": category.code, "status": status, "reason": row.reason},
    )
    return row


def _current(row: PersonCategory) -> PersonCategory:
    row = PersonCategory.objects.select_for_update().select_related("category", "person").get(pk=row.pk)
    if row.valid_to is not None:
        raise ValidationError({"row": ["该类别记录已结束，请刷新后再试"]})
    return row


@transaction.atomic
def confirm_category(*, row: PersonCategory, actor, reason: str = "", now=None) -> PersonCategory:
    """Confirm a proposed category: the proposal ends, a confirmed row starts."""
    _require(actor, row.person)
    now = now or timezone.now()
    row = _current(row)
    if row.status != CategoryStatus.PROPOSED:
        raise ValidationError({"row": ["只有系统判定的类别需要确认"]})
    reason = (reason or "").strip()
    _end(row, actor, f"确认：{reason}" if reason else "确认", now)
    return _open(
        row.person,
        row.category,
        campaign=row.campaign,
        status=CategoryStatus.CONFIRMED,
        reason=reason or row.reason,
        actor=actor,
        now=now,
    )


@transaction.atomic
def override_category(
    *,
    person: Person,
    actor,
    reason: str,
    row: PersonCategory | None = None,
    category: RiskCategory | None = None,
    now=None,
) -> PersonCategory | None:
    """Change `row` to `category`, remove it (no category), or put the person into `category`
    (no row). A reason is required. Returns the new row, or None when a category was removed."""
    _require(actor, person)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["改判须写明理由"]})
    if row is None and category is None:
        raise ValidationError({"category": ["请选择类别"]})
    if row is not None:
        row = _current(row)
        if row.person_id != person.pk:
            raise ValidationError({"row": ["记录不属于此人"]})
    if category is not None:
        if category.county_id != person.county_id:
            raise ValidationError({"category": ["类别不属于本县"]})
        if row is not None and row.category_id == category.pk:
            raise ValidationError({"category": ["改判后的类别与原类别相同"]})
        held = PersonCategory.objects.current().filter(person=person, category=category).exists()
        if held:
            raise ValidationError({"category": [f"此人已在「{category.name}」类别中"]})
    if row is not None:
        target = f"改判为{category.name}" if category else "移出"
        _end(row, actor, f"{target}：{reason}", now)
    if category is None:
        return None
    return _open(
        person,
        category,
        campaign=row.campaign if row else None,
        status=CategoryStatus.OVERRIDDEN,
        reason=reason,
        actor=actor,
        now=now,
    )
