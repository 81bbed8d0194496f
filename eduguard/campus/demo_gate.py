"""The demo county's gate: the demo school's morning at the gate on the demo day, decided by the
same rules as a live entry (services.gate.judge over the people's return statuses), bulk-written.

Everyone of the school's first three classes and its staff comes in between 07:00 and 07:40; the
students the entry rules hold back (home quarantine, awaiting release) are denied or deferred with
the reason; one forehead reading of 37.0 is sent for a re-test and comes back 36.6 by the armpit.
Two visitors: the county CDC's disinfection adviser, approved by the principal, in and out; a
delivery man with a yellow code, refused. Deterministic: the seed-demo test asserts the figures.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from eduguard.campus.models import GateEntry, Visit, VisitApproval, VisitStatus
from eduguard.campus.services.gate import Reading, judge, statuses
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass

CLASSES = 3
RECHECK = 7  # the n-th student in: a high forehead reading, then an axillary re-test


def _at(day: dt.date, minutes_after_seven: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7, 0))) + dt.timedelta(
        minutes=minutes_after_seven
    )


def gate_demo(ctx) -> None:
    guard = ctx.users.get("guard") or ctx.users.get("admin")
    principal = ctx.users.get("principal") or guard
    if guard is None:
        return
    school = ctx.schools[ctx.options.profile.demo_school]
    day = ctx.options.today
    classes = SchoolClass.objects.filter(school=school).order_by("grade__level", "number")[:CLASSES]
    people = list(
        Person.objects.filter(school=school, is_active=True)
        .filter(school_class__in=classes)
        .order_by("school_class__grade__level", "school_class__number", "name")
    ) + list(
        Person.objects.filter(school=school, is_active=True)
        .exclude(category=PersonCategory.STUDENT)
        .order_by("name")[:20]
    )
    held = statuses(Person.objects.filter(pk__in=[p.pk for p in people]), day)
    rows = []
    for n, person in enumerate(people):
        temperature = Decimal("36.2") + Decimal(n % 6) / 10
        method = "forehead"
        if n == RECHECK:
            temperature = Decimal("37.0")
        reading = Reading(temperature, method, [], "green", True)
        verdict = judge(reading, "in", day, status=held.get(person.pk), boarder=person.boarding)
        rows.append(_entry(school, person, guard, _at(day, n * 40 // len(people)), reading, verdict))
        if n == RECHECK:
            again = Reading(Decimal("36.6"), "axillary", [], "green", True)
            verdict = judge(again, "in", day, status=held.get(person.pk))
            rows.append(_entry(school, person, guard, _at(day, n * 40 // len(people) + 3), again, verdict))
    GateEntry.objects.bulk_create(rows)
    _visitors(school, day, guard, principal)


def _entry(school, person, guard, at, reading, verdict) -> GateEntry:
    return GateEntry(
        school=school,
        person=person,
        direction="in",
        at=at,
        gate="正门",
        temperature=reading.temperature,
        method=reading.method,
        code_colour=reading.code_colour,
        id_checked=True,
        found_by="card",
        decision=verdict.decision,
        reasons=verdict.reasons,
        operator=guard,
    )


def _visitors(school, day, guard, principal) -> None:
    adviser = Visit(
        school=school,
        name="冯建国",
        organisation="县疾病预防控制中心",
        purpose="指导开学前消毒",
        host=principal,
        date=day,
        status=VisitStatus.LEFT,
        temperature=Decimal("36.4"),
        code_colour="green",
        entered_at=_at(day, 120),
        left_at=_at(day, 210),
        created_by=principal,
    )
    adviser.set_id_number("resident", "11010519491231002X")
    adviser.set_phone("+8613912345678")
    courier = Visit(
        school=school,
        name="邓师傅",
        organisation="县邮政",
        purpose="送防疫物资",
        host=principal,
        date=day,
        status=VisitStatus.REFUSED,
        temperature=Decimal("36.5"),
        code_colour="yellow",
        refused_reason="健康码为黄码",
        created_by=guard,
    )
    courier.set_id_number("resident", "440524188001010014")
    courier.set_phone("+8613812345678")
    Visit.objects.bulk_create([adviser, courier])
    for visit in Visit.objects.filter(school=school, date=day):
        VisitApproval.objects.create(visit=visit, step="host", approve=True, by=principal, at=_at(day, 60))
