"""Checklists, inspections, rectifications and the acceptance of a school for reopening."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.inspection.models import (
    ChecklistTemplate,
    Inspection,
    ItemResult,
    OpeningApproval,
    Rectification,
)
from eduguard.inspection.services.acceptance import approve_opening, mark_open, readiness
from eduguard.inspection.services.inspections import (
    close_rectification,
    record_result,
    start_inspection,
    submit_inspection,
)
from eduguard.inspection.tests.helpers import answer_all, self_check, start, team_check

TODAY = timezone.localdate()


def test_the_default_checklists_are_data(world):
    seven = ChecklistTemplate.objects.get(code="seven-preparations")
    # The eight of §5.1 and the school's task force (seed 000 (一), answered by the command app).
    assert seven.items.count() == 9 and seven.items.exclude(auto="").count() == 8
    assert {t.kind for t in ChecklistTemplate.objects.all()} == {
        "pre_opening",
        "inspection",
        "closed_campus",
        "isolation_room",
    }
    shanghai = ChecklistTemplate.objects.get(code="shanghai-inspection")
    assert shanghai.items.count() == 11  # the ten of §5.2 and the stationed medical staff
    assert set(shanghai.items.exclude(auto="").values_list("auto", flat=True)) == {
        "daily_reports",
        "returners_cleared",
        "reopening_plan",
        "medical_staff",
        "supplies",
    }


def test_items_the_records_answer_are_filled_in_when_an_inspection_starts(setup):
    w = setup
    seven = ChecklistTemplate.objects.get(code="seven-preparations")
    i = start_inspection(
        school=w.schools["S2"], template=seven, kind="inspection", date=TODAY, actor=w.inspector, team=w.team
    )
    auto = {r.item.code: r for r in i.results.select_related("item")}
    assert set(auto) == {
        "daily-report",
        "cleaning",
        "home-quarantine",
        "isolation-room",
        "emergency-plan",
        "drills",
        "supplies",
        "task-force",
    }
    assert auto["isolation-room"].outcome == "fix" and auto["isolation-room"].note == "未设临时隔离室"
    assert auto["task-force"].outcome == "fix" and auto["task-force"].note == "未成立学校疫情防控工作专班"
    assert auto["home-quarantine"].outcome == "pass"  # nobody at S2 is held back


def test_a_school_is_accepted_after_its_self_check_and_a_clean_inspection_then_opens(setup):
    w = setup
    assert readiness(w.schools["S2"]).blocking == ["未完成学校自查", "未经督导组检查"]
    self_check(w)
    submit_inspection(inspection=team_check(w), actor=w.inspector)
    assert readiness(w.schools["S2"]).ready
    approval = approve_opening(school=w.schools["S2"], batch=w.batch, actor=w.bureau)
    assert approval.inspection.kind == "inspection"
    assert mark_open(school=w.schools["S2"], day=TODAY, actor=w.bureau).opened_on == TODAY


def test_a_school_with_failing_items_cannot_be_approved_nor_opened(setup):
    w = setup
    self_check(w)
    submit_inspection(inspection=team_check(w, "fail", note="门卫不测温"), actor=w.inspector)
    with pytest.raises(ValidationError) as exc:
        approve_opening(school=w.schools["S2"], batch=w.batch, actor=w.bureau)
    assert "不合格（待复查）" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        mark_open(school=w.schools["S2"], day=TODAY, actor=w.bureau)
    assert "尚未审批达到开学条件" in exc.value.messages[0]
    assert not OpeningApproval.objects.exists()


def test_a_fix_becomes_a_rectification_closed_only_with_evidence(setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = setup
    self_check(w)
    inspection = team_check(w, "fix", deadline=TODAY + dt.timedelta(days=3), note="来访登记本不全")
    submit_inspection(inspection=inspection, actor=w.inspector)
    fixes = Rectification.objects.filter(school=w.schools["S2"])
    assert fixes.count() == w.template.items.count()
    fix = fixes.first()
    with pytest.raises(ValidationError) as exc:
        close_rectification(fix=fix, evidence=None, note="已补齐", actor=w.s2_principal)
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        close_rectification(
            fix=fix, evidence=SimpleUploadedFile("a.exe", b"MZ"), note="已补齐", actor=w.s2_principal
        )
    assert "evidence" in exc.value.message_dict
    fix.refresh_from_db()
    assert fix.is_open
    for f in fixes:
        close_rectification(
            fix=f, evidence=SimpleUploadedFile("fix.jpg", b"\xff\xd8jpg"), note="已补齐", actor=w.s2_principal
        )
    assert readiness(w.schools["S2"]).ready


def test_an_inspector_of_another_team_may_read_but_not_edit(setup):
    w = setup
    inspection = team_check(w)
    item = w.template.items.first()
    with pytest.raises(PermissionDenied):
        record_result(inspection=inspection, item=item, outcome="fail", note="x", actor=w.other)
    with pytest.raises(PermissionDenied):
        submit_inspection(inspection=inspection, actor=w.other)
    assert ItemResult.objects.get(inspection=inspection, item=item).outcome == "pass"
    assert Inspection.objects.visible_to(w.other).filter(pk=inspection.pk).exists()


def test_an_inspection_dated_in_the_future_is_refused(setup):
    w = setup
    with pytest.raises(ValidationError) as exc:
        start(w, date=TODAY + dt.timedelta(days=1))
    assert exc.value.message_dict["date"] == ["检查日期不能晚于今天"]
    assert not Inspection.objects.exists()


def test_a_team_that_does_not_cover_the_school_or_a_non_member_is_refused(setup):
    w = setup
    with pytest.raises(ValidationError):
        start(w, "S1")
    with pytest.raises(PermissionDenied):
        start(w, actor=w.other)
    with pytest.raises(PermissionDenied):
        start(w, kind="self_check", team=None)
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("outcome", "kwargs", "field"),
    [
        ("maybe", {}, "outcome"),
        ("fix", {"note": "缺"}, "deadline"),
        ("fix", {"note": "缺", "deadline": TODAY - dt.timedelta(days=1)}, "deadline"),
        ("fail", {}, "note"),
        ("pass", {"photo": SimpleUploadedFile("x.exe", b"MZ")}, "photo"),
    ],
)
def test_a_bad_result_is_refused_and_nothing_changes(setup, outcome, kwargs, field):
    w = setup
    inspection = start(w)
    item = w.template.items.filter(auto="").first()  # one the inspector answers
    with pytest.raises(ValidationError) as exc:
        record_result(inspection=inspection, item=item, outcome=outcome, actor=w.inspector, **kwargs)
    assert field in exc.value.message_dict and not inspection.results.filter(item=item).exists()


def test_an_incomplete_inspection_cannot_be_submitted_and_a_submitted_one_is_final(setup):
    w = setup
    inspection = start(w)
    with pytest.raises(ValidationError) as exc:
        submit_inspection(inspection=inspection, actor=w.inspector)
    assert "未填写" in exc.value.messages[0]
    answer_all(inspection, w.inspector)
    submit_inspection(inspection=inspection, actor=w.inspector)
    with pytest.raises(ValidationError):
        record_result(
            inspection=inspection, item=w.template.items.first(), outcome="fail", note="x", actor=w.inspector
        )


def test_opening_before_the_batch_date_is_refused(setup):
    w = setup
    w.batch.target_date = TODAY + dt.timedelta(days=5)
    w.batch.save()
    self_check(w)
    submit_inspection(inspection=team_check(w), actor=w.inspector)
    approve_opening(school=w.schools["S2"], batch=w.batch, actor=w.bureau)
    with pytest.raises(ValidationError) as exc:
        mark_open(school=w.schools["S2"], day=TODAY, actor=w.bureau)
    assert "不能提前" in exc.value.message_dict["day"][0]


def test_only_the_bureau_approves(setup):
    w = setup
    self_check(w)
    submit_inspection(inspection=team_check(w), actor=w.inspector)
    with pytest.raises(PermissionDenied):
        approve_opening(school=w.schools["S2"], batch=w.batch, actor=w.inspector)
