"""Command and coordination in a real browser: the county leader records a special meeting with a
decision owned by a principal; the principal sees it overdue-free on the home page, opens it on a
phone and closes it with a note; the meeting page shows it done."""

import datetime as dt

import pytest
from django.utils import timezone

from eduguard.command.models import ActionItem
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_a_meeting_with_an_action_item_is_recorded_and_closed(world, live_server, new_page, login, snap):
    w = world
    today = timezone.localdate()
    desk = login(new_page(DESKTOP), w.leader)
    desk.goto(f"{live_server.url}/command/meetings/new/")
    form = desk.locator("#meeting-form")
    form.get_by_label("所属单位").select_option(label=w.county.bureau_name)
    form.get_by_label("会议日期").fill((today - dt.timedelta(days=1)).isoformat())
    form.get_by_label("议题").fill("研究制定中小学复学工作实施方案")
    form.get_by_label("主持人").fill("王局长")
    form.get_by_label("参会人员").fill("局班子成员、各科室负责人")
    snap(desk, "meeting-form")
    form.get_by_role("button", name="保存").click()
    desk.wait_for_selector("text=已登记会议")

    add = desk.locator("#action-add")
    add.get_by_label("议定事项").fill("制定印发《县中小学复学工作实施方案》")
    add.get_by_label("责任人").select_option(label="principal")
    add.get_by_label("办结期限").fill((today - dt.timedelta(days=2)).isoformat())  # before the meeting
    add.get_by_role("button", name="添加并通知责任人").click()
    desk.wait_for_selector("text=办结期限不能早于会议日期")
    snap(desk, "refused")
    assert not ActionItem.objects.exists()
    add = desk.locator("#action-add")
    add.get_by_label("议定事项").fill("制定印发《县中小学复学工作实施方案》")
    add.get_by_label("责任人").select_option(label="principal")
    add.get_by_label("办结期限").fill((today + dt.timedelta(days=3)).isoformat())
    add.get_by_role("button", name="添加并通知责任人").click()
    desk.wait_for_selector("text=已添加议定事项")
    assert "办理中" in desk.locator("#actions").inner_text()
    snap(desk, "meeting")

    phone = login(new_page(PHONE), w.principal)
    phone.goto(f"{live_server.url}/")
    block = phone.locator("#my-actions")
    assert "制定印发《县中小学复学工作实施方案》" in block.inner_text()
    snap(phone, "home")
    block.get_by_role("link", name="制定印发《县中小学复学工作实施方案》").click()
    close = phone.locator("#close")
    close.get_by_label("已办结").check()
    close.get_by_label("办结情况 / 取消原因").fill("已于今日印发各校")
    close.get_by_role("button", name="提交").click()
    phone.wait_for_selector("text=事项状态：已办结")
    snap(phone, "closed")
    assert ActionItem.objects.get().status == "done"

    desk.reload()
    assert "已办结" in desk.locator("#actions").inner_text()
    snap(desk, "meeting-done")


def test_a_principal_sets_up_the_schools_task_force_and_sees_the_joint_actions(
    world, live_server, new_page, login, snap
):
    from eduguard.command.services import joint

    w = world
    dept = joint.add_department(actor=w.leader, county=w.county, kind="cdc", name="县疾病预防控制中心")
    joint.add_liaison(actor=w.leader, department=dept, name="孙主任", phone="13912345678")
    data = joint.JointActionIn(
        date=timezone.localdate(),
        kind="training",
        title="教职工个人防护和校园消杀知识全员培训",
        departments=[dept],
        schools=[w.schools["S1"], w.schools["S2"]],
        people_reached=120,
    )
    joint.record_joint_action(actor=w.leader, county=w.county, data=data)

    phone = login(new_page(PHONE), w.principal)
    phone.goto(f"{live_server.url}/command/task-forces/new/")
    form = phone.locator("#task-force-form")
    form.get_by_label("专班名称").fill("测试S1中学疫情防控工作专班")
    form.get_by_label("成立日期").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="保存").click()
    phone.wait_for_selector("text=已成立")
    add = phone.locator("#member-add")
    add.get_by_label("姓名").fill("王校长")
    add.get_by_label("专班职务").select_option("leader")
    add.get_by_label("联系电话").fill("13987654321")
    add.get_by_role("button", name="添加").click()
    phone.wait_for_selector("text=已添加王校长")
    members = phone.locator("#members").inner_text()
    assert "139****4321" in members and "13987654321" not in members
    snap(phone, "task-force")

    phone.goto(f"{live_server.url}/command/joint/")
    assert "教职工个人防护和校园消杀知识全员培训" in phone.locator("#actions").inner_text()
    snap(phone, "joint")
    phone.get_by_role("link", name="教职工个人防护和校园消杀知识全员培训").click()
    assert "测试S2中学" not in phone.content()  # the principal reads their own school only
    snap(phone, "joint-action")
