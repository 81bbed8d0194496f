"""Online teaching in a real browser: a principal on a phone enters a grade's participation (more
taking part than enrolled is refused with the message, then the corrected figure is saved); the
bureau leader's overview shows the rates per stage and the school below the line."""

import datetime as dt

import pytest
from django.utils import timezone

from eduguard.teaching.models import TeachingParticipation, TeachingPeriod
from eduguard.teaching.services.participation import RowIn, record_participation
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def reported(world):
    """This month's period; S2 reported at 70 % of its students (below 80 %), S3 at 90 %."""
    today = timezone.localdate()
    world.period = TeachingPeriod.objects.create(
        county=world.county, name="本月", start=today - dt.timedelta(days=10), end=today
    )
    rows = [RowIn(world.grades["S2"], 40, 28, 4, 4), RowIn(world.grades["S3"], 40, 36, 4, 4)]
    record_participation(period=world.period, rows=rows, actor=world.admin)
    return world


def test_a_principal_enters_a_grade_and_the_bureau_reads_the_rates(
    reported, live_server, new_page, login, snap
):
    w = reported
    school = w.schools["S1"]
    phone = login(new_page(PHONE), w.principal)
    phone.goto(f"{live_server.url}/teaching/schools/{school.pk}/")
    assert phone.get_by_label("七年级 在籍学生数").input_value() == "4"  # from the roster
    snap(phone, "school")
    phone.get_by_label("七年级 参与学生数").fill("5")
    phone.get_by_label("七年级 参与教师数").fill("2")
    phone.get_by_role("button", name="保存").click()
    phone.wait_for_selector("text=不能超过在籍学生数（4人）")
    snap(phone, "refused")
    assert not TeachingParticipation.objects.filter(school=school).exists()
    phone.get_by_label("七年级 参与学生数").fill("4")
    phone.get_by_role("button", name="保存").click()
    phone.wait_for_selector("text=已保存 本月 1 个年级")
    snap(phone, "saved")
    row = TeachingParticipation.objects.get(school=school)
    assert (row.students_enrolled, row.students_taking_part, row.teachers_taking_part) == (4, 4, 2)

    desk = login(new_page(DESKTOP), w.leader)
    desk.goto(f"{live_server.url}/teaching/")
    below = desk.locator("#below").inner_text()
    assert "测试S2中学" in below and "70%" in below and "测试S1中学" not in below
    assert "80.95%" in desk.locator("#stages").inner_text()  # 初中: 68 of 84 students
    assert "义务教育学校参与线上学习的学生人数为68人" in desk.locator("#sentence").inner_text()
    snap(desk, "overview")
    phone.goto(f"{live_server.url}/teaching/")
    snap(phone, "overview-phone")


def test_a_principal_records_the_first_lesson_on_a_phone(reported, live_server, new_page, login, snap):
    w = reported
    phone = login(new_page(PHONE), w.principal)
    phone.goto(f"{live_server.url}/teaching/events/new/")
    phone.get_by_label("活动名称").fill("开学第一课")
    phone.get_by_label("主题").fill("普及防疫知识、弘扬抗疫精神")
    phone.get_by_label("测试S1中学").check()
    phone.get_by_label("七年级").check()
    phone.get_by_label("防疫知识").check()
    phone.get_by_label("主讲人").fill("王建国，小市镇党委书记")
    snap(phone, "form")
    phone.get_by_role("button", name="登记").click()
    phone.wait_for_selector("text=已登记：开学第一课")
    assert phone.locator("#students-reached").inner_text() == "4"
    snap(phone, "event")
    phone.goto(f"{live_server.url}/teaching/events/")
    assert "王建国" in phone.locator("#events").inner_text()
    snap(phone, "events")
