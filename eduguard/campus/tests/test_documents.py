"""Uploading, reviewing and the completeness of a school's 两案九制 (services)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.campus.models import DocumentStatus, RequiredDocument, SchoolDocument
from eduguard.campus.services.documents import (
    MISSING,
    check_upload,
    completeness,
    completeness_by_school,
    review_document,
    upload_document,
)
from eduguard.core.models import RuleValue

PDF = b"%PDF-1.4 plan"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="方案.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def required(code="opening-plan"):
    return RequiredDocument.objects.get(code=code)


def upload(world, code="opening-plan", school="S1", actor=None, **kwargs):
    return upload_document(
        school=world.schools[school],
        required=required(code),
        upload=pdf(),
        actor=actor or world.principal,
        **kwargs,
    )


def approve_all(world, school="S1"):
    for req in RequiredDocument.objects.all():
        doc = upload_document(school=world.schools[school], required=req, upload=pdf(), actor=world.principal)
        review_document(document=doc, decision="approve", actor=world.bureau_staff)


def test_it_seeds_the_two_plans_and_nine_systems(db):
    names = list(RequiredDocument.objects.in_force(timezone.localdate()).values_list("kind", "name"))
    assert names == [
        ("plan", "开学工作方案"),
        ("plan", "疫情防控工作方案"),
        ("plan", "应急处置预案"),
        ("system", "学校传染病疫情报告制度"),
        ("system", "晨午检制度"),
        ("system", "因病缺勤追踪登记制度"),
        ("system", "复课证明查验制度"),
        ("system", "健康管理制度"),
        ("system", "传染病防控健康教育制度"),
        ("system", "通风消毒制度"),
        ("system", "环境卫生检查制度"),
        ("system", "免疫预防接种查验制度"),
    ]


def test_it_appends_a_version_for_each_upload(world):
    first = upload(world, title="2020春季开学方案")
    second = upload(world, actor=world.doctor)
    other = upload(world, school="S2", actor=world.admin)
    assert (first.version, second.version, other.version) == (1, 2, 1)
    first.refresh_from_db()
    assert first.title == "2020春季开学方案" and first.status == DocumentStatus.SUBMITTED
    assert second.title == "开学工作方案" and second.uploaded_by == world.doctor
    assert first.file.name != second.file.name and first.file.name.endswith("opening-plan-v1.pdf")
    assert first.file.read() == PDF
    assert ChangeLog.objects.filter(object_type="campus.schooldocument", action="create").count() == 3


@pytest.mark.parametrize("persona", ["head_teacher", "school_leader", "bureau_staff", "inspector", "guard"])
def test_it_refuses_an_upload_by_a_role_without_authority(world, persona):
    with pytest.raises(PermissionDenied):
        upload(world, actor=getattr(world, persona))
    assert not SchoolDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ", "文件类型应为"),
        ("plan.txt", b"text", "文件类型应为"),
        ("plan.pdf", b"MZ\x90\x00 not a pdf", "不是有效的 .pdf"),
        ("plan.pdf", b"%PDF-" + b"x" * (10 * 1024 * 1024), "不能超过 10 MB"),
        ("plan", b"%PDF-", "文件类型应为"),
    ],
)
def test_it_refuses_a_wrong_or_oversized_file(world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        upload_document(
            school=world.schools["S1"], required=required(), upload=pdf(name, content), actor=world.principal
        )
    assert not SchoolDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("a.DOCX", b"PK\x03\x04"),
        ("a.jpg", b"\xff\xd8\xff\xe0"),
        ("a.png", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_it_accepts_word_and_image_files(name, head):
    assert check_upload(SimpleUploadedFile(name, head + b"rest")) == name[name.rindex(".") :].lower()


def test_a_retired_document_takes_no_upload(world):
    RequiredDocument.objects.filter(code="opening-plan").update(active=False)
    with pytest.raises(ValidationError, match="不在两案九制清单中"):
        upload(world)


def test_a_review_approves_or_returns_the_latest_version_once(world):
    first = upload(world)
    with pytest.raises(ValidationError, match="退回须写明意见"):
        review_document(document=first, decision="return", actor=world.bureau_staff, note="  ")
    returned = review_document(
        document=first, decision="return", actor=world.bureau_staff, note="缺应急联系人"
    )
    assert returned.status == DocumentStatus.RETURNED and returned.reviewed_by == world.bureau_staff
    with pytest.raises(ValidationError, match="已退回"):
        review_document(document=first, decision="approve", actor=world.bureau_staff)
    second = upload(world)
    with pytest.raises(ValidationError, match="只能审定最新版本"):
        review_document(document=first, decision="approve", actor=world.principal)
    approved = review_document(document=second, decision="approve", actor=world.principal)
    assert approved.status == DocumentStatus.APPROVED and approved.review_note == ""
    first.refresh_from_db()
    assert first.status == DocumentStatus.RETURNED and first.review_note == "缺应急联系人"  # history kept
    change = ChangeLog.objects.filter(object_type="campus.schooldocument", action="update").first()
    assert change.before["status"] == "submitted" and change.after["status"] in ("approved", "returned")


@pytest.mark.parametrize(
    "persona", ["doctor", "head_teacher", "inspector", "school_leader", "guard", "outsider"]
)
def test_it_refuses_a_review_by_a_role_without_authority(world, persona):
    doc = upload(world)
    with pytest.raises(PermissionDenied):
        review_document(document=doc, decision="approve", actor=getattr(world, persona))
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SUBMITTED and doc.reviewed_by is None


def test_a_bureau_staff_member_reviews_only_the_schools_they_cover(world):
    doc = upload(world, school="S2", actor=world.admin)
    with pytest.raises(PermissionDenied):
        review_document(document=doc, decision="approve", actor=world.bureau_staff)  # covers S1 only
    assert review_document(document=doc, decision="approve", actor=world.leader).status == "approved"


def test_completeness_counts_the_latest_approved_versions(world):
    today = timezone.localdate()
    state = completeness(world.schools["S1"], today)
    assert (state.approved, state.required, state.complete) == (0, 12, False)
    assert {i.status for i in state.items} == {MISSING}
    approve_all(world)
    state = completeness(world.schools["S1"], today)
    assert (state.approved, state.required, state.complete) == (12, 12, True)
    revised = upload(world, code="emergency-plan")  # a new version waits for its review
    state = completeness(world.schools["S1"])
    item = next(i for i in state.items if i.required.code == "emergency-plan")
    assert item.latest == revised and item.status == "submitted" and not item.approved
    assert (state.approved, state.complete) == (11, False)
    assert [r.code for r in state.missing] == ["emergency-plan"]
    assert completeness(world.schools["S2"]).approved == 0


def test_completeness_of_a_past_day_ignores_later_uploads_and_reviews(world):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    doc = upload(world)
    SchoolDocument.objects.filter(pk=doc.pk).update(uploaded_at=timezone.now() - dt.timedelta(days=1))
    review_document(document=doc, decision="approve", actor=world.principal)
    upload(world, code="emergency-plan")
    before = {i.required.code: i.status for i in completeness(world.schools["S1"], yesterday).items}
    assert before["opening-plan"] == "submitted" and before["emergency-plan"] == MISSING
    assert completeness(world.schools["S1"], today).approved == 1


def test_the_list_is_data_an_added_document_is_required_from_its_date(world):
    approve_all(world)
    today = timezone.localdate()
    RequiredDocument.objects.create(
        code="drill-plan",
        kind="plan",
        name="应急演练方案",
        order=4,
        effective_from=today + dt.timedelta(days=1),
    )
    assert completeness(world.schools["S1"], today).complete
    tomorrow = completeness(world.schools["S1"], today + dt.timedelta(days=1))
    assert (tomorrow.approved, tomorrow.required, tomorrow.complete) == (12, 13, False)
    RequiredDocument.objects.filter(code="vaccination-check").update(active=False)  # 一案八制 elsewhere
    assert completeness(world.schools["S1"], today).required == 11


def test_an_empty_list_never_makes_a_school_complete(world):
    RequiredDocument.objects.update(active=False)
    state = completeness(world.schools["S1"])
    assert (state.required, state.complete) == (0, False)


def test_the_roles_are_rules(world):
    RuleValue.objects.create(name="campus.document_roles", value=["head_teacher", "principal"])
    RuleValue.objects.create(name="campus.document_approver_roles", value=["bureau_leader"])
    with pytest.raises(PermissionDenied):
        upload(world, actor=world.doctor)
    doc = upload(world)
    with pytest.raises(PermissionDenied):
        review_document(document=doc, decision="approve", actor=world.principal)
    assert review_document(document=doc, decision="approve", actor=world.leader).status == "approved"


def test_completeness_of_many_schools_reads_in_two_queries(world, django_assert_num_queries):
    approve_all(world)
    ids = [s.pk for s in world.schools.values()]
    with django_assert_num_queries(2):
        figures = completeness_by_school(ids, timezone.localdate())
    assert [figures[pk].approved for pk in ids] == [12, 0, 0]
