"""Joint prevention: departments and liaisons at county level; joint actions seen with their
schools; the stationed medical staff listed from their own records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from eduguard.command.models import Department, JointAction, Liaison
from eduguard.command.services import joint as service


@pytest.fixture
def cdc(world):
    dept = service.add_department(actor=world.leader, county=world.county, kind="cdc", name="县疾控中心")
    service.add_liaison(actor=world.leader, department=dept, name="孙主任", phone="13912345678")
    return dept


def test_departments_are_county_data(world, cdc):
    with pytest.raises(ValidationError):
        service.add_department(actor=world.leader, county=world.county, kind="cdc", name="县疾控中心")
    with pytest.raises(PermissionDenied):
        service.add_department(actor=world.principal, county=world.county, kind="police", name="县公安局")
    assert list(Department.objects.visible_to(world.leader)) == [cdc]
    assert not Department.objects.visible_to(world.principal).exists()
    assert Liaison.objects.get().phone_masked == "139****5678"


def test_a_joint_action_is_seen_by_the_schools_it_involved(world, cdc):
    day = timezone.localdate()
    data = service.JointActionIn(
        date=day, kind="training", title="全员培训", departments=[cdc], schools=[world.schools["S1"]]
    )
    action = service.record_joint_action(actor=world.leader, county=world.county, data=data)
    assert list(JointAction.objects.visible_to(world.principal)) == [action]
    assert not JointAction.objects.visible_to(world.inspector).exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"departments": []}, "departments"),
        ({"people_reached": -1}, "people_reached"),
        ({"title": " "}, "title"),
    ],
)
def test_a_bad_joint_action_writes_nothing(world, cdc, change, field):
    data = {"date": timezone.localdate(), "kind": "training", "title": "培训", "departments": [cdc], **change}
    with pytest.raises(ValidationError) as exc:
        service.record_joint_action(
            actor=world.leader, county=world.county, data=service.JointActionIn(**data)
        )
    assert field in exc.value.message_dict and not JointAction.objects.exists()


def test_the_page_lists_stationed_medical_staff_in_scope(world, client, cdc):
    from eduguard.inspection.services.postings import add_posting

    for key in ("S1", "S2"):
        add_posting(
            school=world.schools[key],
            hospital="县医院",
            name=f"{key}驻校医生",
            role="doctor",
            starts_on=timezone.localdate(),
            actor=world.admin,
        )
    client.force_login(world.principal)
    page = client.get(reverse("command:joint")).content.decode()
    assert "S1驻校医生" in page and "S2驻校医生" not in page


def test_a_bad_joint_action_form_is_a_400(world, client, cdc):
    client.force_login(world.leader)
    data = {"date": "2020-02-31", "kind": "training", "title": "培训", "people_reached": "-3"}
    response = client.post(reverse("command:joint-action-new"), data)
    body = response.content.decode()
    assert response.status_code == 400 and "日期格式应为 YYYY-MM-DD" in body and "请选择参与部门" in body
    assert not JointAction.objects.exists()
    response = client.post(reverse("command:liaison-add", args=[cdc.pk]), {"name": "王", "phone": "1"})
    assert response.status_code == 400 and Liaison.objects.count() == 1
