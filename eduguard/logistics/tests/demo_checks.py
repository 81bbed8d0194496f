"""The demo county's return plan, asserted by the seed-demo test: batch 1's plan is published, every
high-school student rides once and every rule holds (the independent validator of test_planning),
and each guardian with a phone has a notice."""

import datetime as dt

from eduguard.logistics.models import ReturnPlan, Ride
from eduguard.logistics.tests.test_planning import validate
from eduguard.notify.models import Message
from eduguard.org.models import Guardian, Person


def check_logistics_demo(today: dt.date) -> None:
    plan = ReturnPlan.objects.get(batch__number=1)
    assert plan.status == "published" and plan.problems == []
    assert validate(plan) == []
    riders = Person.objects.filter(school__type="high", category="student", is_active=True).count()
    assert plan.students == riders == Ride.objects.filter(trip__plan=plan).count() > 3000
    assert plan.buses_used <= 40 and plan.gap is not None
    students = Person.objects.filter(school__in=plan.batch.schools.all(), category="student", is_active=True)
    guardians = Guardian.objects.filter(person__in=students).exclude(phone_enc="").count()
    assert Message.objects.filter(kind="logistics.return_notice").count() == guardians
