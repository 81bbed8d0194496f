"""Steps the supervision tests share: answer every item, a school's self-check, a team inspection."""

import datetime as dt

from django.utils import timezone

from eduguard.inspection.services.inspections import record_result, start_inspection, submit_inspection
from eduguard.inspection.services.plans import Slot, review_plan, submit_plan

TODAY = timezone.localdate()


def answer_all(inspection, actor, outcome="pass", **kwargs):
    for item in inspection.template.items.all():
        record_result(inspection=inspection, item=item, outcome=outcome, actor=actor, **kwargs)


def self_check(w):
    i = start_inspection(
        school=w.schools["S2"], template=w.template, kind="self_check", date=TODAY, actor=w.s2_principal
    )
    answer_all(i, w.s2_principal)
    return submit_inspection(inspection=i, actor=w.s2_principal)


def start(w, key="S2", actor=None, team="default", date=TODAY, kind="inspection"):
    """Start an inspection of school `key` by team 一组's inspector (by default)."""
    return start_inspection(
        school=w.schools[key],
        template=w.template,
        kind=kind,
        date=date,
        actor=actor or w.inspector,
        team=w.team if team == "default" else team,
    )


def team_check(w, outcome="pass", **kwargs):
    i = start(w)
    answer_all(i, w.inspector, outcome, **kwargs)
    return i


def plan_for(w, key="S2", *, gates=("正门",), start=dt.time(7, 30), actor=None, batch=None, **kwargs):
    """Submit a version of school `key`'s plan with one slot per grade, ten minutes apart."""
    school = w.schools[key]
    slots = []
    for i, grade in enumerate(school.grades.order_by("level")):
        at = dt.datetime.combine(TODAY, start) + dt.timedelta(minutes=10 * i)
        gate = gates[i % len(gates)] if gates else "正门"
        slots.append(Slot(grade, TODAY, at.time(), (at + dt.timedelta(minutes=20)).time(), gate))
    data = {"dining": "staggered", "gates": list(gates), "slots": slots, **kwargs}
    return submit_plan(school=school, batch=batch or w.batch, actor=actor or w.s2_principal, **data)


def approved_plan(w):
    return review_plan(plan=plan_for(w), decision="approve", actor=w.bureau)
