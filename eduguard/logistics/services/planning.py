"""Building a staggered-return plan for a batch and a day (错峰返校, domain.md §5.5, seed 000).

Two optimisations, both with OR-Tools CP-SAT (logistics.solver):
- buses: the students of the schools that return by bus (`logistics.bus_school_types`, 高中 by
  default) gather at a point in their household-registration township and ride point-to-point
  buses, each vehicle making up to `max_trips` trips; siblings (students of one school and
  township sharing a guardian's phone) ride together; fewest buses first;
- arrival: every class of the batch's other schools gets an arrival slot and a gate, so that no gate
  takes more than its throughput and two grades never share a gate in one slot (slots are
  `inspection.stagger_minutes` long); the least crowded worst slot first. Dismissal follows the
  same order from the dismissal time.

Whatever cannot be satisfied is said in plain words and the plan keeps nothing else: it is stored
as failed with its problems, never as a partial plan."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change
from eduguard.core.rules import get_rule
from eduguard.inspection.models import Batch
from eduguard.inspection.services.plans import plan_gates
from eduguard.logistics.models import (
    ClassSlot,
    GatheringPoint,
    PlanStatus,
    ReturnPlan,
    Ride,
    SchoolGate,
    Trip,
    Vehicle,
)
from eduguard.logistics.solver.buses import Family, Point, plan_buses
from eduguard.logistics.solver.buses import Vehicle as VehicleIn
from eduguard.logistics.solver.slots import ClassIn, GateIn, plan_slots
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Guardian, Person, School, SchoolClass


@dataclass
class Options:
    date: dt.date
    first_departure: dt.time
    first_arrival: dt.time
    dismissal: dt.time
    max_trips: int = 3
    round_minutes: int = 90
    seconds: float | None = None  # the bus model's time limit; `logistics.solver_seconds` when None


def may_plan(user, batch: Batch) -> bool:
    """A county's return is planned at county level (the bureau), for all its schools at once."""
    return holds_role_over(user, get_rule("logistics.planner_roles"), batch.county)


def _at(day: dt.date, start: dt.time, minutes: int) -> dt.time:
    return (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)).time()


def families_of(schools) -> list[Family]:
    """The students of `schools` as families: one school and township, joined by a shared
    guardian phone (the keyed hash, never the number). Keys are person ids as strings."""
    students = list(
        Person.objects.filter(school__in=schools, category=PersonCategory.STUDENT, is_active=True)
        .order_by("id")
        .values_list("id", "school_id", "household_township")
    )
    where = {pk: (str(school), township or "") for pk, school, township in students}
    parent: dict[int, int] = {pk: pk for pk in where}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_of: dict[tuple, int] = {}
    guardians = Guardian.objects.filter(person_id__in=list(where)).exclude(phone_hash="")
    for pid, phone in guardians.order_by("person_id").values_list("person_id", "phone_hash"):
        key = (*where[pid], phone)
        if key in first_of:
            parent[root(pid)] = root(first_of[key])
        else:
            first_of[key] = pid
    groups: dict[int, list[int]] = defaultdict(list)
    for pk in where:
        groups[root(pk)].append(pk)
    return [
        Family(school=where[m[0]][0], township=where[m[0]][1], members=tuple(str(p) for p in sorted(m)))
        for m in sorted(groups.values())
    ]


def _gates(school: School) -> list[GateIn]:
    rows = list(SchoolGate.objects.filter(school=school).order_by("name"))
    if rows:
        return [GateIn(g.name, g.per_minute) for g in rows]
    per_minute = get_rule("logistics.gate_per_minute")
    return [GateIn(name, per_minute) for name in plan_gates(school)]


def _class_sizes(school: School) -> list[ClassIn]:
    classes = (
        SchoolClass.objects.filter(school=school)
        .annotate(
            n=Count("people", filter=Q(people__is_active=True, people__category=PersonCategory.STUDENT))
        )
        .filter(n__gt=0)
        .select_related("grade")
        .order_by("grade__level", "number")
    )
    return [ClassIn(c.pk, c.grade.level, c.n) for c in classes]


