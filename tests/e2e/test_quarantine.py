"""Quarantine in a real browser: a head teacher's early release is refused with the reason, the
school doctor releases on day 15 with the notice, and the student's record shows them cleared."""

import datetime as dt

import pytest
from django.utils import timezone

from eduguard.screening.models import Quarantine
from eduguard.screening.services.quarantine import open_quarantine
from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_a_quarantine_is_released_on_day_fifteen(
    world, live_server, new_page, login, snap, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    student = world.people["S1C1A"]
    period = open_quarantine(
        person=student,
        kind="home",
        started_on=today - dt.timedelta(days=15),
        actor=world.doctor,
        reason="寒假从沈阳返回",
    )

    teacher = login(new_page(DESKTOP), world.head_teacher)
    teacher.locator("nav.nav").get_by_role("link", name="隔离观察").click()
    teacher.get_by_role("link", name=student.name).click()
    teacher.wait_for_selector("#release-form")
    assert teacher.locator("#state").inner_text() == "期满待解除"
    form = teacher.locator("#release-form")
    form.get_by_label("解除日期").fill((today - dt.timedelta(days=2)).isoformat())
    form.get_by_label("解除隔离文书编号").fill("解隔〔2020〕8号")
    form.get_by_role("button", name="解除隔离").click()
    teacher.wait_for_selector("text=提前解除须写明理由")
    snap(teacher, "early-refused")
    assert Quarantine.objects.get().released_on is None

    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(f"{live_server.url}/screening/quarantines/{period.pk}/")
    form = doctor.locator("#release-form")
    form.get_by_label("解除日期").fill(today.isoformat())
    form.get_by_label("解除隔离文书编号").fill("解隔〔2020〕8号")
    form.get_by_label("文书扫描件（PDF/图片）").set_input_files(
        {"name": "告知书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 notice"}
    )
    form.get_by_role("button", name="解除隔离").click()
    doctor.wait_for_selector(f"text={student.name} 已于")
    assert doctor.locator("#state").inner_text() == "已解除"
    assert "可返校" in doctor.locator("#entry").inner_text()
    snap(doctor, "released")

    doctor.get_by_role("link", name="健康台账").click()
    doctor.wait_for_selector("#ledger")
    assert doctor.locator("#entry .tag").inner_text() == "可返校"
    assert doctor.locator("#ledger").get_by_text("解除居家隔离").is_visible()
    snap(doctor, "person-ledger")
    released = Quarantine.objects.get()
    assert released.released_on == today and released.released_by == world.doctor
