"""The staggered-return optimiser (错峰返校): pure Python and OR-Tools CP-SAT, no Django.

- `buses.plan_buses`: which students ride which bus trip from which gathering point, fewest buses first;
- `slots.plan_slots`: each class's arrival slot and gate, least crowded worst gate first.

Both take plain dataclasses and return a plan whose status is "optimal", "feasible" or
"infeasible"; an infeasible plan carries its problems as Chinese sentences and nothing else, so a
caller never stores half a plan.
"""

from eduguard.logistics.solver.buses import BusPlan, Family, Point, TripOut, Vehicle, plan_buses
from eduguard.logistics.solver.slots import ClassIn, GateIn, SlotPlan, plan_slots

__all__ = [
    "BusPlan",
    "ClassIn",
    "Family",
    "GateIn",
    "Point",
    "SlotPlan",
    "TripOut",
    "Vehicle",
    "plan_buses",
    "plan_slots",
]
