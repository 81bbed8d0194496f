"""Recording a counselling session and its follow-ups. Each is one transaction that writes the
record and its change-log row; the change log holds no note (it is sealed in the record)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.counselling.choices import ConcernCategory, Outcome, SessionKind
from eduguard.counselling.models import CounsellingSession, FollowUp
from eduguard.counselling.services.access import may_counsel, refusal


def default_follow_up(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=int(get_rule("counselling.follow_up_days", day)))


def _snapshot(s: CounsellingSession) -> dict:
    return {
        "person": s.person_id,
        "kind": s.kind,
        "category": s.category,
        "follow_up_on": s.follow_up_on.isoformat() if s.follow_up_on else None,
        "outcome": s.outcome,
    }


@transaction.atomic
def record_session(
    *,
    actor,
    person,
    held_at: dt.datetime,
    kind: str,
    category: str,
    note: str = "",
    hospital: str = "",
    follow_up_on: dt.date | None = None,
) -> CounsellingSession:
    if not may_counsel(actor, person):
        raise PermissionDenied(refusal())
    errors: dict[str, list[str]] = {}
    held_on = timezone.localtime(held_at).date()
    if held_at > timezone.now():
        errors["held_at"] = ["辅导时间不能晚于现在"]
    if kind not in SessionKind.values:
        errors["kind"] = ["请选择辅导形式"]
    if category not in ConcernCategory.values:
        errors["category"] = ["请选择辅导主题"]
    hospital = (hospital or "").strip()
    if kind == SessionKind.REFERRAL and not hospital:
        errors["hospital"] = ["转介医院时请填写医院名称"]
    if follow_up_on is not None and follow_up_on < held_on:
        errors["follow_up_on"] = ["回访日期不能早于辅导日期"]
    if errors:
        raise ValidationError(errors)
    session = CounsellingSession(
        county_id=person.county_id,
        school_id=person.school_id,
        person=person,
        held_at=held_at,
        counsellor=actor,
        kind=kind,
        category=category,
        hospital=hospital[:60],
        follow_up_on=follow_up_on,
    )
    session.set_note((note or "").strip())
    session.save()
    record_web_change(actor=actor, obj=session, before=None, after=_snapshot(session))
    return session


@transaction.atomic
def record_follow_up(
    *,
    session: CounsellingSession,
    actor,
    on: dt.date,
    outcome: str,
    note: str = "",
    next_on: dt.date | None = None,
) -> FollowUp:
    """1. Only a counsellor of the person (a reader may not write).
    2. The day lies between the session and today; a next follow-up comes after it, and a closed
       case has none.
    3. Append the follow-up; the session carries the latest outcome and the next date."""
    session = CounsellingSession.objects.select_for_update().select_related("person").get(pk=session.pk)
    if not may_counsel(actor, session.person):
        raise PermissionDenied(refusal())
    errors: dict[str, list[str]] = {}
    held_on = timezone.localtime(session.held_at).date()
    if on > timezone.localdate():
        errors["on"] = ["回访日期不能晚于今天"]
    elif on < held_on:
        errors["on"] = [f"回访日期不能早于辅导日期 {held_on:%Y-%m-%d}"]
    if outcome not in Outcome.values:
        errors["outcome"] = ["请选择回访结果"]
    if next_on is not None and outcome == Outcome.CLOSED:
        errors["next_on"] = ["已结案的不再安排回访"]
    elif next_on is not None and next_on <= on:
        errors["next_on"] = ["下次回访须晚于本次回访"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(session)
    follow_up = FollowUp(session=session, on=on, outcome=outcome, next_on=next_on, recorded_by=actor)
    follow_up.set_note((note or "").strip())
    follow_up.save()
    session.outcome, session.follow_up_on = outcome, next_on
    session.save(update_fields=["outcome", "follow_up_on"])
    record_web_change(actor=actor, obj=session, before=before, after=_snapshot(session))
    return follow_up
