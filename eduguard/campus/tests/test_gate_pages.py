"""The gate pages: the screen and its JSON, visitors, leave passes, the log and the overview."""

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from eduguard.campus.models import GateEntry, LeavePass, Visit
from eduguard.campus.services.gate import record_entry
from eduguard.campus.services.visits import admit, register_visit

TODAY = timezone.localdate()


def gate_url(world, key="S1", what=""):
    return f"/campus/schools/{world.schools[key].pk}/gate/{what}"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def passage(world, key="S1C1A", **changes):
    data = {
        "client_id": str(uuid.uuid4()),
        "person": world.people[key].pk,
        "direction": "in",
        "temperature": 36.6,
        "method": "forehead",
        "code_colour": "green",
        "symptoms": [],
        "id_checked": True,
    }
    return {**data, **changes}


def test_the_guard_opens_the_gate_screen_of_their_school_only(world, client):
    client.force_login(world.guard)
    page = client.get(gate_url(world))
    assert page.status_code == 200 and "五个一律" in page.content.decode()
    assert client.get(gate_url(world, "S2")).status_code == 404
    client.force_login(world.head_teacher)
    assert client.get(gate_url(world)).status_code == 404


def test_the_guards_home_card_leads_to_the_gate(world, client):
    client.force_login(world.guard)
    assert gate_url(world) in client.get("/").content.decode()


def test_the_roster_holds_the_schools_people_and_nothing_else(world, client):
    client.force_login(world.guard)
    response = client.get(gate_url(world, what="roster/"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    names = {p["name"] for p in response.json()["people"]}
    assert names == {p.name for k, p in world.people.items() if k.startswith("S1")}
    assert all("phone" not in p and "id_number" not in p for p in response.json()["people"])


def test_an_entry_is_stored_once_however_often_it_is_sent(world, client):
    client.force_login(world.guard)
    data = passage(world, offline=True)
    first = post_json(client, gate_url(world, what="entries/"), data)
    again = post_json(client, gate_url(world, what="entries/"), data)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["decision"] == "allow" and first.json()["id"] == again.json()["id"]
    assert GateEntry.objects.get().offline


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "__all__"),
        (b"[1, 2]", "__all__"),
        (b"[" * 100_000 + b"]" * 100_000, "__all__"),
    ],
)
def test_a_malformed_body_is_a_400(world, client, body, field):
    client.force_login(world.guard)
    response = client.post(gate_url(world, what="entries/"), body, content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert not GateEntry.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"temperature": 47}, "temperature"),
        ({"temperature": None}, "temperature"),
        ({"id_checked": False}, "id_checked"),
        ({"person": 999999}, "person"),
        ({"symptoms": ["unknown"]}, "symptoms"),
        ({"direction": "up"}, "direction"),
        ({"symptoms": 5}, "symptoms"),
        ({"symptoms": [["cough"]]}, "symptoms"),
        ({"symptoms": [{}]}, "symptoms"),
        ({"temperature": "NaN"}, "temperature"),
        ({"temperature": "Infinity"}, "temperature"),
        ({"temperature": [36.5]}, "temperature"),
        ({"person": "²"}, "person"),
        ({"person": 1.5}, "person"),
        ({"person": 10**30}, "person"),
    ],
)
def test_a_bad_entry_is_a_400_with_a_message_and_nothing_is_stored(world, client, changes, field):
    client.force_login(world.guard)
    response = post_json(client, gate_url(world, what="entries/"), passage(world, **changes))
    assert response.status_code == 400 and response.json()[field]
    assert not GateEntry.objects.exists()


def test_a_guard_cannot_post_at_another_schools_gate(world, client):
    client.force_login(world.guard)
    response = post_json(client, gate_url(world, "S2", "entries/"), passage(world, "S2C1A"))
    assert response.status_code == 404 and not GateEntry.objects.exists()


def test_the_log_and_overview_count_the_day(world, client):
    s1 = world.schools["S1"]
    record_entry(school=s1, data=passage(world), operator=world.guard)
    record_entry(school=s1, data=passage(world, "S1C2A", temperature=38.5), operator=world.guard)
    record_entry(school=s1, data=passage(world, "S1C2B", code_colour="red"), operator=world.guard)
    client.force_login(world.principal)
    log = client.get(gate_url(world, what="log/"))
    assert log.status_code == 200
    figures = log.context["figures"]
    assert (figures.entries, figures.admitted, figures.refused, figures.fevers) == (3, 1, 2, 1)
    assert dict(figures.reasons) == {"gate_fever": 1, "red_code": 1}
    client.force_login(world.leader)
    overview = client.get("/campus/gate/")
    assert overview.context["total"].entries == 3 and "校门测温发热" in overview.content.decode()


def visitor(**changes):
    data = {
        "name": "钱来访",
        "id_type": "resident",
        "id_number": "11010519491231002X",
        "phone": "13912345678",
        "purpose": "送教材",
        "date": TODAY.isoformat(),
    }
    return {**data, **changes}


