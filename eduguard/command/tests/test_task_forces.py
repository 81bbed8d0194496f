"""Task forces: one per unit at a time, members with sealed phones, the readiness item, unmasking."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from eduguard.audit.models import AccessLog, ChangeLog
from eduguard.command.models import TaskForce, TaskForceMember
from eduguard.command.services import task_forces as service
from eduguard.inspection.services.auto import answer


def _force(w, unit=None, actor=None):
    return service.create_task_force(
        actor=actor or w.principal,
        unit=unit or w.schools["S1"],
        name="一校专班",
        starts_on=timezone.localdate(),
    )


def test_a_unit_has_one_task_force_at_a_time(world):
    _force(world)
    with pytest.raises(ValidationError) as exc:
        _force(world)
    assert "已有工作专班" in exc.value.messages[0]
    assert TaskForce.objects.count() == 1


def test_only_the_units_managers_set_one_up(world):
    with pytest.raises(PermissionDenied):
        _force(world, actor=world.doctor)
    with pytest.raises(PermissionDenied):
        _force(world, unit=world.county, actor=world.principal)
    assert _force(world, unit=world.county, actor=world.leader).school is None


def test_a_members_phone_is_sealed_and_the_leader_must_leave_one(world):
    tf = _force(world)
    with pytest.raises(ValidationError) as exc:
        service.add_member(
            actor=world.principal, task_force=tf, data=service.MemberIn(name="张三", role="leader")
        )
    assert "phone" in exc.value.message_dict
    data = service.MemberIn(name="张三", role="liaison", phone="139 1234 5678")
    member = service.add_member(actor=world.principal, task_force=tf, data=data)
    assert member.phone_masked == "139****5678" and "5678" not in member.phone_enc
    assert ChangeLog.objects.get(object_type="command.taskforcemember").after["phone"] == "139****5678"
    bad = service.MemberIn(name="李四", role="member", phone="12345")
    with pytest.raises(ValidationError):
        service.add_member(actor=world.principal, task_force=tf, data=bad)
    assert TaskForceMember.objects.count() == 1


def test_the_readiness_item_is_answered_from_the_task_force(world):
    school, today = world.schools["S1"], timezone.localdate()
    assert answer("task_force", school, today) == "未成立学校疫情防控工作专班"
    tf = _force(world)
    assert answer("task_force", school, today) == "工作专班未明确组长"
    service.add_member(
        actor=world.principal,
        task_force=tf,
        data=service.MemberIn(name="张三", role="leader", phone="13912345678"),
    )
    assert answer("task_force", school, today) == ""
    service.update_task_force(
        actor=world.principal, task_force=tf, name=tf.name, duties="", starts_on=today, ends_on=today
    )
    assert answer("task_force", school, today + dt.timedelta(days=1)) == "未成立学校疫情防控工作专班"


def test_the_pre_opening_checklist_asks_for_it(db):
    from eduguard.inspection.models import ChecklistItem

    item = ChecklistItem.objects.get(template__code="seven-preparations", code="task-force")
    assert item.auto == "task_force"


def test_unmasking_needs_the_permission_and_is_logged(world, client):
    tf = _force(world)
    data = service.MemberIn(name="张三", role="leader", phone="13912345678")
    member = service.add_member(actor=world.principal, task_force=tf, data=data)
    url = reverse("command:member-unmask", args=[member.pk])
    client.force_login(world.principal)
    assert client.post(url).status_code == 403
    world.principal.user_permissions.add(Permission.objects.get(codename="unmask_person"))
    response = client.post(url)
    assert response.status_code == 200 and "+8613912345678" in response.content.decode()
    assert AccessLog.objects.filter(action="unmask", object_type="command.taskforcemember").count() == 1
    client.force_login(world.inspector)  # S2's: the member is out of scope
    world.inspector.user_permissions.add(Permission.objects.get(codename="unmask_person"))
    assert client.post(url).status_code == 404


def test_the_list_shows_masked_phones_only(world, client):
    tf = _force(world)
    data = service.MemberIn(name="张三", role="leader", phone="13912345678")
    service.add_member(actor=world.principal, task_force=tf, data=data)
    client.force_login(world.leader)
    page = client.get(tf.get_absolute_url()).content.decode()
    assert "139****5678" in page and "13912345678" not in page
