"""The demo county's supplies (seed 000): masks obtained "向上争取一点、局统筹一点、社会捐赠一点、学校自筹
一点" — 734,800 in stock across the warehouse and the schools, 1,000,000 on order for the second
batch — and the first batch's schools brought to 14 days' cover by the proposed distribution.
Sanitiser, disinfectant and thermometers likewise. Through the live services; deterministic."""

import datetime as dt
from contextlib import suppress
from decimal import Decimal

from django.core.exceptions import ValidationError

from eduguard.inspection.models import Batch
from eduguard.supplies.models import Item, Store
from eduguard.supplies.services.cover import distribute
from eduguard.supplies.services.defaults import ensure_defaults
from eduguard.supplies.services.movements import receive
from eduguard.supplies.services.orders import LineIn, place_order

# (item, source, quantity, donor) received at the warehouse
WAREHOUSE = [
    ("mask", "higher", 300_000, ""),
    ("mask", "bureau", 250_000, ""),
    ("mask", "donation", 84_800, "县慈善总会及爱心企业"),
    ("sanitiser", "bureau", 2_000, ""),
    ("disinfectant", "higher", 6_000, ""),
    ("thermometer", "donation", 600, "县红十字会"),
]
SCHOOL_MASKS = 100_000  # 学校自筹, shared by the schools in proportion to their people


def supplies_demo(ctx) -> None:
    admin = ctx.users.get("admin")
    if admin is None:
        return
    ensure_defaults()
    today = ctx.options.today
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    county = schools[0].county
    warehouse = Store.objects.create(county=county, name=f"{county.bureau_name}物资仓库")
    stores = {s.pk: Store.objects.create(county=county, school=s, name=s.name) for s in schools}
    items = {i.code: i for i in Item.objects.all()}
    day = today - dt.timedelta(days=10)
    for code, source, quantity, donor in WAREHOUSE:
        receive(
            store=warehouse,
            item=items[code],
            quantity=quantity,
            source=source,
            donor=donor,
            date=day,
            actor=admin,
        )
    sizes = {s.pk: s.people.count() for s in schools}
    total = sum(sizes.values())
    given = 0
    for n, school in enumerate(schools):
        share = SCHOOL_MASKS - given if n == len(schools) - 1 else SCHOOL_MASKS * sizes[school.pk] // total
        given += share
        if share:
            receive(
                store=stores[school.pk],
                item=items["mask"],
                quantity=share,
                source="school",
                date=day,
                actor=admin,
            )
    first, second = Batch.objects.filter(county=county).order_by("number")[:2]
    for code in ("mask", "sanitiser", "disinfectant"):
        with suppress(ValidationError):  # a small (scaled) county's schools may hold their reserve already
            distribute(item=items[code], batch=first, day=today, actor=admin)
    place_order(
        county=county,
        supplier="辽宁康达医疗器械有限公司",
        source="bureau",
        lines=[LineIn(items["mask"], Decimal(1_000_000), second.target_date - dt.timedelta(days=3))],
        ordered_on=today - dt.timedelta(days=2),
        note="满足第二批学校开学需求",
        actor=admin,
    )
