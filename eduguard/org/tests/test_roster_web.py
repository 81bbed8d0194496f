"""The web import: upload → ImportJob → Celery task (inline) → result page with progress partial."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from eduguard.audit.models import ChangeLog, Source
from eduguard.org.models import ImportJob, Person
from eduguard.org.roster.importer import create_import_job, run_import_job
from eduguard.org.roster.testing import staff_row, student_row, xlsx_bytes


@pytest.fixture
def principal(world):
    world.principal.user_permissions.add(Permission.objects.get(codename="add_person"))
    return world.principal


def upload(client, content, name="roster.xlsx", **flags):
    data = {"file": SimpleUploadedFile(name, content), **{k: "on" for k, v in flags.items() if v}}
    return client.post("/org/roster/import/", data)


def test_it_imports_an_upload_and_shows_the_result(
    world, principal, client, django_capture_on_commit_callbacks
):
    client.force_login(principal)
    assert client.get("/org/roster/import/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, xlsx_bytes([student_row("TS1", 1), staff_row("TS1", 2)]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/org/roster/import/{job.pk}/"
    assert (job.status, job.total_rows, job.processed_rows, job.created_count) == ("done", 2, 2, 2)
    assert job.user == principal and job.file_name == "roster.xlsx" and bytes(job.data) == b""
    assert ChangeLog.objects.filter(source=Source.IMPORT, actor=principal).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "导入完成：新增 2，更新 0，未变 0。" in page and "<progress" in page
    partial = client.get(f"/org/roster/import/{job.pk}/progress/").content.decode()
    assert "<progress" in partial and "hx-trigger" not in partial  # finished: polling stops


def test_it_polls_the_progress_partial_while_the_job_runs(world, principal, client):
    job = create_import_job(
        user=principal,
        file_name="r.xlsx",
        data=xlsx_bytes([staff_row("TS1", 1)]),
        skip_invalid=False,
        dry_run=False,
    )
    ImportJob.objects.filter(pk=job.pk).update(status="running", total_rows=1000, processed_rows=400)
    client.force_login(principal)
    partial = client.get(f"/org/roster/import/{job.pk}/progress/").content.decode()
    assert f'hx-get="/org/roster/import/{job.pk}/progress/"' in partial
    assert 'hx-trigger="every 1s"' in partial and 'value="400" max="1000"' in partial


def test_it_lists_the_errors_of_a_bad_upload_and_writes_nothing(
    world, principal, client, django_capture_on_commit_callbacks
):
    client.force_login(principal)
    people = Person.objects.count()
    rows = [student_row("TS1", 1), student_row("TS2", 2), staff_row("TS1", 3, 姓名="")]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, xlsx_bytes(rows))
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.invalid_count == 2 and job.created_count == 0
    assert job.errors == ["row 3: 班级: 不存在或不在您的管理范围内", "row 4: 姓名: 不能为空"]
    assert Person.objects.count() == people
    page = client.get(response["Location"]).content.decode()
    assert "row 3: 班级: 不存在或不在您的管理范围内" in page and "未写入任何数据" in page


def test_it_honours_skip_invalid_and_dry_run(world, principal, client, django_capture_on_commit_callbacks):
    client.force_login(principal)
    rows = [student_row("TS1", 1), staff_row("TS1", 2, 姓名="")]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, xlsx_bytes(rows), skip_invalid=True, dry_run=True)
        upload(client, xlsx_bytes(rows), skip_invalid=True)
    dry, real = ImportJob.objects.order_by("id")
    assert (dry.status, dry.created_count, dry.invalid_count, dry.dry_run) == ("done", 1, 1, True)
    assert (real.status, real.created_count, real.invalid_count) == ("done", 1, 1)
    assert Person.objects.filter(name="学生1").count() == 1


def test_it_answers_404_for_someone_elses_job(world, principal, client):
    job = create_import_job(
        user=world.admin, file_name="a.xlsx", data=b"x", skip_invalid=False, dry_run=False
    )
    client.force_login(principal)
    assert client.get(f"/org/roster/import/{job.pk}/").status_code == 404
    assert client.get(f"/org/roster/import/{job.pk}/progress/").status_code == 404
    client.force_login(world.admin)
    assert client.get(f"/org/roster/import/{job.pk}/").status_code == 200


def test_it_forbids_import_without_the_add_person_permission(world, client):
    client.force_login(world.head_teacher)
    assert client.get("/org/roster/import/").status_code == 403
    assert upload(client, xlsx_bytes([staff_row("TS1", 1)])).status_code == 403
    assert not ImportJob.objects.exists()
    client.logout()
    assert client.get("/org/roster/import/").status_code == 302


def test_it_rejects_an_oversized_or_unreadable_upload_with_a_form_error(world, principal, client, settings):
    settings.ROSTER_UPLOAD_MAX_BYTES = 1000
    client.force_login(principal)
    response = upload(client, b"x" * 1001)
    assert response.status_code == 400
    assert "文件过大" in response.content.decode() and "上限为" in response.content.decode()
    settings.ROSTER_UPLOAD_MAX_BYTES = 10_000
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.png")
    assert response.status_code == 400 and "无法识别的文件" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_marks_a_job_failed_when_the_import_crashes(world, principal, monkeypatch):
    job = create_import_job(user=principal, file_name="r.xlsx", data=b"x", skip_invalid=False, dry_run=False)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("eduguard.org.roster.importer.import_roster", boom)
    assert run_import_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "内部错误" in job.message and bytes(job.data) == b""
