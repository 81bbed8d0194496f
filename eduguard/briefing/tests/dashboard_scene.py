"""Records behind every figure of the dashboard, in the shared test county (core.testing.build_world):
reports, quarantines, incidents, gate passages, batches, supplies and online teaching, spread over
the schools of both grids and over the last days, so a figure that leaks a school or a day shows."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build_scene(w) -> SimpleNamespace:
    add_reports(w)
    add_quarantines(w)
    add_incidents(w)
    add_gate(w)
    add_batches(w)
    add_supplies(w)
    add_teaching(w)
    return w


def add_reports(w) -> None:
    """Today: S1 one normal and one fever, S2 one cough, S3 one normal, the bureau one normal.
    Three days ago: S1 one normal, S3 one fever."""
    from eduguard.health.services.reports import submit_report

    def send(key, day, **answers):
        now = timezone.now() if day == TODAY else moment(day, 8)
        data = {"temperature": "36.5", **answers}
        submit_report(
            person=w.people[key], day=day, data=data, reporter_kind="guardian", source="link", now=now
        )

    send("S1C1A", TODAY)
    send("S1C1B", TODAY, temperature="38.2")
    send("S2C1A", TODAY, symptoms=["cough"])
    send("S3C1A", TODAY)
    send("BUREAU", TODAY)
    send("S1C2A", days_ago(3))
    send("S3C2A", days_ago(3), temperature="38.0")


def add_quarantines(w) -> None:
    """Open today: S1 (home, began today), S2 (central, 3 days), S3 (monitoring, 20 days: past its
    end, waiting for release), the bureau (home, yesterday). Released: S1C2B's, before today."""
    from eduguard.screening.services.quarantine import open_quarantine, release_quarantine

    def start(key, kind, began, **extra):
        return open_quarantine(
            person=w.people[key], kind=kind, started_on=began, actor=w.admin, reason="返乡", **extra
        )

    start("S1C2A", "home", TODAY)
    start("S2C2A", "central", days_ago(3))
    start("S3C1B", "monitoring", days_ago(20), planned_days=14)
    start("BUREAU", "home", days_ago(1))
    done = start("S1C2B", "home", days_ago(16), planned_days=14)
    release_quarantine(quarantine=done, released_on=days_ago(1), actor=w.admin, release_doc="解字1号")


def add_incidents(w) -> None:
    """S1C1: detected today, its report due later (awaiting). S2: detected two days ago, past its
    deadline (overdue). S3: detected five days ago, closed three days ago (not open today)."""
    from eduguard.response.models import Incident
    from eduguard.response.services.incidents import CaseIn, open_or_merge, trigger, unit_of_class

    def detect(klass, person, when):
        incident, _ = open_or_merge(
            unit=unit_of_class(w.classes[klass]),
            trigger=trigger("T2"),
            cases=[CaseIn(w.people[person].pk, when.date(), ["fever"], ["check"])],
            source="manual",
            summary="1例",
            now=when,
        )
        return incident

    w.incident_today = detect(
        "S1C1", "S1C1B", max(timezone.now() - dt.timedelta(minutes=5), moment(TODAY, 0))
    )
    w.incident_overdue = detect("S2C1", "S2C1A", moment(days_ago(2), 9))
    closed = detect("S3C1", "S3C1A", moment(days_ago(5), 9))
    Incident.objects.filter(pk=closed.pk).update(status="closed", closed_at=moment(days_ago(3), 9))


def gate_entry(w, school: str, person: str, at: dt.datetime, decision: str = "allow", direction: str = "in"):
    from eduguard.campus.models import GateEntry

    reasons = (
        [] if decision == "allow" else [{"code": "gate_fever", "text": "校门测温发热", "decision": decision}]
    )
    return GateEntry.objects.create(
        school=w.schools[school],
        person=w.people[person],
        direction=direction,
        at=at,
        decision=decision,
        reasons=reasons,
        operator=w.guard,
        temperature="36.5" if decision == "allow" else "37.8",
    )


def add_gate(w) -> None:
    """Today at S1: A refused then admitted on a re-test (no refusal), B refused twice (one person),
    a teacher admitted and leaving; at S3: one refused. Yesterday at S1: A refused. Two days ago at
    S2: A refused after an admission."""
    today, yesterday = TODAY, days_ago(1)
    gate_entry(w, "S1", "S1C1A", moment(today, 7, 0), "defer")
    gate_entry(w, "S1", "S1C1A", moment(today, 7, 10))
    gate_entry(w, "S1", "S1C1B", moment(today, 7, 5), "defer")
    gate_entry(w, "S1", "S1C1B", moment(today, 7, 20), "deny")
    gate_entry(w, "S1", "S1TA", moment(today, 6, 50))
    gate_entry(w, "S1", "S1TA", moment(today, 6, 55), direction="out")
    gate_entry(w, "S3", "S3C1A", moment(today, 7, 30), "deny")
    gate_entry(w, "S1", "S1C1A", moment(yesterday, 7, 0), "defer")
    gate_entry(w, "S2", "S2C1A", moment(days_ago(2), 7, 0))
    gate_entry(w, "S2", "S2C1A", moment(days_ago(2), 12, 0), "defer")


def add_batches(w) -> None:
    """Batch 1 (today): S1 approved and opened, S2 waiting. Batch 2 (in a week): S3."""
    from eduguard.inspection.models import Batch, ChecklistTemplate, Inspection, OpeningApproval

    w.batch1 = Batch.objects.create(county=w.county, number=1, name="首批", target_date=TODAY)
    w.batch1.schools.set([w.schools["S1"], w.schools["S2"]])
    w.batch2 = Batch.objects.create(county=w.county, number=2, name="二批", target_date=days_ago(-7))
    w.batch2.schools.set([w.schools["S3"]])
    template = ChecklistTemplate.objects.get(code="isolation-room")
    checked = Inspection.objects.create(
        school=w.schools["S1"], kind="inspection", template=template, date=TODAY, created_by=w.admin
    )
    OpeningApproval.objects.create(
        school=w.schools["S1"],
        batch=w.batch1,
        inspection=checked,
        approved_by=w.admin,
        approved_at=timezone.now(),
        opened_on=TODAY,
        opened_by=w.admin,
    )


def add_supplies(w) -> None:
    """Masks: 100 in the warehouse, 40 at S1, 10 at S3 (S3 does not attend yet)."""
    from eduguard.supplies.models import Item, Store
    from eduguard.supplies.services.movements import receive

    w.mask = Item.objects.get(code="mask")
    w.warehouse = Store.objects.create(county=w.county, name="仓库")
    receive(store=w.warehouse, item=w.mask, quantity=100, source="bureau", actor=w.admin)
    w.stores = {}
    for key, n in (("S1", 40), ("S3", 10)):
        w.stores[key] = Store.objects.create(county=w.county, school=w.schools[key], name=w.schools[key].name)
        receive(store=w.stores[key], item=w.mask, quantity=n, source="school", actor=w.admin)


def add_teaching(w) -> None:
    """A period begun a week ago: S1 4 of 4 students and 2 of 3 teachers, S2 2 of 4 and 3 of 3."""
    from eduguard.teaching.models import TeachingPeriod
    from eduguard.teaching.services.participation import RowIn, record_participation

    w.period = TeachingPeriod.objects.create(county=w.county, name="本期", start=days_ago(7), end=TODAY)
    rows = [RowIn(w.grades["S1"], 4, 4, 3, 2), RowIn(w.grades["S2"], 4, 2, 3, 3)]
    record_participation(period=w.period, rows=rows, actor=w.admin)
