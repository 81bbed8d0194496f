"""Records behind the upward tables, added to the shared test county (core.testing.build_world):
today's reports (two fevers, one with symptoms), open and released quarantines, a screening
campaign with answers, and supplies in the warehouse and two schools' stores."""

import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from eduguard.core.testing import make_person
from eduguard.health.services.reports import submit_report
from eduguard.inspection.models import Batch
from eduguard.org.choices import PersonCategory
from eduguard.screening.services.campaigns import create_campaign, save_response
from eduguard.screening.services.quarantine import open_quarantine, release_quarantine
from eduguard.supplies.models import Item, Store
from eduguard.supplies.services.defaults import ensure_defaults
from eduguard.supplies.services.movements import receive
from eduguard.supplies.services.orders import LineIn, place_order

DAYS = dt.timedelta(days=1)

# person key → the report's answers (everyone else in S1–S3 has not reported)
REPORTS = {
    "S1C1A": {"temperature": "38.2"},
    "S1C1B": {"temperature": "36.5"},
    "S1TA": {"temperature": "36.4"},
    "S2C1A": {"temperature": "36.6", "symptoms": ["cough"]},
    "S3C1A": {"temperature": "36.5"},
    "BUREAU": {"temperature": "37.6"},
}
ANSWERS = {
    "S1C1A": {"contact_outsiders": True},
    "S1TA": {"hubei_since_cutoff": True},
    "S1TEMP": {"returned_from_outside": True},
    "S2C1B": {"returned_from_outside": True},
    "S3TA": {"left_county": True},
    "BUREAU": {"studying_in_wuhan": True},
}


def add_records(world, day: dt.date | None = None):
    w = world
    w.day = day = day or timezone.localdate()
    w.people["S1TEMP"] = make_person(w.schools["S1"], name="临S1TEMP", category=PersonCategory.TEMPORARY)
    # Reported in the morning, so the figures do not depend on when the suite runs (after the
    # 18:00 deadline every report would count as late).
    morning = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
    for key, data in REPORTS.items():
        submit_report(
            person=w.people[key], day=day, data=data, reporter_kind="self", source="web", now=morning
        )
    _quarantines(w, day)
    w.campaign = create_campaign(county=w.county, name="全员大排查", opened_on=day - 3 * DAYS, deadline=day)
    for key, answers in ANSWERS.items():
        save_response(campaign=w.campaign, person=w.people[key], answers=answers, actor=w.admin)
    _supplies(w, day)
    return w


def _quarantines(w, day):
    w.quarantines = {}
    for key, kind, ago in (
        ("S1C1B", "home", 3),
        ("S2C2A", "central", 16),  # past its 14 days, waiting for the release notice
        ("S3C2A", "monitoring", 1),
        ("BUREAU", "home", 2),
        ("S1C2A", "home", 20),  # released five days ago: not in today's table
    ):
        w.quarantines[key] = open_quarantine(
            person=w.people[key],
            kind=kind,
            started_on=day - ago * DAYS,
            planned_days=14,
            actor=w.admin,
            reason="返乡",
            today=day,
        )
    release_quarantine(
        quarantine=w.quarantines["S1C2A"], released_on=day - 5 * DAYS, actor=w.admin, release_doc="解隔1号"
    )


def _supplies(w, day):
    ensure_defaults()
    w.mask = Item.objects.get(code="mask")
    w.liquid = Item.objects.get(code="disinfectant")
    w.warehouse = Store.objects.create(county=w.county, name="县教育局物资仓库")
    w.stores = {
        k: Store.objects.create(county=w.county, school=w.schools[k], name=w.schools[k].name)
        for k in ("S1", "S2")
    }
    receive(store=w.warehouse, item=w.mask, quantity=1000, source="higher", actor=w.admin)
    receive(store=w.stores["S1"], item=w.mask, quantity=200, source="school", actor=w.admin)
    receive(store=w.stores["S1"], item=w.liquid, quantity="10.5", source="bureau", actor=w.admin)
    receive(
        store=w.stores["S2"], item=w.mask, quantity=100, source="donation", donor="爱心企业", actor=w.admin
    )
    place_order(
        county=w.county, supplier="康达医疗", source="bureau", lines=[LineIn(w.mask, 500)], actor=w.admin
    )
    batch = Batch.objects.create(county=w.county, number=1, name="首批", target_date=day)
    batch.schools.set([w.schools["S1"]])  # S1 attends: its days of cover count for the county


def sheets(response_or_bytes) -> dict:
    """{sheet title: [row values]} of a workbook (a response's body or bytes)."""
    data = getattr(response_or_bytes, "content", response_or_bytes)
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def body(rows: list[list]) -> list[list]:
    """The data rows of a sheet's first block: after the title and header, before the 合计 row."""
    out = []
    for row in rows[2:]:
        if row[0] == "合计" or row[0] is None:
            break
        out.append(row)
    return out


def total(rows: list[list]) -> list:
    return next(r for r in rows if r[0] == "合计")
