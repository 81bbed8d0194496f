import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.audit.models import AccessLog
from eduguard.screening.models import CategoryStatus, PersonCategory, Quarantine, QuarantineObservation
from eduguard.screening.services.campaigns import create_campaign, save_response
from eduguard.screening.services.quarantine import open_quarantine

TODAY = timezone.localdate()


@pytest.fixture
def period(world):
    """A home quarantine whose day 15 is today."""
    return open_quarantine(
        person=world.people["S1C1A"],
        kind="home",
        started_on=TODAY - dt.timedelta(days=15),
        actor=world.doctor,
        reason="从沈阳返回",
    )


def test_a_head_teacher_opens_a_quarantine_from_the_form(world, client):
    client.force_login(world.head_teacher)
    person = world.people["S1C1B"]
    url = f"/screening/quarantines/new/?person={person.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "home", "started_on": TODAY.isoformat(), "reason": "返乡"})
    q = Quarantine.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == f"/screening/quarantines/{q.pk}/"
    assert q.planned_days == 14 and q.created_by == world.head_teacher


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "home", "started_on": "2020-13-01", "reason": "x"}, "有效的日期"),
        ({"kind": "tent", "started_on": TODAY.isoformat(), "reason": "x"}, "选择一个有效的选项"),
        ({"kind": "home", "started_on": TODAY.isoformat(), "reason": ""}, "请填写隔离原因"),
        ({"kind": "home", "started_on": TODAY.isoformat(), "reason": "x", "planned_days": "0"}, "1"),
        ({"kind": "home", "started_on": TODAY.isoformat(), "reason": "x\x00"}, "空字符"),
    ],
)
def test_a_bad_quarantine_form_answers_400_and_writes_nothing(world, client, data, message):
    client.force_login(world.doctor)
    response = client.post(f"/screening/quarantines/new/?person={world.people['S1C1B'].pk}", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Quarantine.objects.exists()


@pytest.mark.parametrize("raw", ["", "abc", "0", "²", str(10**30)])
def test_the_form_for_no_person_is_not_found(world, client, raw):
    client.force_login(world.doctor)
    assert client.get(f"/screening/quarantines/new/?person={raw}").status_code == 404


def test_a_subject_teacher_may_see_a_student_but_not_open_a_quarantine(world, client):
    client.force_login(world.subject_teacher)
    response = client.post(
        f"/screening/quarantines/new/?person={world.people['S1C2A'].pk}",
        {"kind": "home", "started_on": TODAY.isoformat(), "reason": "x"},
    )
    assert response.status_code == 403 and not Quarantine.objects.exists()


def test_an_early_release_by_a_head_teacher_is_refused_with_the_reason(world, client, period):
    client.force_login(world.head_teacher)
    url = f"/screening/quarantines/{period.pk}/release/"
    early = (TODAY - dt.timedelta(days=3)).isoformat()
    response = client.post(url, {"released_on": early, "release_doc": "1号"})
    assert response.status_code == 400 and "提前解除须写明理由" in response.content.decode()
    response = client.post(url, {"released_on": early, "release_doc": "1号", "reason": "疾控评估"})
    assert response.status_code == 400 and "提前解除须由" in response.content.decode()
    period.refresh_from_db()
    assert period.released_on is None


def test_a_release_on_day_fifteen_with_its_document_clears_the_person(
    world, client, period, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.head_teacher)
    doc = SimpleUploadedFile("告知书.pdf", b"%PDF-1.4 release", content_type="application/pdf")
    response = client.post(
        f"/screening/quarantines/{period.pk}/release/",
        {"released_on": TODAY.isoformat(), "release_doc": "解隔〔2020〕8号", "release_file": doc},
    )
    assert response.status_code == 302
    page = client.get(f"/screening/quarantines/{period.pk}/").content.decode()
    assert "已解除" in page and "解隔〔2020〕8号" in page and "可返校" in page
    document = client.get(f"/screening/quarantines/{period.pk}/document/")
    assert document.status_code == 200 and b"".join(document.streaming_content) == b"%PDF-1.4 release"
    assert AccessLog.objects.filter(action="view", object_id=str(period.pk)).exists()
    person = client.get(f"/org/people/{period.person_id}/").content.decode()
    assert "解除居家隔离" in person and "可返校" in person


def test_a_period_with_no_document_scan_has_no_document_page(world, client, period):
    client.force_login(world.doctor)
    assert client.get(f"/screening/quarantines/{period.pk}/document/").status_code == 404


def test_an_observation_is_recorded_and_a_bad_one_is_400(world, client, period):
    client.force_login(world.doctor)
    url = f"/screening/quarantines/{period.pk}/observe/"
    day = (TODAY - dt.timedelta(days=2)).isoformat()
    bad = client.post(url, {"day": day, "temperature": "47"})
    assert bad.status_code == 400 and "体温应在" in bad.content.decode()
    future = client.post(url, {"day": (TODAY + dt.timedelta(days=1)).isoformat(), "temperature": "36.5"})
    assert future.status_code == 400 and "观察日期应在" in future.content.decode()
    assert not QuarantineObservation.objects.exists()
    ok = client.post(url, {"day": day, "temperature": "37.8", "symptoms": ["cough"]})
    assert ok.status_code == 302
    page = client.get(f"/screening/quarantines/{period.pk}/").content.decode()
    assert "37.8℃" in page and "干咳/咳嗽" in page


def test_the_list_shows_open_periods_and_all_on_request(world, client, period):
    client.force_login(world.principal)
    assert world.people["S1C1A"].name in client.get("/screening/quarantines/").content.decode()
    Quarantine.objects.filter(pk=period.pk).update(released_on=TODAY)
    assert world.people["S1C1A"].name not in client.get("/screening/quarantines/").content.decode()
    assert world.people["S1C1A"].name in client.get("/screening/quarantines/?all=1").content.decode()


@pytest.fixture
def proposed(world):
    campaign = create_campaign(county=world.county, name="大排查", opened_on=TODAY, deadline=TODAY)
    person = world.people["S1C1A"]
    save_response(campaign=campaign, person=person, answers={"contact_outsiders": True}, actor=None)
    return PersonCategory.objects.get(person=person)


def test_a_doctor_confirms_then_overrides_a_category_and_the_history_stays(world, client, proposed):
    client.force_login(world.doctor)
    url = f"/screening/people/{proposed.person_id}/category/"
    assert client.post(url, {"action": "confirm", "row": proposed.pk}).status_code == 302
    confirmed = PersonCategory.objects.current().get(person=proposed.person)
    assert confirmed.status == CategoryStatus.CONFIRMED and confirmed.decided_by == world.doctor
    sanfan = proposed.category.county.risk_categories.get(code="sanfan")
    response = client.post(
        url, {"action": "override", "row": confirmed.pk, "category": sanfan.pk, "reason": "核实为返乡学生"}
    )
    assert response.status_code == 302
    rows = PersonCategory.objects.filter(person=proposed.person).order_by("id")
    assert [(r.category.code, r.status, r.valid_to is None) for r in rows] == [
        ("class_3", "proposed", False),
        ("class_3", "confirmed", False),
        ("sanfan", "overridden", True),
    ]
    assert rows[1].end_reason == "改判为三返：核实为返乡学生"
    ledger = client.get(f"/org/people/{proposed.person_id}/").content.decode()
    assert "改判：三返" in ledger and "核实为返乡学生" in ledger


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "override"}, "请选择要改判的类别"),
        ({"action": "remove", "row": "ROW"}, "改判须写明理由"),
        ({"action": "override", "row": "ROW", "reason": "x"}, "请选择改判后的类别"),
        ({"action": "add", "reason": "x"}, "请选择类别"),
        ({"action": "confirm", "row": "999999"}, "类别记录不存在"),
        ({"action": "fly", "row": "ROW"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_decision_answers_400_and_changes_nothing(world, client, proposed, data, message):
    client.force_login(world.doctor)
    data = {k: (str(proposed.pk) if v == "ROW" else v) for k, v in data.items()}
    response = client.post(f"/screening/people/{proposed.person_id}/category/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert PersonCategory.objects.count() == 1 and PersonCategory.objects.current().count() == 1


def test_a_head_teacher_cannot_decide_a_category(world, client, proposed):
    client.force_login(world.head_teacher)
    response = client.post(
        f"/screening/people/{proposed.person_id}/category/", {"action": "confirm", "row": proposed.pk}
    )
    assert response.status_code == 403
    assert PersonCategory.objects.get().status == CategoryStatus.PROPOSED


def test_a_removed_category_is_not_proposed_again_by_the_same_answers(world, client, proposed):
    client.force_login(world.doctor)
    client.post(
        f"/screening/people/{proposed.person_id}/category/",
        {"action": "remove", "row": proposed.pk, "reason": "接触者未出县"},
    )
    save_response(
        campaign=proposed.campaign, person=proposed.person, answers={"contact_outsiders": True}, actor=None
    )
    assert not PersonCategory.objects.current().filter(person=proposed.person).exists()


def test_the_entry_page_names_who_cannot_return_and_counts_each_school(world, client, period):
    client.force_login(world.principal)
    page = client.get(f"/screening/entry/?date={(TODAY - dt.timedelta(days=5)).isoformat()}").content.decode()
    assert "生S1C1A" in page and "居家隔离中（第10天/共14天）" in page
    assert "不可返校" in page


def test_the_school_page_counts_who_may_return_today(world, client, period):
    Quarantine.objects.filter(pk=period.pk).update(started_on=TODAY - dt.timedelta(days=2))
    client.force_login(world.principal)
    page = client.get(f"/org/schools/{world.schools['S1'].pk}/").content.decode()
    section = page.split('id="readiness"')[1].split("</section>")[0]
    figures = [int(n) for n in re.findall(r"<dd>(\d+)</dd>", section)]
    assert figures == [6, 5, 0, 1]  # on the roll, cleared, deferred, denied


def test_the_entry_page_narrows_to_one_school(world, client, period):
    client.force_login(world.leader)
    Quarantine.objects.filter(pk=period.pk).update(started_on=TODAY - dt.timedelta(days=2))
    one = client.get(f"/screening/entry/?school={world.schools['S2'].pk}").content.decode()
    assert "测试S2中学" in one and "测试S1中学" not in one and "生S1C1A" not in one
    everyone = client.get("/screening/entry/?school=abc").content.decode()
    assert "生S1C1A" in everyone


def test_every_screening_answer_has_a_label_in_the_ledger():
    from eduguard.screening.ledger import SHORT_LABELS
    from eduguard.screening.models import ANSWERS

    assert set(SHORT_LABELS) == set(ANSWERS)


@pytest.mark.parametrize("url", ["/screening/entry/?date=0001-01-01", "/screening/entry/?school=²"])
def test_odd_query_values_on_the_entry_page_are_ignored(world, client, url):
    client.force_login(world.leader)
    assert client.get(url).status_code == 200


def test_a_confirmation_logs_the_end_of_the_proposal(world, client, proposed):
    from eduguard.audit.models import ChangeLog

    client.force_login(world.doctor)
    client.post(
        f"/screening/people/{proposed.person_id}/category/", {"action": "confirm", "row": proposed.pk}
    )
    ended = ChangeLog.objects.get(object_type="screening.personcategory", object_id=str(proposed.pk))
    assert ended.after["end_reason"] == "确认"
