import datetime as dt

from django.utils import timezone

from eduguard.health.models import DailyReport, FollowUp, ZeroReport
from eduguard.health.services.reports import submit_report

ANSWERS = {
    "temperature": "36.6",
    "family_symptoms": "0",
    "in_county": "1",
    "left_county": "0",
    "contact_three_categories": "0",
    "contact_outsiders": "0",
    "health_code": "green",
}


def report(person, temperature="36.5"):
    submit_report(
        person=person,
        day=timezone.localdate(),
        data={"temperature": temperature},
        reporter_kind="guardian",
        source="link",
    )


def test_the_roll_call_page_shows_missing_and_the_chain_text(world, client):
    report(world.people["S1C1A"])
    client.force_login(world.head_teacher)
    page = client.get(f"/health/classes/{world.classes['S1C1'].pk}/").content.decode()
    assert "生S1C1B" in page and "#接龙" in page and "完成率50%" in page


def test_a_head_teacher_enters_a_report_on_behalf(world, client):
    client.force_login(world.head_teacher)
    url = f"/health/classes/{world.classes['S1C1'].pk}/report/?person={world.people['S1C1B'].pk}"
    assert client.get(url).status_code == 200
    assert client.post(url, ANSWERS).status_code == 302
    saved = DailyReport.objects.get(person=world.people["S1C1B"])
    assert saved.reporter_kind == "teacher" and saved.reported_by == world.head_teacher


def test_entry_on_behalf_refuses_someone_outside_the_class(world, client):
    client.force_login(world.head_teacher)
    base = f"/health/classes/{world.classes['S1C1'].pk}/report/"
    assert client.get(f"{base}?person={world.people['S1C2A'].pk}").status_code == 404
    assert client.get(f"{base}?person=abc").status_code == 404
    assert (
        client.post(f"{base}?person={world.people['S1C1B'].pk}", {**ANSWERS, "temperature": "50"}).status_code
        == 400
    )
    assert not DailyReport.objects.exists()


def test_zero_report_only_when_everyone_reported_normally(world, client):
    client.force_login(world.head_teacher)
    url = f"/health/classes/{world.classes['S1C1'].pk}/zero/"
    report(world.people["S1C1A"])
    client.post(url)
    assert not ZeroReport.objects.exists()  # one still missing: missing is not zero
    report(world.people["S1C1B"])
    client.post(url)
    assert ZeroReport.objects.get().expected == 2


def test_closing_a_follow_up_needs_a_note(world, client):
    report(world.people["S1C1A"], temperature="38.4")
    follow_up = FollowUp.objects.get()
    client.force_login(world.head_teacher)
    client.post(f"/health/follow-ups/{follow_up.pk}/close/", {"note": ""})
    follow_up.refresh_from_db()
    assert follow_up.status == "open"
    client.post(f"/health/follow-ups/{follow_up.pk}/close/", {"note": "已就医，流感"})
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.note == "已就医，流感"


def test_the_qr_sheet_renders_and_regenerating_revokes(world, client):
    client.force_login(world.head_teacher)
    url = f"/health/classes/{world.classes['S1C1'].pk}/link/"
    first = client.get(url).content.decode()
    assert "<svg" in first and "/r/" in first
    client.post(url)
    second = client.get(url).content.decode()
    token = lambda html: html.split("/r/")[1].split("/")[0]  # noqa: E731
    assert token(first) != token(second)


def test_the_stats_page_drills_down(world, client):
    report(world.people["S1C1A"])
    client.force_login(world.leader)
    page = client.get(
        "/health/stats/", {"level": "school", "date": timezone.localdate().isoformat()}
    ).content.decode()
    assert "测试S1中学" in page and "level=grade" in page
    assert client.get("/health/stats/", {"level": "nope", "date": "bad", "parent": "x"}).status_code == 200
    assert (
        client.get(
            "/health/stats/", {"date": (timezone.localdate() - dt.timedelta(days=1)).isoformat()}
        ).status_code
        == 200
    )
