"""The admin: the required-document list is edited there; documents and logs are only shown."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.campus.models import DisinfectionLog, Place, RequiredDocument, SchoolDocument, VentilationLog
from eduguard.campus.services.documents import completeness, upload_document
from eduguard.campus.services.hygiene import add_place, log_ventilation


def test_every_campus_model_is_in_the_admin():
    for model in (RequiredDocument, SchoolDocument, Place, DisinfectionLog, VentilationLog):
        assert admin.site.is_registered(model), model


@pytest.fixture
def records(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = RequiredDocument.objects.get(code="opening-plan")
    upload_document(
        school=world.schools["S1"],
        required=plan,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1"),
        actor=world.admin,
    )
    place = add_place(school=world.schools["S1"], name="食堂", kind="canteen", actor=world.admin)
    log_ventilation(
        place=place,
        date=timezone.localdate(),
        start=dt.time(0),
        duration_min=30,
        operator="甲",
        checker="乙",
        actor=world.admin,
    )
    return world


@pytest.mark.parametrize(
    "path", ["requireddocument", "schooldocument", "place", "disinfectionlog", "ventilationlog"]
)
def test_the_admin_lists_open(records, client, path):
    client.force_login(records.admin)
    assert client.get(f"/admin/campus/{path}/").status_code == 200


def test_an_administrator_adds_a_required_document_and_schools_need_it(records, client):
    client.force_login(records.admin)
    response = client.post(
        "/admin/campus/requireddocument/add/",
        {
            "code": "drill-plan",
            "kind": "plan",
            "name": "应急演练方案",
            "order": "4",
            "active": "on",
            "effective_from": "2020-01-01",
            "source": "县指挥部通知",
        },
    )
    assert response.status_code == 302
    assert completeness(records.schools["S1"]).required == 13


def test_uploads_and_logs_are_read_only_and_an_uploaded_document_is_not_deleted(records, client):
    client.force_login(records.admin)
    assert client.get("/admin/campus/schooldocument/add/").status_code == 403
    assert client.get("/admin/campus/ventilationlog/add/").status_code == 403
    used = RequiredDocument.objects.get(code="opening-plan")
    assert client.get(f"/admin/campus/requireddocument/{used.pk}/delete/").status_code == 403
    unused = RequiredDocument.objects.get(code="vaccination-check")
    assert client.get(f"/admin/campus/requireddocument/{unused.pk}/delete/").status_code == 200
