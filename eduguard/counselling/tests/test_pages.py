"""The counselling pages: who gets in, the access log of every reading and of every refused
attempt, the search for a person, and bad input (a 400 with the reason, nothing written)."""

import datetime as dt

from django.utils import timezone

from eduguard.audit.models import AccessLog
from eduguard.counselling.models import CounsellingSession, FollowUp
from eduguard.counselling.tests.helpers import session

TODAY = timezone.localdate()


def _refusals(user):
    return AccessLog.objects.filter(actor=user, detail__refused=True)


def test_a_head_teacher_is_refused_as_not_found_and_the_attempt_is_logged(world, client):
    s = session(world)
    client.force_login(world.head_teacher)
    response = client.get(s.get_absolute_url())
    assert response.status_code == 404 and "失眠" not in response.content.decode()
    assert (
        client.post(f"/counselling/{s.pk}/follow-up/", {"on": TODAY, "outcome": "stable"}).status_code == 404
    )
    assert client.get("/counselling/999999/").status_code == 404
    logged = _refusals(world.head_teacher)
    assert logged.count() == 3 and {e.detail["id"] for e in logged} == {str(s.pk), "999999"}
    assert all(e.object_repr == "" and e.detail["what"] == "counselling_session" for e in logged)
    assert world.people["S1C1A"].name not in client.get("/counselling/").content.decode()
    assert not FollowUp.objects.exists()


def test_reading_a_record_is_logged_for_the_counsellor_and_the_principal(world, client):
    s = session(world)
    for user in (world.counsellor, world.principal):
        client.force_login(user)
        page = client.get(s.get_absolute_url())
        assert page.status_code == 200 and "夜间失眠" in page.content.decode()
        entry = AccessLog.objects.filter(actor=user, object_id=str(s.pk)).get()
        assert entry.action == "view" and entry.object_type == "counselling.counsellingsession"
    assert not AccessLog.objects.filter(detail__refused=True).exists()


def test_the_navigation_shows_counselling_only_to_those_who_read_it(world, client):
    for user, shown in ((world.counsellor, True), (world.principal, True), (world.head_teacher, False)):
        client.force_login(user)
        assert ('href="/counselling/"' in client.get("/").content.decode()) is shown


def test_the_form_lists_only_the_people_found_by_name_in_ones_own_school(world, client):
    client.force_login(world.counsellor)
    page = client.get("/counselling/new/").content.decode()
    assert not any(p.name in page for p in world.people.values())
    page = client.get("/counselling/new/", {"q": "C1A"}).content.decode()
    assert world.people["S1C1A"].name in page and world.people["S2C1A"].name not in page
    client.force_login(world.principal)
    assert client.get("/counselling/new/").status_code == 403


def _form(w, **change):
    return {
        "person": w.people["S1C1B"].pk,
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": "individual",
        "category": "study",
        "note": "网课压力大",
        "follow_up_on": (TODAY + dt.timedelta(days=7)).isoformat(),
        **change,
    }


def test_it_records_a_session_and_a_follow_up_from_the_pages(world, client):
    client.force_login(world.counsellor)
    response = client.post("/counselling/new/", _form(world))
    s = CounsellingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == s.get_absolute_url()
    response = client.post(
        f"/counselling/{s.pk}/follow-up/", {"on": TODAY.isoformat(), "outcome": "improved"}
    )
    assert response.status_code == 302 and s.follow_ups.count() == 1


def test_bad_input_is_a_400_with_the_reason_and_writes_nothing(world, client):
    client.force_login(world.counsellor)
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    cases = [
        ({"person": ""}, "请先按姓名查找并选择辅导对象"),
        ({"person": world.people["S2C1A"].pk}, "选择一个有效的选项"),
        ({"kind": "referral"}, "转介医院时请填写医院名称"),
        ({"held_at": future}, "辅导时间不能晚于现在"),
        ({"held_at": "今天上午"}, "输入一个有效的日期"),
        ({"follow_up_on": "2000-01-01"}, "回访日期不能早于辅导日期"),
    ]
    for change, message in cases:
        response = client.post("/counselling/new/", _form(world, **change))
        assert response.status_code == 400, change
        assert message in response.content.decode(), (change, message)
    assert not CounsellingSession.objects.exists()
    s = session(world)
    response = client.post(f"/counselling/{s.pk}/follow-up/", {"on": "", "outcome": "stable"})
    assert response.status_code == 400 and "该字段是必填项" in response.content.decode()
    response = client.post(
        f"/counselling/{s.pk}/follow-up/",
        {"on": TODAY.isoformat(), "outcome": "closed", "next_on": "2099-01-01"},
    )
    assert response.status_code == 400 and "已结案的不再安排回访" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_principal_reads_but_cannot_follow_up(world, client):
    s = session(world)
    client.force_login(world.principal)
    page = client.get(s.get_absolute_url()).content.decode()
    assert 'id="follow-up"' not in page
    response = client.post(f"/counselling/{s.pk}/follow-up/", {"on": TODAY.isoformat(), "outcome": "stable"})
    assert response.status_code == 403 and not FollowUp.objects.exists()
