"""The up-front checks of a bus plan's input, run before the solver.

`find_problems` gives each problem as a plain Chinese sentence (bad numbers, duplicates, a township
without room for its students, a fleet too small and by how much); `plan_buses` returns them as an
infeasible plan, so a caller learns what to fix rather than that there is no solution.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from eduguard.logistics.solver.bus_aggregate import groups

if TYPE_CHECKING:  # `buses` imports this module
    from eduguard.logistics.solver.buses import Family, Point, Vehicle


def _place(township: str) -> str:
    return township or "（未登记户籍乡镇）"


def _names(family: Family) -> str:
    return "、".join(family.members)


def find_problems(
    families: list[Family], points: list[Point], vehicles: list[Vehicle], max_trips: int
) -> list[str]:
    """Everything about the input that makes a plan impossible, found without the solver.

    The seat and trip counts are necessary conditions (lower bounds of the model), so a
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
    # of a group with siblings leaves the slack of `bus_model.build_model`: hence seat-trips and
    # trips needed.
    need_seats = need_trips = 0
    for group in groups([f for f in families if f.members]):
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
