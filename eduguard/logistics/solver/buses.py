"""Who rides which bus from which gathering point (错峰返校, the bus part).

Senior-high students gather at a point in their household-registration township and ride
point-to-point buses to their school. A vehicle runs in waves: up to `max_trips` trips a day, each
trip one vehicle, one point, one school. Siblings ride together. Fewest buses first, then fewest
trips, then fewest empty seats.

The CP-SAT model is aggregate, so it has no symmetry to wade through: vehicles with the same seat
count are one *type* with a count, and the solver only decides how many trips of each type run on
each route (point → school) and how many students (and families of each size) go to each route.
Concrete vehicles, waves and riders are derived afterwards, and that derivation provably always
succeeds (see `bus_model.build_model`), so a solved model is always a complete plan.

This module holds the inputs and the plan, `plan_buses` and that last derivation. The rest:
`bus_checks` (what makes the input impossible, in Chinese), `bus_aggregate` (groups, routes,
vehicle types and counts), `bus_greedy` (the start solution) and `bus_model` (the CP-SAT model).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from eduguard.logistics.solver.bus_aggregate import (
    Route,
    Solution,
    VehicleType,
    by_group,
    groups,
    vehicle_types,
)
from eduguard.logistics.solver.bus_checks import find_problems
from eduguard.logistics.solver.bus_greedy import greedy
from eduguard.logistics.solver.bus_model import build_model, objective_of

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


def _trips(sol: Solution, routes: list[Route], types: list[VehicleType], max_trips: int) -> list[TripOut]:
    """Concrete trips from the counts: each type's trips go round its first vehicles wave by wave
    (so no vehicle has two trips in one wave, none more than `max_trips`), then each route's
    families are packed into its trips, largest first, first fit (never stuck, see
    `bus_model.build_model`)."""
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
    for mine in by_group(routes):
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
    problems = find_problems(families, points, vehicles, max_trips)
    if problems:
        return _plan(INFEASIBLE, problems, started)
    if not families:
        return _plan(OPTIMAL, [], started, heuristic_buses=0, objective=0.0, bound=0.0, gap=0.0)
    routes = [Route(p, g) for g in groups(families) for p in points if p.township == g.township]
    types = vehicle_types(vehicles)
    start = greedy(routes, types, max_trips)
    model = build_model(routes, types, max_trips)
    if start is not None:
        model.hint(start)
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
        sol = model.read(solver)
        objective, bound = solver.objective_value, solver.best_objective_bound
        status = OPTIMAL if code == cp_model.OPTIMAL else FEASIBLE
    elif code == cp_model.UNKNOWN and start is not None:
        # CP-SAT ran out of time before even taking up the hint: the greedy plan is still a plan.
        sol, objective, bound, status = start, objective_of(start, routes, types, max_trips), None, FEASIBLE
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
