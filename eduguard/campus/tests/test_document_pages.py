"""The 两案九制 pages: the overview, a school's documents, upload, review and the file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eduguard.audit.models import AccessLog
from eduguard.campus.models import DocumentStatus, RequiredDocument, SchoolDocument
from eduguard.campus.services.documents import review_document, upload_document

PDF = b"%PDF-1.4 plan"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan():
    return RequiredDocument.objects.get(code="opening-plan")


@pytest.fixture
def submitted(world, plan):
    return upload_document(
        school=world.schools["S1"],
        required=plan,
        upload=SimpleUploadedFile("a.pdf", PDF),
        actor=world.principal,
    )


def page_url(world, key="S1"):
    return f"/campus/schools/{world.schools[key].pk}/documents/"


def post_upload(client, world, plan, name="方案.pdf", content=PDF, key="S1", **data):
    return client.post(
        f"{page_url(world, key)}upload/",
        {"required": plan.pk, "file": SimpleUploadedFile(name, content), **data},
    )


def test_a_principal_uploads_and_a_bureau_staff_member_approves(world, client, plan):
    client.force_login(world.principal)
    page = client.get(page_url(world)).content.decode()
    assert "0/12 已审定" in page and "上传新版本" not in page and "审定通过" not in page
    response = post_upload(client, world, plan, title="春季开学工作方案", note="校务会通过")
    assert response.status_code == 302 and response["Location"] == page_url(world)
    doc = SchoolDocument.objects.get()
    assert (doc.version, doc.title, doc.uploaded_by) == (1, "春季开学工作方案", world.principal)
    page = client.get(page_url(world)).content.decode()
    assert "v1 · 春季开学工作方案" in page and "待审定" in page and "上传新版本" in page

    client.force_login(world.bureau_staff)
    page = client.get(page_url(world)).content.decode()
    assert "审定通过" in page and 'type="file"' not in page  # bureau staff review, schools upload
    response = client.post(f"/campus/documents/{doc.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.APPROVED and doc.reviewed_by == world.bureau_staff
    assert "1/12 已审定" in client.get(page_url(world)).content.decode()


def test_the_school_page_shows_the_campus_panel(world, client, submitted):
    review_document(document=submitted, decision="approve", actor=world.leader)
    client.force_login(world.leader)
    page = client.get(f"/org/schools/{world.schools['S1'].pk}/").content.decode()
    assert "两案九制 已审定</a></dt><dd>1/12" in page and "今日达标</a></dt><dd>0/0" in page
    assert f"/campus/schools/{world.schools['S1'].pk}/documents/" in page


def test_the_overview_lists_the_schools_in_scope_with_their_count(world, client, submitted):
    review_document(document=submitted, decision="approve", actor=world.leader)
    client.force_login(world.grid_leader)
    page = client.get("/campus/documents/").content.decode()
    assert "测试S1中学" in page and "测试S2中学" in page and "测试S3中学" not in page
    assert "1/12" in page and "0/12" in page and "应急处置预案" in page
    client.force_login(world.head_teacher)
    assert "测试S1中学" not in client.get("/campus/documents/").content.decode()


def test_a_returned_version_shows_its_note_and_a_new_version_follows(world, client, submitted, plan):
    client.force_login(world.bureau_staff)
    client.post(
        f"/campus/documents/{submitted.pk}/review/", {"decision": "return", "note": "缺少分批返校安排"}
    )
    client.force_login(world.doctor)
    page = client.get(page_url(world)).content.decode()
    assert "已退回" in page and "缺少分批返校安排" in page
    assert post_upload(client, world, plan).status_code == 302
    assert list(SchoolDocument.objects.order_by("version").values_list("version", "status")) == [
        (1, "returned"),
        (2, "submitted"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("方案.exe", b"MZ", "文件类型应为"),
        ("方案.pdf", b"MZ not a pdf", "不是有效的 .pdf"),
        ("方案.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "不能超过 10 MB"),
    ],
)
def test_a_wrong_or_oversized_file_is_400_and_writes_nothing(world, client, plan, name, content, message):
    client.force_login(world.principal)
    response = post_upload(client, world, plan, name, content)
    assert response.status_code == 400 and message in response.content.decode()
    assert '<details class="upload" open>' in response.content.decode()  # the row's form is open again
    assert not SchoolDocument.objects.exists()


def test_an_upload_with_no_file_or_no_document_is_400(world, client, plan):
    client.force_login(world.principal)
    response = client.post(f"{page_url(world)}upload/", {"required": plan.pk})
    assert response.status_code == 400 and "请选择要上传的文件" in response.content.decode()
    response = client.post(f"{page_url(world)}upload/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 400 and 'id="errors"' in response.content.decode()
    plan.active = False
    plan.save()
    response = post_upload(client, world, plan)
    assert response.status_code == 400
    assert not SchoolDocument.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("bureau_staff", 403), ("head_teacher", 404), ("inspector", 404)]
)
def test_an_upload_without_authority_is_refused(world, client, plan, persona, status):
    client.force_login(getattr(world, persona))
    assert post_upload(client, world, plan).status_code == status
    assert not SchoolDocument.objects.exists()


def test_a_return_without_a_note_is_400(world, client, submitted):
    client.force_login(world.bureau_staff)
    response = client.post(f"/campus/documents/{submitted.pk}/review/", {"decision": "return", "note": " "})
    assert response.status_code == 400 and "退回须写明意见" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DocumentStatus.SUBMITTED and submitted.reviewed_at is None


@pytest.mark.parametrize(("persona", "status"), [("doctor", 403), ("inspector", 404), ("head_teacher", 404)])
def test_a_review_without_authority_is_refused(world, client, submitted, persona, status):
    client.force_login(getattr(world, persona))
    assert (
        client.post(f"/campus/documents/{submitted.pk}/review/", {"decision": "approve"}).status_code
        == status
    )
    submitted.refresh_from_db()
    assert submitted.status == DocumentStatus.SUBMITTED


def test_reviewing_an_old_version_is_400(world, client, submitted, plan):
    upload_document(
        school=world.schools["S1"],
        required=plan,
        upload=SimpleUploadedFile("b.pdf", PDF),
        actor=world.principal,
    )
    client.force_login(world.principal)
    response = client.post(f"/campus/documents/{submitted.pk}/review/", {"decision": "approve"})
    assert response.status_code == 400 and "只能审定最新版本（v2）" in response.content.decode()
    assert not SchoolDocument.objects.filter(status="approved").exists()


def test_the_file_is_served_in_scope_and_each_opening_is_logged(world, client, submitted):
    client.force_login(world.doctor)
    response = client.get(f"/campus/documents/{submitted.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    log = AccessLog.objects.get(object_type="campus.schooldocument")
    assert (log.actor, log.action, log.object_id) == (world.doctor, "view", str(submitted.pk))
    for persona in ("inspector", "head_teacher", "guard"):
        client.force_login(getattr(world, persona))
        assert client.get(f"/campus/documents/{submitted.pk}/file/").status_code == 404
    assert AccessLog.objects.filter(object_type="campus.schooldocument").count() == 1


def test_a_word_file_downloads_as_an_attachment(world, client, plan):
    doc = upload_document(
        school=world.schools["S1"],
        required=plan,
        upload=SimpleUploadedFile("制度.docx", b"PK\x03\x04 word"),
        actor=world.principal,
    )
    client.force_login(world.principal)
    response = client.get(f"/campus/documents/{doc.pk}/file/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_a_missing_file_is_404(world, client, submitted):
    submitted.file.storage.delete(submitted.file.name)
    client.force_login(world.principal)
    assert client.get(f"/campus/documents/{submitted.pk}/file/").status_code == 404
