"""晨午晚检 and return certificates in a real browser: a head teacher files the morning check on a
phone (one student unwell, one absent), the school doctor sees the school's summary, approves a
chickenpox certificate and prints the school certificate in two copies."""

import time

import pytest
from django.utils import timezone

from eduguard.health.models import HealthCheck, SickAbsence
from eduguard.health.services.absences import register_absence
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_a_head_teacher_files_the_morning_check_on_a_phone(world, live_server, new_page, login, snap):
    a, b = world.people["S1C1A"], world.people["S1C1B"]
    phone = login(new_page(PHONE), world.head_teacher)
    started = time.monotonic()
    phone.goto(f"{live_server.url}/org/classes/{world.classes['S1C1'].pk}/")
    phone.locator("#check-link").click()
    phone.get_by_role("link", name="晨检").click()
    snap(phone, "empty-form")
    row = phone.locator(f"details[data-person='{a.pk}']")
    row.locator("summary").click()
    row.get_by_label("体温（°C）").fill("37.9")
    row.get_by_label("发热").check()
    row.get_by_label("咳嗽").check()
    row.get_by_label("处理措施").select_option("clinic")
    other = phone.locator(f"details[data-person='{b.pk}']")
    other.locator("summary").click()
    other.get_by_label("缺勤", exact=True).check()
    snap(phone, "filled")
    phone.locator("#submit-check").click()
    phone.wait_for_selector("text=晨检已提交：2名学生有情况")
    elapsed = time.monotonic() - started
    snap(phone, "filed")
    assert elapsed < 60  # the "under a minute", with a machine's typing speed
    check = HealthCheck.objects.get()
    assert check.session == "morning" and not check.zero_report
    assert SickAbsence.objects.get().person == b  # absent, cause unknown: chased
    assert phone.locator("#zero-report").is_disabled()  # someone is absent: no zero report

    phone.get_by_role("link", name="午检").click()  # the absence is still open: it carries over
    assert phone.locator(f"details[data-person='{b.pk}'] input[name$='-absent']").is_checked()
    assert phone.locator("#zero-report").is_disabled()


def test_the_doctor_approves_a_certificate_and_prints_it(world, live_server, new_page, login, snap):
    today = timezone.localdate()
    absence = register_absence(
        person=world.people["S1C2A"],
        started_on=today,
        actor=world.doctor,
        kind="sick",
        infectious="yes",
        disease="水痘",
        symptoms=["fever", "rash"],
    )
    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(f"{live_server.url}/health/schools/{world.schools['S1'].pk}/checks/")
    assert "生S1C2A" in doctor.locator("#lacking").inner_text()
    assert doctor.locator("#n-lacking").inner_text() == "1"
    snap(doctor, "school-summary")
    doctor.locator("#lacking").get_by_role("link", name="生S1C2A").click()
    form = doctor.locator("#certificate-form")
    form.get_by_label("出具医院").fill("本溪县人民医院")
    form.get_by_label("医院等级").select_option("clinic")
    form.get_by_label("证明日期").fill(today.isoformat())
    form.get_by_role("button", name="提交校医审核").click()
    doctor.wait_for_selector("#review-form")
    review = doctor.locator("#review-form")
    review.get_by_label("同意复课", exact=True).check()
    review.get_by_role("button", name="提交审核").click()
    doctor.wait_for_selector("text=通过须写明校医意见")
    snap(doctor, "below-level-refused")
    review = doctor.locator("#review-form")
    review.get_by_label("同意复课", exact=True).check()
    review.get_by_label("校医意见").fill("已复查，疱疹全部结痂")
    review.get_by_role("button", name="提交审核").click()
    doctor.wait_for_selector("text=已出具复课证明")
    assert doctor.locator("#state").inner_text().startswith("已返校")
    doctor.locator("#print-link").click()
    doctor.wait_for_selector("article.copy")
    assert doctor.locator("article.copy").count() == 2
    snap(doctor, "printed")
    absence.refresh_from_db()
    assert absence.returned_on == today
