"""Meetings and their action items: who may own one, deadlines, closing, reminders, the audit rows."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.command.models import ActionItem, Meeting
from eduguard.command.services import meetings as service
from eduguard.command.services.todo import my_open_items
from eduguard.notify.models import Message


def test_it_records_a_meeting_with_its_change_log_row(meeting):
    assert ChangeLog.objects.filter(object_type="command.meeting", object_id=str(meeting.pk)).count() == 1


def test_it_refuses_a_meeting_in_the_future_or_without_a_topic(world):
    data = service.MeetingIn(date=timezone.localdate() + dt.timedelta(days=1), topic=" ", chair="局长")
    with pytest.raises(ValidationError) as exc:
        service.record_meeting(actor=world.leader, unit=world.county, data=data)
    assert set(exc.value.message_dict) == {"date", "topic"}
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "name, size, message",
    [("纪要.exe", 10, "文件应为 PDF 或图片"), ("纪要.pdf", 11 * 1024 * 1024, "文件不能超过 10 MB")],
)
def test_it_refuses_bad_or_oversize_minutes(world, name, size, message):
    upload = SimpleUploadedFile(name, b"x" * size)
    data = service.MeetingIn(date=timezone.localdate(), topic="会", chair="局长", minutes=upload)
    with pytest.raises(ValidationError) as exc:
        service.record_meeting(actor=world.leader, unit=world.county, data=data)
    assert message in exc.value.message_dict["minutes"][0]
    assert not Meeting.objects.exists()


def test_only_a_manager_of_the_unit_records_its_meetings(world):
    data = service.MeetingIn(date=timezone.localdate(), topic="会", chair="校长")
    with pytest.raises(PermissionDenied):
        service.record_meeting(actor=world.doctor, unit=world.schools["S1"], data=data)
    with pytest.raises(PermissionDenied):
        service.record_meeting(actor=world.principal, unit=world.county, data=data)


def test_an_action_item_tells_its_owner_and_shows_on_their_list(world, meeting):
    item = service.add_action(
        actor=world.leader,
        meeting=meeting,
        text="制定复学方案",
        owner=world.head_teacher,
        deadline=meeting.date,
    )
    told = Message.objects.get(kind="command.action.new")
    assert told.recipient_user == world.head_teacher and "制定复学方案" in told.body
    assert list(my_open_items(world.head_teacher)) == [item]
    # The owner sees the item although the bureau's meeting is outside their scope.
    assert list(ActionItem.objects.visible_to(world.head_teacher)) == [item]
    assert not Meeting.objects.visible_to(world.head_teacher).exists()


@pytest.mark.parametrize(
    "owner, deadline, field, message",
    [
        (None, 0, "owner", "请指定责任人"),
        ("head_teacher", -1, "deadline", "办结期限不能早于会议日期"),
        ("head_teacher", None, "deadline", "请填写办结期限"),
        ("parent", 0, "owner", "不在"),
        ("outsider", 0, "owner", "不在"),
    ],
)
def test_it_refuses_an_item_without_owner_or_due_before_the_meeting(
    world, meeting, owner, deadline, field, message
):
    due = None if deadline is None else meeting.date + dt.timedelta(days=deadline)
    owner = getattr(world, owner) if owner else None
    with pytest.raises(ValidationError) as exc:
        service.add_action(actor=world.leader, meeting=meeting, text="事项", owner=owner, deadline=due)
    assert message in exc.value.message_dict[field][0]
    assert not ActionItem.objects.exists() and not Message.objects.exists()


def test_a_school_meetings_owner_must_work_in_that_school(world, school_meeting):
    for outsider in (world.inspector, world.leader):  # S2's inspector; the county leader is not "in" S1
        with pytest.raises(ValidationError):
            service.add_action(
                actor=world.principal,
                meeting=school_meeting,
                text="事项",
                owner=outsider,
                deadline=school_meeting.date,
            )
    item = service.add_action(
        actor=world.principal,
        meeting=school_meeting,
        text="事项",
        owner=world.doctor,
        deadline=school_meeting.date,
    )
    assert item.owner == world.doctor


def test_the_owner_closes_an_item_once_with_a_note(world, meeting):
    item = service.add_action(
        actor=world.leader, meeting=meeting, text="事项", owner=world.doctor, deadline=meeting.date
    )
    with pytest.raises(ValidationError) as exc:
        service.close_action(actor=world.doctor, item=item, status="done", note=" ")
    assert "请填写办结情况" in exc.value.message_dict["note"][0]
    with pytest.raises(PermissionDenied):
        service.close_action(actor=world.head_teacher, item=item, status="done", note="完成")
    closed = service.close_action(actor=world.doctor, item=item, status="done", note="已印发")
    assert (closed.status, closed.closing_note, closed.closed_by) == ("done", "已印发", world.doctor)
    log = ChangeLog.objects.filter(object_type="command.actionitem", object_id=str(item.pk)).order_by("id")
    assert [e.after["status"] for e in log] == ["open", "done"] and log.last().before["status"] == "open"
    with pytest.raises(ValidationError):
        service.close_action(actor=world.leader, item=item, status="cancelled", note="不再需要")


def test_reminders_go_once_a_day_to_owners_of_overdue_items(world, meeting):
    late = service.add_action(
        actor=world.leader, meeting=meeting, text="逾期", owner=world.doctor, deadline=meeting.date
    )
    service.add_action(
        actor=world.leader,
        meeting=meeting,
        text="未到期",
        owner=world.principal,
        deadline=timezone.localdate(),
    )
    assert service.remind_overdue(actor=world.leader, meeting=meeting) == 1
    assert service.remind_overdue(actor=world.leader, meeting=meeting) == 0  # idempotent per item per day
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert service.remind_overdue(actor=world.leader, meeting=meeting, today=tomorrow) == 2
    reminded = Message.objects.filter(kind="command.action.remind", dedupe_key__contains=f":{late.pk}:")
    assert reminded.count() == 2
    with pytest.raises(PermissionDenied):
        service.remind_overdue(actor=world.doctor, meeting=meeting)


def test_the_briefing_counts_the_bureaus_meetings_in_the_period(world, meeting, school_meeting):
    from eduguard.briefing.services.briefing import build, to_markdown

    today = timezone.localdate()
    assert service.meeting_count(world.county, None, today) == 1  # a school's meeting is not the bureau's
    assert "先后召开专题会议1次" in to_markdown(build(world.county, today))
    assert "专题会议" not in to_markdown(build(world.county, today, since=today))  # none in the period
