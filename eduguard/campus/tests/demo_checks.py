"""The campus figures of the demo county, asserted by the seed-demo test
(eduguard/org/tests/test_seed_demo.py) after it loads the full county once."""

import datetime as dt
from collections import Counter

from eduguard.campus.models import DocumentStatus, SchoolDocument
from eduguard.campus.services.documents import completeness_by_school
from eduguard.campus.services.hygiene import compliance_by_school
from eduguard.org.models import School


def check_campus_demo(today: dt.date, demo_school: School) -> None:
    schools = list(School.objects.order_by("code"))
    ids = [s.pk for s in schools]

    # 两案九制: 23 of 28 schools complete; two lack one document, one lacks two, one had its
    # emergency plan returned twice, and the demo school's revised opening plan waits for review.
    docs = completeness_by_school(ids, today)
    assert sum(d.complete for d in docs.values()) == 23
    incomplete = {s.code[-2:]: docs[s.pk].approved for s in schools if not docs[s.pk].complete}
    assert incomplete == {"03": 11, "06": 11, "14": 11, "21": 10, "27": 11}
    assert demo_school.code.endswith("03")
    waiting = SchoolDocument.objects.get(status=DocumentStatus.SUBMITTED)
    assert (waiting.school, waiting.required.code, waiting.version) == (demo_school, "opening-plan", 2)
    assert Counter(SchoolDocument.objects.values_list("status", flat=True)) == {
        "approved": 331,
        "returned": 12,  # every third school's emergency plan once, one school's twice
        "submitted": 1,
    }

    # Disinfection and ventilation: 170 places; each day of the last week about four in five
    # comply, and every way of falling short appears today.
    for back, compliant in enumerate([136, 135, 136, 136, 137, 136, 136]):
        day = today - dt.timedelta(days=back)
        figures = compliance_by_school(ids, day).values()
        assert (sum(f.compliant for f in figures), sum(f.total for f in figures)) == (compliant, 170), day
    week_ago = today - dt.timedelta(days=7)
    assert not compliance_by_school(ids, week_ago)[ids[0]].places[0].ventilations  # a week of logs
    reasons = {
        r.split("，")[0][:4]
        for f in compliance_by_school(ids, today).values()
        for p in f.places
        for r in p.reasons
    }
    assert {"通风1次", "消毒0次", "含氯消毒", "隔离室含"} <= reasons, reasons


def check_gate_demo(today: dt.date, demo_school: School) -> None:
    """The demo school's morning at the gate: everyone of three classes and the staff in, those the
    entry rules hold back refused with the reason, one re-test, two visitors (one refused)."""
    from eduguard.campus.models import GateEntry
    from eduguard.campus.services.gate_stats import gate_days

    day = gate_days([demo_school.pk], today)[demo_school.pk]
    refused = GateEntry.objects.filter(school=demo_school).exclude(decision="allow")
    codes = Counter(r["code"] for e in refused for r in e.reasons)
    assert codes["gate_recheck"] == 1 and codes["in_quarantine"] >= 1
    entries = GateEntry.objects.filter(school=demo_school)
    assert day.entries == entries.values("person").distinct().count() == entries.count() - 1  # one re-test
    assert day.refused == refused.count() - 1  # the re-test ended in admission
    assert day.admitted == day.entries - day.refused and "gate_recheck" not in day.reasons
    assert (day.visitors, day.visitors_refused) == (1, 1)
    assert all(e.reasons[0]["text"] for e in refused)