@transaction.atomic
def build_plan(*, batch: Batch, options: Options, actor) -> ReturnPlan:
    """Solve the batch's return for `options.date` and store the plan (solved, or failed with
    its problems and nothing else)."""
    if not may_plan(actor, batch):
        raise PermissionDenied(f"错峰返校方案须由{role_names('logistics.planner_roles')}制定")
    slot_minutes = get_rule("inspection.stagger_minutes", options.date)
    seconds = float(options.seconds or get_rule("logistics.solver_seconds"))
    plan = ReturnPlan(
        batch=batch,
        date=options.date,
        status=PlanStatus.FAILED,
        max_trips=options.max_trips,
        first_departure=options.first_departure,
        round_minutes=options.round_minutes,
        first_arrival=options.first_arrival,
        slot_minutes=slot_minutes,
        dismissal=options.dismissal,
        created_by=actor,
    )
    schools = list(batch.schools.order_by("code"))
    bus_schools = [s for s in schools if s.type in get_rule("logistics.bus_school_types")]
    families = families_of(bus_schools)
    points = list(GatheringPoint.objects.filter(county=batch.county, active=True).order_by("id"))
    vehicles = list(Vehicle.objects.filter(county=batch.county, active=True).order_by("id"))
    problems: list[str] = []
    buses = None
    plan.students = sum(len(f.members) for f in families)
    if families:
        buses = plan_buses(
            families,
            [Point(p.pk, p.township, p.capacity) for p in points],
            [VehicleIn(v.pk, v.seats) for v in vehicles],
            max_trips=options.max_trips,
            time_limit=seconds,
        )
        problems += buses.problems
        plan.seconds += buses.seconds
        if buses.status != "infeasible":
            plan.buses_used, plan.heuristic_buses = buses.buses_used, buses.heuristic_buses
            plan.trips_used, plan.gap = buses.trips_used, buses.gap
    slot_plans = {}
    worst = 0.0
    last_slot = (24 * 60 - _minutes(options.first_arrival)) // slot_minutes
    for school in schools:
        if school in bus_schools:
            continue  # they arrive by bus, wave by wave; the slots are for those who come on their own
        classes, gates = _class_sizes(school), _gates(school)
        if not classes:
            continue
        if not gates:
            problems.append(f"{school.name}没有登记校门（校门通行能力或一校一策），无法安排错峰到校")
            continue
        n_slots = min(get_rule("logistics.arrival_slots"), last_slot)
        result = plan_slots(
            classes, gates, slot_minutes=slot_minutes, n_slots=n_slots, time_limit=seconds / 4
        )
        plan.seconds += result.seconds
        if result.status == "infeasible":
            problems += [f"{school.name}：{p}" for p in result.problems]
            continue
        slot_plans[school.pk] = result
        worst = max(worst, result.worst_load or 0)
    plan.problems = problems
    if problems:
        plan.save()
        record_web_change(
            actor=actor, obj=plan, before=None, after={"status": plan.status, "problems": problems}
        )
        return plan
    plan.status, plan.worst_gate_load = PlanStatus.SOLVED, worst
    plan.save()
    if buses is not None:
        _write_trips(
            plan,
            buses,
            {p.pk: p for p in points},
            {v.pk: v for v in vehicles},
            {s.pk: s for s in bus_schools},
        )
    ClassSlot.objects.bulk_create(
        ClassSlot(
            plan=plan,
            school_class_id=class_id,
            gate=gate,
            arrive_at=_at(plan.date, plan.first_arrival, slot * slot_minutes),
            dismiss_at=_at(plan.date, plan.dismissal, slot * slot_minutes),
        )
        for result in slot_plans.values()
        for class_id, (slot, gate) in sorted(result.assignments.items())
    )
    record_web_change(
        actor=actor,
        obj=plan,
        before=None,
        after={"status": plan.status, "buses": plan.buses_used, "gap": plan.gap},
    )
    return plan


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _write_trips(plan, buses, points, vehicles, schools) -> None:
    for out in sorted(buses.trips, key=lambda t: (t.wave, t.point, t.school, t.vehicle)):
        point, vehicle, school = points[out.point], vehicles[out.vehicle], schools[int(out.school)]
        trip = Trip.objects.create(
            school=school,
            date=plan.date,
            vehicle=vehicle.plate,
            route=f"{point.name} → {school.name}",
            departs_at=_at(plan.date, plan.first_departure, out.wave * plan.round_minutes),
            plan=plan,
            bus=vehicle,
            point=point,
            wave=out.wave,
        )
        Ride.objects.bulk_create(
            Ride(trip=trip, person_id=int(pid), seat=str(n)) for n, pid in enumerate(out.riders, start=1)
        )
