"""The staggered-return optimiser (logistics.solver): plain pytest, no database, no Django.

Every plan is checked by a validator written here from the rules alone (it uses only the public
dataclasses, none of the solver's internals), so a wrong plan fails whatever the solver thinks.
"""

import math
import random
from collections import Counter, defaultdict

import pytest

from eduguard.logistics.solver.buses import BusPlan, Family, Point, Vehicle, plan_buses
from eduguard.logistics.solver.slots import ClassIn, GateIn, SlotPlan, plan_slots

FAST = {"time_limit": 5.0, "workers": 2}


# ---------------------------------------------------------------- validators


def check_bus_plan(plan: BusPlan, families, points, vehicles, max_trips: int) -> None:
    """Every rule of a bus plan, from the rules: each student rides exactly once, from a point of
    their own township to their own school; families share a trip; no trip over its seats; no
    point over its capacity; a vehicle at most once per wave and at most `max_trips` times."""
    assert plan.status in ("optimal", "feasible"), plan.problems
    assert plan.problems == []
    family_of = {m: fam for fam in families for m in fam.members}
    point = {p.id: p for p in points}
    seats = {v.id: v.seats for v in vehicles}
    trip_of: dict[str, int] = {}
    at_point: Counter[int] = Counter()
    waves: dict[int, list[int]] = defaultdict(list)
    for n, trip in enumerate(plan.trips):
        assert trip.vehicle in seats and trip.point in point
        assert 0 <= trip.wave < max_trips
        assert trip.riders, "a trip with nobody on it"
        assert len(trip.riders) <= seats[trip.vehicle]
        waves[trip.vehicle].append(trip.wave)
        at_point[trip.point] += len(trip.riders)
        for key in trip.riders:
            assert key not in trip_of, f"{key} rides twice"
            trip_of[key] = n
            assert family_of[key].school == trip.school
            assert family_of[key].township == point[trip.point].township
    assert set(trip_of) == set(family_of), "someone is left behind"
    for fam in families:
        assert len({trip_of[m] for m in fam.members}) == 1, f"family {fam.members} split"
    for pid, n in at_point.items():
        assert n <= point[pid].capacity
    for vehicle, ws in waves.items():
        assert len(ws) == len(set(ws)) <= max_trips, f"vehicle {vehicle} twice in a wave"
    assert plan.buses_used == len(waves)
    assert plan.trips_used == len(plan.trips)
    assert plan.objective is not None and plan.gap is not None and 0 <= plan.gap < 1


def check_slot_plan(plan: SlotPlan, classes, gates, slot_minutes: int, n_slots: int) -> None:
    """Every class has one (slot, gate) in range; no (gate, slot) over per_minute × slot_minutes;
    no two grades in one (gate, slot); the reported worst load and span are the real ones."""
    assert plan.status in ("optimal", "feasible"), plan.problems
    assert set(plan.assignments) == {c.id for c in classes}
    cap = {g.name: g.per_minute * slot_minutes for g in gates}
    load: Counter[tuple[str, int]] = Counter()
    grades: dict[tuple[str, int], set[int]] = defaultdict(set)
    for c in classes:
        slot, gate = plan.assignments[c.id]
        assert 0 <= slot < n_slots and gate in cap
        load[gate, slot] += c.size
        grades[gate, slot].add(c.grade)
    for (gate, slot), n in load.items():
        assert n <= cap[gate], f"{gate} slot {slot}: {n} > {cap[gate]}"
        assert len(grades[gate, slot]) == 1, f"{gate} slot {slot} mixes grades"
    assert plan.worst_load == pytest.approx(max(n / cap[g] for (g, _), n in load.items()))
    assert plan.slots_used == max(s for s, _ in plan.assignments.values()) + 1


def singles(school: str, township: str, n: int, prefix: str) -> list[Family]:
    return [Family(school, township, (f"{prefix}{i}",)) for i in range(n)]


# ---------------------------------------------------------------- buses


def test_three_small_townships_share_one_bus():
    """20 students in each of three townships, 45-seat buses making 3 trips: one bus, three trips."""
    families = [f for t in "甲乙丙" for f in singles("一中", f"{t}镇", 20, t)]
    points = [Point(1, "甲镇", 100), Point(2, "乙镇", 100), Point(3, "丙镇", 100)]
    vehicles = [Vehicle(1, 45), Vehicle(2, 45), Vehicle(3, 45)]
    plan = plan_buses(families, points, vehicles, max_trips=3, **FAST)
    check_bus_plan(plan, families, points, vehicles, 3)
    assert plan.status == "optimal" and plan.gap == 0
    assert (plan.buses_used, plan.trips_used) == (1, 3)
    assert sorted(t.wave for t in plan.trips) == [0, 1, 2]


