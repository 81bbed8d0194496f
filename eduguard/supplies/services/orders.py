"""Purchase orders: placing one (lines of items, quantities, expected dates), closing it, and what
is still on order. Deliveries are receipts against a line (movements.receive)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.supplies.models import Item, Order, OrderLine
from eduguard.supplies.services.movements import clean_quantity


@dataclass
class LineIn:
    item: Item
    quantity: object
    expected_on: dt.date | None = None


def may_order(user, county) -> bool:
    return holds_role_over(user, get_rule("supplies.bureau_roles"), county)


@transaction.atomic
def place_order(
    *, county, supplier: str, source: str, lines: list[LineIn], actor, ordered_on=None, note=""
) -> Order:
    if not may_order(actor, county):
        raise PermissionDenied(f"采购订单由{role_names('supplies.bureau_roles')}下达")
    errors: dict[str, list[str]] = {}
    ordered_on = ordered_on or timezone.localdate()
    if ordered_on > timezone.localdate():
        errors["ordered_on"] = ["下单日期不能晚于今天"]
    if not (supplier or "").strip():
        errors["supplier"] = ["请填写供应商"]
    if source not in ("higher", "bureau", "school"):
        errors["source"] = ["请选择资金来源"]
    if not lines:
        errors["lines"] = ["订单至少一项物资"]
    if len({line.item.pk for line in lines}) != len(lines):
        errors["lines"] = ["同一物资请合并为一行"]
    cleaned = []
    for line in lines:
        try:
            cleaned.append((line, clean_quantity(line.item, line.quantity)))
        except ValidationError as exc:
            errors.setdefault("lines", []).append(f"{line.item.name}：{exc.message_dict['quantity'][0]}")
        if line.expected_on and line.expected_on < ordered_on:
            errors.setdefault("lines", []).append(f"{line.item.name}：预计到货不能早于下单日期")
    if errors:
        raise ValidationError(errors)
    order = Order.objects.create(
        county=county,
        supplier=supplier.strip()[:80],
        ordered_on=ordered_on,
        source=source,
        note=note[:200],
        created_by=actor,
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=order, item=line.item, quantity=q, expected_on=line.expected_on)
        for line, q in cleaned
    )
    record_web_change(
        actor=actor, obj=order, before=None, after={"supplier": order.supplier, "lines": len(cleaned)}
    )
    return order


@transaction.atomic
def close_order(*, order: Order, actor) -> Order:
    if not may_order(actor, order.county):
        raise PermissionDenied(f"采购订单由{role_names('supplies.bureau_roles')}关闭")
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.closed:
        raise ValidationError({"__all__": ["订单已关闭"]})
    order.closed = True
    order.save(update_fields=["closed"])
    record_web_change(actor=actor, obj=order, before={"closed": False}, after={"closed": True})
    return order


def on_order(county) -> dict[int, object]:
    """{item id: quantity still to come} over the county's open orders."""
    rows = (
        OrderLine.objects.filter(order__county=county, order__closed=False)
        .values("item_id")
        .annotate(n=Sum(F("quantity") - F("received")))
    )
    return {r["item_id"]: r["n"] for r in rows if r["n"]}