def visits_url(world, key="S1"):
    return f"/campus/schools/{world.schools[key].pk}/visits/"


def test_a_guard_registers_a_visitor_and_the_host_approves(world, client):
    client.force_login(world.guard)
    response = client.post(visits_url(world), visitor(host=world.principal.pk))
    assert response.status_code == 302
    visit = Visit.objects.get()
    client.force_login(world.principal)
    page = client.get(visits_url(world))
    assert "钱来访" in page.content.decode() and page.context["visits"][0].may_approve
    assert client.post(f"/campus/visits/{visit.pk}/approve/", {"decision": "approve"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == "approved"


def test_a_wrong_check_character_shows_the_form_again(world, client):
    client.force_login(world.guard)
    response = client.post(
        visits_url(world), visitor(host=world.principal.pk, id_number="110105194912310021")
    )
    assert response.status_code == 400 and "校验位错误" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visitor_is_admitted_and_seen_out_from_the_page(world, client):
    visit = register_visit(
        school=world.schools["S1"],
        data={**visitor(date=TODAY), "host": world.principal},
        actor=world.principal,
    )
    client.force_login(world.guard)
    admitted = client.post(
        f"/campus/visits/{visit.pk}/admit/",
        {"temperature": "36.5", "method": "forehead", "code_colour": "green", "id_checked": "on"},
    )
    assert admitted.status_code == 302
    # Entered at 00:01 today; a way out typed as 00:00 is before it.
    Visit.objects.filter(pk=visit.pk).update(
        entered_at=timezone.make_aware(dt.datetime.combine(TODAY, dt.time(0, 1)))
    )
    refused = client.post(f"/campus/visits/{visit.pk}/leave/", {"confirm": "True", "left_at": "00:00"})
    assert refused.status_code == 400 and "离校时间不能早于入校时间" in refused.content.decode()
    assert Visit.objects.get(pk=visit.pk).left_at is None
    assert client.post(f"/campus/visits/{visit.pk}/leave/", {"confirm": "True"}).status_code == 302
    visit.refresh_from_db()
    assert visit.status == "left"


def test_a_host_sees_the_visits_they_host(world, client):
    visit = register_visit(
        school=world.schools["S1"],
        data={**visitor(date=TODAY), "host": world.head_teacher},
        actor=world.guard,
    )
    client.force_login(world.head_teacher)
    page = client.get(visits_url(world))
    assert [v.pk for v in page.context["visits"]] == [visit.pk]
    client.force_login(world.doctor)  # school-level staff see the school's visits; not the host
    assert not client.get(visits_url(world)).context["visits"][0].may_approve
    admit_later = client.post(f"/campus/visits/{visit.pk}/approve/", {"decision": "approve"})
    assert admit_later.status_code == 403


def passes_url(world):
    return f"/campus/schools/{world.schools['S1'].pk}/leave-passes/"


def test_a_head_teacher_issues_and_cancels_a_pass(world, client, boarder):
    client.force_login(world.head_teacher)
    back = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"person": boarder.pk, "reason": "回家取药", "leaves_on": TODAY.isoformat(), "expected_back": back}
    assert client.post(passes_url(world), data).status_code == 302
    leave = LeavePass.objects.get()
    assert leave.issued_by == world.head_teacher
    assert client.post(f"/campus/leave-passes/{leave.pk}/cancel/").status_code == 400
    assert client.post(f"/campus/leave-passes/{leave.pk}/cancel/", {"confirm": "True"}).status_code == 302
    leave.refresh_from_db()
    assert leave.cancelled


def test_a_bad_pass_shows_the_form_again(world, client, boarder):
    client.force_login(world.head_teacher)
    earlier = (timezone.localtime() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = {"person": boarder.pk, "reason": "看病", "leaves_on": TODAY.isoformat(), "expected_back": earlier}
    response = client.post(passes_url(world), data)
    assert response.status_code == 400 and "应返校时间不能早于离校日期" in response.content.decode()
    assert not LeavePass.objects.exists()


def test_gate_cards_carry_a_qr_code_per_student(world, client):
    client.force_login(world.head_teacher)
    page = client.get(f"/campus/classes/{world.classes['S1C1'].pk}/gate-cards/")
    assert page.status_code == 200 and page.content.decode().count("<svg") == 2
    client.force_login(world.principal)
    staff = client.get(f"/campus/schools/{world.schools['S1'].pk}/gate-cards/")
    assert staff.content.decode().count("<svg") == 2


def test_a_refused_visitor_appears_in_the_days_figures(world, client):
    visit = register_visit(
        school=world.schools["S1"],
        data={**visitor(date=TODAY), "host": world.principal},
        actor=world.principal,
    )
    admit(visit=visit, temperature="37.9", code_colour="green", id_checked=True, actor=world.guard)
    client.force_login(world.principal)
    figures = client.get(gate_url(world, what="log/")).context["figures"]
    assert (figures.visitors, figures.visitors_refused) == (0, 1)
