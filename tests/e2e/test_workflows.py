"""The remaining working pages in a real browser: roster upload with its progress page, 接龙
import with review, a head teacher's entry on behalf, and closing a follow-up."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from eduguard.health.models import DailyReport, FollowUp
from eduguard.health.services.reports import submit_report
from eduguard.org.models import Person
from eduguard.org.roster.testing import student_row, xlsx_bytes
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_a_principal_uploads_a_roster_and_sees_the_result(
    world, live_server, new_page, login, snap, tmp_path
):
    world.principal.user_permissions.add(Permission.objects.get(codename="add_person"))
    path = tmp_path / "七年级花名册.xlsx"
    path.write_bytes(xlsx_bytes([student_row("TS1", 1), student_row("TS1", 2, 班级="2")]))
    page = login(new_page(DESKTOP), world.principal)
    page.locator("nav.nav").get_by_role("link", name="导入花名册").click()
    page.wait_for_url("**/org/roster/import/")
    snap(page, "upload")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/org/roster/import/*/")
    page.wait_for_selector("text=已完成")
    snap(page, "result")
    assert set(Person.objects.filter(name__startswith="学生").values_list("name", flat=True)) == {
        "学生1",
        "学生2",
    }


def test_a_bad_roster_lists_its_rows_and_writes_nothing(world, live_server, new_page, login, snap, tmp_path):
    world.principal.user_permissions.add(Permission.objects.get(codename="add_person"))
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([student_row("TS1", 1, 姓名=""), student_row("TS2", 2)]))
    page = login(new_page(DESKTOP), world.principal)
    page.goto(f"{live_server.url}/org/roster/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/org/roster/import/*/")
    page.wait_for_selector("text=row 2")
    snap(page, "errors")
    text = page.content()
    assert "row 2: 姓名: 不能为空" in text and "row 3: 班级: 不存在或不在您的管理范围内" in text
    assert not Person.objects.filter(name__startswith="学生").exists()


def test_a_head_teacher_imports_a_chain_and_enters_a_report_on_behalf(
    world, live_server, new_page, login, snap
):
    klass = world.classes["S1C1"]
    page = login(new_page(PHONE), world.head_teacher)
    page.goto(f"{live_server.url}/health/classes/{klass.pk}/")
    page.get_by_role("link", name="导入接龙").click()
    page.fill(
        "#chain-text", "#接龙 七(1)班健康报平安\n1. 生S1C1A 36.5℃ 家人健康 未接触 未外出 未接触\n2. 张三 36.6"
    )
    snap(page, "paste")
    page.get_by_role("button", name="识别").click()
    page.wait_for_url("**/health/chain/*/")
    snap(page, "review")
    assert "名单中无此人" in page.locator("#chain-lines").inner_text()
    page.get_by_role("button", name="确认导入选中的行").click()
    page.wait_for_url(f"**/health/classes/{klass.pk}/*")
    assert DailyReport.objects.get(person=world.people["S1C1A"]).source == "chain"

    page.get_by_role("link", name="代报").click()
    page.fill("input[name=temperature]", "36.8")
    snap(page, "entry")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"**/health/classes/{klass.pk}/*")
    snap(page, "rollcall-complete")
    assert "全体学生体温正常" in page.locator("#summary").inner_text()
    assert DailyReport.objects.get(person=world.people["S1C1B"]).reporter_kind == "teacher"


def test_a_doctor_closes_a_staff_follow_up(world, live_server, new_page, login, snap):
    submit_report(
        person=world.people["S1TA"],
        day=timezone.localdate(),
        data={"temperature": "38.3"},
        reporter_kind="self",
        source="web",
    )
    page = login(new_page(DESKTOP), world.doctor)
    page.locator("nav.nav").get_by_role("link", name="异常跟进").click()
    page.wait_for_url("**/health/follow-ups/")
    snap(page, "open")
    page.fill("#follow-ups input[name=note]", "已送发热门诊，流感阴性")
    page.locator("#follow-ups").get_by_role("button", name="关闭").click()
    page.wait_for_url("**/health/follow-ups/")
    snap(page, "closed")
    assert FollowUp.objects.get().status == "closed"
