"""The gate in a real browser at tablet size: a guard admits a student found by pinyin initials,
refuses one still in quarantine (the reason on screen), registers a visitor whom the host approves,
lets them in and out; and an entry made offline is kept on the tablet and stored once when the
network is back."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from eduguard.campus.models import GateEntry, Visit
from eduguard.campus.services.gate import record_entry
from eduguard.core.testing import make_person
from eduguard.screening.services.quarantine import open_quarantine
from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.browser
TABLET = {"width": 800, "height": 1280}


@pytest.fixture
def shot(snap):
    """snap() and a copy at /tmp/gate-<step>.png, for a person to look at."""

    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/gate-{step}.png")

    return take


@pytest.fixture
def gate(world):
    school = world.schools["S1"]
    world.zhang = make_person(school, world.classes["S1C1"], name="张晓明")
    open_quarantine(
        person=world.people["S1C1B"],
        kind="home",
        started_on=timezone.localdate(),
        actor=world.admin,
        reason="返乡",
    )
    return world


def open_gate(page, live_server, world):
    page.get_by_role("link", name=world.schools["S1"].name).click()  # the guard's home card
    page.wait_for_selector("#loaded:has-text('名册更新于')")
    return page


def record(page, find: str, temperature="36.5", code="绿码"):
    page.fill("#find", find)
    page.locator("#matches button").first.click()
    page.fill("#temperature", temperature)
    page.select_option("#code", label=code)
    page.check("#id-checked")
    page.click("#record")
    page.wait_for_selector("#verdict:not([hidden])")


def test_a_guard_admits_one_student_and_refuses_one_in_quarantine(gate, live_server, new_page, login, shot):
    world = gate
    guard = open_gate(login(new_page(TABLET), world.guard), live_server, world)
    assert "五个一律" in guard.locator("#rules").inner_text()
    guard.fill("#find", "zxm")
    assert guard.locator("#matches").inner_text().count("张晓明") == 1
    shot(guard, "found")
    record(guard, "zxm")
    assert guard.locator("#verdict-title").inner_text() == "放行"
    shot(guard, "admitted")

    guard.fill("#find", "S1C1B")
    assert "拒绝入校" in guard.locator("#matches").inner_text()
    record(guard, "S1C1B")
    assert guard.locator("#verdict-title").inner_text() == "拒绝入校"
    assert "居家隔离" in guard.locator("#verdict-reasons").inner_text()
    shot(guard, "refused")
    entries = {e.person_id: e.decision for e in GateEntry.objects.all()}
    assert entries == {world.zhang.pk: "allow", world.people["S1C1B"].pk: "deny"}

    guard.fill("#find", "S1C2A")
    guard.locator("#matches button").first.click()
    guard.fill("#temperature", "52")
    guard.click("#record")
    assert "体温超出合理范围" in guard.locator("#entry-errors").inner_text()
    assert GateEntry.objects.count() == 2


def test_a_visitor_is_registered_approved_let_in_and_seen_out(gate, live_server, new_page, login, shot):
    world = gate
    guard = open_gate(login(new_page(TABLET), world.guard), live_server, world)
    guard.click("text=来访登记")
    form = guard.locator("#register form")
    form.get_by_label("姓名").fill("钱来访")
    form.get_by_label("证件号码").fill("110105194912310021")
    form.get_by_label("手机号").fill("13912345678")
    form.get_by_label("事由").fill("送教材")
    form.get_by_label("接待人").select_option(label="principal")
    form.get_by_role("button", name="登记").click()
    guard.wait_for_selector("text=身份证号码校验位错误")
    assert not Visit.objects.exists()
    shot(guard, "visitor-bad-id")
    form = guard.locator("#register form")
    form.get_by_label("证件号码").fill("11010519491231002X")
    form.get_by_role("button", name="登记").click()
    guard.wait_for_selector("#visit-list >> text=待审批")
    shot(guard, "visitor-pending")

    host = login(new_page(DESKTOP), world.principal)
    host.goto(f"{live_server.url}/campus/schools/{world.schools['S1'].pk}/visits/")
    host.get_by_role("button", name="同意", exact=True).click()
    host.wait_for_selector("#visit-list >> text=已批准")

    guard.reload()
    admit = guard.locator("form.admit")
    admit.locator("input[name=temperature]").fill("36.4")
    admit.locator("select[name=code_colour]").select_option(label="绿码")
    admit.locator("input[name=id_checked]").check()
    admit.get_by_role("button", name="入校").click()
    guard.wait_for_selector("#visit-list >> text=在校内")
    shot(guard, "visitor-inside")
    guard.get_by_role("button", name="离校", exact=True).click()
    guard.wait_for_selector("#visit-list >> text=已离校")
    shot(guard, "visitor-left")
    visit = Visit.objects.get()
    assert visit.status == "left" and visit.left_at >= visit.entered_at


def test_an_entry_made_offline_is_kept_and_stored_once(gate, live_server, new_page, login, shot):
    world = gate
    guard = open_gate(login(new_page(TABLET), world.guard), live_server, world)
    guard.context.set_offline(True)
    record(guard, "zxm")
    assert guard.locator("#verdict-title").inner_text() == "放行"  # decided on the tablet
    assert guard.locator("#queue").inner_text() == "待上传 1"
    assert "离线" in guard.locator("#net").inner_text()
    assert not GateEntry.objects.exists()
    shot(guard, "offline")

    guard.context.set_offline(False)
    guard.wait_for_selector("#queue[hidden]", state="attached", timeout=30_000)
    assert GateEntry.objects.filter(person=world.zhang, offline=True).count() == 1
    guard.reload()  # a reload sends the queue again if anything were left: nothing is
    guard.wait_for_selector("#loaded:has-text('名册更新于')")
    assert GateEntry.objects.count() == 1
    assert "已上传" in guard.locator("#recent").inner_text()
    shot(guard, "synced")


def test_the_principal_reads_the_days_gate_issues_a_pass_and_prints_cards(
    gate, live_server, new_page, login, shot
):
    world = gate
    boarder = world.people["S1C1A"]
    boarder.boarding = True
    boarder.save()
    s1 = world.schools["S1"]
    for person, temperature in ((world.zhang, "36.4"), (world.people["S1C2A"], "38.3")):
        data = {"person": person.pk, "temperature": temperature, "id_checked": True}
        record_entry(school=s1, data=data, operator=world.guard)
    principal = login(new_page(DESKTOP), world.principal)
    principal.click("nav >> text=校门")
    assert principal.locator("#schools").inner_text().count(s1.name) == 1
    shot(principal, "overview")
    principal.click(f"#schools >> text={s1.name}")
    refused = principal.locator("#refused").inner_text()
    assert "生S1C2A" in refused and "校门测温 38.3℃，发热" in refused
    shot(principal, "log")

    principal.goto(f"{live_server.url}/campus/schools/{s1.pk}/leave-passes/")
    form = principal.locator("#issue form")
    form.get_by_label("学生（住校）").select_option(index=1)
    form.get_by_label("事由").fill("回家取药")
    form.get_by_label("离校日期").fill(timezone.localdate().isoformat())
    back = timezone.localtime() + dt.timedelta(days=1)
    form.get_by_label("应返校时间").fill(back.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_role("button", name="签发").click()
    principal.wait_for_selector("#passes >> text=回家取药")
    shot(principal, "pass")

    principal.goto(f"{live_server.url}/campus/classes/{world.classes['S1C1'].pk}/gate-cards/")
    assert principal.locator("#cards .gate-card").count() == 3
    shot(principal, "cards")


def test_an_entry_made_after_the_session_ended_waits_for_the_guard_to_sign_in_again(
    gate, live_server, new_page, login, shot
):
    world = gate
    guard = open_gate(login(new_page(TABLET), world.guard), live_server, world)
    guard.context.clear_cookies()  # the session has ended (or the server was reset)
    record(guard, "zxm")
    assert guard.locator("#queue").inner_text() == "待上传 1"
    assert "请重新登录" in guard.locator("#net").inner_text()
    assert not GateEntry.objects.exists()
    shot(guard, "session-ended")
    open_gate(login(guard, world.guard), live_server, world)
    guard.wait_for_selector("#queue[hidden]", state="attached", timeout=30_000)
    assert GateEntry.objects.filter(person=world.zhang).count() == 1
    assert guard.locator("#recent").inner_text().count("已上传") == 1


def test_the_guard_picks_a_gate_of_the_schools_plan_and_the_entries_carry_it(
    gate, live_server, new_page, login, shot
):
    from eduguard.inspection.models import Batch
    from eduguard.inspection.services.plans import Slot, review_plan, submit_plan

    world = gate
    school = world.schools["S1"]
    batch = Batch.objects.create(county=world.county, number=1, name="首批", target_date=timezone.localdate())
    batch.schools.add(school)
    slot = Slot(world.grades["S1"], timezone.localdate(), dt.time(7, 30), dt.time(7, 50), "东侧门")
    plan = submit_plan(
        school=school,
        batch=batch,
        gates=["正门", "东侧门"],
        dining="staggered",
        slots=[slot],
        actor=world.admin,
    )
    review_plan(plan=plan, decision="approve", actor=world.admin)
    guard = open_gate(login(new_page(TABLET), world.guard), live_server, world)
    assert guard.locator("#gate-name option").all_inner_texts() == ["正门", "东侧门"]
    guard.select_option("#gate-name", "东侧门")
    record(guard, "zxm")
    shot(guard, "gate-picked")
    assert GateEntry.objects.get().gate == "东侧门"
