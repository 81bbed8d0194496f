"""Every change of stock is a movement (domain.md §6): receive (with its funding source, the donor,
the order line it delivers), transfer, issue, consume, write off, and a count that books the
difference it found. Each is checked whole before anything is written, in one transaction.

Stock never goes below zero, even when two people issue the last boxes at the same moment: the
decrement is one conditional UPDATE (`quantity >= q`), which the database serialises; the loser
updates no row and is told what is left. A check constraint backs it."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Round
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.core.rules import get_rule
from eduguard.supplies.models import Item, Kind, Movement, OrderLine, Source, Stock, Store

MAX_QUANTITY = Decimal("100000000")
MAX_STOCK = Decimal("9999999999")  # what the stock column holds (12 digits, 2 of them decimals)


def may_move(user, store: Store) -> bool:
    """The bureau's roles over the county for the warehouse; the school's roles for a school's store."""
    if store.is_warehouse:
        return holds_role_over(user, get_rule("supplies.bureau_roles"), store.county)
    return holds_role_over(user, get_rule("supplies.school_roles"), store.school) or holds_role_over(
        user, get_rule("supplies.bureau_roles"), store.school
    )


def _refuse(store: Store):
    rule = "supplies.bureau_roles" if store.is_warehouse else "supplies.school_roles"
    raise PermissionDenied(f"{store.name}的物资由{role_names(rule)}管理")


def show(q) -> str:
    """A quantity as people write it: 112, 12.5 (not 112.00)."""
    return f"{Decimal(q).normalize():f}"


def clean_quantity(item: Item, value, field: str = "quantity") -> Decimal:
    """A positive amount in the item's unit: whole for items counted in pieces, two decimals else."""
    try:
        q = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: ["请填写数量"]}) from None
    if not q.is_finite() or q <= 0:
        raise ValidationError({field: ["数量须大于 0"]})
    if q > MAX_QUANTITY:
        raise ValidationError({field: ["数量过大，请核对"]})
    if item.whole and q != q.to_integral_value():
        raise ValidationError({field: [f"{item.name}按{item.unit}计，数量须为整数"]})
    if q != q.quantize(Decimal("0.01")):
        raise ValidationError({field: ["数量最多两位小数"]})
    return q


def _date(day: dt.date | None) -> dt.date:
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"date": ["日期不能晚于今天"]})
    return day


# Sums are rounded to the cent in the database: SQLite keeps decimals as floats, where 0.3 − 0.2
# − 0.1 is not 0; rounding each result keeps the books exact on both databases.
def _add(store: Store, item: Item, q: Decimal) -> None:
    stock, _ = Stock.objects.get_or_create(store=store, item=item)
    added = Stock.objects.filter(pk=stock.pk, quantity__lte=MAX_STOCK - q).update(
        quantity=Round(F("quantity") + q, 2)
    )
    if not added:
        raise ValidationError({"quantity": [f"{store.name}{item.name}库存将超过上限，请核对数量"]})


def _take(store: Store, item: Item, q: Decimal) -> None:
    taken = Stock.objects.filter(store=store, item=item, quantity__gte=q).update(
        quantity=Round(F("quantity") - q, 2)
    )
    if not taken:
        left = Stock.objects.filter(store=store, item=item).values_list("quantity", flat=True).first() or 0
        raise ValidationError(
            {"quantity": [f"{store.name}{item.name}库存不足：现有 {show(left)}{item.unit}"]}
        )


def _movement(kind, item, q, actor, day, note="", **fields) -> Movement:
    return Movement.objects.create(
        kind=kind,
        item=item,
        quantity=q,
        date=day,
        note=(note or "").strip()[:200],
        created_by=actor,
        **fields,
    )


