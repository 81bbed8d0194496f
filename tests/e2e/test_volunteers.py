"""Volunteers in a real browser: a principal on a phone registers a teacher as a volunteer, plans
a shift (one that ends before it starts is refused with the message), marks who came and records
an activity; the bureau's page then shows the township's figures and the briefing's sentence."""

import datetime as dt

import pytest
from django.utils import timezone

from eduguard.outreach.models import Shift, Volunteer, VolunteerActivity
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def typed(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_principal_registers_plans_and_records_and_the_bureau_reads_the_totals(
    world, live_server, new_page, login, snap
):
    w = world
    teacher = w.people["S1TA"].name
    phone = login(new_page(PHONE), w.principal)

    phone.goto(f"{live_server.url}/outreach/volunteers/new/")
    form = phone.locator("#volunteer-form")
    form.get_by_label("在册人员", exact=True).select_option(label=f"{teacher}（专任教师）")
    form.get_by_label("服务乡镇").fill("小市镇")
    form.get_by_label("特长").fill("驾驶")
    snap(phone, "volunteer-form")
    form.get_by_role("button", name="登记").click()
    phone.wait_for_selector(f"text=已登记志愿者：{teacher}")
    snap(phone, "volunteer")
    assert Volunteer.objects.get(person=w.people["S1TA"]).school == w.schools["S1"]

    start = timezone.now() - dt.timedelta(hours=3)
    phone.goto(f"{live_server.url}/outreach/volunteers/shifts/new/")
    form = phone.locator("#shift-form")
    form.get_by_label("岗位").select_option(label="卡口执勤")
    form.get_by_label("地点", exact=True).fill("城东卡口")
    form.get_by_label("乡镇", exact=True).fill("小市镇")
    form.get_by_label("开始时间").fill(typed(start))
    form.get_by_label("结束时间").fill(typed(start - dt.timedelta(hours=2)))
    form.get_by_label(f"{teacher}（小市镇）").check()
    form.get_by_role("button", name="排班").click()
    phone.wait_for_selector("#shift-form >> text=须晚于开始时间")
    snap(phone, "shift-refused")
    assert not Shift.objects.exists()
    form = phone.locator("#shift-form")
    form.get_by_label("结束时间").fill(typed(start + dt.timedelta(hours=2)))
    form.get_by_role("button", name="排班").click()
    phone.wait_for_selector("text=已排班")
    attendance = phone.locator("#attendance")
    attendance.get_by_label(teacher).check()
    attendance.get_by_role("button", name="保存到岗情况").click()
    phone.wait_for_selector("text=已登记到岗 1 人")
    snap(phone, "shift")

    phone.goto(f"{live_server.url}/outreach/volunteers/activities/new/")
    form = phone.locator("#activity-form")
    form.get_by_label("类型", exact=True).select_option(label="宣传")
    form.get_by_label("乡镇", exact=True).fill("小市镇")
    form.get_by_label("悬挂宣传条幅（副）").fill("3")
    form.get_by_label("发放宣传单（份）").fill("-50")
    form.get_by_role("button", name="登记").click()
    phone.wait_for_selector("text=发放宣传单不能为负数")
    form = phone.locator("#activity-form")
    form.get_by_label("发放宣传单（份）").fill("500")
    form.get_by_role("button", name="登记").click()
    phone.wait_for_selector("text=已登记活动")
    snap(phone, "activity")
    assert VolunteerActivity.objects.get().leaflets == 500

    desk = login(new_page(DESKTOP), w.leader)
    desk.goto(f"{live_server.url}/outreach/volunteers/")
    row = desk.locator("#townships tr", has_text="小市镇")
    assert row.locator("td").all_inner_texts()[1:] == ["1", "1", "3", "500", "0"]
    sentence = "教育系统共有1名志愿者参与志愿服务，累计参与疫情防控1人次，悬挂宣传条幅3副，发放宣传单500份"
    assert desk.locator("#sentence").inner_text() == sentence
    snap(desk, "bureau")
    phone.goto(f"{live_server.url}/outreach/volunteers/")
    snap(phone, "school-page")
