"""The demo county's staggered return (seed 000): a gathering point in each township (two in the
town), a county bus pool, each school's gates with their throughput, and the plan for batch 1's
opening day, solved by the optimiser and published (the guardians' notices are in the outbox).
Deterministic: the solver runs with a fixed seed and stops at a proven optimum."""

import datetime as dt

from eduguard.inspection.models import Batch
from eduguard.logistics.models import GatheringPoint, SchoolGate, Vehicle
from eduguard.logistics.services.day import publish
from eduguard.logistics.services.planning import Options, build_plan

OPERATORS = ["本溪县公交公司", "县客运站", "辽宁省本溪运输集团"]
VEHICLES = 40


def logistics_demo(ctx) -> None:
    admin = ctx.users.get("admin")
    batch = Batch.objects.filter(number=1).first()
    if admin is None or batch is None:
        return
    county = batch.county
    profile = ctx.options.profile
    urban = set(profile.urban_townships)
    points = []
    for township, villages in profile.townships.items():
        names = (
            [f"{township}政府广场", f"{township}客运站"] if township in urban else [f"{township}中心校门前"]
        )
        for n, name in enumerate(names):
            where = villages[0] if villages else "中心街"
            points.append(
                GatheringPoint(
                    county=county,
                    township=township,
                    name=name,
                    address=f"{township}{where}",
                    capacity=1500 + 200 * n if township in urban else 800,
                )
            )
    GatheringPoint.objects.bulk_create(points)
    Vehicle.objects.bulk_create(
        Vehicle(
            county=county,
            plate=f"辽E{n:05d}",
            seats=(55, 49, 45)[n % 3],
            operator=OPERATORS[n % len(OPERATORS)],
            driver=f"驾驶员{n:02d}",
        )
        for n in range(1, VEHICLES + 1)
    )
    gates = []
    for school in ctx.schools.values():
        size = school.people.count()
        names = ["正门", "东侧门"] if size > 800 else ["正门"]
        gates += [SchoolGate(school=school, name=g, per_minute=25 if g == "正门" else 15) for g in names]
    SchoolGate.objects.bulk_create(gates)
    options = Options(
        date=batch.target_date,
        first_departure=dt.time(6, 30),
        first_arrival=dt.time(7, 30),
        dismissal=dt.time(16, 30),
        seconds=4,  # the demo loads in seconds: the bus model is optimal well within it
    )
    plan = build_plan(batch=batch, options=options, actor=admin)
    if not plan.problems:
        publish(plan=plan, actor=admin)