def test_one_trip_each_needs_the_two_big_buses():
    """100 students, one trip per vehicle: 50 + 50 seats do it, 50 + 30 do not, so two buses."""
    families = singles("一中", "甲镇", 100, "s")
    points = [Point(1, "甲镇", 1000)]
    vehicles = [Vehicle(1, 50), Vehicle(2, 30), Vehicle(3, 50)]
    plan = plan_buses(families, points, vehicles, max_trips=1, **FAST)
    check_bus_plan(plan, families, points, vehicles, 1)
    assert plan.status == "optimal"
    assert plan.buses_used == 2
    assert {t.vehicle for t in plan.trips} == {1, 3}


@pytest.mark.parametrize(("max_trips", "buses"), [(2, 2), (3, 1)])
def test_groups_need_their_own_trips(max_trips, buses):
    """甲镇 sends 50 to 一中 and 30 to 二中, 乙镇 40 to 一中: three trips (one per school and
    township) on 55-seat buses, so two buses at two trips each, one at three."""
    families = (
        singles("一中", "甲镇", 50, "a") + singles("二中", "甲镇", 30, "b") + singles("一中", "乙镇", 40, "c")
    )
    points = [Point(1, "甲镇", 200), Point(2, "乙镇", 200)]
    vehicles = [Vehicle(1, 55), Vehicle(2, 55)]
    plan = plan_buses(families, points, vehicles, max_trips=max_trips, **FAST)
    check_bus_plan(plan, families, points, vehicles, max_trips)
    assert plan.status == "optimal"
    assert (plan.buses_used, plan.trips_used) == (buses, 3)


def test_random_county_few_hundred_students():
    rng = random.Random(20240301)
    towns = [f"{c}镇" for c in "东西南北中上"]
    families, n = [], 0
    for town in towns:
        for school in ("一中", "二中"):
            for _ in range(rng.randint(5, 30)):
                size = rng.choices((1, 2, 3), (90, 8, 2))[0]
                families.append(Family(school, town, tuple(f"s{n + i}" for i in range(size))))
                n += size
    per_town = Counter()
    for f in families:
        per_town[f.township] += len(f.members)
    points, pid = [], 0
    for town in towns:
        first = math.ceil(per_town[town] * rng.uniform(0.4, 0.8))
        for cap in (first, per_town[town] - first + rng.randint(0, 10)):
            pid += 1
            points.append(Point(pid, town, cap))
    vehicles = [Vehicle(i, rng.randint(20, 40)) for i in range(1, 16)]
    assert 200 <= n <= 500
    plan = plan_buses(families, points, vehicles, max_trips=3, **FAST)
    check_bus_plan(plan, families, points, vehicles, 3)
    assert plan.status == "optimal"  # proven well within the limit (about 0.1 s)
    # Independent lower bound: each (school, township) needs ceil(students / biggest bus) trips.
    groups = Counter()
    for f in families:
        groups[f.school, f.township] += len(f.members)
    least = sum(math.ceil(g / max(v.seats for v in vehicles)) for g in groups.values())
    assert plan.buses_used >= math.ceil(least / 3)
    assert plan.heuristic_buses is not None and plan.buses_used <= plan.heuristic_buses


def test_siblings_ride_together():
    families = [
        Family("一中", "甲镇", ("a1", "a2", "a3")),
        Family("一中", "甲镇", ("b1", "b2")),
        Family("一中", "甲镇", ("c1", "c2")),
        *singles("一中", "甲镇", 9, "s"),
        Family("二中", "甲镇", ("d1", "d2", "d3")),
        *singles("二中", "甲镇", 2, "t"),
    ]
    points = [Point(1, "甲镇", 20), Point(2, "甲镇", 10)]
    vehicles = [Vehicle(1, 4), Vehicle(2, 5), Vehicle(3, 4)]
    plan = plan_buses(families, points, vehicles, max_trips=3, **FAST)
    check_bus_plan(plan, families, points, vehicles, 3)


