"""The pages: forms refuse bad input with a clear message and a 400 (never a 500), writing nothing;
the home page and the dashboard show the overdue items."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eduguard.command.models import ActionItem, Meeting, TaskForce
from eduguard.command.services import meetings


def _post(client, user, name, data, *args):
    client.force_login(user)
    return client.post(reverse(name, args=args), data)


def test_it_records_a_meeting_and_an_action_item_through_the_pages(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate()
    data = {
        "unit": f"county:{world.county.pk}",
        "date": day.isoformat(),
        "topic": "复学工作",
        "chair": "局长",
    }
    data["minutes"] = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4")
    response = _post(client, world.leader, "command:meeting-new", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert client.get(reverse("command:minutes", args=[meeting.pk])).status_code == 200
    action = {"text": "印发方案", "owner": world.head_teacher.pk, "deadline": day.isoformat()}
    assert _post(client, world.leader, "command:action-add", action, meeting.pk).status_code == 302
    item = ActionItem.objects.get()
    close = {"status": "done", "note": "已印发"}
    assert _post(client, world.head_teacher, "command:action-close", close, item.pk).status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"owner": ""}, "请指定责任人"),
        ({"deadline": "-1"}, "办结期限不能早于会议日期"),
        ({"deadline": "2020-02-30"}, "日期格式应为 YYYY-MM-DD"),
        ({"owner": "outsider"}, "责任人须在会议所属单位的包联责任体系内"),
        ({"text": ""}, "请填写议定事项"),
    ],
)
def test_a_bad_action_item_is_refused_with_its_reason(world, client, meeting, change, message):
    data = {"text": "印发方案", "owner": world.doctor.pk, "deadline": meeting.date.isoformat()}
    if change.get("deadline") == "-1":
        change = {"deadline": (meeting.date - dt.timedelta(days=1)).isoformat()}
    if change.get("owner") == "outsider":
        change = {"owner": world.outsider.pk}
    response = _post(client, world.leader, "command:action-add", {**data, **change}, meeting.pk)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"date": "not-a-date"}, "日期格式应为 YYYY-MM-DD"),
        ({"date": "2999-01-01"}, "会议日期不能晚于今天"),
        ({"topic": ""}, "请填写"),
        ({"unit": "school:999999"}, "只能选择您负责的单位"),
        ({"minutes": "exe"}, "文件应为 PDF 或图片"),
        ({"minutes": "big"}, "文件不能超过 10 MB"),
    ],
)
def test_a_bad_meeting_is_refused_with_its_reason(world, client, settings, tmp_path, change, message):
    settings.MEDIA_ROOT = tmp_path
    data = {
        "unit": f"county:{world.county.pk}",
        "date": timezone.localdate().isoformat(),
        "topic": "会",
        "chair": "局长",
    }
    if change.get("minutes") == "exe":
        change = {"minutes": SimpleUploadedFile("纪要.exe", b"MZ")}
    elif change.get("minutes") == "big":
        change = {"minutes": SimpleUploadedFile("纪要.pdf", b"x" * (10 * 1024 * 1024 + 1))}
    response = _post(client, world.leader, "command:meeting-new", {**data, **change})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_bad_task_force_or_member_is_refused_with_its_reason(world, client):
    data = {"unit": f"school:{world.schools['S1'].pk}", "name": "专班", "starts_on": "2020-13-01"}
    response = _post(client, world.principal, "command:task-force-new", data)
    assert response.status_code == 400 and "日期格式应为 YYYY-MM-DD" in response.content.decode()
    assert not TaskForce.objects.exists()
    data["starts_on"] = timezone.localdate().isoformat()
    assert _post(client, world.principal, "command:task-force-new", data).status_code == 302
    tf = TaskForce.objects.get()
    member = {"name": "张三", "role": "leader", "phone": "12345"}
    response = _post(client, world.principal, "command:member-add", member, tf.pk)
    assert response.status_code == 400 and "手机号" in response.content.decode()
    edit = {"name": "专班", "starts_on": data["starts_on"], "ends_on": "2000-01-01"}
    response = _post(client, world.principal, "command:task-force-edit", edit, tf.pk)
    assert response.status_code == 400 and "截止日期不能早于开始日期" in response.content.decode()
    assert tf.members.count() == 0 and TaskForce.objects.get().ends_on is None


def test_closing_without_a_note_is_refused(world, client, meeting):
    item = meetings.add_action(
        actor=world.leader, meeting=meeting, text="事项", owner=world.doctor, deadline=meeting.date
    )
    response = _post(client, world.doctor, "command:action-close", {"status": "done"}, item.pk)
    assert response.status_code == 400 and "请填写办结情况或取消原因" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "open"


def test_those_who_manage_nothing_cannot_open_the_new_pages(world, client):
    client.force_login(world.head_teacher)
    for name in ("command:task-force-new", "command:meeting-new", "command:department-new"):
        assert client.get(reverse(name)).status_code == 403


def test_overdue_items_show_on_the_owners_home_and_the_dashboard(world, client, meeting):
    meetings.add_action(
        actor=world.leader, meeting=meeting, text="逾期的事项", owner=world.principal, deadline=meeting.date
    )
    client.force_login(world.principal)
    home = client.get(reverse("org:home")).content.decode()
    assert "逾期的事项" in home and "我的待办/逾期事项" in home
    client.force_login(world.leader)
    board = client.get(reverse("briefing:dashboard"))
    assert board.status_code == 200
    assert board.context["board"].actions.overdue == 1
    assert 'data-figure="actions-overdue"' in board.content.decode()
    listed = client.get(reverse("command:meetings"), {"overdue": "1"})
    assert list(listed.context["object_list"]) == [meeting]
