"""Each class's arrival slot and gate (错峰返校, the arrival part).

Classes arrive in slots of `slot_minutes`; a gate lets `per_minute` people through, so a (gate,
slot) takes at most per_minute × slot_minutes. Two grades never share a gate in one slot, so the
grades at one gate start at least one slot (the configured stagger) apart and do not mingle in
the queue. Least crowded worst gate first, then the earliest finish, then everyone as early as
may be.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

OPTIMAL, FEASIBLE, INFEASIBLE = "optimal", "feasible", "infeasible"


@dataclass(frozen=True)
class ClassIn:
    id: int
    grade: int
    size: int


@dataclass(frozen=True)
class GateIn:
    name: str
    per_minute: int


@dataclass
class SlotPlan:
    status: str  # "optimal" | "feasible" | "infeasible"
    problems: list[str]  # plain Chinese sentences, each naming what cannot be satisfied
    assignments: dict[int, tuple[int, str]]  # class id -> (slot index, gate name)
    worst_load: float | None  # max over (gate, slot) of load / capacity, 0..1
    slots_used: int  # slots the arrival spans: the last slot used + 1
    objective: float | None
    bound: float | None
    gap: float | None  # (objective - bound) / objective, 0 when optimal
    seconds: float


def _problems(classes: list[ClassIn], gates: list[GateIn], slot_minutes: int, n_slots: int) -> list[str]:
    """What makes a plan impossible, found without the solver. The slot count check is a lower
    bound: grades cannot share a (gate, slot), so each grade needs its own cells."""
    problems: list[str] = []
    if slot_minutes < 1:
        problems.append(f"每个时段为 {slot_minutes} 分钟，须至少 1 分钟")
    if n_slots < 1:
        problems.append(f"可用到校时段为 {n_slots} 个，须至少 1 个")
    if not gates:
        problems.append("没有校门，无法安排到校")
    for name, n in sorted(Counter(g.name for g in gates).items()):
        if n > 1:
            problems.append(f"校门“{name}”重复登记 {n} 次")
    for g in gates:
        if g.per_minute < 1:
            problems.append(f"校门“{g.name}”每分钟通行 {g.per_minute} 人，须至少 1 人")
    for cid, n in sorted(Counter(c.id for c in classes).items()):
        if n > 1:
            problems.append(f"班级 {cid} 重复出现 {n} 次")
    for c in classes:
        if c.size < 0:
            problems.append(f"班级 {c.id} 人数为 {c.size}，不能为负数")
    caps = [g.per_minute * slot_minutes for g in gates if g.per_minute >= 1]
    if not classes or not caps or slot_minutes < 1:
        return problems
    biggest = max(caps)
    for c in classes:
        if c.size > biggest:
            problems.append(
                f"班级 {c.id}（{c.grade} 年级）有 {c.size} 人，"
                f"超过任一校门一个时段（{slot_minutes} 分钟）最多通行的 {biggest} 人"
            )
    if problems:
        return problems  # the counts below assume sound input
    per_grade: dict[int, int] = defaultdict(int)
    for c in classes:
        per_grade[c.grade] += c.size
    cells = n_slots * len(gates)
    need = sum(max(1, math.ceil(n / biggest)) for n in per_grade.values())
    if need > cells:
        problems.append(
            f"{n_slots} 个时段 × {len(gates)} 个校门只有 {cells} 个（校门·时段），"
            f"{len(per_grade)} 个年级不能共用，至少需要 {need} 个"
        )
    total, room = sum(per_grade.values()), n_slots * sum(caps)
    if total > room:
        problems.append(f"全校 {total} 人到校，{n_slots} 个时段内各校门最多只能通行 {room} 人")
    return problems


def _failed(problems: list[str], started: float) -> SlotPlan:
    return SlotPlan(INFEASIBLE, problems, {}, None, 0, None, None, None, time.perf_counter() - started)


Cell = tuple[int, int]  # (slot, gate index)


def _greedy(classes: list[ClassIn], cap: list[int], n_slots: int) -> dict[int, Cell] | None:
    """A start for CP-SAT: largest class first, each to the (slot, gate) it leaves least crowded
    among those empty or holding its grade, earliest slot on ties. None when it gets stuck."""
    load: dict[Cell, int] = defaultdict(int)
    grade: dict[Cell, int] = {}
    out: dict[int, Cell] = {}
    for c in sorted(range(len(classes)), key=lambda c: (-classes[c].size, c)):
        klass = classes[c]
        fits = [
            (s, g)
            for s in range(n_slots)
            for g in range(len(cap))
            if grade.get((s, g), klass.grade) == klass.grade and load[s, g] + klass.size <= cap[g]
        ]
        if not fits:
            return None
        cell = min(fits, key=lambda sg: ((load[sg] + klass.size) / cap[sg[1]], sg))
        out[c], grade[cell] = cell, klass.grade
        load[cell] += klass.size
    return out


def _compact(sol: dict[int, Cell], n_gates: int) -> dict[int, Cell]:
    """The same groupings, earliest first: the slots of one gate can be reordered freely (capacity
    and grade rules are per gate and slot), so each gate's fullest slots move to the front. This
    keeps the worst load and minimises the sum of slot indices for those groupings."""
    count = Counter(sol.values())
    moved: dict[Cell, Cell] = {}
    for g in range(n_gates):
        cells = sorted((cell for cell in count if cell[1] == g), key=lambda cell: (-count[cell], cell))
        for slot, cell in enumerate(cells):
            moved[cell] = (slot, g)
    return {c: moved[cell] for c, cell in sol.items()}


class _SlotModel:
    """x[c, s, g]: class c arrives in slot s at gate g; z[grade, s, g]: that (gate, slot) is the
    grade's. `worst` is the busiest (gate, slot) in per mille of its capacity, `last` the last slot."""

    def __init__(self, classes: list[ClassIn], cap: list[int], n_slots: int) -> None:
        m = self.model = cp_model.CpModel()
        self.classes, self.cap, self.n_slots = classes, cap, n_slots
        self.cells = [(s, g) for s in range(n_slots) for g in range(len(cap))]
        grades = sorted({c.grade for c in classes})
        self.x = {
            (c, s, g): m.new_bool_var(f"x{c}_{s}_{g}") for c in range(len(classes)) for s, g in self.cells
        }
        self.z = {(gr, s, g): m.new_bool_var(f"z{gr}_{s}_{g}") for gr in grades for s, g in self.cells}
        self.worst = m.new_int_var(0, 1000, "worst")
        self.last = m.new_int_var(0, n_slots - 1, "last")
        for c, klass in enumerate(classes):
            m.add_exactly_one(self.x[c, s, g] for s, g in self.cells)
            m.add(self.last >= sum(s * self.x[c, s, g] for s, g in self.cells))
            for s, g in self.cells:
                m.add_implication(self.x[c, s, g], self.z[klass.grade, s, g])
        for s, g in self.cells:
            m.add_at_most_one(self.z[gr, s, g] for gr in grades)
            load = sum(klass.size * self.x[c, s, g] for c, klass in enumerate(classes))
            m.add(load <= cap[g])
            m.add(1000 * load <= cap[g] * self.worst)
        self.slot_sum = sum(s * var for (_, s, _), var in self.x.items())

    def hold(self, worst: int) -> None:
        """After phase one: keep the worst load at `worst`, and state the pigeonhole bounds that
        CP-SAT does not find by itself (its presolve turns this model into clauses, leaving its LP
        empty). Under `worst` a (gate, slot) holds at most `fit` classes, as many of the smallest
        as fit; so a slot holds at most K = Σ fit, the last slot is at least ceil(n / K) − 1 and
        the sum of slot indices at least Σᵢ ⌊i / K⌋. With these, a tight plan is proven optimal."""
        m = self.model
        m.add(self.worst <= worst)
        smallest_first = list(itertools.accumulate(sorted(c.size for c in self.classes)))
        fits = []
        for g, cap in enumerate(self.cap):
            fits.append(sum(1 for total in smallest_first if total <= cap * worst // 1000))
            for s in range(self.n_slots):
                m.add(sum(self.x[c, s, g] for c in range(len(self.classes))) <= fits[g])
        per_slot = max(1, sum(fits))
        m.add(self.last >= math.ceil(len(self.classes) / per_slot) - 1)
        m.add(self.slot_sum >= sum(i // per_slot for i in range(len(self.classes))))

    def hint(self, sol: dict[int, Cell]) -> None:
        m = self.model
        for (c, s, g), var in self.x.items():
            m.add_hint(var, sol[c] == (s, g))
        held = {(self.classes[c].grade, *cell) for c, cell in sol.items()}
        for key, var in self.z.items():
            m.add_hint(var, key in held)
        m.add_hint(self.worst, _per_mille(sol, self.classes, self.cap))
        m.add_hint(self.last, max(s for s, _ in sol.values()))

    def read(self, solver: cp_model.CpSolver) -> dict[int, Cell]:
        return {
            c: next(cell for cell in self.cells if solver.boolean_value(self.x[c, *cell]))
            for c in range(len(self.classes))
        }


def _loads(sol: dict[int, Cell], classes: list[ClassIn]) -> dict[Cell, int]:
    load: dict[Cell, int] = defaultdict(int)
    for c, cell in sol.items():
        load[cell] += classes[c].size
    return load


def _per_mille(sol: dict[int, Cell], classes: list[ClassIn], cap: list[int]) -> int:
    return max(math.ceil(1000 * n / cap[g]) for (_, g), n in _loads(sol, classes).items())


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    return solver


def plan_slots(
    classes: list[ClassIn],
    gates: list[GateIn],
    *,
    slot_minutes: int = 10,
    n_slots: int = 12,
    time_limit: float = 5.0,
    workers: int = 2,
) -> SlotPlan:
    """Give each class one (slot, gate): no (gate, slot) over capacity, no two grades in one.

    Objective, lexicographic: the worst load (per mille of capacity), then the last slot used,
    then the sum of slot indices, solved one after the other. `objective` and `bound` are on the
    combined scale worst·W₁ + last·W₂ + sum. Never raises on bad input: an impossible input
    gives status "infeasible", its problems and no assignments."""
    started = time.perf_counter()
    classes = sorted(classes, key=lambda c: (c.grade, c.id))
    gates = sorted(gates, key=lambda g: g.name)
    problems = _problems(classes, gates, slot_minutes, n_slots)
    if problems:
        return _failed(problems, started)
    if not classes:
        return SlotPlan(OPTIMAL, [], {}, 0.0, 0, 0.0, 0.0, 0.0, time.perf_counter() - started)
    cap = [gate.per_minute * slot_minutes for gate in gates]
    sizes = f"{len(classes)} 个班、{len({c.grade for c in classes})} 个年级、{len(gates)} 个校门、{n_slots} 个时段"
    start = _greedy(classes, cap, n_slots)

    # The combined scale, lexicographic: each weight exceeds the largest total of the terms below.
    per_last = len(classes) * (n_slots - 1) + 1
    weights = {"worst": n_slots * per_last, "last": per_last, "sum": 1}
    model = _SlotModel(classes, cap, n_slots)
    # One criterion at a time, each held for the next: a single weighted objective had CP-SAT
    # chase slot indices before the crowding, and its bound never rose. Each phase may use half
    # of the time left, the last one all of it; a phase that finds nothing keeps the plan so far.
    sol = None if start is None else _compact(start, len(gates))
    bound, all_optimal = 0.0, True
    for name, expr in (("worst", model.worst), ("last", model.last), ("sum", model.slot_sum)):
        if name == "last":
            model.hold(_per_mille(sol, classes, cap))
        elif name == "sum":
            model.model.add(model.last <= max(s for s, _ in sol.values()))
        model.model.minimize(expr)
        model.model.clear_hints()
        if sol is not None:
            model.hint(sol)
        left = time_limit - (time.perf_counter() - started)
        solver = _solver(left if name == "sum" else left / 2, workers)
        code = solver.solve(model.model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            sol = _compact(model.read(solver), len(gates))
        elif code == cp_model.INFEASIBLE:  # only the first phase can be: later ones hold a plan
            return _failed([f"无法在校门通行能力内让各年级错开到校（{sizes}），请增加时段或校门"], started)
        elif sol is None:
            return _failed(
                [f"在 {time_limit:g} 秒内未找到可行的到校安排（{sizes}），请延长求解时间"], started
            )
        if all_optimal:  # the bound: criteria proven so far at their values, then this one's bound
            if code == cp_model.OPTIMAL:
                bound += weights[name] * round(solver.objective_value)
            else:
                all_optimal = False
                if code == cp_model.FEASIBLE:
                    bound += weights[name] * max(0, math.ceil(solver.best_objective_bound - 1e-6))

    last = max(s for s, _ in sol.values())
    worst = _per_mille(sol, classes, cap)
    objective = float(weights["worst"] * worst + weights["last"] * last + sum(s for s, _ in sol.values()))
    return SlotPlan(
        status=OPTIMAL if all_optimal else FEASIBLE,
        problems=[],
        assignments={classes[c].id: (s, gates[g].name) for c, (s, g) in sorted(sol.items())},
        worst_load=max(n / cap[g] for (_, g), n in _loads(sol, classes).items()),
        slots_used=last + 1,
        objective=objective,
        bound=bound,
        gap=0.0 if all_optimal or objective <= 0 else (objective - bound) / objective,
        seconds=time.perf_counter() - started,
    )