def test_pairs_on_a_three_seat_bus_take_a_trip_each():
    """Six seats over two trips would hold six students, but not three pairs: three trips."""
    families = [Family("一中", "甲镇", (f"a{i}", f"b{i}")) for i in range(3)]
    points, vehicles = [Point(1, "甲镇", 10)], [Vehicle(7, 3)]
    plan = plan_buses(families, points, vehicles, max_trips=3, **FAST)
    check_bus_plan(plan, families, points, vehicles, 3)
    assert (plan.buses_used, plan.trips_used) == (1, 3)


def test_point_capacities_split_a_township():
    """60 students of 甲镇 but points of 30 and 40, shared with 20 students of another school."""
    families = singles("一中", "甲镇", 60, "a") + singles("二中", "甲镇", 10, "b")
    points = [Point(1, "甲镇", 30), Point(2, "甲镇", 40)]
    vehicles = [Vehicle(1, 50), Vehicle(2, 50), Vehicle(3, 50)]
    plan = plan_buses(families, points, vehicles, max_trips=3, **FAST)
    check_bus_plan(plan, families, points, vehicles, 3)
    at = Counter()
    for t in plan.trips:
        at[t.point] += len(t.riders)
    assert at[1] <= 30 and at[2] <= 40 and at[1] + at[2] == 70


def test_same_input_same_plan():
    families = singles("一中", "甲镇", 70, "a") + singles("二中", "乙镇", 30, "b")
    points = [Point(2, "乙镇", 50), Point(1, "甲镇", 100)]
    vehicles = [Vehicle(3, 45), Vehicle(1, 45), Vehicle(2, 30)]
    one = plan_buses(families, points, vehicles, **FAST)
    two = plan_buses(list(reversed(families)), list(reversed(points)), list(reversed(vehicles)), **FAST)
    assert one.trips == two.trips


def test_nobody_to_carry_is_an_empty_optimal_plan():
    plan = plan_buses([], [], [], **FAST)
    assert (plan.status, plan.trips, plan.buses_used) == ("optimal", [], 0)


BASE = singles("一中", "甲镇", 20, "s")


@pytest.mark.parametrize(
    ("families", "points", "vehicles", "max_trips", "message"),
    [
        (BASE, [Point(1, "甲镇", 50)], [Vehicle(1, 45), Vehicle(2, 0)], 3, "车辆 2 座位数为 0，须至少 1 座"),
        (
            BASE + singles("一中", "乙镇", 5, "b"),
            [Point(1, "甲镇", 50)],
            [Vehicle(1, 45)],
            3,
            "乙镇有 5 名返校学生，但没有集合点",
        ),
        (
            BASE,
            [Point(1, "甲镇", 50), Point(2, "甲镇", -1)],
            [Vehicle(1, 45)],
            3,
            "集合点 2（甲镇）容量为 -1，不能为负数",
        ),
        (
            BASE,
            [Point(1, "甲镇", 6), Point(2, "甲镇", 4)],
            [Vehicle(1, 45)],
            3,
            "甲镇的集合点共可容纳 10 人，少于返校学生 20 人",
        ),
        (BASE, [Point(1, "甲镇", 50)], [Vehicle(1, 6)], 3, "需要至少 20 个座位·趟次，现有 18"),
        (
            [Family("一中", "甲镇", ("a", "b", "c"))],
            [Point(1, "甲镇", 50)],
            [Vehicle(1, 2)],
            3,
            "学生 a、b、c 须同乘一车（3 人），但最大的车只有 2 座",
        ),
        (BASE, [Point(1, "甲镇", 50)], [], 3, "没有可用车辆，无法运送 20 名返校学生"),
        (
            singles("一中", "甲镇", 1, "a")
            + singles("一中", "乙镇", 1, "b")
            + singles("一中", "丙镇", 1, "c"),
            [Point(1, "甲镇", 5), Point(2, "乙镇", 5), Point(3, "丙镇", 5)],
            [Vehicle(1, 45)],
            2,
            "需要至少 3 趟次",
        ),
        (BASE, [Point(1, "甲镇", 50)], [Vehicle(1, 45)], 0, "每车最多趟数为 0，须至少 1 趟"),
    ],
)
def test_infeasible_inputs_say_why_and_plan_nothing(families, points, vehicles, max_trips, message):
    plan = plan_buses(families, points, vehicles, max_trips=max_trips, **FAST)
    assert plan.status == "infeasible"
    assert any(message in p for p in plan.problems), plan.problems
    assert (plan.trips, plan.buses_used, plan.trips_used) == ([], 0, 0)


