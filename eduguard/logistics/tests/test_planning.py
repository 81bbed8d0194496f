"""A batch's staggered-return plan built from the records: checked by a validator written here from
the rules (not from the planner), refused whole when it cannot be satisfied, published to the
guardians, and used on the day by the escorts; the pages and their bad input."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.models import RuleValue
from eduguard.core.rules import get_rule
from eduguard.core.testing import make_person, make_user
from eduguard.inspection.models import Batch
from eduguard.logistics.models import ClassSlot, GatheringPoint, ReturnPlan, Ride, SchoolGate, Trip, Vehicle
from eduguard.logistics.services.day import board, publish, trip_state, wechat_text
from eduguard.logistics.services.planning import Options, build_plan
from eduguard.notify.models import Message
from eduguard.org.models import Grade, Guardian, Person, SchoolClass

TODAY = timezone.localdate()


@pytest.fixture
def county(world):
    """Batch 1 = the three schools. S1's and S2's students (juniors here) ride from 甲镇; S1C1A and
    S1C2A are siblings (one guardian phone); a second grade at S1. S3 is made a primary school: its
    classes (two of one grade, one of another) come on their own, by arrival slot."""
    w = world
    RuleValue.objects.create(name="logistics.bus_school_types", value=["junior"])
    w.batch = Batch.objects.create(county=w.county, number=1, name="首批", target_date=TODAY)
    w.batch.schools.set(w.schools.values())
    grade8 = Grade.objects.create(school=w.schools["S1"], name="八年级", level=8)
    klass = SchoolClass.objects.create(grade=grade8, number=1, name="八(1)班")
    w.people["S1G8A"] = make_person(w.schools["S1"], klass, name="生S1G8A")
    w.schools["S3"].type = "primary"
    w.schools["S3"].save()
    grade2 = Grade.objects.create(school=w.schools["S3"], name="二年级", level=2)
    klass = SchoolClass.objects.create(grade=grade2, number=1, name="二(1)班")
    w.people["S3G2A"] = make_person(w.schools["S3"], klass, name="生S3G2A")
    for key, p in w.people.items():
        if p.category == "student":
            p.household_township = "乙镇" if key.startswith("S3") else "甲镇"
            p.save()
    for key in ("S1C1A", "S1C2A"):
        g = Guardian(person=w.people[key], name="同一家长", relation="mother")
        g.set_phone("+8613900000001")
        g.save()
    w.point_a = GatheringPoint.objects.create(county=w.county, township="甲镇", name="甲镇广场", capacity=50)
    w.point_b = GatheringPoint.objects.create(county=w.county, township="乙镇", name="乙镇车站", capacity=50)
    for n, seats in enumerate((5, 4, 3)):
        Vehicle.objects.create(county=w.county, plate=f"辽E0000{n}", seats=seats, driver=f"司机{n}")
    for school in w.schools.values():
        SchoolGate.objects.create(school=school, name="正门", per_minute=1)
    w.options = Options(
        date=TODAY, first_departure=dt.time(6, 30), first_arrival=dt.time(7, 30), dismissal=dt.time(16, 30)
    )
    return w


def validate(plan: ReturnPlan) -> list[str]:
    """Every rule of a plan, checked from its rows."""
    errors = []
    riders = Counter(Ride.objects.filter(trip__plan=plan).values_list("person_id", flat=True))
    bus_schools = plan.batch.schools.filter(type__in=get_rule("logistics.bus_school_types"))
    students = Person.objects.filter(school__in=bus_schools, category="student", is_active=True)
    errors += [f"{p.name} rides {riders[p.pk]} times" for p in students if riders[p.pk] != 1]
    waves = Counter()
    per_vehicle = Counter()
    load = Counter()
    for trip in Trip.objects.filter(plan=plan).select_related("bus", "point"):
        rides = list(trip.rides.select_related("person"))
        if len(rides) > trip.bus.seats:
            errors.append(f"{trip} carries {len(rides)} on {trip.bus.seats} seats")
        waves[(trip.bus_id, trip.wave)] += 1
        per_vehicle[trip.bus_id] += 1
        load[trip.point_id] += len(rides)
        for r in rides:
            if r.person.school_id != trip.school_id or r.person.household_township != trip.point.township:
                errors.append(f"{r.person.name} on the wrong bus")
        expected = (
            plan.first_departure.hour * 60 + plan.first_departure.minute + trip.wave * plan.round_minutes
        )
        if trip.departs_at.hour * 60 + trip.departs_at.minute != expected:
            errors.append(f"{trip} departs at the wrong time")
    errors += [f"vehicle {v} twice in wave {w}" for (v, w), n in waves.items() if n > 1]
    errors += [f"vehicle {v} makes {n} trips" for v, n in per_vehicle.items() if n > plan.max_trips]
    for point in GatheringPoint.objects.filter(id__in=load):
        if load[point.pk] > point.capacity:
            errors.append(f"{point} over capacity")
    # siblings: riders of one school and township sharing a guardian's phone ride on one trip
    trip_of = dict(Ride.objects.filter(trip__plan=plan).values_list("person_id", "trip_id"))
    siblings = defaultdict(set)
    for g in (
        Guardian.objects.filter(person_id__in=list(trip_of)).exclude(phone_hash="").select_related("person")
    ):
        siblings[(g.person.school_id, g.person.household_township, g.phone_hash)].add(g.person_id)
    for family in siblings.values():
        if len({trip_of[p] for p in family}) > 1:
            errors.append(f"siblings {family} split")
    slots = defaultdict(lambda: [0, set()])
    for s in ClassSlot.objects.filter(plan=plan).select_related("school_class__grade"):
        cell = slots[(s.school_class.school_id, s.gate, s.arrive_at)]
        cell[0] += s.school_class.people.filter(is_active=True, category="student").count()
        cell[1].add(s.school_class.grade.level)
    for (school, gate, at), (n, grades) in slots.items():
        cap = SchoolGate.objects.get(school_id=school, name=gate).per_minute * plan.slot_minutes
        if n > cap:
            errors.append(f"{gate} at {at} takes {n} > {cap}")
        if len(grades) > 1:
            errors.append(f"grades {grades} share {gate} at {at}")
    others = plan.batch.schools.exclude(type__in=get_rule("logistics.bus_school_types"))
    classes = SchoolClass.objects.filter(school__in=others, people__isnull=False).distinct()
    if set(ClassSlot.objects.filter(plan=plan).values_list("school_class_id", flat=True)) != set(
        classes.values_list("id", flat=True)
    ):
        errors.append("a class has no slot")
    return errors


def test_a_plan_respects_every_rule_and_uses_the_fewest_buses(county):
    w = county
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    assert plan.status == "solved" and plan.problems == [] and validate(plan) == []
    assert plan.students == 9  # S1's four and its eighth-grader, S2's four
    # Routes 甲镇→S1 (five, two of them siblings) and 甲镇→S2 (four): a trip each; the five-seat
    # vehicle makes both (three a day at most), so one vehicle is the fewest, and the solver proves it.
    assert plan.buses_used == 1 and plan.trips_used == 2 and plan.gap == 0
    slots = {
        s.school_class.name: s for s in ClassSlot.objects.filter(plan=plan).select_related("school_class")
    }
    assert set(slots) == {"七(1)班", "七(2)班", "二(1)班"}  # S3's classes; the riders come by bus
    assert slots["二(1)班"].arrive_at != slots["七(1)班"].arrive_at  # two grades never share the gate
    trips = Trip.objects.filter(plan=plan).annotate(n=Count("rides")).select_related("point", "school")
    text = wechat_text(
        plan, trips, ClassSlot.objects.filter(plan=plan).select_related("school_class__school")
    )
    assert "甲镇广场" in text and "二(1)班" in text


def test_what_cannot_be_satisfied_is_said_and_nothing_is_written(county):
    w = county
    GatheringPoint.objects.filter(township="甲镇").delete()
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    assert plan.status == "failed"
    assert any("甲镇" in p and "没有集合点" in p for p in plan.problems)
    assert not Trip.objects.exists() and not ClassSlot.objects.exists()


def test_more_students_than_seats_is_explained(county):
    w = county
    Vehicle.objects.update(active=False)
    Vehicle.objects.create(county=w.county, plate="辽E09999", seats=2)
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    assert plan.status == "failed" and any("座位" in p for p in plan.problems)
    assert not Trip.objects.exists()


def test_a_gate_too_slow_for_a_class_is_explained(county):
    w = county
    SchoolGate.objects.filter(school=w.schools["S3"]).delete()  # no gate, and no 一校一策 to fall back on
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    assert plan.status == "failed" and any("测试S3中学" in p and "校门" in p for p in plan.problems)
    assert not ClassSlot.objects.exists()


def test_a_vehicle_without_seats_cannot_be_stored(county):
    with pytest.raises(IntegrityError):
        Vehicle.objects.create(county=county.county, plate="辽E00100", seats=0)


def test_only_the_bureau_plans_and_publishes(county):
    w = county
    with pytest.raises(PermissionDenied):
        build_plan(batch=w.batch, options=w.options, actor=w.principal)
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    with pytest.raises(PermissionDenied):
        publish(plan=plan, actor=w.principal)


def test_publishing_tells_the_guardians_once_and_the_escort_ticks_boarding_on_the_day(county):
    w = county
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    sent = publish(plan=plan, actor=w.leader)
    # the siblings each have the shared guardian on record with a phone; the world's other guardian has none
    assert sent == Message.objects.filter(kind="logistics.return_notice").count() == 2
    body = Message.objects.filter(recipient_name="同一家长").first().body
    assert "甲镇广场" in body and "辽E" in body
    with pytest.raises(ValidationError, match="不能发布"):
        publish(plan=plan, actor=w.leader)
    ride = Ride.objects.get(person=w.people["S1C1A"])
    with pytest.raises(PermissionDenied):
        board(ride=ride, actor=w.inspector)
    board(ride=ride, actor=w.principal)
    state = trip_state(ride.trip)
    assert state.boarded == 1 and ride.person_id not in {r.person_id for r in state.missing}


def test_boarding_before_publication_or_on_another_day_is_refused(county):
    w = county
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    ride = Ride.objects.filter(trip__plan=plan).first()
    with pytest.raises(ValidationError, match="尚未发布"):
        board(ride=ride, actor=w.admin)
    publish(plan=plan, actor=w.leader)
    Trip.objects.filter(plan=plan).update(date=TODAY + dt.timedelta(days=1))
    ride.refresh_from_db()
    with pytest.raises(ValidationError, match="乘车当天"):
        board(ride=ride, actor=w.admin)
    assert not Ride.objects.filter(boarded_at__isnull=False).exists()


def test_the_pages_make_publish_print_and_board(county, client):
    w = county
    client.force_login(w.leader)
    bad = client.post("/logistics/", {"batch": w.batch.pk, "date": "2026-02-30"})
    assert bad.status_code == 400 and not ReturnPlan.objects.exists()
    data = {
        "batch": w.batch.pk,
        "date": TODAY.isoformat(),
        "first_departure": "06:30",
        "round_minutes": 90,
        "max_trips": 3,
        "first_arrival": "07:30",
        "dismissal": "16:30",
    }
    response = client.post("/logistics/", data)
    plan = ReturnPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/logistics/plans/{plan.pk}/"
    page = client.get(f"/logistics/plans/{plan.pk}/").content.decode()
    assert "甲镇广场" in page and "发布并通知家长" in page
    assert client.post(f"/logistics/plans/{plan.pk}/publish/", {"confirm": "True"}).status_code == 302
    trip = Ride.objects.get(person=w.people["S1C1A"]).trip
    client.force_login(w.principal)
    roster = client.get(f"/logistics/trips/{trip.pk}/").content.decode()
    assert "生S1C1A" in roster and "139****0001" in roster and "13900000001" not in roster
    ride = Ride.objects.get(person=w.people["S1C1A"])
    assert (
        client.post(f"/logistics/trips/{trip.pk}/board/", {"ride": ride.pk, "boarded": "on"}).status_code
        == 302
    )
    assert Ride.objects.get(pk=ride.pk).boarded_at is not None
    other = Ride.objects.exclude(trip=trip).first()
    wrong = client.post(f"/logistics/trips/{trip.pk}/board/", {"ride": other.pk, "boarded": "on"})
    assert wrong.status_code == 400 and "不在本车名单" in wrong.content.decode()
    client.force_login(w.principal)
    assert client.post("/logistics/", data).status_code == 403


def test_a_day_that_cannot_hold_the_plan_is_refused_and_one_plan_a_day_is_published(county, client):
    w = county
    client.force_login(w.leader)
    data = {
        "batch": w.batch.pk,
        "date": TODAY.isoformat(),
        "first_departure": "06:30",
        "round_minutes": 600,
        "max_trips": 3,
        "first_arrival": "07:30",
        "dismissal": "07:00",
    }
    bad = client.post("/logistics/", data).content.decode()
    assert "晚于午夜" in bad and "放学时间须晚于到校时间" in bad and not ReturnPlan.objects.exists()
    first = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    second = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    publish(plan=first, actor=w.leader)
    with pytest.raises(ValidationError, match="已有发布的方案"):
        publish(plan=second, actor=w.leader)


def test_a_permitted_user_sees_the_phones_and_that_is_logged(county, client):
    from django.contrib.auth.models import Permission

    from eduguard.audit.models import AccessLog

    w = county
    plan = build_plan(batch=w.batch, options=w.options, actor=w.leader)
    trip = Ride.objects.get(person=w.people["S1C1A"], trip__plan=plan).trip
    w.principal.user_permissions.add(Permission.objects.get(codename="unmask_person"))
    client.force_login(make_user("p2", Role.PRINCIPAL, w.schools["S1"]))
    assert "13900000001" not in client.get(f"/logistics/trips/{trip.pk}/").content.decode()
    client.force_login(w.principal)
    assert "13900000001" in client.get(f"/logistics/trips/{trip.pk}/").content.decode()
    assert AccessLog.objects.filter(action="unmask", object_id=str(trip.pk)).exists()
