"""Volunteers added to the shared test county (core.testing.build_world) for the volunteer tests:
two staff volunteers of S1, one of S2, one of the bureau and one from outside the roster."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from eduguard.outreach.services.volunteers import Unit, register_volunteer

HOUR = dt.timedelta(hours=1)


def add_volunteers(world) -> SimpleNamespace:
    w = world
    w.unit = {k: Unit(w.county, s) for k, s in w.schools.items()}
    w.county_unit = Unit(w.county)
    w.v = {}
    for key, township in (("S1TA", "小市镇"), ("S1TB", "小市镇"), ("S2TA", "高官镇")):
        w.v[key] = register_volunteer(
            unit=w.unit[key[:2]], person=w.people[key], township=township, actor=w.admin
        )
    w.v["BUREAU"] = register_volunteer(
        unit=w.county_unit, person=w.people["BUREAU"], township="小市镇", actor=w.admin
    )
    w.v["OUT"] = register_volunteer(
        unit=w.county_unit, name="社会志愿者甲", phone="139 1234 5678", township="南甸镇", actor=w.admin
    )
    w.now = timezone.now()
    return w


def at(hours_from_now: float) -> dt.datetime:
    base = timezone.now().replace(minute=0, second=0, microsecond=0)
    return base + dt.timedelta(hours=hours_from_now)
