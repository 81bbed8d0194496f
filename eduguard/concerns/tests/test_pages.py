"""The concerns pages: the list with its filters and overdue items, the form (bad input is a 400
with the reason and writes nothing), the detail with respond and close, and who gets in."""

import datetime as dt

from django.utils import timezone

from eduguard.concerns.models import Concern, ConcernStatus
from eduguard.concerns.tests.helpers import concern

TODAY = timezone.localdate()


def _form(w, **change):
    return {
        "kind": "petition",
        "channel": "letter",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "subject": "来信反映食堂收费",
        "description": "家长来信反映食堂收费标准不公开",
        "schools": [w.schools["S1"].pk],
        **change,
    }


def test_it_registers_an_item_from_the_form(world, client):
    client.force_login(world.principal)
    response = client.post("/concerns/new/", _form(world))
    c = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == c.get_absolute_url()
    assert c.owner == world.principal and c.deadline == TODAY + dt.timedelta(days=15)


def test_bad_input_is_a_400_with_the_reason_and_writes_nothing(world, client):
    client.force_login(world.principal)
    cases = [
        ({"subject": ""}, "该字段是必填项"),
        ({"received_at": "昨天"}, "输入一个有效的日期"),
        ({"kind": "gossip"}, "选择一个有效的选项"),
        ({"schools": []}, "全县性事项由县级人员登记"),
        ({"schools": [world.schools["S2"].pk]}, "选择一个有效的选项"),
        ({"deadline": "2000-01-01"}, "办理期限不能早于受理日期"),
        (
            {"received_at": (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "不能晚于现在",
        ),
    ]
    for change, message in cases:
        response = client.post("/concerns/new/", _form(world, **change))
        assert response.status_code == 400, change
        assert message in response.content.decode(), (change, message)
    assert not Concern.objects.exists()


def test_a_petition_closed_without_a_response_is_refused_on_the_page(world, client):
    c = concern(world)
    client.force_login(world.principal)
    response = client.post(f"/concerns/{c.pk}/close/", {"note": "已处理"})
    assert response.status_code == 400
    assert "信访事项须答复后才能办结" in response.content.decode()
    assert world.schools["S1"].name in response.content.decode()  # the page shown again is whole
    c.refresh_from_db()
    assert c.status == ConcernStatus.OPEN and not c.steps.filter(status="closed").exists()
    response = client.post(f"/concerns/{c.pk}/close/", {"response": "已书面答复", "note": ""})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == ConcernStatus.CLOSED and c.response == "已书面答复"


def test_respond_needs_text(world, client):
    c = concern(world)
    client.force_login(world.principal)
    response = client.post(f"/concerns/{c.pk}/respond/", {"response": ""})
    assert response.status_code == 400 and "请填写答复内容" in response.content.decode()
    assert client.post(f"/concerns/{c.pk}/respond/", {"response": "已答复"}).status_code == 302


def test_the_list_filters_by_kind_and_status_and_marks_overdue_items(world, client):
    late = concern(world, kind="rumour", ago_days=3, subject="网传学校停课")
    concern(world, kind="petition", subject="来信反映退费")
    client.force_login(world.leader)
    page = client.get("/concerns/").content.decode()
    assert "网传学校停课" in page and "来信反映退费" in page and "逾期" in page
    page = client.get("/concerns/", {"kind": "petition"}).content.decode()
    assert "网传学校停课" not in page and "来信反映退费" in page
    page = client.get("/concerns/", {"status": "overdue"}).content.decode()
    assert late.subject in page and "来信反映退费" not in page
    page = client.get("/concerns/", {"status": "closed"}).content.decode()
    assert late.subject not in page
    assert client.get("/concerns/", {"status": "nonsense"}).status_code == 200


def test_a_reader_sees_only_the_schools_they_handle_of_an_item(world, client):
    c = concern(world, keys=["S1", "S3"])
    client.force_login(world.principal)
    page = client.get(c.get_absolute_url()).content.decode()
    assert world.schools["S1"].name in page and world.schools["S3"].name not in page and "共2所" in page


def test_those_who_do_not_handle_concerns_get_nothing(world, client):
    c = concern(world)
    for user in (world.head_teacher, world.doctor, world.counsellor, world.outsider):
        client.force_login(user)
        assert client.get(c.get_absolute_url()).status_code == 404
        assert client.post(f"/concerns/{c.pk}/close/", {"response": "x"}).status_code == 404
        assert client.get("/concerns/new/").status_code == 403
        page = client.get("/concerns/").content.decode()
        assert c.subject not in page and 'href="/concerns/"' not in page  # no navigation entry
    client.force_login(world.principal)
    assert 'href="/concerns/"' in client.get("/").content.decode()