@transaction.atomic
def receive(
    *,
    store: Store,
    item: Item,
    quantity,
    source: str,
    actor,
    donor: str = "",
    order_line: OrderLine | None = None,
    date: dt.date | None = None,
    note: str = "",
) -> Movement:
    if not may_move(actor, store):
        _refuse(store)
    q, day = clean_quantity(item, quantity), _date(date)
    errors: dict[str, list[str]] = {}
    if source not in Source.values:
        errors["source"] = ["请选择物资来源"]
    if source == Source.DONATION and not (donor or "").strip():
        errors["donor"] = ["社会捐赠须写明捐赠方"]
    if order_line is not None:
        line = OrderLine.objects.select_for_update().select_related("order").get(pk=order_line.pk)
        if line.order.closed:
            errors["order_line"] = ["订单已关闭，不能再到货入库"]
        elif line.item_id != item.pk:
            errors["order_line"] = ["到货物资与订单不符"]
        elif q > line.outstanding:
            errors["quantity"] = [f"超过未到货数量 {show(line.outstanding)}{item.unit}"]
    if errors:
        raise ValidationError(errors)
    if order_line is not None:
        OrderLine.objects.filter(pk=order_line.pk).update(received=Round(F("received") + q, 2))
    _add(store, item, q)
    return _movement(
        Kind.RECEIVE,
        item,
        q,
        actor,
        day,
        note,
        to_store=store,
        source=source,
        donor=donor.strip()[:60],
        order_line=order_line,
    )


@transaction.atomic
def transfer(
    *, from_store: Store, to_store: Store, item: Item, quantity, actor, date=None, note=""
) -> Movement:
    if not may_move(actor, from_store):
        _refuse(from_store)
    q, day = clean_quantity(item, quantity), _date(date)
    if from_store.pk == to_store.pk:
        raise ValidationError({"to_store": ["调出和调入不能是同一地点"]})
    if from_store.county_id != to_store.county_id:
        raise ValidationError({"to_store": ["只能在本县内调拨"]})
    _take(from_store, item, q)
    _add(to_store, item, q)
    return _movement(Kind.TRANSFER, item, q, actor, day, note, from_store=from_store, to_store=to_store)


@transaction.atomic
def take_out(*, store: Store, item: Item, quantity, kind: str, actor, date=None, note="") -> Movement:
    """Issue (发放领用), consume or write off: stock leaves the place."""
    if kind not in (Kind.ISSUE, Kind.CONSUME, Kind.WRITE_OFF):
        raise ValidationError({"kind": ["请选择发放、消耗或报损"]})
    if not may_move(actor, store):
        _refuse(store)
    q, day = clean_quantity(item, quantity), _date(date)
    if kind == Kind.WRITE_OFF and not (note or "").strip():
        raise ValidationError({"note": ["报损须写明原因"]})
    _take(store, item, q)
    return _movement(kind, item, q, actor, day, note, from_store=store)


@transaction.atomic
def count(*, store: Store, item: Item, counted, actor, date=None, note="") -> Movement | None:
    """A stock count (盘点): books the difference between what is there and the books. None when
    they agree."""
    if not may_move(actor, store):
        _refuse(store)
    day = _date(date)
    try:
        real = Decimal(str(counted))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"counted": ["请填写盘点实数"]}) from None
    kind = "整数" if item.whole else "最多两位小数的数"
    if (
        not real.is_finite()
        or real < 0
        or real > MAX_STOCK
        or (item.whole and real != real.to_integral_value())
        or real != real.quantize(Decimal("0.01"))
    ):
        raise ValidationError({"counted": [f"盘点实数须为 0 到 {show(MAX_STOCK)} 之间的{kind}"]})
    stock, _ = Stock.objects.get_or_create(store=store, item=item)
    stock = Stock.objects.select_for_update().get(pk=stock.pk)
    diff = real - stock.quantity
    if diff == 0:
        return None
    Stock.objects.filter(pk=stock.pk).update(quantity=real)
    where = {"to_store": store} if diff > 0 else {"from_store": store}
    return _movement(
        Kind.COUNT, item, abs(diff), actor, day, note or f"盘点实数 {show(real)}", counted=real, **where
    )
