"""The supervision pages: the board, a school's page, an inspection filled in and submitted, a fix
closed, an approval refused while items fail; bad input answers 400 and writes nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.inspection.models import Inspection, ItemResult, OpeningApproval, Rectification
from eduguard.inspection.services.inspections import submit_inspection
from eduguard.inspection.tests.helpers import self_check, start, team_check

TODAY = timezone.localdate()


def test_the_board_lists_the_batch_schools_with_what_blocks_them(setup, client):
    w = setup
    client.force_login(w.bureau)
    page = client.get(f"/inspection/batches/{w.batch.pk}/")
    assert page.status_code == 200
    row = page.context["rows"][0]
    assert row.school == w.schools["S2"] and row.blocking == ["未完成学校自查", "未经督导组检查"]
    assert "未完成学校自查" in page.content.decode()


def test_an_inspector_starts_fills_and_submits_an_inspection(setup, client):
    w = setup
    client.force_login(w.inspector)
    school = w.schools["S2"]
    response = client.post(
        f"/inspection/schools/{school.pk}/start/",
        {"template": w.template.pk, "kind": "inspection", "team": w.team.pk, "date": TODAY.isoformat()},
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspection/inspections/{inspection.pk}/"
    for item in w.template.items.all():
        prefix = f"i{item.pk}"
        data = {
            f"{prefix}-item": item.pk,
            f"{prefix}-outcome": "fix",
            f"{prefix}-note": "登记本缺页",
            f"{prefix}-deadline": (TODAY + dt.timedelta(days=2)).isoformat(),
        }
        assert client.post(f"/inspection/inspections/{inspection.pk}/result/", data).status_code == 302
    assert (
        client.post(f"/inspection/inspections/{inspection.pk}/submit/", {"confirm": "True"}).status_code
        == 302
    )
    assert Rectification.objects.filter(school=school).count() == w.template.items.count()


def test_a_fix_without_a_deadline_shows_the_form_again(setup, client):
    w = setup
    inspection = start(w)
    item = w.template.items.filter(auto="").first()
    client.force_login(w.inspector)
    prefix = f"i{item.pk}"
    data = {f"{prefix}-item": item.pk, f"{prefix}-outcome": "fix", f"{prefix}-note": "缺"}
    response = client.post(f"/inspection/inspections/{inspection.pk}/result/", data)
    assert response.status_code == 400 and "需整改的项目须定整改期限" in response.content.decode()
    assert not ItemResult.objects.filter(inspection=inspection, item=item).exists()


def test_a_future_inspection_date_is_refused_on_the_page(setup, client):
    w = setup
    client.force_login(w.inspector)
    data = {
        "template": w.template.pk,
        "kind": "inspection",
        "team": w.team.pk,
        "date": (TODAY + dt.timedelta(days=2)).isoformat(),
    }
    response = client.post(f"/inspection/schools/{w.schools['S2'].pk}/start/", data)
    assert response.status_code == 400 and "检查日期不能晚于今天" in response.content.decode()
    assert not Inspection.objects.exists()


def test_another_teams_inspector_cannot_edit_from_the_page(setup, client):
    w = setup
    inspection = team_check(w)
    item = w.template.items.filter(auto="").first()
    client.force_login(w.other)
    assert client.get(f"/inspection/inspections/{inspection.pk}/").status_code == 200  # may read
    prefix = f"i{item.pk}"
    response = client.post(
        f"/inspection/inspections/{inspection.pk}/result/",
        {f"{prefix}-item": item.pk, f"{prefix}-outcome": "fail", f"{prefix}-note": "x"},
    )
    assert response.status_code == 403
    assert ItemResult.objects.get(inspection=inspection, item=item).outcome == "pass"


def test_the_bureau_is_refused_an_approval_while_items_fail_then_approves(setup, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = setup
    self_check(w)
    submit_inspection(inspection=team_check(w, "fix", deadline=TODAY, note="缺消毒记录"), actor=w.inspector)
    client.force_login(w.bureau)
    school = w.schools["S2"]
    refused = client.post(f"/inspection/schools/{school.pk}/approve/", {"batch": w.batch.pk})
    assert refused.status_code == 400 and "尚有未达标事项" in refused.content.decode()
    assert not OpeningApproval.objects.exists()
    client.force_login(w.s2_principal)
    for fix in Rectification.objects.all():
        no_file = client.post(f"/inspection/fixes/{fix.pk}/close/", {"confirm": "True", "note": "已整改"})
        assert no_file.status_code == 400 and "销号须上传整改佐证" in no_file.content.decode()
        photo = SimpleUploadedFile("fix.jpg", b"\xff\xd8jpg", content_type="image/jpeg")
        done = client.post(
            f"/inspection/fixes/{fix.pk}/close/", {"confirm": "True", "note": "已整改", "evidence": photo}
        )
        assert done.status_code == 302
    client.force_login(w.bureau)
    assert client.post(f"/inspection/schools/{school.pk}/approve/", {"batch": w.batch.pk}).status_code == 302
    assert (
        client.post(f"/inspection/schools/{school.pk}/open/", {"day": TODAY.isoformat()}).status_code == 302
    )
    assert OpeningApproval.objects.get().opened_on == TODAY


@pytest.mark.parametrize("route", ["start", "approve", "open"])
def test_an_empty_form_is_a_400(setup, client, route):
    w = setup
    client.force_login(w.bureau)
    assert client.post(f"/inspection/schools/{w.schools['S2'].pk}/{route}/").status_code == 400
