"""The campus pages read a fixed number of queries however many documents, places and logs."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eduguard.campus.models import RequiredDocument
from eduguard.campus.services.documents import review_document, upload_document
from eduguard.campus.services.hygiene import add_place, log_disinfection, log_ventilation
from eduguard.core.rules import clear_cache


def grow(world, n):
    """n more versions of each document, n more places with a day of logs each, in S1."""
    school, today = world.schools["S1"], timezone.localdate()
    for req in RequiredDocument.objects.all():
        for _ in range(n):
            doc = upload_document(
                school=school, required=req, upload=SimpleUploadedFile("a.pdf", b"%PDF-"), actor=world.admin
            )
        review_document(document=doc, decision="approve", actor=world.admin)
    signed = {"operator": "甲", "checker": "乙", "actor": world.admin}
    for k in range(n):
        place = add_place(school=school, name=f"教室{n}-{k}", kind="classroom", actor=world.admin)
        log_ventilation(place=place, date=today, start=dt.time(0), duration_min=30, **signed)
        log_disinfection(place=place, date=today, time=dt.time(0), method="uv", duration_min=30, **signed)


def count(client, url) -> int:
    clear_cache()  # each count reads the rules afresh, as after a restart
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page", ["documents/", "hygiene/", "overview-documents", "overview-hygiene", "school"]
)
def test_it_keeps_the_query_count_flat(world, client, settings, tmp_path, page):
    settings.MEDIA_ROOT = tmp_path
    school = world.schools["S1"]
    url = {
        "overview-documents": "/campus/documents/",
        "overview-hygiene": "/campus/hygiene/",
        "school": f"/org/schools/{school.pk}/",
    }.get(page, f"/campus/schools/{school.pk}/{page}")
    client.force_login(world.principal)
    grow(world, 1)
    few = count(client, url)
    grow(world, 3)
    assert count(client, url) == few
