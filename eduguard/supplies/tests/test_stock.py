"""Stock changes only by movements: receipts by source, transfers, issues, counts; bad input is
refused with nothing written; stock never goes below zero, even under two issuers at once."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from eduguard.supplies.models import Movement, Order, Stock
from eduguard.supplies.services.movements import count, receive, take_out, transfer
from eduguard.supplies.services.orders import LineIn, close_order, on_order, place_order

TODAY = timezone.localdate()


def stock(store, item):
    return Stock.objects.filter(store=store, item=item).values_list("quantity", flat=True).first() or Decimal(
        0
    )


def test_receipts_transfers_issues_and_counts_keep_the_books(depot):
    w = depot
    receive(store=w.warehouse, item=w.mask, quantity=1000, source="higher", actor=w.keeper)
    receive(store=w.warehouse, item=w.mask, quantity=200, source="donation", donor="爱心企业", actor=w.keeper)
    transfer(from_store=w.warehouse, to_store=w.stores["S1"], item=w.mask, quantity=500, actor=w.keeper)
    take_out(store=w.stores["S1"], item=w.mask, quantity=120, kind="issue", note="七(1)班", actor=w.principal)
    assert count(store=w.stores["S1"], item=w.mask, counted=370, actor=w.principal).quantity == 10
    assert count(store=w.stores["S1"], item=w.mask, counted=370, actor=w.principal) is None  # agrees now
    assert (stock(w.warehouse, w.mask), stock(w.stores["S1"], w.mask)) == (700, 370)
    receive(store=w.warehouse, item=w.liquid, quantity="12.5", source="bureau", actor=w.keeper)
    assert stock(w.warehouse, w.liquid) == Decimal("12.5")  # litres may be fractional
    assert list(Movement.objects.values_list("kind", flat=True).order_by("id")) == [
        "receive",
        "receive",
        "transfer",
        "issue",
        "count",
        "receive",
    ]


BAD = [
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity=-5, source="bureau", actor=w.keeper),
        "quantity",
    ),
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity=0, source="bureau", actor=w.keeper),
        "quantity",
    ),
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity="2.5", source="bureau", actor=w.keeper),
        "quantity",
    ),
    (
        lambda w: receive(
            store=w.warehouse, item=w.liquid, quantity="1.005", source="bureau", actor=w.keeper
        ),
        "quantity",
    ),
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity="abc", source="bureau", actor=w.keeper),
        "quantity",
    ),
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity="NaN", source="bureau", actor=w.keeper),
        "quantity",
    ),
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity=5, source="stolen", actor=w.keeper),
        "source",
    ),
    (
        lambda w: receive(store=w.warehouse, item=w.mask, quantity=5, source="donation", actor=w.keeper),
        "donor",
    ),
    (
        lambda w: receive(
            store=w.warehouse,
            item=w.mask,
            quantity=5,
            source="bureau",
            date=TODAY + dt.timedelta(days=1),
            actor=w.keeper,
        ),
        "date",
    ),
    (
        lambda w: take_out(store=w.warehouse, item=w.mask, quantity=101, kind="issue", actor=w.keeper),
        "quantity",
    ),
    (
        lambda w: take_out(store=w.warehouse, item=w.mask, quantity=1, kind="write_off", actor=w.keeper),
        "note",
    ),
    (
        lambda w: transfer(
            from_store=w.warehouse, to_store=w.warehouse, item=w.mask, quantity=1, actor=w.keeper
        ),
        "to_store",
    ),
    (lambda w: count(store=w.warehouse, item=w.mask, counted=-1, actor=w.keeper), "counted"),
    (lambda w: count(store=w.warehouse, item=w.mask, counted=10**10, actor=w.keeper), "counted"),
    (lambda w: count(store=w.warehouse, item=w.liquid, counted="0.005", actor=w.keeper), "counted"),
]


@pytest.mark.parametrize("call,field", BAD)
def test_bad_input_is_refused_and_nothing_is_written(depot, call, field):
    w = depot
    receive(store=w.warehouse, item=w.mask, quantity=100, source="bureau", actor=w.keeper)
    with pytest.raises(ValidationError) as e:
        call(w)
    assert field in e.value.message_dict
    assert Movement.objects.count() == 1 and stock(w.warehouse, w.mask) == 100


def test_fractions_add_up_exactly_on_both_databases(depot):
    """SQLite keeps decimals as floats: 0.3 − 0.2 − 0.1 must still leave 0 and take the last 0.1."""
    w = depot
    receive(store=w.warehouse, item=w.liquid, quantity="0.3", source="bureau", actor=w.keeper)
    take_out(store=w.warehouse, item=w.liquid, quantity="0.2", kind="consume", actor=w.keeper)
    take_out(store=w.warehouse, item=w.liquid, quantity="0.1", kind="consume", actor=w.keeper)
    assert stock(w.warehouse, w.liquid) == 0
    order = place_order(
        county=w.county, supplier="消毒剂厂", source="bureau", lines=[LineIn(w.liquid, "3.3")], actor=w.keeper
    )
    line = order.lines.get()
    for q in ("1.1", "2.2"):
        receive(
            store=w.warehouse, item=w.liquid, quantity=q, source="bureau", order_line=line, actor=w.keeper
        )
    assert on_order(w.county) == {} and stock(w.warehouse, w.liquid) == Decimal("3.3")


def test_issuing_more_than_there_is_says_what_is_left(depot):
    w = depot
    receive(store=w.warehouse, item=w.mask, quantity=10, source="bureau", actor=w.keeper)
    transfer(from_store=w.warehouse, to_store=w.stores["S1"], item=w.mask, quantity=10, actor=w.keeper)
    with pytest.raises(ValidationError, match="库存不足：现有 0只"):
        transfer(from_store=w.warehouse, to_store=w.stores["S2"], item=w.mask, quantity=1, actor=w.keeper)
    assert stock(w.stores["S2"], w.mask) == 0


def test_who_moves_what_is_a_rule(depot):
    w = depot
    with pytest.raises(PermissionDenied):
        receive(store=w.warehouse, item=w.mask, quantity=5, source="bureau", actor=w.principal)
    with pytest.raises(PermissionDenied):
        receive(store=w.stores["S1"], item=w.mask, quantity=5, source="school", actor=w.head_teacher)
    with pytest.raises(PermissionDenied):
        receive(store=w.stores["S2"], item=w.mask, quantity=5, source="school", actor=w.principal)
    receive(store=w.stores["S1"], item=w.mask, quantity=5, source="school", actor=w.doctor)
    assert Movement.objects.count() == 1


def test_orders_are_received_in_parts_and_closed(depot):
    w = depot
    order = place_order(
        county=w.county,
        supplier="康达医疗",
        source="bureau",
        lines=[LineIn(w.mask, 1000, TODAY + dt.timedelta(days=5))],
        actor=w.keeper,
    )
    line = order.lines.get()
    receive(store=w.warehouse, item=w.mask, quantity=400, source="bureau", order_line=line, actor=w.keeper)
    assert on_order(w.county) == {w.mask.pk: 600}
    with pytest.raises(ValidationError, match="超过未到货数量 600"):
        receive(
            store=w.warehouse, item=w.mask, quantity=601, source="bureau", order_line=line, actor=w.keeper
        )
    close_order(order=order, actor=w.keeper)
    assert on_order(w.county) == {}
    with pytest.raises(ValidationError, match="订单已关闭"):
        receive(store=w.warehouse, item=w.mask, quantity=1, source="bureau", order_line=line, actor=w.keeper)
    assert stock(w.warehouse, w.mask) == 400


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"supplier": " "}, "供应商"),
        ({"lines": []}, "至少一项"),
        ({"lines": "bad-quantity"}, "数量"),
        ({"ordered_on": TODAY + dt.timedelta(days=1)}, "下单日期"),
    ],
)
def test_a_bad_order_is_refused_whole(depot, kwargs, message):
    w = depot
    data = {
        "county": w.county,
        "supplier": "康达医疗",
        "source": "bureau",
        "lines": [LineIn(w.mask, 10)],
        **kwargs,
    }
    if data["lines"] == "bad-quantity":
        data["lines"] = [LineIn(w.mask, 10), LineIn(w.liquid, -1)]
    with pytest.raises(ValidationError, match=message):
        place_order(actor=w.keeper, **data)
    assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_issuers_at_once_never_take_the_stock_below_zero():
    """Two threads, each with its own connection, take the last 5 masks at the same moment: one
    gets them, the other is told there is nothing left, and the stock ends at zero, never below.
    On PostgreSQL the conditional UPDATE is what serialises them; SQLite serialises whole writes."""
    from eduguard.core.testing import build_world
    from eduguard.supplies.models import Item, Store
    from eduguard.supplies.services.defaults import ensure_defaults

    ensure_defaults()
    w = build_world()
    store = Store.objects.create(county=w.county, name="仓库")
    mask = Item.objects.get(code="mask")
    receive(store=store, item=mask, quantity=5, source="bureau", actor=w.admin)
    start, results = threading.Barrier(2), []

    def issue():
        try:
            start.wait()
            take_out(store=store, item=mask, quantity=5, kind="issue", actor=w.admin)
            results.append("ok")
        except ValidationError:
            results.append("short")
        except Exception as exc:  # noqa: BLE001 - SQLite may refuse the second writer outright
            results.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    if connection.vendor == "postgresql":
        assert sorted(results) == ["ok", "short"]
    assert stock(store, mask) == 0
    assert Movement.objects.filter(kind="issue").count() == 1
