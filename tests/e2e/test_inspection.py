"""Supervision in a real browser: an inspector on a phone starts an inspection of a school of
their team, scores every item (one needing a fix without a deadline is refused, then given one),
and submits; the fix appears on the school's page; the bureau sees the readiness board, is refused
an approval while the fix is open, and approves once it is closed with evidence."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.testing import make_user
from eduguard.inspection.models import Batch, Inspection, OpeningApproval, Rectification, Team
from eduguard.inspection.services.inspections import close_rectification
from eduguard.inspection.tests.helpers import self_check
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def shot(snap):
    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/inspection-{step}.png")

    return take


@pytest.fixture
def county(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from eduguard.inspection.models import ChecklistTemplate
    from eduguard.inspection.services.defaults import ensure_defaults

    ensure_defaults()  # a browser test's database is flushed between tests, migration data with it

    school = world.schools["S2"]
    world.team = Team.objects.create(county=world.county, name="第一督导组", leader=world.inspector)
    world.team.members.add(world.inspector)
    world.team.schools.add(school)
    world.s2_principal = make_user("principal2", Role.PRINCIPAL, school)
    world.bureau = make_user("bureau2", Role.BUREAU_STAFF, school)
    world.batch = Batch.objects.create(
        county=world.county, number=1, name="首批25所中学", target_date=timezone.localdate()
    )
    world.batch.schools.add(school)
    world.template = ChecklistTemplate.objects.get(code="closed-campus")
    self_check(world)
    return world


@pytest.fixture
def prepared(county):
    """The county above, with S2's 一校一策 approved and a doctor stationed from today."""
    from eduguard.inspection.services.postings import add_posting
    from eduguard.inspection.tests.helpers import approved_plan

    approved_plan(county)
    add_posting(
        school=county.schools["S2"],
        hospital="县人民医院",
        name="王医生",
        role="doctor",
        starts_on=timezone.localdate(),
        actor=county.bureau,
    )
    return county


def test_an_inspector_completes_a_visit_on_a_phone_and_the_bureau_approves(
    prepared, live_server, new_page, login, shot
):
    w = prepared
    school = w.schools["S2"]
    phone = login(new_page(PHONE), w.inspector)
    phone.goto(f"{live_server.url}/inspection/schools/{school.pk}/")
    form = phone.locator("#start form")
    form.get_by_label("检查清单").select_option(label=str(w.template))
    form.get_by_label("类别").select_option(label="督导检查")
    form.get_by_label("督导组").select_option(label="第一督导组")
    form.get_by_role("button", name="开始").click()
    phone.wait_for_selector("#items")
    shot(phone, "started")
    items = list(w.template.items.filter(auto="").order_by("order"))
    first = phone.locator(f"#item-{items[0].pk}")
    first.get_by_label("需整改").check()
    first.get_by_label("情况说明").fill("来访登记本缺少审批签字")
    first.get_by_role("button", name="保存此项").click()
    phone.wait_for_selector("text=需整改的项目须定整改期限")
    shot(phone, "refused")
    first = phone.locator(f"#item-{items[0].pk}")
    first.get_by_label("整改期限").fill(timezone.localdate().isoformat())
    first.get_by_label("情况说明").fill("来访登记本缺少审批签字")
    first.get_by_label("需整改").check()
    first.get_by_role("button", name="保存此项").click()
    phone.wait_for_selector(f"#item-{items[0].pk} .result >> text=需整改")
    for item in items[1:]:
        row = phone.locator(f"#item-{item.pk}")
        row.get_by_label("合格", exact=True).check()
        row.get_by_role("button", name="保存此项").click()
        phone.wait_for_selector(f"#item-{item.pk} .result >> text=合格")
    phone.get_by_role("button", name="提交检查").click()
    phone.wait_for_selector("text=生成 1 项整改事项")
    shot(phone, "submitted")
    assert Inspection.objects.get(kind="inspection").status == "submitted"

    bureau = login(new_page(DESKTOP), w.bureau)
    bureau.goto(f"{live_server.url}/inspection/batches/{w.batch.pk}/")
    assert "待整改" in bureau.locator("#board").inner_text()
    shot(bureau, "board")
    bureau.click(f"#board >> text={school.name}")
    bureau.get_by_role("button", name="审批达到开学条件").click()
    bureau.wait_for_selector("text=尚有未达标事项")
    assert not OpeningApproval.objects.exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fix = Rectification.objects.get()
    close_rectification(
        fix=fix, evidence=SimpleUploadedFile("f.jpg", b"\xff\xd8"), note="已补签", actor=w.s2_principal
    )
    bureau.goto(f"{live_server.url}/inspection/schools/{school.pk}/")
    bureau.get_by_role("button", name="审批达到开学条件").click()
    bureau.wait_for_selector("#readiness >> text=达到开学条件")
    shot(bureau, "approved")
    assert OpeningApproval.objects.get().school == school


