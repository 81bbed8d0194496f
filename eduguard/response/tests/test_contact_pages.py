"""The contact tracing pages: the case's contacts (?onset=) and the action that quarantines the
chosen ones; every bad input is the page again with the reason, status 400, and nothing written."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.core.rules import clear_cache
from eduguard.core.testing import make_person, make_user
from eduguard.logistics.models import Ride, Trip
from eduguard.notify.models import Message
from eduguard.org.choices import GuardianRelation
from eduguard.org.models import DormRoom, Guardian
from eduguard.screening.models import Quarantine
from eduguard.screening.services.quarantine import open_quarantine

TODAY = timezone.localdate()
ONSET = TODAY - dt.timedelta(days=1)


@pytest.fixture
def scene(world):
    """Case 生S1C1A: classmate S1C1B, dorm-mate S1C2A, bus-mate S1C2B; S1C2A's father has a phone."""
    p = world.people
    room = DormRoom.objects.create(school=world.schools["S1"], label="2号楼-101")
    for key in ("S1C1A", "S1C2A"):
        p[key].dorm = room
        p[key].save()
    trip = Trip.objects.create(school=world.schools["S1"], date=ONSET, vehicle="辽E12345", route="城东线")
    Ride.objects.create(trip=trip, person=p["S1C1A"], seat="1")
    Ride.objects.create(trip=trip, person=p["S1C2B"], seat="2")
    father = Guardian(person=p["S1C2A"], name="家长S1C2A", relation=GuardianRelation.FATHER)
    father.set_phone("+8613900000009")
    father.save()
    world.case = p["S1C1A"]
    world.url = f"/response/people/{world.case.pk}/contacts/"
    world.post_url = f"{world.url}quarantine/"
    return world


