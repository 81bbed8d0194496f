"""Benchmark: the staggered-return bus plan (logistics.solver.buses.plan_buses), no database.

Synthetic counties from a seeded RNG: townships of uneven size with 1-3 gathering points each,
three senior high schools (a township sends most students to its nearest, some to a second, a
few to the third), 5 % of students in sibling pairs, buses of 45-55 seats making up to 3 trips:
(a) 6,000 students, 40 townships, 60 buses (a tight fleet: about 55 are needed);
(b) 20,000 students, 60 townships, 220 buses (enough).
Printed per case: size, status, buses used against the greedy start, the gap to CP-SAT's bound
(on the whole objective: buses, then trips, then empty seats) and the seconds, the solver given
`--seconds` and 2 workers.

Run: `.venv/bin/python -m bench.return_plan [--seconds 10]`.
"""

import argparse
import math
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import record  # noqa: E402
from eduguard.logistics.solver.buses import Family, Point, Vehicle, plan_buses  # noqa: E402

SCHOOLS = ("一中", "二中", "三中")


def county(students: int, townships: int, buses: int, seed: int, pairs: float = 0.05):
    """Families, points and vehicles of a synthetic county; `pairs` of the students are siblings."""
    rng = random.Random(seed)
    towns = [f"镇{i:02d}" for i in range(townships)]
    weight = [rng.uniform(0.4, 1.6) for _ in towns]
    share = {}  # each township sends most students to its nearest school, some to a second
    for town in towns:
        near, second, third = rng.sample(range(len(SCHOOLS)), 3)
        share[town] = [0.0] * len(SCHOOLS)
        share[town][near], share[town][second] = rng.uniform(0.6, 0.85), rng.uniform(0.1, 0.3)
        share[town][third] = rng.choice((0.0, 0.0, 0.05))
    where = Counter()
    for _ in range(students):
        town = rng.choices(towns, weight)[0]
        where[rng.choices(SCHOOLS, share[town])[0], town] += 1
    families, n = [], 0
    for (school, town), count in sorted(where.items()):
        twins = int(count * pairs / 2)
        for j in range(count - twins):
            size = 2 if j < twins else 1
            families.append(Family(school, town, tuple(f"s{n + i}" for i in range(size))))
            n += size
    per_town = Counter()
    for (_, town), count in where.items():
        per_town[town] += count
    points, pid = [], 0
    for town in towns:
        k = rng.randint(1, 3)
        room = math.ceil(per_town[town] * rng.uniform(1.1, 1.5))
        cuts = sorted(rng.uniform(0.2, 1.0) for _ in range(k))
        for c in cuts:
            pid += 1
            points.append(Point(pid, town, math.ceil(room * c / sum(cuts))))
    vehicles = [Vehicle(i + 1, rng.randint(45, 55)) for i in range(buses)]
    return families, points, vehicles


def run(name: str, students: int, townships: int, buses: int, seed: int, seconds: float) -> None:
    families, points, vehicles = county(students, townships, buses, seed)
    plan = plan_buses(families, points, vehicles, max_trips=3, time_limit=seconds, workers=2)
    n = sum(len(f.members) for f in families)
    gap = "-" if plan.gap is None else f"{plan.gap:.2%}"
    print(
        f"{name}: {n} students, {townships} townships, {len(points)} points, {len(vehicles)} vehicles: "
        f"{plan.status}, {plan.buses_used} buses ({plan.trips_used} trips) vs greedy {plan.heuristic_buses}, "
        f"gap to bound {gap}, {plan.seconds:.2f} s",
        flush=True,
    )
    for problem in plan.problems:
        print(f"  {problem}")
    record(
        f"return planner {name}: {n:,} students, {len(vehicles)} buses",
        plan.seconds,
        "s",
        note=f"{plan.status}, {plan.buses_used} buses vs greedy {plan.heuristic_buses}, gap {gap}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="solver time limit per case")
    args = parser.parse_args()
    run("(a)", 6_000, 40, 60, seed=1, seconds=args.seconds)
    run("(b)", 20_000, 60, 220, seed=2, seconds=args.seconds)


if __name__ == "__main__":
    main()