def test_the_bureau_reads_the_closure_figures_and_records_a_visit(world, live_server, new_page, login, shot):
    from eduguard.inspection.models import Institution, InstitutionVisit
    from eduguard.inspection.services.institutions import order_closure

    place = Institution.objects.create(
        county=world.county, name="阳光幼儿园", kind="kindergarten", ownership="private", township="小市镇"
    )
    order_closure(
        institution=place, ordered_on=timezone.localdate(), reason="停园停学通知", actor=world.leader
    )
    page = login(new_page(PHONE), world.leader)
    page.goto(f"{live_server.url}/inspection/institutions/")
    assert "停办中" in page.locator("#institutions").inner_text()
    shot(page, "institutions")
    page.click("#institutions >> text=阳光幼儿园")
    form = page.locator("#visit-form")
    form.get_by_label("检查人员").fill("王明、李红")
    form.get_by_label("人数").fill("0")
    form.get_by_role("button", name="登记走访").click()
    page.wait_for_selector("text=人数应在 1 到 50 之间")
    assert not InstitutionVisit.objects.exists()
    form = page.locator("#visit-form")
    form.get_by_label("人数").fill("2")
    form.get_by_label("张贴通知（份）").fill("1")
    form.get_by_role("button", name="登记走访").click()
    page.wait_for_selector("#visits >> text=王明、李红")
    shot(page, "visit")
    assert InstitutionVisit.objects.get().people == 2


def test_a_principal_submits_the_schools_plan_and_the_bureau_approves_it(
    county, live_server, new_page, login, shot
):
    """一校一策 on a phone: two grades at one gate five minutes apart is refused with the reason,
    the second gate fixes it; the bureau approves; the school's page then shows the plan and the
    doctor the bureau stations there, and the missing conditions leave the readiness list."""
    from eduguard.inspection.models import MedicalPosting, ReopeningPlan
    from eduguard.org.models import Grade

    w = county
    school = w.schools["S2"]
    Grade.objects.create(school=school, name="八年级", level=8)
    phone = login(new_page(PHONE), w.s2_principal)
    phone.goto(f"{live_server.url}/inspection/schools/{school.pk}/")
    assert "未提交一校一策开学方案" in phone.locator("#readiness").inner_text()
    phone.get_by_role("link", name="提交新版本").click()
    form = phone.locator("#plan-form")
    form.get_by_label("校门").fill("正门")
    form.get_by_label("就餐安排").select_option(label="错峰分批就餐")
    for n, start in enumerate(("07:30", "07:35")):
        form.locator(f"#id_slot-{n}-start").fill(start)
        form.locator(f"#id_slot-{n}-end").fill("07:50")
        form.locator(f"#id_slot-{n}-gate").fill("正门")
    form.get_by_role("button", name="提交审定").click()
    phone.wait_for_selector("text=应至少错开 10 分钟")
    shot(phone, "plan-refused")
    assert not ReopeningPlan.objects.exists()
    form = phone.locator("#plan-form")
    form.get_by_label("校门").fill("正门、东侧门")
    form.locator("#id_slot-1-gate").fill("东侧门")
    form.get_by_role("button", name="提交审定").click()
    phone.wait_for_selector("#plan-status >> text=待审定")
    shot(phone, "plan-submitted")

    bureau = login(new_page(DESKTOP), w.bureau)
    bureau.goto(f"{live_server.url}{ReopeningPlan.objects.get().get_absolute_url()}")
    bureau.locator("#review").get_by_label("审定").select_option(label="审定通过")
    bureau.get_by_role("button", name="确定").click()
    bureau.wait_for_selector("#plan-status >> text=已审定")
    bureau.goto(f"{live_server.url}/inspection/schools/{school.pk}/")
    form = bureau.locator("#posting-form")
    form.get_by_label("派出单位").fill("县人民医院")
    form.get_by_label("姓名").fill("李淑华")
    form.get_by_role("button", name="登记驻校医护人员").click()
    bureau.wait_for_selector("#postings >> text=李淑华")
    readiness = bureau.locator("#readiness").inner_text()
    assert "一校一策" not in readiness and "驻校医护" not in readiness
    shot(bureau, "plan-school")
    assert MedicalPosting.objects.get().ends_on == timezone.localdate() + dt.timedelta(days=13)


def test_a_discipline_officer_accepts_and_investigates_a_tutoring_report(
    world, live_server, new_page, login, shot
):
    from eduguard.inspection.models import TutoringCase

    officer = make_user("jijian", Role.DISCIPLINE, world.county)
    page = login(new_page(DESKTOP), officer)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=world.county.name).first.click()
    form = page.locator("#new-case")
    form.get_by_label("学校").select_option(label=world.schools["S1"].name)
    form.get_by_label("被反映教师").fill("王老师")
    form.get_by_label("线索来源").select_option(label="举报电话")
    form.get_by_label("反映问题").fill("寒假在家中有偿补课")
    form.get_by_role("button", name="受理").click()
    page.wait_for_selector("#case-status >> text=已受理")
    form = page.locator("#investigate")
    form.get_by_label("调查人员").fill("局纪检组2人")
    form.get_by_label("调查情况").fill("走访家长5人")
    form.get_by_role("button", name="记录调查").click()
    page.wait_for_selector("#case-status >> text=调查中")
    shot(page, "case")
    assert TutoringCase.objects.get().steps.count() == 2