def test_a_doctor_sees_the_contacts_by_category_with_the_button(scene, client):
    client.force_login(scene.doctor)
    response = client.get(scene.url, {"onset": ONSET.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("同班", "同宿舍", "同车", "任课教师", "生S1C1B", "生S1C2A", "生S1C2B", "辽E12345 城东线"):
        assert text in page
    assert "headteacher" in page and "未关联花名册" in page  # the head teacher has no roster record
    assert f'name="people" value="{scene.people["S1C1B"].pk}"' in page
    assert "隔离所选密接并通知监护人" in page and "集中隔离" in page
    assert f'value="{ONSET.isoformat()}"' in page


def test_the_onset_defaults_to_today(scene, client):
    client.force_login(scene.doctor)
    response = client.get(scene.url)
    assert response.status_code == 200 and response.context["onset"] == TODAY


@pytest.mark.parametrize(
    ("onset", "message"),
    [
        ("2020-13-01", "不是有效的日期"),
        ("yesterday", "不是有效的日期"),
        ("2020-02-30", "不是有效的日期"),
        ((TODAY + dt.timedelta(days=1)).isoformat(), "发病日期不能晚于今天"),
        ("0001-01-01", "发病日期不能早于"),
    ],
)
def test_a_bad_onset_is_the_page_with_the_reason_and_400(scene, client, onset, message):
    client.force_login(scene.doctor)
    response = client.get(scene.url, {"onset": onset})
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "生S1C1B" not in page and 'id="onset-form"' in page


@pytest.mark.parametrize("persona", ["outsider", "guard"])
def test_a_case_outside_the_scope_is_not_found(scene, client, persona):
    client.force_login(getattr(scene, persona))
    assert client.get(scene.url).status_code == 404
    response = client.post(scene.post_url, {"onset": ONSET.isoformat(), "people": [scene.people["S1C1B"].pk]})
    assert response.status_code == 404 and not Quarantine.objects.exists()


def test_a_head_teacher_of_another_class_gets_404_and_anonymous_the_login(scene, client):
    client.force_login(scene.head_teacher)
    assert client.get(f"/response/people/{scene.people['S1C2A'].pk}/contacts/").status_code == 404
    client.logout()
    response = client.get(scene.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_head_teacher_sees_his_class_and_a_count_of_the_rest(scene, client):
    client.force_login(scene.head_teacher)
    page = client.get(scene.url, {"onset": ONSET.isoformat()}).content.decode()
    assert "生S1C1B" in page and "另有 2 人不在您的负责范围内" in page
    assert "生S1C2A" not in page and "生S1C2B" not in page


def test_a_user_without_the_quarantine_role_sees_no_button(scene, client):
    client.force_login(scene.subject_teacher)  # sees 生S1C2A only
    case = scene.people["S1C2A"]
    page = client.get(f"/response/people/{case.pk}/contacts/").content.decode()
    assert "隔离所选密接并通知监护人" not in page and 'name="people"' not in page
    assert "登记隔离须由负责此人的" in page


def test_quarantining_the_chosen_contacts_redirects_with_the_message(scene, client):
    client.force_login(scene.doctor)
    p = scene.people
    response = client.post(
        scene.post_url, {"onset": ONSET.isoformat(), "people": [p["S1C1B"].pk, p["S1C2A"].pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{scene.url}?onset={ONSET.isoformat()}"
    assert set(Quarantine.objects.values_list("person_id", flat=True)) == {p["S1C1B"].pk, p["S1C2A"].pk}
    assert Message.objects.filter(kind="response.contact").count() == 1  # S1C1B has no guardian phone
    page = client.get(response["Location"]).content.decode()
    assert "已为2人登记隔离，已通知监护人" in page
    assert "已在集中隔离" in page and f'value="{p["S1C1B"].pk}" disabled' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"onset": ONSET.isoformat()}, "请至少选择一名密接"),
        ({"onset": ONSET.isoformat(), "people": ["abc"]}, "所选人员编号无效"),
        ({"onset": ONSET.isoformat(), "people": ["0"]}, "所选人员编号无效"),
        ({"onset": ONSET.isoformat(), "people": [str(10**30)]}, "所选人员编号无效"),
        ({"onset": ONSET.isoformat(), "people": ["²"]}, "所选人员编号无效"),
        ({"onset": ONSET.isoformat(), "people": ["999999"]}, "不在本病例的密接名单中"),
        ({"onset": ONSET.isoformat(), "people": ["S2C1A"]}, "不在本病例的密接名单中"),
        ({"onset": ONSET.isoformat(), "people": ["S1C1A"]}, "不在本病例的密接名单中"),
        ({"onset": ONSET.isoformat(), "people": ["S1C1B", "S1TA"]}, "不在本病例的密接名单中"),
        ({"people": ["S1C1B"]}, "请填写发病日期"),
        ({"onset": "2020-02-30", "people": ["S1C1B"]}, "不是有效的日期"),
        ({"onset": (TODAY + dt.timedelta(days=1)).isoformat(), "people": ["S1C1B"]}, "不能晚于今天"),
        ({}, "请填写发病日期"),
    ],
)
def test_bad_input_answers_400_with_the_reason_and_writes_nothing(scene, client, data, message):
    client.force_login(scene.doctor)
    data = {**data}
    if "people" in data:
        data["people"] = [str(scene.people[k].pk) if k in scene.people else k for k in data["people"]]
    response = client.post(scene.post_url, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Quarantine.objects.exists() and not Message.objects.exists()


def test_a_contact_already_quarantined_fails_the_whole_choice(scene, client):
    p = scene.people
    open_quarantine(person=p["S1C2A"], kind="home", started_on=ONSET, actor=scene.doctor, reason="返乡")
    client.force_login(scene.doctor)
    response = client.post(
        scene.post_url, {"onset": ONSET.isoformat(), "people": [p["S1C1B"].pk, p["S1C2A"].pk]}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "生S1C2A：已在居家隔离中" in page
    assert f'value="{p["S1C1B"].pk}" checked' in page  # the choice is kept for another try
    assert Quarantine.objects.count() == 1 and not Message.objects.exists()


def test_an_inspector_sees_the_contacts_but_may_not_quarantine(world, client):
    case, classmate = world.people["S2C1A"], world.people["S2C1B"]
    client.force_login(world.inspector)
    url = f"/response/people/{case.pk}/contacts/"
    assert "生S2C1B" in client.get(url).content.decode()
    response = client.post(f"{url}quarantine/", {"onset": TODAY.isoformat(), "people": [classmate.pk]})
    assert response.status_code == 400 and "登记隔离须由负责此人的" in response.content.decode()
    assert not Quarantine.objects.exists()


def test_the_quarantine_route_takes_only_post(scene, client):
    client.force_login(scene.doctor)
    assert client.get(scene.post_url).status_code == 405


def test_a_linked_teacher_is_listed_with_a_checkbox(scene, client):
    ResponsibilityAssignment.objects.create(
        user=scene.head_teacher, role=Role.SELF, person=scene.people["S1TA"]
    )
    client.force_login(scene.principal)
    page = client.get(scene.url).content.decode()
    assert f'name="people" value="{scene.people["S1TA"].pk}"' in page and "班主任 七(1)班" in page


def test_the_page_reads_the_same_number_of_queries_for_more_contacts(scene, client):
    client.force_login(scene.doctor)

    def count():
        clear_cache()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(scene.url).status_code == 200
        return len(ctx)

    before = count()
    trip = Trip.objects.get()
    for n in range(5):
        person = make_person(scene.schools["S1"], scene.classes["S1C1"], name=f"新生{n}")
        Ride.objects.create(trip=trip, person=person, seat=f"1{n}")
        make_user(f"teacher{n}", Role.SUBJECT_TEACHER, person)
    assert count() == before <= 30


def test_a_future_onset_on_the_action_is_reported_once(scene, client):
    client.force_login(scene.doctor)
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    response = client.post(scene.post_url, {"onset": future, "people": [scene.people["S1C1B"].pk]})
    assert response.status_code == 400 and response.content.decode().count("发病日期不能晚于今天") == 1
