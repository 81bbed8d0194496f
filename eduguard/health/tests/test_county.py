"""Every health record that names a person carries that person's county (eduguard/core/county.py),
whichever way it is written: a save, a bulk_create, the report's raw insert, a chain import."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from eduguard.health.models import HealthCheck, HealthCheckFinding, SickAbsence
from eduguard.health.services.chain import confirm_chain_import, create_chain_import
from eduguard.health.services.reports import submit_report

CHAIN = "1. 生S1C1A 36.5\n2. 无名氏 36.6\n"


def test_it_copies_the_persons_county_onto_each_health_record(world):
    today = timezone.localdate()
    a, b = world.people["S1C1A"], world.people["S1C1B"]

    report, _ = submit_report(
        person=a, day=today, data={"temperature": "36.5"}, reporter_kind="guardian", source="api"
    )
    report.refresh_from_db()
    assert report.county_id == world.county.id

    absence = SickAbsence.objects.create(person=b, started_on=today)
    check = HealthCheck.objects.create(
        school_class=world.classes["S1C1"],
        date=today,
        session="morning",
        expected=2,
        submitted_at=timezone.now(),
        updated_at=timezone.now(),
    )
    (finding,) = HealthCheckFinding.objects.bulk_create(
        [HealthCheckFinding(health_check=check, person_id=b.id, present=False, absence=absence)]
    )
    more = SickAbsence.objects.bulk_create(
        [SickAbsence(person_id=a.id, started_on=today - dt.timedelta(days=5))]
    )
    assert absence.county_id == finding.county_id == more[0].county_id == world.county.id

    chain = create_chain_import(school_class=world.classes["S1C1"], day=today, text=CHAIN, actor=None)
    matched, unknown = chain.lines.order_by("seq")
    assert matched.county_id == world.county.id
    assert unknown.person_id is None and unknown.county_id is None  # no person, no county
    # The head teacher picks the student for the unmatched line: the county follows on save.
    confirm_chain_import(chain=chain, include={unknown.id}, people={unknown.id: b.id}, actor=None)
    unknown.refresh_from_db()
    assert unknown.person_id == b.id and unknown.county_id == world.county.id

    for model in (SickAbsence, HealthCheckFinding):
        assert not model.objects.exclude(county_id=F("person__county_id")).exists()
