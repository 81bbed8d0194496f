"""The disinfection and ventilation pages: a school's day, logging, adding places, bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from eduguard.campus.models import DisinfectionLog, Place, VentilationLog
from eduguard.campus.services.hygiene import add_place, log_ventilation

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def room(world):
    return add_place(school=world.schools["S1"], name="七(1)班教室", kind="classroom", actor=world.principal)


def url(world, key="S1", what=""):
    return f"/campus/schools/{world.schools[key].pk}/hygiene/{what}"


def ventilation(room, **changes):
    data = {
        "place": room.pk,
        "date": YESTERDAY.isoformat(),
        "start": "08:00",
        "duration_min": "30",
        "operator": "王老师",
        "checker": "李校医",
    }
    return {**data, **changes}


def disinfection(room, **changes):
    data = {
        "place": room.pk,
        "date": YESTERDAY.isoformat(),
        "time": "07:30",
        "method": "chlorine",
        "agent": "84消毒液",
        "concentration_mg_l": "500",
        "duration_min": "30",
        "operator": "王老师",
        "checker": "李校医",
    }
    return {**data, **changes}


def test_a_doctor_logs_and_sees_the_place_comply(world, client, room):
    client.force_login(world.doctor)
    day = f"?date={YESTERDAY.isoformat()}"
    page = client.get(url(world) + day).content.decode()
    assert "0/1 处达标" in page and "通风0次，应≥2次" in page
    response = client.post(url(world, what="ventilations/"), ventilation(room))
    assert response.status_code == 302 and response["Location"] == url(world) + day
    client.post(url(world, what="ventilations/"), ventilation(room, start="12:00", duration_min="40"))
    client.post(url(world, what="disinfections/"), disinfection(room))
    page = client.get(url(world) + day).content.decode()
    assert "1/1 处达标" in page and "08:00 · 30分钟" in page and "含氯消毒剂 500mg/L" in page
    assert VentilationLog.objects.count() == 2 and DisinfectionLog.objects.get().recorded_by == world.doctor


def test_a_head_teacher_reaches_the_school_page_through_the_class_and_logs(world, client, room):
    client.force_login(world.head_teacher)
    overview = client.get("/campus/hygiene/").content.decode()
    assert "测试S1中学" in overview and "测试S2中学" not in overview
    page = client.get(url(world)).content.decode()
    assert "登记通风" in page and "添加处所" not in page  # they log the school's rooms, not add them
    assert f"/campus/schools/{world.schools['S1'].pk}/documents/" not in page  # nor its documents
    assert client.post(url(world, what="ventilations/"), ventilation(room)).status_code == 302
    assert client.get(url(world, "S2")).status_code == 404
    assert client.get(f"/org/schools/{world.schools['S1'].pk}/").status_code == 404  # still no roster


def test_a_place_is_added_from_the_page(world, client):
    client.force_login(world.principal)
    response = client.post(url(world, what="places/"), {"name": "临时隔离室", "kind": "isolation_room"})
    assert response.status_code == 302
    assert Place.objects.get().kind == "isolation_room"
    response = client.post(url(world, what="places/"), {"name": "临时隔离室", "kind": "office"})
    assert response.status_code == 400 and "本校已有处所" in response.content.decode()
    client.force_login(world.head_teacher)
    assert client.post(url(world, what="places/"), {"name": "食堂", "kind": "canteen"}).status_code == 403
    assert Place.objects.count() == 1


def test_the_day_is_chosen_in_the_query(world, client, room):
    log_ventilation(
        place=room,
        date=YESTERDAY,
        start=dt.time(9),
        duration_min=30,
        operator="甲",
        checker="乙",
        actor=world.doctor,
    )
    client.force_login(world.doctor)
    assert "09:00" not in client.get(url(world)).content.decode()
    assert "09:00" in client.get(url(world) + f"?date={YESTERDAY.isoformat()}").content.decode()
    assert client.get(url(world) + "?date=2020-13-45").status_code == 200  # not a date: today


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"duration_min": "0"}, "时长应大于0分钟"),
        ({"duration_min": "-10"}, "时长应大于0分钟"),
        ({"duration_min": "abc"}, "请填写整数"),
        ({"operator": "王老师", "checker": "王老师"}, "检查人不能与操作人为同一人"),
        ({"checker": ""}, "请填写检查人"),
        ({"operator": ""}, "请填写操作人"),
        ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "日期不能晚于今天"),
        ({"date": "2020-02-30"}, "有效的日期"),
        ({"place": ""}, "请选择处所"),
    ],
)
def test_a_bad_ventilation_is_400_and_writes_nothing(world, client, room, changes, message):
    client.force_login(world.doctor)
    response = client.post(url(world, what="ventilations/"), ventilation(room, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert 'id="ventilation-form"' in response.content.decode()
    assert not VentilationLog.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"concentration_mg_l": ""}, "含氯消毒剂须填写有效氯浓度"),
        ({"concentration_mg_l": "25000"}, "有效氯浓度应在 1 到 20000 mg/L 之间"),
        ({"concentration_mg_l": "-1"}, "有效氯浓度应在"),
        ({"duration_min": "0"}, "时长应大于0分钟"),
        ({"checker": "王老师"}, "检查人不能与操作人为同一人"),
        ({"date": (TODAY + dt.timedelta(days=3)).isoformat()}, "日期不能晚于今天"),
        ({"method": "fire"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_disinfection_is_400_and_writes_nothing(world, client, room, changes, message):
    client.force_login(world.doctor)
    response = client.post(url(world, what="disinfections/"), disinfection(room, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not DisinfectionLog.objects.exists()


def test_a_place_of_another_school_is_404(world, client, room):
    other = add_place(school=world.schools["S2"], name="八(1)班教室", kind="classroom", actor=world.admin)
    client.force_login(world.doctor)
    for raw in (other.pk, "abc", 10**30):
        response = client.post(url(world, what="ventilations/"), ventilation(room, place=raw))
        assert response.status_code == 404
    client.force_login(world.admin)  # sees both schools, but the place is not this school's
    assert client.post(url(world, what="disinfections/"), disinfection(other)).status_code == 404
    assert not VentilationLog.objects.exists() and not DisinfectionLog.objects.exists()


def test_an_inactive_place_is_a_form_error(world, client, room):
    Place.objects.filter(pk=room.pk).update(active=False)
    client.force_login(world.doctor)
    response = client.post(url(world, what="ventilations/"), ventilation(room))
    assert response.status_code == 400 and "此处所已停用" in response.content.decode()
    assert not VentilationLog.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("bureau_staff", 403), ("inspector", 404), ("guard", 404)])
def test_logging_without_the_role_is_refused(world, client, room, persona, status):
    client.force_login(getattr(world, persona))
    assert client.post(url(world, what="ventilations/"), ventilation(room)).status_code == status
    assert not VentilationLog.objects.exists()


def test_a_bureau_staff_member_reads_the_page_without_forms(world, client, room):
    client.force_login(world.bureau_staff)
    page = client.get(url(world)).content.decode()
    assert "七(1)班教室" in page and "登记通风" not in page and "添加处所" not in page


def test_the_overview_shows_each_school_figure(world, client, room):
    client.force_login(world.leader)
    page = client.get("/campus/hygiene/").content.decode()
    assert "0/1" in page and "1 处未达标" in page and "未登记处所" in page
