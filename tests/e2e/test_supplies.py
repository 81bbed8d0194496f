"""Supplies in a real browser: the bureau's keeper reads the county totals and the briefing's
sentence, applies the proposed distribution for the batch; a principal on a phone issues masks from
the school's store (more than there is is refused, with what is left)."""

import shutil

import pytest
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.testing import make_user
from eduguard.inspection.models import Batch
from eduguard.supplies.models import Item, Movement, Stock, Store
from eduguard.supplies.services.defaults import ensure_defaults
from eduguard.supplies.services.movements import receive
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def shot(snap):
    def take(page, step):
        shutil.copyfile(snap(page, step), f"/tmp/supplies-{step}.png")

    return take


@pytest.fixture
def depot(world):
    ensure_defaults()  # a browser test's database is flushed between tests, migration data with it
    world.keeper = make_user("keeper", Role.BUREAU_STAFF, world.county)
    world.warehouse = Store.objects.create(county=world.county, name="县教育局物资仓库")
    for school in world.schools.values():
        Store.objects.create(county=world.county, school=school, name=school.name)
    batch = Batch.objects.create(county=world.county, number=1, name="首批", target_date=timezone.localdate())
    batch.schools.set([world.schools["S1"], world.schools["S2"]])
    world.mask = Item.objects.get(code="mask")
    receive(store=world.warehouse, item=world.mask, quantity=1000, source="higher", actor=world.keeper)
    return world


def test_the_keeper_distributes_and_a_principal_issues_masks(depot, live_server, new_page, login, shot):
    w = depot
    desk = login(new_page(DESKTOP), w.keeper)
    desk.goto(f"{live_server.url}/supplies/")
    assert "口罩已储备0.1万只" in desk.locator("#sentence").inner_text()
    assert "低于14天储备" in desk.locator("#cover").inner_text()
    desk.get_by_role("button", name="按建议调拨").click()
    desk.wait_for_selector("text=已生成调拨 2 笔")
    shot(desk, "distributed")
    s1 = Store.objects.get(school=w.schools["S1"])
    assert Stock.objects.get(store=s1, item=w.mask).quantity == 112

    phone = login(new_page(PHONE), w.principal)
    phone.goto(f"{live_server.url}/supplies/stores/{s1.pk}/")
    form = phone.locator("#take-out")
    form.get_by_label("物资").select_option(label="医用口罩")
    form.get_by_label("数量").fill("200")
    form.get_by_label("领用人或说明").fill("七(1)班")
    form.get_by_role("button", name="登记").click()
    phone.wait_for_selector("text=库存不足：现有 112只")
    form = phone.locator("#take-out")
    form.get_by_label("数量").fill("40")
    form.get_by_role("button", name="登记").click()
    phone.wait_for_selector("#movements >> text=七(1)班")
    shot(phone, "issued")
    assert Movement.objects.filter(kind="issue").get().quantity == 40
