"""The pages: the bureau's overview (rates per stage, the school below the line, the sentence), a
principal's school page with its entry table (prefilled from the roster; over-enrolment refused with
a 400 and nothing written), read-only or not found for others; periods set from the overview."""

import datetime as dt

import pytest

from eduguard.teaching.models import TeachingParticipation, TeachingPeriod
from eduguard.teaching.tests.conftest import enter


@pytest.fixture
def reported(county):
    w = county
    enter(w.before, w.grades["S1"], 40, 30, 4, 3, w.admin)
    enter(w.period, w.grades["S1"], 40, 36, 4, 4, w.admin)  # 90 %
    enter(w.period, w.grades["S2"], 40, 28, 4, 4, w.admin)  # 70 %: below the line
    return w


def test_the_bureau_reads_the_rates_and_the_school_below_the_line(reported, client):
    w = reported
    client.force_login(w.leader)
    page = client.get("/teaching/").content.decode()
    assert (
        "参与率低于80%的学校" in page and "测试S2中学" in page.split('id="below"')[1].split("</section>")[0]
    )
    assert "测试S1中学" not in page.split('id="below"')[1].split("</section>")[0]
    assert 'id="sentence"' in page and "参与率达80%" in page  # 64 of 80 in 七年级
    assert "+15" in page  # S1 from 75 % to 90 %
    assert "测试S3中学" in page.split('id="unreported"')[1]  # not reported yet
    assert 'id="new-period"' in page
    before = client.get("/teaching/", {"period": w.before.pk}).content.decode()
    assert "参与率达75%" in before


def test_a_principal_sees_their_school_only(reported, client):
    w = reported
    client.force_login(w.principal)
    page = client.get("/teaching/").content.decode()
    assert "测试S1中学" in page and "测试S2中学" not in page and "测试S3中学" not in page
    assert 'id="sentence"' not in page and 'id="new-period"' not in page
    assert client.get(f"/teaching/schools/{w.schools['S2'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status", "form"),
    [
        ("principal", 200, True),
        ("bureau_staff", 200, True),
        ("leader", 200, True),
        ("doctor", 200, False),  # sees the school, does not enter
        ("inspector", 404, False),  # S2's inspector
        ("school_leader", 404, False),  # a grade's leader
        ("head_teacher", 404, False),
        ("parent", 404, False),
        ("outsider", 404, False),
    ],
)
def test_the_school_page_is_for_those_who_see_the_school(reported, client, persona, status, form):
    w = reported
    client.force_login(getattr(w, persona))
    response = client.get(f"/teaching/schools/{w.schools['S1'].pk}/")
    assert response.status_code == status
    if status == 200:
        assert ('id="entry"' in response.content.decode()) is form


def test_a_principal_enters_a_grade_and_over_enrolment_is_refused(county, client):
    w = county
    client.force_login(w.principal)
    url = f"/teaching/schools/{w.schools['S1'].pk}/"
    page = client.get(url).content.decode()
    assert 'name="g{}-students_enrolled" value="4"'.format(w.grades["S1"].pk) in page  # the roster
    g = f"g{w.grades['S1'].pk}"
    data = {"period": w.period.pk, f"{g}-students_enrolled": "4", f"{g}-students_taking_part": "5"}
    data |= {f"{g}-teachers_enrolled": "2", f"{g}-teachers_taking_part": "2"}
    refused = client.post(f"{url}enter/", data)
    assert refused.status_code == 400 and "不能超过在籍学生数（4人）" in refused.content.decode()
    assert not TeachingParticipation.objects.exists()
    nothing = client.post(f"{url}enter/", {"period": w.period.pk})
    assert nothing.status_code == 400 and "请至少填写一个年级的参与人数" in nothing.content.decode()
    saved = client.post(f"{url}enter/", {**data, f"{g}-students_taking_part": "3"})
    assert saved.status_code == 302 and saved["Location"] == f"{url}?period={w.period.pk}"
    row = TeachingParticipation.objects.get()
    assert (row.grade, row.students_taking_part, row.entered_by) == (w.grades["S1"], 3, w.principal)
    assert client.post(f"/teaching/schools/{w.schools['S2'].pk}/enter/", data).status_code == 404


def test_a_school_doctor_may_not_enter(county, client):
    w = county
    client.force_login(w.doctor)
    g = f"g{w.grades['S1'].pk}"
    data = {"period": w.period.pk, f"{g}-students_enrolled": "4", f"{g}-students_taking_part": "3"}
    data |= {f"{g}-teachers_enrolled": "2", f"{g}-teachers_taking_part": "2"}
    assert client.post(f"/teaching/schools/{w.schools['S1'].pk}/enter/", data).status_code == 403
    assert not TeachingParticipation.objects.exists()


def test_the_bureau_sets_a_period_from_the_overview(county, client):
    w = county
    client.force_login(w.keeper)
    start, end = (w.period.end + dt.timedelta(days=d) for d in (1, 10))
    assert client.post("/teaching/periods/new/", {"start": start, "end": end}).status_code == 302
    overlap = client.post("/teaching/periods/new/", {"start": start, "end": start})
    assert overlap.status_code == 400 and "重叠" in overlap.content.decode()
    client.force_login(w.principal)
    assert (
        client.post("/teaching/periods/new/", {"start": "2030-01-01", "end": "2030-01-02"}).status_code == 400
    )
    assert TeachingPeriod.objects.count() == 3
