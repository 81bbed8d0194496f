"""The greedy start for the bus model: a plan in counts found in milliseconds.

CP-SAT takes it as a hint, so it starts from a good plan rather than from nothing, and its bus
count is reported as `heuristic_buses`. When CP-SAT runs out of time before taking up the hint,
this plan is the plan. It may get stuck (None), never wrong: every solution it returns satisfies
the constraints of `bus_model.build_model`.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

from eduguard.logistics.solver.bus_aggregate import Route, Solution, VehicleType, by_group
from eduguard.logistics.solver.bus_model import objective_of


def greedy(routes: list[Route], types: list[VehicleType], max_trips: int) -> Solution | None:
    """A quick start for CP-SAT (and the `heuristic_buses` figure); None when it gets stuck
    (CP-SAT then starts from nothing). Groups that must split between points split in whole bus
    loads; which bus size makes "a load" depends on the fleet, so a few sizes (quartiles of the
    fleet's seats) are tried and the cheapest start is kept (each try takes milliseconds)."""
    seats = sorted(kind.seats for kind in types for _ in kind.vehicles)
    loads = sorted({seats[len(seats) * q // 4] for q in (1, 2, 3)} | {seats[-1]})
    found = [s for s in (_greedy_with(routes, types, max_trips, load) for load in loads) if s is not None]
    return min(found, key=lambda s: objective_of(s, routes, types, max_trips), default=None)


def _greedy_with(routes: list[Route], types: list[VehicleType], max_trips: int, load: int) -> Solution | None:
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
    for mine in by_group(routes):
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

    def least(i: int, kind: VehicleType) -> int:
        """Trips route i needs at least with buses of `kind` only."""
        return max(math.ceil(y[i] / kind.seats), math.ceil(siblings[i] / routes[i].carry(kind)))

    left_trips = [max_trips * len(kind.vehicles) for kind in types]
    k: dict[tuple[int, int], int] = defaultdict(int)
    fullest = [math.ceil(y[i] / least(i, types[0])) if y[i] else 0 for i in range(len(routes))]
    for i in sorted(range(len(routes)), key=lambda i: (-fullest[i], i)):
        need, need_siblings = y[i], siblings[i]
        while need > 0 or need_siblings > 0:
            usable = [t for t, kind in enumerate(types) if left_trips[t] and routes[i].carry(kind) > 0]
            if not usable:
                return None
            big = types[usable[0]]  # types run biggest first
            m = max(math.ceil(need / big.seats), math.ceil(need_siblings / routes[i].carry(big)), 1)
            t = min(
                (
                    t
                    for t in usable
                    if types[t].seats * m >= need and routes[i].carry(types[t]) * m >= need_siblings
                ),
                key=lambda t: (types[t].seats, t),
            )
            left_trips[t] -= 1
            need -= types[t].seats
            need_siblings -= routes[i].carry(types[t])
            k[i, t] += 1
    u = [math.ceil(sum(n for (_, t), n in k.items() if t == tt) / max_trips) for tt in range(len(types))]
    return Solution(y, dict(f), dict(k), u)


def _quotas(routes: list[Route], load: int) -> dict[int, int] | None:
    """Students per route for the greedy start. The groups of one township share its points, and
    the order in which they take them decides how many groups must split (a split costs a
    part-filled trip), so for each township a few orders are tried, each group taking points by
    `_split`, and the one with the fewest trips of `load` seats is kept."""
    by_town: dict[str, list[list[int]]] = defaultdict(list)
    for mine in by_group(routes):
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
