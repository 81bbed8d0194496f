"""Days of cover (domain.md §6.1): stock ÷ the daily need of the people actually attending, per
school and for the county; the warning below the reserve; the distribution from the warehouse that
brings every school of a batch to the reserve (or says who falls short), and turning it into
transfers; the totals and the briefing's sentence.

A school's people attend from the day it opened (its approval's opening date) or, before that,
from its batch's target date; a school in no batch and not opened is not counted. Staff and
temporary workers use the staff norm."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q, Sum

from eduguard.core.rules import get_rule
from eduguard.org.choices import PersonCategory
from eduguard.org.models import School
from eduguard.supplies.models import Item, Stock, Store
from eduguard.supplies.services.movements import may_move, transfer
from eduguard.supplies.services.orders import on_order


def reserve_days(item: Item, day: dt.date | None = None) -> int:
    return item.reserve_days or get_rule("supplies.reserve_days", day)


def headcounts(schools) -> dict[int, tuple[int, int]]:
    """{school id: (students, staff and temporary workers)} on the roster."""
    rows = schools.annotate(
        st=Count("people", filter=Q(people__is_active=True, people__category=PersonCategory.STUDENT)),
        sf=Count("people", filter=Q(people__is_active=True) & ~Q(people__category=PersonCategory.STUDENT)),
    ).values_list("id", "st", "sf")
    return {pk: (st, sf) for pk, st, sf in rows}


def need(item: Item, students: int, staff: int) -> Decimal:
    return item.per_student_day * students + item.per_staff_day * staff


def attending(schools, day: dt.date) -> set[int]:
    opened = schools.filter(opening__opened_on__lte=day).values_list("id", flat=True)
    due = (
        schools.annotate(first=Min("batches__target_date"))
        .filter(first__lte=day)
        .values_list("id", flat=True)
    )
    return set(opened) | set(due)


@dataclass
class Row:
    school: School
    stock: Decimal
    need: Decimal
    attending: bool
    reserve: int
    extra: Decimal = Decimal(0)  # a boarding school's emergency share on top of the reserve

    @property
    def days(self) -> float | None:
        return float(self.stock / self.need) if self.need else None

    @property
    def target(self) -> Decimal:
        """What the school should hold: the reserve days of its need, plus the emergency share."""
        return self.need * self.reserve * (1 + self.extra)

    @property
    def short(self) -> bool:
        return self.attending and bool(self.need) and self.stock < self.target


def cover(item: Item, schools, day: dt.date) -> list[Row]:
    """Each school's days of cover of `item` on `day` (need counted whether or not it attends yet;
    `attending` says whether the warning applies)."""
    heads = headcounts(schools)
    present = attending(schools, day)
    stock = dict(
        Stock.objects.filter(item=item, store__school__in=schools).values_list("store__school_id", "quantity")
    )
    reserve = reserve_days(item, day)
    return [
        Row(
            s,
            stock.get(s.pk, Decimal(0)),
            need(item, *heads.get(s.pk, (0, 0))),
            s.pk in present,
            reserve,
            item.boarding_extra if s.boarding else Decimal(0),
        )
        for s in schools.select_related("store").order_by("code")
    ]


def county_days(item: Item, county, day: dt.date) -> float | None:
    """All the county's stock of the item (warehouse and schools) ÷ the need of those attending."""
    schools = School.objects.filter(county=county)
    heads = headcounts(schools.filter(id__in=attending(schools, day)))
    total_need = sum((need(item, *h) for h in heads.values()), Decimal(0))
    total = Stock.objects.filter(item=item, store__county=county).aggregate(n=Sum("quantity"))["n"] or 0
    return float(total / total_need) if total_need else None


@dataclass
class Proposal:
    item: Item
    warehouse: Store
    available: Decimal
    rows: list[tuple[Row, Decimal, Decimal]] = field(default_factory=list)  # row, wanted, given

    @property
    def enough(self) -> bool:
        return all(given >= wanted for _, wanted, given in self.rows)

    @property
    def short(self) -> list[tuple[Row, Decimal, Decimal]]:
        return [r for r in self.rows if r[2] < r[1]]

    @property
    def total(self) -> Decimal:
        return sum((given for _, _, given in self.rows), Decimal(0))


