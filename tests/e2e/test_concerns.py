"""Public concerns and counselling in a real browser: a principal registers a petition about their
school, is refused closing it without a response, then closes it with one; the list shows it
closed. A counsellor on a phone finds a student by name, records a session and reads it back."""

import pytest

from eduguard.concerns.models import Concern
from eduguard.counselling.models import CounsellingSession
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_a_petition_is_registered_and_closed_with_a_response(world, live_server, new_page, login, snap):
    w = world
    desk = login(new_page(DESKTOP), w.principal)
    desk.get_by_role("link", name="舆情信访").click()
    desk.get_by_role("link", name="登记事项").click()
    form = desk.locator("#concern-form")
    form.get_by_label("类别").select_option(label="信访")
    form.get_by_label("来源渠道").select_option(label="来信")
    form.get_by_label("事由").fill("来信反映延期开学期间寄宿费退费")
    form.get_by_label("主要内容").fill("家长来信要求退还延期开学期间已缴纳的寄宿费。")
    form.get_by_label("测试S1中学").check()
    snap(desk, "form")
    form.get_by_role("button", name="登记").click()
    desk.wait_for_selector("#concern-status")
    concern = Concern.objects.get()
    assert "办理中" in desk.locator("#concern-status").inner_text()
    snap(desk, "registered")

    close = desk.locator("#close")
    close.get_by_label("办结说明").fill("已处理")
    close.get_by_role("button", name="办结").click()
    desk.wait_for_selector("text=信访事项须答复后才能办结")
    snap(desk, "refused")
    concern.refresh_from_db()
    assert concern.status == "open"

    close = desk.locator("#close")
    close.get_by_label("答复内容").fill("经核实，学校将按实际住宿天数退还寄宿费，已书面告知信访人。")
    close.get_by_role("button", name="办结").click()
    desk.wait_for_selector("text=已办结")
    assert "已办结" in desk.locator("#concern-status").inner_text()
    assert "按实际住宿天数退还" in desk.locator("#response").inner_text()
    snap(desk, "closed")

    phone = login(new_page(PHONE), w.leader)
    phone.goto(f"{live_server.url}/concerns/?kind=petition")
    rows = phone.locator("#concerns").inner_text()
    assert "来信反映延期开学期间寄宿费退费" in rows and "已办结" in rows
    snap(phone, "list")


def test_a_counsellor_records_a_session_on_a_phone(world, live_server, new_page, login, snap):
    w = world
    phone = login(new_page(PHONE), w.counsellor)
    phone.goto(f"{live_server.url}/counselling/new/")
    phone.locator("#q").fill("S1C1")
    phone.get_by_role("button", name="查找").click()
    form = phone.locator("#session-form")
    form.get_by_label("辅导对象").select_option(label=f"{w.people['S1C1B'].name}（测试S1中学 七(1)班）")
    form.get_by_label("个别辅导").check()
    form.get_by_label("主题").select_option(label="学业压力")
    form.get_by_label("辅导记录").fill("网课跟不上，焦虑；与班主任沟通调整作业量。")
    snap(phone, "form")
    form.get_by_role("button", name="登记").click()
    phone.wait_for_selector("#note")
    assert "网课跟不上" in phone.locator("#note").inner_text()
    snap(phone, "session")
    assert CounsellingSession.objects.get().person == w.people["S1C1B"]
    phone.get_by_role("link", name="返回心理辅导记录").click()
    assert w.people["S1C1B"].name in phone.locator("#sessions").inner_text()
    snap(phone, "list")
