"""The demo county's 一校一策 and stationed medical staff (seed 000), through the live services.

Batch 1: the first 20 schools have an approved plan (the first one after a returned version), the
next 3 wait for review and the last 2 have none; the first 22 have a doctor from a county hospital
or their township's health centre for the two weeks from the opening day. Grades return a day
before the opening at a boarding school (afternoon), on the day otherwise, ten minutes apart,
alternating between the gates. Deterministic."""

import datetime as dt

from eduguard.inspection.models import Batch
from eduguard.inspection.services.plans import Slot, review_plan, submit_plan
from eduguard.inspection.services.postings import add_posting
from eduguard.org.models import School

APPROVED, SUBMITTED, POSTED = 20, 23, 22
DOCTORS = ["王立新", "李淑华", "张志强", "刘桂芝", "陈建国", "杨秀英", "赵德胜", "孙丽娟"]


def plans_demo(schools: list[School], batch: Batch, admin, profile) -> None:
    urban = set(profile.urban_townships)
    hospitals = ["县人民医院", "县中医院"] + [f"{t}卫生院" for t in profile.townships if t not in urban]
    for n, school in enumerate(schools):
        if n < SUBMITTED:
            if n == 0:  # the first school's first version came back for a fix
                first = _submit(school, batch, admin, gates=["正门"], start=dt.time(7, 0), step=10)
                review_plan(
                    plan=first, decision="return", note="只走正门候检人多，请增设侧门分流", actor=admin
                )
            plan = _submit(school, batch, admin, gates=_gates(school), start=dt.time(7, 20), step=10)
            if n < APPROVED:
                review_plan(plan=plan, decision="approve", actor=admin)
        if n < POSTED:
            add_posting(
                school=school,
                hospital=hospitals[n % len(hospitals)],
                name=DOCTORS[n % len(DOCTORS)],
                role="doctor",
                starts_on=batch.target_date,
                note="开学初期驻点指导两周",
                actor=admin,
            )


def _gates(school: School) -> list[str]:
    return ["正门", "东侧门"] if school.grades.count() > 3 else ["正门"]


def _submit(school, batch, admin, *, gates, start, step):
    day = batch.target_date - dt.timedelta(days=1) if school.boarding else batch.target_date
    first = dt.time(14, 0) if school.boarding else start
    slots = []
    for i, grade in enumerate(school.grades.order_by("level")):
        at = dt.datetime.combine(day, first) + dt.timedelta(minutes=step * i)
        slots.append(
            Slot(grade, day, at.time(), (at + dt.timedelta(minutes=20)).time(), gates[i % len(gates)])
        )
    return submit_plan(
        school=school,
        batch=batch,
        gates=gates,
        dining="in_class" if school.boarding else "staggered",
        dining_note="分年级错峰，单人单桌同向就餐",
        contacts="定点医院：县人民医院发热门诊；县疾控中心；属地派出所",
        slots=slots,
        actor=admin,
    )
