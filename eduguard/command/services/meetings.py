"""Recording special meetings and their decisions (action items), closing an item, reminding the
owners of overdue items, and the counts the briefing and the dashboard quote."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eduguard.audit.services import record_web_change
from eduguard.command.choices import ActionStatus
from eduguard.command.models import ActionItem, Meeting
from eduguard.command.services.access import eligible_owners, may_manage, require_manager, unit_of
from eduguard.core.uploads import check_document
from eduguard.notify.services import enqueue, staff_channel
from eduguard.org.models import County, School

MINUTES_TYPES = (".pdf", ".doc", ".docx", ".jpg", ".jpeg", ".png")


@dataclass
class MeetingIn:
    date: dt.date
    topic: str
    chair: str
    attendees: str = ""
    summary: str = ""
    minutes: object = None  # an uploaded file


@transaction.atomic
def record_meeting(*, actor, unit: County | School, data: MeetingIn, today=None) -> Meeting:
    require_manager(actor, unit)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if data.date > today:
        errors["date"] = [_("会议日期不能晚于今天")]
    if not data.topic.strip():
        errors["topic"] = [_("请填写议题")]
    if not data.chair.strip():
        errors["chair"] = [_("请填写主持人")]
    try:
        check_document(data.minutes, "minutes", MINUTES_TYPES)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    school = unit if isinstance(unit, School) else None
    meeting = Meeting(
        county=school.county if school else unit,
        school=school,
        date=data.date,
        topic=data.topic.strip(),
        chair=data.chair.strip(),
        attendees=data.attendees.strip(),
        summary=data.summary.strip(),
        created_by=actor,
    )
    if data.minutes is not None:
        meeting.minutes = data.minutes
    meeting.save()
    after = {"date": meeting.date.isoformat(), "topic": meeting.topic, "minutes": bool(meeting.minutes)}
    record_web_change(actor=actor, obj=meeting, before=None, after=after)
    return meeting


def _action_snapshot(item: ActionItem) -> dict:
    return {
        "text": item.text,
        "owner": item.owner_id,
        "deadline": item.deadline.isoformat(),
        "status": item.status,
        "closing_note": item.closing_note,
    }


@transaction.atomic
def add_action(*, actor, meeting: Meeting, text: str, owner, deadline: dt.date | None) -> ActionItem:
    """A decision of the meeting, owned by someone in the chain within the meeting's unit, due on
    or after the meeting. The owner is told through the outbox."""
    unit = unit_of(meeting)
    require_manager(actor, unit)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("请填写议定事项")]
    if owner is None:
        errors["owner"] = [_("请指定责任人")]
    elif not eligible_owners(unit).filter(pk=owner.pk).exists():
        errors["owner"] = [
            _("%(name)s不在%(unit)s的包联责任体系内，不能作为责任人") % {"name": owner, "unit": unit.name}
        ]
    if deadline is None:
        errors["deadline"] = [_("请填写办结期限")]
    elif deadline < meeting.date:
        errors["deadline"] = [_("办结期限不能早于会议日期（%(d)s）") % {"d": meeting.date.isoformat()}]
    if errors:
        raise ValidationError(errors)
    item = ActionItem.objects.create(
        meeting=meeting, text=text.strip(), owner=owner, deadline=deadline, created_by=actor
    )
    record_web_change(actor=actor, obj=item, before=None, after=_action_snapshot(item))
    _tell_owner(item, step="new")
    return item


def may_close(user, item: ActionItem) -> bool:
    return user.pk == item.owner_id or may_manage(user, unit_of(item.meeting))


@transaction.atomic
def close_action(*, actor, item: ActionItem, status: str, note: str) -> ActionItem:
    """Done (with what was done) or cancelled (with why), by the owner or a manager of the unit.
    An item is closed once; the change log keeps the before and after."""
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if not may_close(actor, item):
        raise PermissionDenied(_("议定事项由责任人或会议所属单位的负责人办结"))
    errors: dict[str, list[str]] = {}
    if item.status != ActionStatus.OPEN:
        errors["__all__"] = [_("该事项已%(s)s") % {"s": item.get_status_display()}]
    elif status not in (ActionStatus.DONE, ActionStatus.CANCELLED):
        errors["status"] = [_("请选择办结或取消")]
    elif not note.strip():
        errors["note"] = [_("请填写办结情况") if status == ActionStatus.DONE else _("请填写取消原因")]
    if errors:
        raise ValidationError(errors)
    before = _action_snapshot(item)
    item.status, item.closing_note = status, note.strip()
    item.closed_at, item.closed_by = timezone.now(), actor
    item.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    record_web_change(actor=actor, obj=item, before=before, after=_action_snapshot(item))
    return item


def overdue(items, day: dt.date):
    return items.filter(status=ActionStatus.OPEN, deadline__lt=day)


def remind_overdue(*, actor, meeting: Meeting, today: dt.date | None = None) -> int:
    """Tell the owners of the meeting's overdue items; once a day per item (the outbox's key)."""
    require_manager(actor, unit_of(meeting))
    today = today or timezone.localdate()
    late = list(overdue(meeting.actions.select_related("owner"), today))
    if not late:
        raise ValidationError({"__all__": [_("本次会议没有逾期未办结的事项")]})
    with transaction.atomic():
        return sum(_tell_owner(item, step=f"remind:{today.isoformat()}") for item in late)


def _tell_owner(item: ActionItem, *, step: str) -> int:
    meeting = item.meeting
    if step == "new":
        body = _("【专题会议】%(topic)s 议定：%(text)s，请于%(d)s前办结。")
    else:
        body = _("【逾期提醒】%(topic)s 议定事项“%(text)s”已超过办结期限（%(d)s），请尽快办理。")
    body = body % {"topic": meeting.topic, "text": item.text, "d": item.deadline.isoformat()}
    return int(
        enqueue(
            channel=staff_channel(),
            kind="command.action." + ("new" if step == "new" else "remind"),
            dedupe_key=f"command.action:{item.pk}:{step}",
            body=body,
            user=item.owner,
            name=str(item.owner),
            school_id=meeting.school_id,
            county_id=meeting.county_id,
        )
    )


def meeting_count(county: County, since: dt.date | None, until: dt.date) -> int:
    """The bureau's special meetings in the period (seed 000: 先后召开专题会议N次)."""
    meetings = Meeting.objects.filter(county=county, school__isnull=True, date__lte=until)
    if since:
        meetings = meetings.filter(date__gte=since)
    return meetings.count()
