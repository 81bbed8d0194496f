"""The aggregate view of the bus problem that the checks, the greedy start, the CP-SAT model and
the final trips all work in (see `buses`).

Students are taken by *group* (one school, one township), a group rides on *routes* (a gathering
point of its township → its school), and vehicles with the same seat count are one *type* with a
count. A `Solution` is the counts on that view: students and families per route, trips per route
and type, vehicles per type. A module of its own so that `buses`, `bus_checks`, `bus_greedy` and
`bus_model` share it without importing one another at run time (it takes the inputs of `buses`
for annotations only).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `buses` imports the modules that import this one
    from eduguard.logistics.solver.buses import Family, Point, Vehicle


@dataclass
class Group:
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
        """Trips the group needs at least with buses of `seats` (both route constraints of
        `bus_model.build_model`)."""
        return max(math.ceil(self.students / seats), math.ceil(self.siblings / (seats - self.largest + 1)))


@dataclass(frozen=True)
class Route:
    point: Point
    group: Group

    def carry(self, kind: VehicleType) -> int:
        """What a trip of `kind` counts for against the siblings of the route: its seats less the
        slack."""
        return kind.seats - (self.group.largest - 1)


@dataclass(frozen=True)
class VehicleType:
    """Vehicles with the same seat count: interchangeable, so the model counts them."""

    seats: int
    vehicles: tuple[int, ...]  # ids, ascending


@dataclass
class Solution:
    """Values of the aggregate model (from CP-SAT or from the greedy start)."""

    y: list[int]  # students per route
    f: dict[tuple[int, int], int]  # (route, family size > 1) -> families
    k: dict[tuple[int, int], int]  # (route, type) -> trips
    u: list[int]  # vehicles used per type


def groups(families: list[Family]) -> list[Group]:
    by_key: dict[tuple[str, str], list[Family]] = defaultdict(list)
    for fam in families:
        by_key[fam.school, fam.township].append(fam)
    return [Group(school, township, fams) for (school, township), fams in sorted(by_key.items())]


def vehicle_types(vehicles: list[Vehicle]) -> list[VehicleType]:
    """Vehicle types, biggest first."""
    by_seats: dict[int, list[int]] = defaultdict(list)
    for v in vehicles:
        by_seats[v.seats].append(v.id)
    return [VehicleType(seats, tuple(sorted(ids))) for seats, ids in sorted(by_seats.items(), reverse=True)]


def by_group(routes: list[Route]) -> list[list[int]]:
    """Route indices of each group, in route order (routes are built group by group)."""
    found: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(routes):
        found[id(r.group)].append(i)
    return list(found.values())
