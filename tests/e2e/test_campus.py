"""The campus pages in a real browser: a principal uploads the opening plan, the bureau staff member
covering the school approves it and the school's count goes up; the school doctor logs a second
airing of a classroom (after a refused one with the same signature twice) and the room complies."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from eduguard.campus.models import DocumentStatus, SchoolDocument, VentilationLog
from eduguard.campus.services.documents import ensure_required
from eduguard.campus.services.hygiene import add_place, log_disinfection, log_ventilation
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def shot(snap):
    """snap() and a copy at /tmp/campus-<step>.png, for a person to look at."""

    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/campus-{step}.png")

    return take


@pytest.fixture
def campus(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_required()  # the browser tests' database is flushed between tests, migration rows too
    return world


def test_a_plan_is_uploaded_and_approved_and_the_count_goes_up(campus, live_server, new_page, login, shot):
    world = campus
    school = world.schools["S1"]
    principal = login(new_page(DESKTOP), world.principal)
    principal.goto(f"{live_server.url}/org/schools/{school.pk}/")
    assert principal.locator("#campus-documents dd").inner_text() == "0/12"
    principal.get_by_role("link", name="两案九制 已审定").click()
    row = principal.locator("#doc-opening-plan")
    row.locator("summary").click()
    row.get_by_label("文件（PDF、Word 或图片，≤10 MB）").set_input_files(
        {"name": "开学方案.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 opening plan"}
    )
    row.get_by_label("标题").fill("2020年春季开学工作方案")
    row.get_by_role("button", name="上传").click()
    principal.wait_for_selector("text=已上传“开学工作方案”第 1 版，等待审定")
    assert principal.locator("#doc-opening-plan .status").inner_text() == "待审定"
    shot(principal, "documents-uploaded")

    staff = login(new_page(DESKTOP), world.bureau_staff)
    staff.goto(f"{live_server.url}/campus/schools/{school.pk}/documents/")
    assert staff.locator("#count").inner_text() == "0/12 已审定"
    staff.locator("#doc-opening-plan").get_by_role("button", name="审定通过").click()
    staff.wait_for_selector("text=第 1 版已审定")
    assert staff.locator("#count").inner_text() == "1/12 已审定"
    assert staff.locator("#doc-opening-plan .status").inner_text() == "已审定"
    shot(staff, "documents-approved")
    staff.goto(f"{live_server.url}/org/schools/{school.pk}/")
    assert staff.locator("#campus-documents dd").inner_text() == "1/12"
    shot(staff, "school-panel")
    doc = SchoolDocument.objects.get()
    assert (doc.status, doc.reviewed_by, doc.title) == (
        DocumentStatus.APPROVED,
        world.bureau_staff,
        "2020年春季开学工作方案",
    )


def test_a_doctor_logs_an_airing_and_the_room_complies(campus, live_server, new_page, login, shot):
    world = campus
    school, today = world.schools["S1"], timezone.localdate()
    room = add_place(school=school, name="七(1)班教室", kind="classroom", actor=world.principal)
    add_place(school=school, name="临时隔离室", kind="isolation_room", actor=world.principal)
    signed = {"operator": "王老师", "checker": "李校医", "actor": world.doctor}
    log_ventilation(place=room, date=today, start=dt.time(0, 0), duration_min=40, **signed)
    log_disinfection(
        place=room,
        date=today,
        time=dt.time(0, 0),
        method="chlorine",
        concentration_mg_l=500,
        duration_min=30,
        **signed,
    )

    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(f"{live_server.url}/org/schools/{school.pk}/")
    assert doctor.locator("#campus-hygiene dd").inner_text() == "0/2"
    doctor.get_by_role("link", name="消毒通风 今日达标").click()
    assert doctor.locator("#summary").inner_text() == "0/2 处达标"
    assert "通风1次，应≥2次" in doctor.locator(f"#place-{room.pk}").inner_text()

    form = doctor.locator("#ventilation-form")
    form.get_by_label("处所").select_option(label="七(1)班教室")
    form.get_by_label("时长（分钟）").fill("35")
    form.get_by_label("操作人").fill("王老师")
    form.get_by_label("检查人").fill("王老师")
    form.get_by_role("button", name="保存通风记录").click()
    doctor.wait_for_selector("text=检查人不能与操作人为同一人")
    assert VentilationLog.objects.count() == 1
    shot(doctor, "hygiene-refused")

    form = doctor.locator("#ventilation-form")
    form.get_by_label("检查人").fill("李校医")
    form.get_by_role("button", name="保存通风记录").click()
    doctor.wait_for_selector("text=已登记 七(1)班教室")
    assert doctor.locator("#summary").inner_text() == "1/2 处达标"
    assert doctor.locator(f"#place-{room.pk} .status").inner_text().strip() == "达标"
    shot(doctor, "hygiene-logged")

    phone = login(new_page(PHONE), world.head_teacher)
    phone.locator("nav.nav").get_by_role("link", name="消毒通风").click()
    phone.get_by_role("link", name=school.name).click()
    assert phone.locator("#summary").inner_text() == "1/2 处达标"
    shot(phone, "hygiene-phone")
