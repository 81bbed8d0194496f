"""Table 5, 防疫物资: stock of each item in each store of the unit and the schools' days of cover
(eduguard/supplies/services/cover.py, `cover`), then one line per item: the total in stock, the days
of cover, the receipts by funding source and what is on order. For the county these are the
supplies overview's own figures (`totals`, `county_days`, `on_order`); for a grid or a school the
same sums over its stores (orders are the county's, so none is shown there)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from eduguard.briefing.services.tables_sheet import ONE, Block, Column
from eduguard.briefing.services.tables_units import Unit
from eduguard.supplies.models import Item, Kind, Movement, Source, Stock, Store
from eduguard.supplies.services.cover import county_days, cover, totals

TITLE = "防疫物资"
NOTE = "库存为生成时的账面数；可用天数 = 库存 ÷ 在册师生每日用量；来源为累计入库数量。"
PARTIAL = "物资按学校管理：只负责部分年级或班级时，表中不含学校的物资。"


def supplies_blocks(user, day: dt.date, unit: Unit) -> tuple[list[Block], list[str]]:
    items = list(Item.objects.filter(active=True))
    stores = list(unit.narrow(Store.objects.visible_to(user), "school", "county").select_related("school"))
    schools = unit.schools(user)
    rows = {(r.school.pk, item.pk): r for item in items for r in cover(item, schools, day)}
    kept = {s.pk: (s.code, s.name) for s in schools}
    depots = [s for s in stores if s.school_id is None]
    depot_stock = {(s.store_id, s.item_id): s.quantity for s in Stock.objects.filter(store__in=depots)}
    lines = []  # (item, the cover row or None for the warehouse, the cells)
    for store in depots:
        for item in items:
            q = depot_stock.get((store.pk, item.pk), Decimal(0))
            lines.append((item, None, [store.name, item.name, item.unit, q, None, None, None, "县级储备"]))
    for school_id, (_, name) in sorted(kept.items(), key=lambda kv: kv[1][0]):
        for item in items:
            r = rows[(school_id, item.pk)]
            cells = [name, item.name, item.unit, r.stock, r.need, _days(r.days), r.reserve, _status(r)]
            lines.append((item, r, cells))
    stock_block = Block(
        [
            Column("序号", 6),
            Column("存放点", 26),
            Column("物资", 16),
            Column("单位", 6),
            Column("库存", 12),
            Column("每日用量", 10),
            Column("可用天数", 10, ONE),
            Column("储备天数", 9),
            Column("状态", 14),
        ],
        [[n, *cells] for n, (_, _, cells) in enumerate(lines, start=1)],
    )
    notes = [NOTE] if unit.whole else [PARTIAL]
    return [stock_block, _totals_block(items, unit, lines, stores, day)], notes


def _totals_block(items, unit: Unit, lines, stores, day) -> Block:
    sources = list(Source.choices)
    if unit.level == "county":
        t = totals(unit.obj)
        stock, by_source, coming = t.by_item, t.by_source, t.on_order
        days = {i.pk: county_days(i, unit.obj, day) for i in items}
    else:
        stock, days = _unit_stock_and_days(items, lines)
        by_source, coming = _receipts(stores), None
    rows = []
    for item in items:
        received = [by_source.get((item.pk, code), Decimal(0)) for code, _ in sources]
        rows.append(
            [
                item.name,
                item.unit,
                stock.get(item.pk, Decimal(0)),
                _days(days.get(item.pk)),
                *received,
                sum(received, Decimal(0)),
                coming.get(item.pk, Decimal(0)) if coming is not None else None,
            ]
        )
    columns = [
        Column("物资", 16),
        Column("单位", 6),
        Column("库存合计", 12),
        Column("可用天数", 10, ONE),
        *(Column(f"入库：{label}", 11) for _, label in sources),
        Column("入库合计", 11),
        Column("在途（已下单未到货）", 12),
    ]
    return Block(columns, rows, heading="分物资合计（按资金来源）")


def _unit_stock_and_days(items, lines) -> tuple[dict, dict]:
    """A grid's or a school's totals, as the county's are counted: all its stock, and its days of
    cover as that stock over the daily need of its schools that attend."""
    stock: dict = {}
    need: dict = {}
    for item, row, cells in lines:
        stock[item.pk] = stock.get(item.pk, Decimal(0)) + cells[3]
        if row is not None and row.attending:
            need[item.pk] = need.get(item.pk, Decimal(0)) + row.need
    days = {pk: float(stock[pk] / n) for pk, n in need.items() if n}
    return stock, days


def _receipts(stores) -> dict:
    moves = Movement.objects.filter(kind=Kind.RECEIVE, to_store__in=stores)
    return {
        (r["item_id"], r["source"]): r["n"]
        for r in moves.values("item_id", "source").annotate(n=Sum("quantity")).order_by()
    }


def _days(days: float | None) -> float | None:
    return round(days, 1) if days is not None else None


def _status(r) -> str:
    if r.short:
        return f"低于{r.reserve}天储备"
    return "" if r.attending else "未开学"
