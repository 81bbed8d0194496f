"""Who rides which bus from which gathering point (错峰返校, the bus part).

Senior-high students gather at a point in their household-registration township and ride
point-to-point buses to their school. A vehicle runs in waves: up to `max_trips` trips a day, each
trip one vehicle, one point, one school. Siblings ride together. Fewest buses first, then fewest
trips, then fewest empty seats.

The CP-SAT model is aggregate, so it has no symmetry to wade through: vehicles with the same seat
count are one *type* with a count, and the solver only decides how many trips of each type run on
each route (point → school) and how many students (and families of each size) go to each route.
Concrete vehicles, waves and riders are derived afterwards, and that derivation provably always
succeeds (see `_model`), so a solved model is always a complete plan.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

OPTIMAL, FEASIBLE, INFEASIBLE = "optimal", "feasible", "infeasible"


@dataclass(frozen=True)
class Family:
    """Students who must ride together (siblings); most families have one member."""

    school: str  # school key
    township: str  # household-registration township
    members: tuple[str, ...]  # student keys (non-empty)


@dataclass(frozen=True)
class Point:
    """A gathering point in a township; `capacity` is the most students it takes over the day."""

    id: int
    township: str
    capacity: int


@dataclass(frozen=True)
class Vehicle:
    id: int
    seats: int


@dataclass
class TripOut:
    """One trip of the plan: `vehicle` leaves `point` for `school` in wave `wave` (0, 1, …)."""

    vehicle: int
    wave: int
    point: int
    school: str
    riders: list[str]


@dataclass
class BusPlan:
    status: str  # "optimal" | "feasible" | "infeasible"
    problems: list[str]  # plain Chinese sentences, each naming what cannot be satisfied
    trips: list[TripOut]
    buses_used: int  # distinct vehicles used
    trips_used: int
    heuristic_buses: int | None  # buses of the greedy start solution
    objective: float | None
    bound: float | None
    gap: float | None  # (objective - bound) / objective, 0 when optimal
    seconds: float


@dataclass
class _Group:
    """The students of one school from one township: they share the routes of that township."""

    school: str
    township: str
    families: list[Family]
    students: int = field(init=False)
    largest: int = field(init=False)  # the largest family
    siblings: int = field(init=False)  # students in families of two or more

    def __post_init__(self) -> None:
        self.students = sum(len(f.members) for f in self.families)
        self.largest = max(len(f.members) for f in self.families)
        self.siblings = sum(len(f.members) for f in self.families if len(f.members) > 1)

    def count(self, size: int) -> int:
        return sum(1 for f in self.families if len(f.members) == size)

    @property
    def big_sizes(self) -> list[int]:
        """Family sizes above one: only these need their own variables (singles fill the rest)."""
        return sorted({len(f.members) for f in self.families if len(f.members) > 1})

    def least_trips(self, seats: int) -> int:
        """Trips the group needs at least with buses of `seats` (both route constraints of `_model`)."""
        return max(math.ceil(self.students / seats), math.ceil(self.siblings / (seats - self.largest + 1)))


@dataclass(frozen=True)
class _Route:
    point: Point
    group: _Group


@dataclass(frozen=True)
class _Type:
    """Vehicles with the same seat count: interchangeable, so the model counts them."""

    seats: int
    vehicles: tuple[int, ...]  # ids, ascending


@dataclass
class _Solution:
    """Values of the aggregate model (from CP-SAT or from the greedy start)."""

    y: list[int]  # students per route
    f: dict[tuple[int, int], int]  # (route, family size > 1) -> families
    k: dict[tuple[int, int], int]  # (route, type) -> trips
    u: list[int]  # vehicles used per type


def _place(township: str) -> str:
    return township or "（未登记户籍乡镇）"


def _names(family: Family) -> str:
    return "、".join(family.members)


def _problems(
    families: list[Family], points: list[Point], vehicles: list[Vehicle], max_trips: int
) -> list[str]:
    """Everything about the input that makes a plan impossible, found without the solver.

    The seat and trip counts are necessary conditions (lower bounds of the model below), so a
    county that is short of buses is told by how much instead of "no solution"."""
    problems: list[str] = []
    if max_trips < 1:
        problems.append(f"每车最多趟数为 {max_trips}，须至少 1 趟")
    for v in vehicles:
        if v.seats < 1:
            problems.append(f"车辆 {v.id} 座位数为 {v.seats}，须至少 1 座")
    for p in points:
        if p.capacity < 0:
            problems.append(f"集合点 {p.id}（{_place(p.township)}）容量为 {p.capacity}，不能为负数")
    for vid, n in sorted(Counter(v.id for v in vehicles).items()):
        if n > 1:
            problems.append(f"车辆 {vid} 重复登记 {n} 次")
    for pid, n in sorted(Counter(p.id for p in points).items()):
        if n > 1:
            problems.append(f"集合点 {pid} 重复登记 {n} 次")
    seen: set[str] = set()
    for fam in families:
        if not fam.members:
            problems.append(f"{_place(fam.township)}有一户返校学生名单为空")
        for key in fam.members:
            if key in seen:
                problems.append(f"学生 {key} 在多户中重复出现")
            seen.add(key)
    students: Counter[str] = Counter()
    for fam in families:
        students[fam.township] += len(fam.members)
    capacity: Counter[str] = Counter()
    biggest_point: dict[str, int] = {}
    for p in points:
        if p.capacity >= 0:
            capacity[p.township] += p.capacity
            biggest_point[p.township] = max(biggest_point.get(p.township, 0), p.capacity)
    for township, n in sorted(students.items()):
        if township not in biggest_point:
            problems.append(f"{_place(township)}有 {n} 名返校学生，但没有集合点")
        elif capacity[township] < n:
            problems.append(
                f"{_place(township)}的集合点共可容纳 {capacity[township]} 人，少于返校学生 {n} 人"
            )
    for fam in families:
        cap = biggest_point.get(fam.township)
        if cap is not None and len(fam.members) > cap:
            problems.append(
                f"学生 {_names(fam)} 须在同一集合点同车（{len(fam.members)} 人），"
                f"但{_place(fam.township)}最大的集合点只能容纳 {cap} 人"
            )
    total = sum(students.values())
    if not total:
        return problems
    if not vehicles:
        problems.append(f"没有可用车辆，无法运送 {total} 名返校学生")
        return problems
    seats = [v.seats for v in vehicles if v.seats >= 1]
    if not seats or max_trips < 1:
        return problems
    largest = max(seats)
    for fam in families:
        if len(fam.members) > largest:
            problems.append(
                f"学生 {_names(fam)} 须同乘一车（{len(fam.members)} 人），但最大的车只有 {largest} 座"
            )
    # Even on the largest buses every (school, township) needs its least trips, and every trip
    # of a group with siblings leaves the slack of `_model`: hence seat-trips and trips needed.
    need_seats = need_trips = 0
    for group in _groups([f for f in families if f.members]):
        if group.largest <= largest:
            trips = group.least_trips(largest)
            need_trips += trips
            need_seats += max(group.students, group.siblings + trips * (group.largest - 1))
    have_seats, have_trips = sum(seats) * max_trips, len(seats) * max_trips
    if need_seats > have_seats:
        problems.append(
            f"需要至少 {need_seats} 个座位·趟次，现有 {have_seats}"
            f"（{total} 名学生，含兄弟姐妹同车所需余量；{len(seats)} 辆车 × 每车最多 {max_trips} 趟）"
        )
    if need_trips > have_trips:
        problems.append(
            f"需要至少 {need_trips} 趟次（每所学校与每个乡镇之间至少一趟），"
            f"现有 {len(seats)} 辆车 × 每车最多 {max_trips} 趟 = {have_trips} 趟次"
        )
    return problems


def _groups(families: list[Family]) -> list[_Group]:
    by_key: dict[tuple[str, str], list[Family]] = defaultdict(list)
    for fam in families:
        by_key[fam.school, fam.township].append(fam)
    return [_Group(school, township, fams) for (school, township), fams in sorted(by_key.items())]


def _types(vehicles: list[Vehicle]) -> list[_Type]:
    """Vehicle types, biggest first."""
    by_seats: dict[int, list[int]] = defaultdict(list)
    for v in vehicles:
        by_seats[v.seats].append(v.id)
    return [_Type(seats, tuple(sorted(ids))) for seats, ids in sorted(by_seats.items(), reverse=True)]


def _by_group(routes: list[_Route]) -> list[list[int]]:
    """Route indices of each group, in route order (routes are built group by group)."""
    by_group: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(routes):
        by_group[id(r.group)].append(i)
    return list(by_group.values())


def _carry(route: _Route, kind: _Type) -> int:
    """What a trip of `kind` counts for against the siblings of `route`: its seats less the slack."""
    return kind.seats - (route.group.largest - 1)


def _greedy(routes: list[_Route], types: list[_Type], max_trips: int) -> _Solution | None:
    """A quick start for CP-SAT (and the `heuristic_buses` figure); None when it gets stuck
    (CP-SAT then starts from nothing). Groups that must split between points split in whole bus
    loads; which bus size makes "a load" depends on the fleet, so a few sizes (quartiles of the
    fleet's seats) are tried and the cheapest start is kept (each try takes milliseconds)."""
    seats = sorted(kind.seats for kind in types for _ in kind.vehicles)
    loads = sorted({seats[len(seats) * q // 4] for q in (1, 2, 3)} | {seats[-1]})
    found = [s for s in (_greedy_with(routes, types, max_trips, load) for load in loads) if s is not None]
    return min(found, key=lambda s: _objective(s, routes, types, max_trips), default=None)


def _greedy_with(routes: list[_Route], types: list[_Type], max_trips: int, load: int) -> _Solution | None:
    """One greedy start. Students go to points by `_quotas`, whole families to the route with the
    most quota left. Then each route, those needing the fullest trips first, needs at least m
    trips even on the biggest bus left, and each trip takes the smallest bus that keeps m trips
    enough, so big buses stay free for the routes that need them."""
    quota = _quotas(routes, load)
    if quota is None:
        return None
    left = {r.point.id: r.point.capacity for r in routes}
    y = [0] * len(routes)
    siblings = [0] * len(routes)
    f: dict[tuple[int, int], int] = defaultdict(int)
    for mine in _by_group(routes):
        for fam in sorted(routes[mine[0]].group.families, key=lambda fam: -len(fam.members)):
            n = len(fam.members)
            fits = [i for i in mine if left[routes[i].point.id] >= n]
            if not fits:
                return None
            i = max(fits, key=lambda i: (quota[i] >= n, quota[i], -i))
            quota[i] -= n
            left[routes[i].point.id] -= n
            y[i] += n
            if n > 1:
                f[i, n] += 1
                siblings[i] += n

    def least(i: int, kind: _Type) -> int:
        """Trips route i needs at least with buses of `kind` only."""
        return max(math.ceil(y[i] / kind.seats), math.ceil(siblings[i] / _carry(routes[i], kind)))

    left_trips = [max_trips * len(kind.vehicles) for kind in types]
    k: dict[tuple[int, int], int] = defaultdict(int)
    fullest = [math.ceil(y[i] / least(i, types[0])) if y[i] else 0 for i in range(len(routes))]
    for i in sorted(range(len(routes)), key=lambda i: (-fullest[i], i)):
        need, need_siblings = y[i], siblings[i]
        while need > 0 or need_siblings > 0:
            usable = [t for t, kind in enumerate(types) if left_trips[t] and _carry(routes[i], kind) > 0]
            if not usable:
                return None
            big = types[usable[0]]  # types run biggest first
            m = max(math.ceil(need / big.seats), math.ceil(need_siblings / _carry(routes[i], big)), 1)
            t = min(
                (
                    t
                    for t in usable
                    if types[t].seats * m >= need and _carry(routes[i], types[t]) * m >= need_siblings
                ),
                key=lambda t: (types[t].seats, t),
            )
            left_trips[t] -= 1
            need -= types[t].seats
            need_siblings -= _carry(routes[i], types[t])
            k[i, t] += 1
    u = [math.ceil(sum(n for (_, t), n in k.items() if t == tt) / max_trips) for tt in range(len(types))]
    return _Solution(y, dict(f), dict(k), u)


def _quotas(routes: list[_Route], load: int) -> dict[int, int] | None:
    """Students per route for the greedy start. The groups of one township share its points, and
    the order in which they take them decides how many groups must split (a split costs a
    part-filled trip), so for each township a few orders are tried, each group taking points by
    `_split`, and the one with the fewest trips of `load` seats is kept."""
    by_town: dict[str, list[list[int]]] = defaultdict(list)
    for mine in _by_group(routes):
        by_town[routes[mine[0]].group.township].append(mine)
    quota: dict[int, int] = {}
    for groups in by_town.values():
        best: tuple[int, dict[int, int]] | None = None
        for order in itertools.islice(itertools.permutations(groups), 24):
            room = {routes[i].point.id: routes[i].point.capacity for mine in groups for i in mine}
            trial: dict[int, int] = {}
            for mine in order:
                share = _split(
                    routes[mine[0]].group.students, {i: room[routes[i].point.id] for i in mine}, load
                )
                if share is None:
                    break
                for i, n in share.items():
                    room[routes[i].point.id] -= n
                trial |= share
            else:
                cost = sum(math.ceil(n / load) for n in trial.values())
                if best is None or cost < best[0]:
                    best = (cost, trial)
        if best is None:
            return None
        quota |= best[1]
    return quota


def _split(students: int, room: dict[int, int], load: int) -> dict[int, int] | None:
    """How many of a group's students each of its routes gets: all on the tightest route that
    takes them all, else the roomiest routes first, each a whole number of bus loads while more
    remain, so only the last route has a part-filled trip. None when they do not fit."""
    whole = [i for i, r in room.items() if r >= students]
    if whole:
        best = min(whole, key=lambda i: (room[i], i))
        return {i: students if i == best else 0 for i in room}
    quota = dict.fromkeys(room, 0)
    rest = students
    roomiest = sorted(room, key=lambda i: (-room[i], i))
    for i in roomiest:
        take = min(rest, room[i] if room[i] < load else room[i] // load * load)
        quota[i], rest = take, rest - take
    for i in roomiest:  # what the rounding left over
        take = min(rest, room[i] - quota[i])
        quota[i], rest = quota[i] + take, rest - take
    return None if rest else quota


def _weights(types: list[_Type], max_trips: int) -> tuple[int, int]:
    """Weights that make one objective lexicographic: one bus outweighs any number of trips, one
    trip any number of empty seats (each weight exceeds the largest possible total of the terms
    below it). For 1,000 vehicles of 55 seats this stays near 5·10^11, far inside int64."""
    most_seats = max_trips * sum(kind.seats * len(kind.vehicles) for kind in types)
    most_trips = max_trips * sum(len(kind.vehicles) for kind in types)
    per_trip = most_seats + 1
    per_bus = (most_trips + 1) * per_trip
    return per_bus, per_trip


def _objective(sol: _Solution, routes: list[_Route], types: list[_Type], max_trips: int) -> float:
    """The model's objective for a solution (used for the greedy start)."""
    per_bus, per_trip = _weights(types, max_trips)
    empty = sum(types[t].seats * n for (_, t), n in sol.k.items()) - sum(sol.y)
    return float(per_bus * sum(sol.u) + per_trip * sum(sol.k.values()) + empty)


@dataclass
class _Model:
    model: cp_model.CpModel
    y: list[cp_model.IntVar]
    f: dict[tuple[int, int], cp_model.IntVar]
    k: dict[tuple[int, int], cp_model.IntVar]
    u: list[cp_model.IntVar]


def _model(routes: list[_Route], types: list[_Type], max_trips: int) -> _Model:
    """The aggregate model.

    Sibling slack. A route with n trips carries y students, of whom B are in families of two or
    more, the largest of F. It gets seats ≥ y, and seats − n·(F − 1) ≥ B. Then packing whole
    families into its trips, largest family first, each into the first trip with room, never
    gets stuck: a single finds room since there are at least y seats; a family of s ≥ 2 finds no
    room only if every trip has at most s − 1 ≤ F − 1 seats free, i.e. more than seats − n·(F − 1)
    ≥ B seats are taken, yet so far only other families of two or more sit, fewer than B students.
    So the counts always turn into concrete rides, families never split. This is the "seats ≥
    y + n·(F − 1)" slack, but only for the siblings: with 5 % of students in pairs it costs about
    nothing, where the plain form would cost a seat on every trip of most routes."""
    m = cp_model.CpModel()
    y = [m.new_int_var(0, min(r.group.students, r.point.capacity), f"y{i}") for i, r in enumerate(routes)]
    f: dict[tuple[int, int], cp_model.IntVar] = {}
    k: dict[tuple[int, int], cp_model.IntVar] = {}
    for mine in _by_group(routes):
        group = routes[mine[0]].group
        m.add(sum(y[i] for i in mine) == group.students)
        for size in group.big_sizes:
            count = group.count(size)
            for i in mine:
                f[i, size] = m.new_int_var(0, count, f"f{i}_{size}")
            m.add(sum(f[i, size] for i in mine) == count)
    at_point: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(routes):
        at_point[r.point.id].append(i)
    for mine in at_point.values():
        m.add(sum(y[i] for i in mine) <= routes[mine[0]].point.capacity)
    on_route: dict[int, list[cp_model.IntVar]] = {}
    for i, r in enumerate(routes):
        most = min(r.group.students, r.point.capacity)
        siblings = sum(size * f[i, size] for size in r.group.big_sizes)
        seats, carried, on_route[i] = [], [], []
        for t, kind in enumerate(types):
            carry = _carry(r, kind)
            if carry <= 0:
                continue  # too small for the largest family: leave it to other routes
            # More trips of one type than it alone would need is never optimal: drop one.
            need = max(math.ceil(most / kind.seats), math.ceil(min(most, r.group.siblings) / carry))
            k[i, t] = m.new_int_var(0, min(max_trips * len(kind.vehicles), need), f"k{i}_{t}")
            on_route[i].append(k[i, t])
            seats.append(kind.seats * k[i, t])
            carried.append(carry * k[i, t])
        m.add(sum(seats) >= y[i])
        if r.group.big_sizes:
            m.add(sum(size * f[i, size] for size in r.group.big_sizes) <= y[i])
            m.add(sum(carried) >= siblings)
    u = [m.new_int_var(0, len(kind.vehicles), f"u{t}") for t, kind in enumerate(types)]
    for t in range(len(types)):
        m.add(sum(var for (_, tt), var in k.items() if tt == t) <= max_trips * u[t])
    # Redundant, for the bound: a group needs its least trips even on the biggest bus, the groups
    # of a township sharing small points may need more (`_township_least`), and the fleet needs
    # at least ceil(trips / max_trips) buses. The LP alone sees fractions of trips, and without
    # these its bound sits near students / seats. The group totals are integer variables of
    # their own, so that presolve keeps them (and the LP sees them) rather than making clauses.
    fleet = sum(len(kind.vehicles) for kind in types)
    trips_of = []
    for g, mine in enumerate(_by_group(routes)):
        least = routes[mine[0]].group.least_trips(types[0].seats)
        trips_of.append(m.new_int_var(least, max_trips * fleet, f"t{g}"))
        m.add(trips_of[g] == sum(var for i in mine for var in on_route[i]))
    for at_least, which in _township_least(routes, types[0].seats):
        m.add(sum(trips_of[g] for g in which) >= at_least)
    trips = m.new_int_var(0, max_trips * fleet, "trips")
    m.add(trips == sum(trips_of))
    buses = m.new_int_var(0, fleet, "buses")
    m.add(buses == sum(u))
    m.add(max_trips * buses >= trips)
    per_bus, per_trip = _weights(types, max_trips)
    empty = sum(types[t].seats * var for (_, t), var in k.items()) - sum(y)
    m.minimize(per_bus * buses + per_trip * trips + empty)
    return _Model(m, y, f, k, u)


def _township_least(routes: list[_Route], seats: int) -> list[tuple[int, list[int]]]:
    """Least trips of a township's groups together, with their group indices, where that is more
    than the sum of the groups' own least: groups sharing small points may have to split, and a
    group at n points runs at least n trips, which the LP cannot see. Found exactly, over every
    choice of the points each group uses (feasible when every set of groups fits in the points
    it may use: Hall's condition, families taken as divisible), so only for townships with few
    groups and points; that is nearly all of them."""
    towns: dict[str, list[int]] = defaultdict(list)
    groups = [routes[mine[0]].group for mine in _by_group(routes)]
    for g, group in enumerate(groups):
        towns[group.township].append(g)
    capacity = {r.point.id: r.point.capacity for r in routes}
    found = []
    for town, here in towns.items():
        points = sorted({r.point.id for r in routes if r.group.township == town})
        choices = [c for n in range(1, len(points) + 1) for c in itertools.combinations(points, n)]
        if len(choices) ** len(here) > 5000:
            continue
        least = [groups[g].least_trips(seats) for g in here]
        students = [groups[g].students for g in here]
        best = None
        for chosen in itertools.product(choices, repeat=len(here)):
            cost = sum(max(len(c), n) for c, n in zip(chosen, least, strict=True))
            if (best is None or cost < best) and _fits(students, chosen, capacity):
                best = cost
        if best is not None and best > sum(least):
            found.append((best, here))
    return found


def _fits(students: list[int], chosen: tuple[tuple[int, ...], ...], capacity: dict[int, int]) -> bool:
    """Whether groups of `students` can spread over the points `chosen` for each (Hall's condition)."""
    return all(
        sum(students[j] for j in s) <= sum(capacity[p] for p in set().union(*(chosen[j] for j in s)))
        for n in range(1, len(students) + 1)
        for s in itertools.combinations(range(len(students)), n)
    )


def _hint(model: _Model, start: _Solution) -> None:
    for i, var in enumerate(model.y):
        model.model.add_hint(var, start.y[i])
    for key, var in model.f.items():
        model.model.add_hint(var, start.f.get(key, 0))
    for key, var in model.k.items():
        model.model.add_hint(var, start.k.get(key, 0))
    for t, var in enumerate(model.u):
        model.model.add_hint(var, start.u[t])


def _trips(sol: _Solution, routes: list[_Route], types: list[_Type], max_trips: int) -> list[TripOut]:
    """Concrete trips from the counts: each type's trips go round its first vehicles wave by wave
    (so no vehicle has two trips in one wave, none more than `max_trips`), then each route's
    families are packed into its trips, largest first, first fit (never stuck, see `_model`)."""
    on_route: dict[int, list[tuple[TripOut, int]]] = defaultdict(list)
    for t, kind in enumerate(types):
        order = [i for i in range(len(routes)) for _ in range(sol.k.get((i, t), 0))]
        if not order:
            continue
        fleet = kind.vehicles[: math.ceil(len(order) / max_trips)]
        for j, i in enumerate(order):
            trip = TripOut(
                fleet[j % len(fleet)], j // len(fleet), routes[i].point.id, routes[i].group.school, []
            )
            on_route[i].append((trip, kind.seats))
    for mine in _by_group(routes):
        queues: dict[int, list[Family]] = defaultdict(list)
        for fam in routes[mine[0]].group.families:
            queues[len(fam.members)].append(fam)
        for i in mine:
            counts = {size: sol.f.get((i, size), 0) for size in queues if size > 1}
            counts[1] = sol.y[i] - sum(size * n for size, n in counts.items())
            chosen: list[Family] = []
            for size in sorted(counts, reverse=True):  # largest first, as the packing wants
                chosen += queues[size][: counts[size]]
                del queues[size][: counts[size]]
            _pack(chosen, on_route[i])
    trips = [trip for pairs in on_route.values() for trip, _ in pairs if trip.riders]
    return sorted(trips, key=lambda t: (t.wave, t.vehicle))


def _pack(families: list[Family], trips: list[tuple[TripOut, int]]) -> None:
    """Whole families, largest first, each into the first trip of the route with room."""
    free = [seats for _, seats in trips]
    for fam in families:
        n = len(fam.members)
        j = next((j for j, left in enumerate(free) if left >= n), None)
        if j is None:  # excluded by the sibling slack; reaching here is a bug, not bad input
            raise RuntimeError(f"bus plan: no seat for a family of {n} despite the sibling slack")
        trips[j][0].riders.extend(fam.members)
        free[j] -= n


def _plan(status: str, problems: list[str], started: float, **rest) -> BusPlan:
    fields = {"trips": [], "buses_used": 0, "trips_used": 0, "heuristic_buses": None}
    fields |= {"objective": None, "bound": None, "gap": None} | rest
    return BusPlan(status=status, problems=problems, seconds=time.perf_counter() - started, **fields)


def plan_buses(
    families: list[Family],
    points: list[Point],
    vehicles: list[Vehicle],
    *,
    max_trips: int = 3,
    time_limit: float = 10.0,
    workers: int = 2,
) -> BusPlan:
    """Plan the buses of one return day: fewest buses, then fewest trips, then fewest empty seats.

    Never raises on bad input: an impossible input gives status "infeasible", every problem found
    and no trips. Inputs are sorted and the solver seeded, so equal inputs give equal plans (when
    the search ends by proof rather than by the time limit)."""
    started = time.perf_counter()
    families = sorted(families, key=lambda f: (f.school, f.township, f.members))
    points = sorted(points, key=lambda p: p.id)
    vehicles = sorted(vehicles, key=lambda v: v.id)
    problems = _problems(families, points, vehicles, max_trips)
    if problems:
        return _plan(INFEASIBLE, problems, started)
    if not families:
        return _plan(OPTIMAL, [], started, heuristic_buses=0, objective=0.0, bound=0.0, gap=0.0)
    routes = [_Route(p, g) for g in _groups(families) for p in points if p.township == g.township]
    types = _types(vehicles)
    start = _greedy(routes, types, max_trips)
    model = _model(routes, types, max_trips)
    if start is not None:
        _hint(model, start)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    # The full-problem worker with the fuller LP (cuts from the clauses presolve makes of the
    # small trip counts): on these models it proves bounds the default worker does not.
    solver.parameters.subsolvers.append("max_lp")
    code = solver.solve(model.model)
    sizes = (
        f"{sum(len(f.members) for f in families)} 名学生、{len({r.point.id for r in routes})} 个集合点、"
        f"{len(vehicles)} 辆车、每车最多 {max_trips} 趟"
    )
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        sol = _Solution(
            y=[solver.value(v) for v in model.y],
            f={key: solver.value(v) for key, v in model.f.items()},
            k={key: solver.value(v) for key, v in model.k.items()},
            u=[solver.value(v) for v in model.u],
        )
        objective, bound = solver.objective_value, solver.best_objective_bound
        status = OPTIMAL if code == cp_model.OPTIMAL else FEASIBLE
    elif code == cp_model.UNKNOWN and start is not None:
        # CP-SAT ran out of time before even taking up the hint: the greedy plan is still a plan.
        sol, objective, bound, status = start, _objective(start, routes, types, max_trips), None, FEASIBLE
    elif code == cp_model.INFEASIBLE:
        return _plan(INFEASIBLE, [f"无法同时满足集合点容量、车辆座位和趟次的要求（{sizes}）"], started)
    else:
        return _plan(
            INFEASIBLE, [f"在 {time_limit:g} 秒内未找到可行的车辆安排（{sizes}），请延长求解时间"], started
        )
    trips = _trips(sol, routes, types, max_trips)
    if status == OPTIMAL:
        gap: float | None = 0.0
    elif bound is None:
        gap = None
    else:
        gap = (objective - bound) / objective if objective > 0 else 0.0
    return _plan(
        status,
        [],
        started,
        trips=trips,
        buses_used=len({t.vehicle for t in trips}),
        trips_used=len(trips),
        heuristic_buses=sum(start.u) if start is not None else None,
        objective=objective,
        bound=bound,
        gap=gap,
    )
