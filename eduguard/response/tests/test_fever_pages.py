"""The fever pages: recording one, each step's form, bad input (400, nothing written), scope."""

import pytest

from eduguard.campus.services.hygiene import add_place
from eduguard.response.models import FeverEvent, FeverReading


@pytest.fixture
def room(world):
    return add_place(school=world.schools["S1"], name="隔离室A", kind="isolation_room", actor=world.principal)


def new_url(world, key="S1C1A"):
    return f"/response/fever/new/?person={world.people[key].pk}"


def test_record_then_handle_on_the_pages(world, client, room):
    client.force_login(world.head_teacher)
    form = client.get(new_url(world))
    assert form.status_code == 200 and "登记并通知校医" in form.content.decode()
    response = client.post(new_url(world), {"source": "observation", "temperature": "38.0", "place": "教室"})
    event = FeverEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/response/fever/{event.pk}/"
    page = client.get(f"/response/fever/{event.pk}/").content.decode()
    assert "发现" in page and "进入隔离室" not in page, "the head teacher records; the doctor handles"
    client.force_login(world.doctor)
    page = client.get(f"/response/fever/{event.pk}/").content.decode()
    assert "进入隔离室" in page and "可用" in page
    assert client.post(f"/response/fever/{event.pk}/isolate/", {"room": room.pk}).status_code == 302
    bad = client.post(f"/response/fever/{event.pk}/retest/", {"temperature": "50", "method": "axillary"})
    assert bad.status_code == 400 and "体温应在" in bad.content.decode()
    assert not FeverReading.objects.exists()
    good = {"temperature": "38.4", "method": "axillary", "travel_history": "无"}
    assert client.post(f"/response/fever/{event.pk}/retest/", good).status_code == 302
    assert client.post(f"/response/fever/{event.pk}/clear/", {}).status_code == 400
    bad = client.post(f"/response/fever/{event.pk}/clear/", {"confirm": "on"})
    assert bad.status_code == 400 and "方可回班" in bad.content.decode()
    bad = client.post(f"/response/fever/{event.pk}/refer/", {"referred_to": "县医院", "transport": "escort"})
    assert bad.status_code == 400 and "护送人" in bad.content.decode()
    refer = {"referred_to": "县医院发热门诊", "transport": "parent"}
    assert client.post(f"/response/fever/{event.pk}/refer/", refer).status_code == 302
    outcome = {"outcome": "exclude", "diagnosis": ""}
    assert client.post(f"/response/fever/{event.pk}/outcome/", outcome).status_code == 400
    outcome = {"outcome": "exclude", "diagnosis": "急性扁桃体炎"}
    assert client.post(f"/response/fever/{event.pk}/outcome/", outcome).status_code == 302
    event.refresh_from_db()
    assert event.status == "excluded" and event.readings.count() == 1
    assert "待复课" in client.get("/response/fever/").content.decode()


def test_bad_input_on_the_new_form(world, client):
    client.force_login(world.doctor)
    for data, message in (
        ({"source": "gate", "temperature": "36.2"}, "无需登记发热"),
        ({"source": "gate", "temperature": "abc"}, "输入一个数字"),
        ({"source": "daily_report", "temperature": "38.0"}, "选择一个有效的选项"),
        ({"source": "gate", "temperature": "38", "symptoms": ["bogus"]}, "选择一个有效的选项"),
    ):
        response = client.post(new_url(world), data)
        assert response.status_code == 400 and message in response.content.decode(), data
    assert not FeverEvent.objects.exists()
    assert client.get("/response/fever/new/?person=abc").status_code == 404
    assert client.get(new_url(world, "S2C1A")).status_code == 404, "outside the doctor's school"
    client.force_login(world.parent)
    assert client.post(new_url(world), {"source": "gate", "temperature": "38.0"}).status_code == 403


def test_bad_rooms_on_the_isolate_form(world, client, room):
    from eduguard.response.services.fever import detect_fever

    event = detect_fever(person=world.people["S1C1A"], source="gate", temperature="38.0", actor=world.doctor)
    other = add_place(school=world.schools["S2"], name="S2隔离室", kind="isolation_room", actor=world.admin)
    classroom = add_place(school=world.schools["S1"], name="七(1)班教室", kind="classroom", actor=world.admin)
    client.force_login(world.doctor)
    for value in ("", "abc", str(other.pk), str(classroom.pk), str(10**30)):
        response = client.post(f"/response/fever/{event.pk}/isolate/", {"room": value})
        assert response.status_code == 400, value
    event.refresh_from_db()
    assert event.status == "detected" and event.room is None