def _round(q: Decimal, item: Item, mode) -> Decimal:
    return q.quantize(Decimal(1) if item.whole else Decimal("0.01"), rounding=mode)


def propose(item: Item, batch, day: dt.date) -> Proposal:
    """What the warehouse should send to each school of `batch` to reach its target (the reserve,
    and a boarding school's emergency share): all of it
    when stock allows, else in proportion to what each lacks (rounded down), so every school gets
    the same share of its gap and the short ones are named."""
    warehouse = Store.objects.filter(county=batch.county, school__isnull=True).first()
    if warehouse is None:
        raise ValidationError({"__all__": ["本县没有物资仓库（在管理后台登记）"]})
    available = Stock.objects.filter(store=warehouse, item=item).values_list("quantity", flat=True).first()
    available = available or Decimal(0)
    p = Proposal(item, warehouse, available)
    wants = []
    for row in cover(item, batch.schools.all(), day):
        wanted = _round(max(Decimal(0), row.target - row.stock), item, ROUND_CEILING)
        wants.append((row, wanted))
    asked = sum((w for _, w in wants), Decimal(0))
    share = Decimal(1) if asked <= available or not asked else available / asked
    p.rows = [(row, wanted, _round(wanted * share, item, ROUND_FLOOR)) for row, wanted in wants]
    return p


@transaction.atomic
def distribute(*, item: Item, batch, day: dt.date, actor) -> list:
    """Turn the proposal into transfers from the warehouse, all or none. The warehouse's stock row is
    locked first, so a second click waits, then finds the schools supplied ("无需调拨")."""
    warehouse = Store.objects.filter(county=batch.county, school__isnull=True).values_list("id", flat=True)
    list(Stock.objects.select_for_update().filter(store_id__in=list(warehouse), item=item).order_by("pk"))
    p = propose(item, batch, day)
    if not may_move(actor, p.warehouse):
        raise PermissionDenied("调拨由教育局物资管理人员办理")
    moves = []
    for row, _, given in p.rows:
        if given > 0:
            store, _ = Store.objects.get_or_create(
                school=row.school, defaults={"county": batch.county, "name": row.school.name}
            )
            moves.append(
                transfer(
                    from_store=p.warehouse,
                    to_store=store,
                    item=item,
                    quantity=given,
                    actor=actor,
                    note=f"按{row.reserve}天储备调拨",
                )
            )
    if not moves:
        raise ValidationError({"__all__": ["各校储备已足，或仓库没有库存，无需调拨"]})
    return moves


@dataclass
class Totals:
    by_item: dict[int, Decimal]
    by_source: dict[tuple[int, str], Decimal]
    on_order: dict[int, Decimal]


def totals(county) -> Totals:
    """Stock by item over all the county's places, receipts by item and funding source, and what
    is still on order."""
    from eduguard.supplies.models import Kind, Movement

    by_item = dict(
        Stock.objects.filter(store__county=county)
        .values("item_id")
        .annotate(n=Sum("quantity"))
        .values_list("item_id", "n")
    )
    by_source = {
        (r["item_id"], r["source"]): r["n"]
        for r in Movement.objects.filter(kind=Kind.RECEIVE, to_store__county=county)
        .values("item_id", "source")
        .annotate(n=Sum("quantity"))
    }
    return Totals(by_item, by_source, on_order(county))


def wan(n) -> str:
    """A count in 万 as the briefings write it: 734800 → 73.48, 1000000 → 100."""
    v = Decimal(n) / 10000
    text = f"{v.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


def mask_sentence(county) -> str:
    """The briefing's sentence on masks, from the records: "口罩已储备73.48万只，正下单采购100万只"."""
    item = Item.objects.filter(code="mask").first()
    if item is None:
        return ""
    t = totals(county)
    stocked, coming = t.by_item.get(item.pk, 0), t.on_order.get(item.pk)
    if not stocked and not coming:
        return ""  # nothing recorded: the briefing leaves the sentence out
    text = f"口罩已储备{wan(stocked)}万{item.unit}"
    return text + (f"，正下单采购{wan(coming)}万{item.unit}" if coming else "")
