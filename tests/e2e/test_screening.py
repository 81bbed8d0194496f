"""Screening in a real browser: a head teacher fills the campaign for the class, and the
campaign page counts it."""

import pytest
from django.utils import timezone

from eduguard.screening.models import PersonCategory
from eduguard.screening.services.campaigns import create_campaign
from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_a_head_teacher_fills_the_campaign_for_the_class(world, live_server, new_page, login, snap):
    today = timezone.localdate()
    campaign = create_campaign(
        county=world.county, name="教育系统全员大排查", opened_on=today, deadline=today
    )
    a, b = world.people["S1C1A"], world.people["S1C1B"]
    page = login(new_page(DESKTOP), world.head_teacher)
    page.locator("nav.nav").get_by_role("link", name="大排查").click()
    page.get_by_role("link", name="教育系统全员大排查").click()
    page.locator("#sheets").get_by_role("link").first.click()
    page.wait_for_selector("#sheet")
    page.get_by_label(f"{a.name} 从县外返乡、返岗、返校（三返）").check()
    row = page.locator("tr", has_text=b.name)
    row.get_by_label("地点").fill("沈阳")
    row.get_by_label("离开日期").fill("2020-01-25")
    row.get_by_label("返回日期").fill("2020-01-20")
    page.get_by_role("button", name="保存全班").click()
    page.wait_for_selector("text=返回日期早于离开日期")
    snap(page, "sheet-error")
    assert not PersonCategory.objects.exists()
    row.get_by_label("返回日期").fill("2020-01-28")
    page.get_by_role("button", name="保存全班").click()
    page.wait_for_selector("text=已保存 2 人的排查信息")
    snap(page, "sheet-saved")
    page.goto(f"{live_server.url}/screening/{campaign.pk}/?category=sanfan")
    assert page.locator("#total [data-code=sanfan]").inner_text() == "1"
    assert page.locator("#named").get_by_role("link", name=a.name).is_visible()
    snap(page, "campaign")


def test_a_school_imports_answers_and_a_doctor_confirms_the_category(
    world, live_server, new_page, login, snap
):
    import io

    from openpyxl import Workbook

    from eduguard.screening.services.workbook import COLUMNS

    today = timezone.localdate()
    campaign = create_campaign(county=world.county, name="三返人员排查", opened_on=today, deadline=today)
    student = world.people["S1C2A"]

    def upload(rows) -> dict:
        book = Workbook()
        book.active.append(COLUMNS)
        for row in rows:
            book.active.append([row.get(c, "") for c in COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        return {"name": "排查.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}

    doctor = login(new_page(DESKTOP), world.doctor)
    doctor.goto(f"{live_server.url}/screening/{campaign.pk}/")
    doctor.get_by_role("link", name="导入排查表").click()
    row = {"学校代码": "TS1", "班级": "七(2)班", "姓名": student.name, "三返": "是"}
    doctor.get_by_label("排查表").set_input_files(upload([row, {**row, "姓名": "查无此人"}]))
    doctor.get_by_role("button", name="导入").click()
    doctor.wait_for_selector("#problems")
    assert "row 3: 姓名" in doctor.locator("#problems").inner_text()
    snap(doctor, "import-refused")
    assert not PersonCategory.objects.exists()
    doctor.get_by_label("排查表").set_input_files(upload([row]))
    doctor.get_by_role("button", name="导入").click()
    doctor.wait_for_selector("text=已导入 1 人的排查信息")
    snap(doctor, "imported")

    doctor.goto(f"{live_server.url}/org/people/{student.pk}/")
    categories = doctor.locator("#categories")
    categories.get_by_role("button", name="确认").click()
    doctor.wait_for_selector(f"text=已确认 {student.name}：三返")
    assert "已确认" in doctor.locator("#categories").inner_text()
    assert "暂缓返校" in doctor.locator("#entry").inner_text()
    snap(doctor, "confirmed")