def test_every_problem_is_reported_at_once():
    families = BASE + singles("一中", "乙镇", 5, "b")
    plan = plan_buses(families, [Point(1, "甲镇", 10)], [Vehicle(1, 45), Vehicle(2, 0)], **FAST)
    assert plan.status == "infeasible" and plan.trips == []
    text = "\n".join(plan.problems)
    for message in (
        "车辆 2 座位数为 0",
        "乙镇有 5 名返校学生，但没有集合点",
        "甲镇的集合点共可容纳 10 人，少于返校学生 20 人",
    ):
        assert message in text


def test_infeasible_only_the_solver_can_tell():
    """Capacities add up (4 places, 4 students) but the two pairs cannot both find two places."""
    families = [Family("一中", "甲镇", ("a1", "a2")), Family("二中", "甲镇", ("b1", "b2"))]
    points = [Point(1, "甲镇", 3), Point(2, "甲镇", 1)]
    plan = plan_buses(families, points, [Vehicle(1, 45)], **FAST)
    assert plan.status == "infeasible" and plan.trips == []
    assert "无法同时满足集合点容量、车辆座位和趟次的要求" in plan.problems[0]


# ---------------------------------------------------------------- slots


def test_slot_plan_small_and_exact():
    """Four classes of 30 at one gate of 100 per slot: alone in a slot each is the least crowded
    (0.3), and they take the first four slots."""
    classes = [ClassIn(i, 1, 30) for i in range(4)]
    gates = [GateIn("东门", 10)]
    plan = plan_slots(classes, gates, slot_minutes=10, n_slots=12, **FAST)
    check_slot_plan(plan, classes, gates, 10, 12)
    assert plan.status == "optimal"
    assert plan.worst_load == pytest.approx(0.3)
    assert sorted(s for s, _ in plan.assignments.values()) == [0, 1, 2, 3]


def test_grades_never_share_a_gate_and_slot():
    """Two slots, one roomy gate, two grades: each grade gets a slot of its own (load 0.4)."""
    classes = [ClassIn(1, 1, 20), ClassIn(2, 1, 20), ClassIn(3, 2, 20), ClassIn(4, 2, 20)]
    gates = [GateIn("正门", 10)]
    plan = plan_slots(classes, gates, slot_minutes=10, n_slots=2, **FAST)
    check_slot_plan(plan, classes, gates, 10, 2)
    assert plan.status == "optimal" and plan.worst_load == pytest.approx(0.4)
    slot = {cid: s for cid, (s, _) in plan.assignments.items()}
    assert slot[1] == slot[2] != slot[3] == slot[4]


def test_slot_plan_for_a_school():
    rng = random.Random(7)
    classes = [ClassIn(i, 1 + i % 3, rng.randint(35, 55)) for i in range(30)]
    gates = [GateIn("东门", 20), GateIn("西门", 15), GateIn("南门", 8)]
    plan = plan_slots(classes, gates, slot_minutes=10, n_slots=12, time_limit=3.0, workers=2)
    check_slot_plan(plan, classes, gates, 10, 12)
    assert plan.bound is not None and plan.bound <= plan.objective


@pytest.mark.parametrize(
    ("classes", "gates", "n_slots", "message"),
    [
        (
            [ClassIn(9, 1, 120)],
            [GateIn("东门", 10)],
            12,
            "班级 9（1 年级）有 120 人，超过任一校门一个时段（10 分钟）最多通行的 100 人",
        ),
        ([ClassIn(1, 1, 30)], [], 12, "没有校门"),
        (
            [ClassIn(1, 1, 30)],
            [GateIn("东门", 10), GateIn("西门", 0)],
            12,
            "校门“西门”每分钟通行 0 人，须至少 1 人",
        ),
        ([ClassIn(1, 1, 30), ClassIn(2, 2, 30), ClassIn(3, 3, 30)], [GateIn("东门", 10)], 2, "至少需要 3 个"),
        ([ClassIn(1, 1, 30)], [GateIn("东门", 10)], 0, "可用到校时段为 0 个，须至少 1 个"),
        # passes the counting checks (2 cells, 180 ≤ 200) but three classes of 60 need three
        (
            [ClassIn(i, 1, 60) for i in range(3)],
            [GateIn("东门", 10)],
            2,
            "无法在校门通行能力内让各年级错开到校",
        ),
    ],
)
def test_infeasible_slot_inputs(classes, gates, n_slots, message):
    plan = plan_slots(classes, gates, slot_minutes=10, n_slots=n_slots, **FAST)
    assert plan.status == "infeasible"
    assert any(message in p for p in plan.problems), plan.problems
    assert plan.assignments == {} and plan.worst_load is None
