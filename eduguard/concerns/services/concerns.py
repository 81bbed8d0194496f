"""Registering a public concern, responding to it and closing it. Each is one transaction that
writes the change, its step (ConcernStep) and its change-log row; a refusal writes nothing."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.audit.services import record_web_change
from eduguard.concerns.choices import ConcernKind, ConcernStatus
from eduguard.concerns.models import Concern, ConcernStep
from eduguard.concerns.services.access import covers, refusal
from eduguard.core.rules import get_rule


def default_deadline(kind: str, received_on: dt.date) -> dt.date:
    """The received day plus the days the rule concerns.deadline_days gives the kind."""
    days = get_rule("concerns.deadline_days", received_on).get(kind, 7)
    return received_on + dt.timedelta(days=int(days))


def _snapshot(c: Concern) -> dict:
    return {
        "status": c.status,
        "owner": c.owner_id,
        "deadline": c.deadline.isoformat(),
        "responded": c.responded_at is not None,
        "schools": sorted(c.schools.values_list("id", flat=True)) if c.pk else [],
    }


def _step(concern, actor, at, note):
    ConcernStep.objects.create(concern=concern, at=at, actor=actor, status=concern.status, note=note[:500])


@transaction.atomic
def register_concern(
    *,
    actor,
    county,
    kind: str,
    channel: str,
    received_at: dt.datetime,
    subject: str,
    description: str,
    schools=(),
    owner=None,
    deadline: dt.date | None = None,
) -> Concern:
    """1. Check the actor handles the county (county-wide) or every school named.
    2. Check the fields; the owner must handle the item too; the deadline defaults from the rule.
    3. Write the item, its first step and the change-log row."""
    schools = list(schools)
    if not covers(actor, county, schools):
        raise PermissionDenied(refusal())
    owner = owner or actor
    errors: dict[str, list[str]] = {}
    if kind not in ConcernKind.values:
        errors["kind"] = ["请选择类别"]
    if received_at > timezone.now():
        errors["received_at"] = ["受理时间不能晚于现在"]
    if not (subject or "").strip():
        errors["subject"] = ["请填写事由"]
    if not (description or "").strip():
        errors["description"] = ["请写明主要内容"]
    if any(s.county_id != county.pk for s in schools):
        errors["schools"] = ["所选学校不属于本县"]
    if not covers(owner, county, schools):
        errors["owner"] = [f"{owner} 不负责这些学校的舆情信访事项"]
    received_on = timezone.localtime(received_at).date()
    if deadline is None and kind in ConcernKind.values:
        deadline = default_deadline(kind, received_on)
    if deadline is not None and deadline < received_on:
        errors["deadline"] = ["办理期限不能早于受理日期"]
    if errors:
        raise ValidationError(errors)
    concern = Concern.objects.create(
        county=county,
        kind=kind,
        channel=channel,
        received_at=received_at,
        subject=subject.strip()[:100],
        description=description.strip(),
        owner=owner,
        deadline=deadline,
        created_by=actor,
    )
    concern.schools.set(schools)
    _step(concern, actor, received_at, f"受理，责任人 {owner}，期限 {deadline:%Y-%m-%d}")
    record_web_change(actor=actor, obj=concern, before=None, after=_snapshot(concern))
    return concern


def _locked(concern, actor) -> Concern:
    if not Concern.objects.visible_to(actor).filter(pk=concern.pk).exists():
        raise PermissionDenied(refusal())
    return Concern.objects.select_for_update().get(pk=concern.pk)


def _when(at, concern, field: str) -> dt.datetime:
    at = at or timezone.now()
    if at > timezone.now():
        raise ValidationError({field: ["时间不能晚于现在"]})
    if at < concern.received_at:
        raise ValidationError({field: ["时间不能早于受理时间"]})
    return at


@transaction.atomic
def respond(*, concern: Concern, actor, response: str, at: dt.datetime | None = None) -> Concern:
    """Record (or replace) the response given; the item stays to be closed."""
    concern = _locked(concern, actor)
    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError({"__all__": ["事项已办结"]})
    if not (response or "").strip():
        raise ValidationError({"response": ["请填写答复内容"]})
    at = _when(at, concern, "response")
    before = _snapshot(concern)
    concern.response, concern.responded_at = response.strip(), at
    concern.status = ConcernStatus.RESPONDED
    concern.save(update_fields=["response", "responded_at", "status"])
    _step(concern, actor, at, f"答复：{concern.response}")
    record_web_change(actor=actor, obj=concern, before=before, after=_snapshot(concern))
    return concern


@transaction.atomic
def close_concern(
    *, concern: Concern, actor, response: str = "", note: str = "", at: dt.datetime | None = None
) -> Concern:
    """Close an item, with the response given now if there is one. A kind that the rule
    concerns.response_required names is refused without a response, and nothing is written."""
    concern = _locked(concern, actor)
    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError({"__all__": ["事项已办结"]})
    response = (response or "").strip()
    at = _when(at, concern, "note")
    if not response and not concern.response:
        required = get_rule("concerns.response_required", timezone.localtime(at).date())
        if concern.kind in required:
            kind = concern.get_kind_display()
            raise ValidationError({"response": [f"{kind}事项须答复后才能办结：请填写答复内容"]})
    before = _snapshot(concern)
    if response:
        concern.response, concern.responded_at = response, at
        concern.status = ConcernStatus.RESPONDED
        _step(concern, actor, at, f"答复：{response}")
    concern.status, concern.closed_at = ConcernStatus.CLOSED, at
    concern.save(update_fields=["response", "responded_at", "status", "closed_at"])
    _step(concern, actor, at, f"办结。{note.strip()}" if note.strip() else "办结")
    record_web_change(actor=actor, obj=concern, before=before, after=_snapshot(concern))
    return concern
