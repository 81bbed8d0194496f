"""The supervision figures of the demo county, asserted by the seed-demo test."""

import datetime as dt

from eduguard.inspection.models import Batch, Inspection, OpeningApproval, Rectification
from eduguard.inspection.services.acceptance import board
from eduguard.org.models import School


def check_inspection_demo(today: dt.date) -> None:
    first, second = Batch.objects.order_by("number")
    assert first.schools.count() == 25 and second.schools.count() == 3
    assert set(first.schools.values_list("type", flat=True)) == {"high", "junior", "nine_year"}
    rows = board(first, School.objects.all(), today)
    assert len(rows) == 25
    assert Inspection.objects.filter(kind="self_check", status="submitted").count() == 22
    assert Inspection.objects.filter(kind="inspection", status="submitted").count() == 18
    approved = OpeningApproval.objects.all()
    assert 0 < approved.count() <= 10 and all(r.ready for r in rows if r.approval)
    assert sum(not r.ready for r in rows) >= 15  # 7 never inspected, others with open fixes
    assert not Rectification.objects.filter(
        school__in=approved.values("school"), closed_at__isnull=True
    ).exists()
    assert Rectification.objects.filter(closed_at__isnull=True).exists()
