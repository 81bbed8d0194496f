"""The demo county's supplies, asserted by the seed-demo test: seed 000's mask figures from the
records, every batch-1 school at 14 days' cover, and the warehouse able to bring batch 2 there."""

import datetime as dt

from eduguard.inspection.models import Batch
from eduguard.org.models import County
from eduguard.supplies.models import Item
from eduguard.supplies.services.cover import cover, mask_sentence, propose


def check_supplies_demo(today: dt.date) -> None:
    county = County.objects.get()
    assert mask_sentence(county) == "口罩已储备73.48万只，正下单采购100万只"
    mask = Item.objects.get(code="mask")
    first, second = Batch.objects.order_by("number")[:2]
    rows = cover(mask, first.schools.all(), today)
    assert len(rows) == 25 and all(r.days >= 14 for r in rows)
    p = propose(mask, second, today)
    assert p.enough and p.total > 0
