"""Days of cover from the roster and the batches, the distribution that brings a batch to its reserve
(or says who falls short), the briefing's sentence, and the pages with their bad input."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eduguard.core.models import RuleValue
from eduguard.inspection.models import Batch
from eduguard.supplies.models import Movement, Order, Stock
from eduguard.supplies.services.cover import county_days, cover, distribute, mask_sentence, propose, wan
from eduguard.supplies.services.movements import receive
from eduguard.supplies.services.orders import LineIn, place_order

TODAY = timezone.localdate()


@pytest.fixture
def batch(depot):
    """S1 and S2 open today (batch 1): 4 students and 2 staff each, so 8 masks a day each."""
    w = depot
    w.batch = Batch.objects.create(county=w.county, number=1, name="首批", target_date=TODAY)
    w.batch.schools.set([w.schools["S1"], w.schools["S2"]])
    return w


def test_days_of_cover_count_the_people_attending(batch):
    w = batch
    receive(store=w.stores["S1"], item=w.mask, quantity=80, source="school", actor=w.principal)
    rows = {r.school.code: r for r in cover(w.mask, w.county.schools.all(), TODAY)}
    assert rows["TS1"].need == 8 and rows["TS1"].days == 10 and rows["TS1"].short  # below 14 days
    assert rows["TS2"].days == 0 and rows["TS2"].short
    assert not rows["TS3"].attending and not rows["TS3"].short  # S3 is in no batch yet
    receive(store=w.warehouse, item=w.mask, quantity=144, source="bureau", actor=w.keeper)
    assert county_days(w.mask, w.county, TODAY) == 14  # (80 + 144) ÷ 16 a day


def test_the_distribution_brings_the_batch_to_the_reserve_and_applies_as_transfers(batch):
    w = batch
    receive(store=w.stores["S1"], item=w.mask, quantity=80, source="school", actor=w.principal)
    receive(store=w.warehouse, item=w.mask, quantity=1000, source="bureau", actor=w.keeper)
    p = propose(w.mask, w.batch, TODAY)
    assert p.enough and [(r.school.code, wanted, given) for r, wanted, given in p.rows] == [
        ("TS1", 32, 32),
        ("TS2", 112, 112),
    ]
    distribute(item=w.mask, batch=w.batch, day=TODAY, actor=w.keeper)
    assert all(r.days == 14 for r in cover(w.mask, w.batch.schools.all(), TODAY))
    assert Movement.objects.filter(kind="transfer").count() == 2
    with pytest.raises(ValidationError, match="无需调拨"):
        distribute(item=w.mask, batch=w.batch, day=TODAY, actor=w.keeper)


def test_when_stock_is_short_every_school_gets_the_same_share_and_the_short_are_named(batch):
    w = batch
    receive(store=w.warehouse, item=w.mask, quantity=112, source="bureau", actor=w.keeper)
    p = propose(w.mask, w.batch, TODAY)  # each wants 112, there are 112: half each
    assert not p.enough and [given for _, _, given in p.rows] == [56, 56] and len(p.short) == 2
    RuleValue.objects.create(name="supplies.reserve_days", value=7)
    assert propose(w.mask, w.batch, TODAY).enough  # 56 each is 7 days


def test_the_overview_follows_the_item_chosen(batch, client):
    w = batch
    receive(store=w.warehouse, item=w.liquid, quantity=10, source="bureau", actor=w.keeper)
    client.force_login(w.keeper)
    page = client.get("/supplies/", {"item": "disinfectant", "batch": w.batch.pk})
    assert page.status_code == 200 and page.context["item"] == w.liquid
    assert page.context["proposal"].item == w.liquid and not page.context["distribute_form"].errors
    assert 'name="item" value="disinfectant"' in page.content.decode()


def test_only_the_bureau_distributes(batch):
    w = batch
    receive(store=w.warehouse, item=w.mask, quantity=100, source="bureau", actor=w.keeper)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        distribute(item=w.mask, batch=w.batch, day=TODAY, actor=w.principal)
    assert not Movement.objects.filter(kind="transfer").exists()


def test_the_briefing_sentence_comes_from_the_records(batch):
    w = batch
    receive(store=w.warehouse, item=w.mask, quantity=634_800, source="higher", actor=w.keeper)
    receive(store=w.stores["S1"], item=w.mask, quantity=100_000, source="school", actor=w.principal)
    place_order(
        county=w.county,
        supplier="康达医疗",
        source="bureau",
        lines=[LineIn(w.mask, 1_000_000)],
        actor=w.keeper,
    )
    assert mask_sentence(w.county) == "口罩已储备73.48万只，正下单采购100万只"
    assert (wan(Decimal(5000)), wan(0)) == ("0.5", "0")


def test_the_pages_record_movements_orders_and_the_distribution(batch, client):
    w = batch
    client.force_login(w.keeper)
    url = f"/supplies/stores/{w.warehouse.pk}/"
    bad = client.post(
        f"{url}receive/", {"item": w.mask.pk, "quantity": "1.5", "source": "bureau", "date": TODAY}
    )
    assert bad.status_code == 400 and "数量须为整数" in bad.content.decode() and not Movement.objects.exists()
    data = {"item": w.mask.pk, "quantity": "500", "source": "bureau", "date": TODAY.isoformat()}
    assert client.post(f"{url}receive/", data).status_code == 302
    same = client.post(
        f"{url}transfer/", {"item": w.mask.pk, "quantity": 1, "to_store": w.warehouse.pk, "date": TODAY}
    )
    assert same.status_code == 400  # the warehouse is not among its own targets
    too_much = {"kind": "issue", "item": w.mask.pk, "quantity": 501, "date": TODAY.isoformat()}
    response = client.post(f"{url}take-out/", too_much)
    assert response.status_code == 400 and "库存不足" in response.content.decode()
    page = client.get("/supplies/").content.decode()
    assert "按建议调拨" in page and "测试S2中学" in page
    assert client.post("/supplies/distribute/", {"batch": w.batch.pk, "item": "mask"}).status_code == 302
    assert Stock.objects.get(store=w.stores["S2"], item=w.mask).quantity == 112
    order = {"supplier": "康达医疗", "source": "bureau", "ordered_on": TODAY.isoformat(), "q_mask": "1000"}
    assert client.post("/supplies/orders/", {**order, "q_mask": "-3"}).status_code == 400
    assert not Order.objects.exists()
    assert client.post("/supplies/orders/", order).status_code == 302
    o = Order.objects.get()
    deliver = {"line": o.lines.get().pk, "quantity": "2000", "date": TODAY.isoformat()}
    over = client.post(f"/supplies/orders/{o.pk}/deliver/", deliver)
    assert over.status_code == 400 and "超过未到货数量" in over.content.decode()
    assert client.post(f"/supplies/orders/{o.pk}/deliver/", {**deliver, "quantity": "600"}).status_code == 302
    assert client.post(f"/supplies/orders/{o.pk}/close/", {"confirm": "True"}).status_code == 302
    closed = client.post(f"/supplies/orders/{o.pk}/deliver/", {**deliver, "quantity": "1"})
    assert closed.status_code == 400 and "订单已关闭" in closed.content.decode()


def test_a_principal_sees_their_store_and_not_the_warehouse(batch, client):
    w = batch
    client.force_login(w.principal)
    assert client.get(f"/supplies/stores/{w.stores['S1'].pk}/").status_code == 200
    assert client.get(f"/supplies/stores/{w.warehouse.pk}/").status_code == 404
    assert client.get(f"/supplies/stores/{w.stores['S2'].pk}/").status_code == 404
    page = client.get("/supplies/").content.decode()
    assert "测试S2中学" not in page and "按建议调拨" not in page


def test_the_pre_opening_supplies_item_is_answered_from_the_stock(batch):
    from eduguard.inspection.services.auto import answer

    w = batch
    assert answer("supplies", w.schools["S1"], TODAY).startswith("储备不足：医用口罩 0.0 天（应 14 天）")
    for item in w.mask, w.liquid:
        receive(store=w.warehouse, item=item, quantity=1000, source="bureau", actor=w.keeper)
    from eduguard.supplies.models import Item

    sanitiser, gloves = Item.objects.get(code="sanitiser"), Item.objects.get(code="gloves")
    receive(store=w.warehouse, item=sanitiser, quantity=100, source="bureau", actor=w.keeper)
    receive(store=w.warehouse, item=gloves, quantity=100, source="bureau", actor=w.keeper)
    for item in w.mask, w.liquid, sanitiser, gloves:
        distribute(item=item, batch=w.batch, day=TODAY, actor=w.keeper)
    assert answer("supplies", w.schools["S1"], TODAY) == ""


def test_a_boarding_school_holds_an_emergency_share_on_top_of_the_reserve(batch):
    w = batch
    w.schools["S1"].boarding = True
    w.schools["S1"].save()
    receive(store=w.warehouse, item=w.mask, quantity=1000, source="bureau", actor=w.keeper)
    wanted = {r.school.code: want for r, want, _ in propose(w.mask, w.batch, TODAY).rows}
    assert wanted == {"TS1": 124, "TS2": 112}  # 8 a day × 14 days, and 10 % more at the boarding school
