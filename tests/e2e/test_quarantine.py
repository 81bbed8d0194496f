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


def test_a_doctor_opens_a_quarantine_and_observes_it(world, live_server, new_page, login, snap):
    today = timezone.localdate()
    student = world.people["S1C2B"]
    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(f"{live_server.url}/org/people/{student.pk}/")
    doctor.get_by_role("link", name="登记隔离").click()
    doctor.get_by_label("类型").select_option("home")
    start = doctor.get_by_label("开始日期（到达当天为第0天）")
    start.fill((today + dt.timedelta(days=45)).isoformat())
    doctor.get_by_label("原因").fill("从大连返回")
    doctor.get_by_role("button", name="登记").click()
    doctor.wait_for_selector("text=开始日期不能晚于今天30天以上")
    snap(doctor, "form-refused")
    assert not Quarantine.objects.exists()
    doctor.get_by_label("开始日期（到达当天为第0天）").fill(today.isoformat())
    doctor.get_by_role("button", name="登记").click()
    doctor.wait_for_selector("#observe-form")
    assert doctor.locator("#state").inner_text() == "隔离中"
    form = doctor.locator("#observe-form")
    form.get_by_label("体温（°C）").fill("37.9")
    form.get_by_label("干咳/咳嗽").check()
    form.get_by_role("button", name="保存观察").click()
    doctor.wait_for_selector("text=已记录")
    assert "37.9℃" in doctor.locator("#days").inner_text()
    snap(doctor, "observed")

    doctor.goto(f"{live_server.url}/screening/entry/")
    row = doctor.locator("#named tr", has_text=student.name)
    assert "不可返校" in row.inner_text() and "居家隔离中（第0天/共14天）" in row.inner_text()
    snap(doctor, "entry")
