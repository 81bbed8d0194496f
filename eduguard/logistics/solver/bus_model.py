"""The CP-SAT model of the bus plan, in counts (see `bus_aggregate`), with its objective.

Besides the constraints that define a plan, it carries redundant ones that only tighten the LP
bound (each group's least trips, and those of a township's groups together, found exactly by
`_township_least`), so that the reported gap means something. `Model.hint` seeds it with the greedy
start, `Model.read` reads a solved model back into counts.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from eduguard.logistics.solver.bus_aggregate import Route, Solution, VehicleType, by_group


def _weights(types: list[VehicleType], max_trips: int) -> tuple[int, int]:
    """Weights that make one objective lexicographic: one bus outweighs any number of trips, one
    trip any number of empty seats (each weight exceeds the largest possible total of the terms
    below it). For 1,000 vehicles of 55 seats this stays near 5·10^11, far inside int64."""
    most_seats = max_trips * sum(kind.seats * len(kind.vehicles) for kind in types)
    most_trips = max_trips * sum(len(kind.vehicles) for kind in types)
    per_trip = most_seats + 1
    per_bus = (most_trips + 1) * per_trip
    return per_bus, per_trip


def objective_of(sol: Solution, routes: list[Route], types: list[VehicleType], max_trips: int) -> float:
    """The model's objective for a solution (used for the greedy start)."""
    per_bus, per_trip = _weights(types, max_trips)
    empty = sum(types[t].seats * n for (_, t), n in sol.k.items()) - sum(sol.y)
    return float(per_bus * sum(sol.u) + per_trip * sum(sol.k.values()) + empty)


@dataclass
class Model:
    """The CP-SAT model and its variables, named as the fields of `Solution`."""

    model: cp_model.CpModel
    y: list[cp_model.IntVar]
    f: dict[tuple[int, int], cp_model.IntVar]
    k: dict[tuple[int, int], cp_model.IntVar]
    u: list[cp_model.IntVar]

    def hint(self, start: Solution) -> None:
        for i, var in enumerate(self.y):
            self.model.add_hint(var, start.y[i])
        for key, var in self.f.items():
            self.model.add_hint(var, start.f.get(key, 0))
        for key, var in self.k.items():
            self.model.add_hint(var, start.k.get(key, 0))
        for t, var in enumerate(self.u):
            self.model.add_hint(var, start.u[t])

    def read(self, solver: cp_model.CpSolver) -> Solution:
        return Solution(
            y=[solver.value(v) for v in self.y],
            f={key: solver.value(v) for key, v in self.f.items()},
            k={key: solver.value(v) for key, v in self.k.items()},
            u=[solver.value(v) for v in self.u],
        )


def build_model(routes: list[Route], types: list[VehicleType], max_trips: int) -> Model:
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
    for mine in by_group(routes):
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
            carry = r.carry(kind)
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
    for g, mine in enumerate(by_group(routes)):
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
    return Model(m, y, f, k, u)


def _township_least(routes: list[Route], seats: int) -> list[tuple[int, list[int]]]:
    """Least trips of a township's groups together, with their group indices, where that is more
    than the sum of the groups' own least: groups sharing small points may have to split, and a
    group at n points runs at least n trips, which the LP cannot see. Found exactly, over every
    choice of the points each group uses (feasible when every set of groups fits in the points
    it may use: Hall's condition, families taken as divisible), so only for townships with few
    groups and points; that is nearly all of them."""
    towns: dict[str, list[int]] = defaultdict(list)
    groups = [routes[mine[0]].group for mine in by_group(routes)]
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
