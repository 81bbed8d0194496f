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
    check_plans_demo(first, rows, today)


def check_plans_demo(batch, rows, today: dt.date) -> None:
    """一校一策: 20 approved (the first after a returned version), 3 waiting, 2 missing; a doctor
    at 22 schools from the opening day; the board says so for the others."""
    from eduguard.inspection.models import MedicalPosting, ReopeningPlan, TutoringCase
    from eduguard.inspection.services.plans import plan_in_force

    plans = ReopeningPlan.objects.filter(school__in=batch.schools.all())
    assert plans.filter(status="approved").count() == 20 and plans.filter(status="submitted").count() == 3
    assert plans.filter(status="returned", version=1).count() == 1
    assert MedicalPosting.objects.filter(starts_on=batch.target_date).count() == 22
    blocked = [r for r in rows if any("一校一策" in b for b in r.blocking)]
    assert len(blocked) == 5 and all(r.approval is None for r in blocked)
    for r in rows:
        plan = plan_in_force(r.school)
        if plan is not None:
            assert plan.slots.count() == r.school.grades.count() and plan.gates
    cases = TutoringCase.objects.all()
    assert cases.count() == 4 and cases.filter(status="concluded").count() == 2


def check_institutions_demo(today: dt.date) -> None:
    """Seed 004: 58 kindergartens (33 private) and about 108 training institutions all closed,
    590-odd person-times of visits and 300-odd notices, computed from the rows."""
    from eduguard.inspection.models import Institution
    from eduguard.inspection.services.institutions import by_township

    total = by_township(Institution.objects.all(), today)[-1]
    assert (total.kindergartens, total.private_kindergartens, total.training) == (58, 33, 108)
    assert total.closed == 58 + 108
    assert 590 <= total.person_times < 600 and 300 <= total.notices < 310
