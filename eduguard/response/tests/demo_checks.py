"""The response figures of the demo county, asserted by the seed-demo test
(eduguard/org/tests/test_seed_demo.py) after it loads the full county once."""

import datetime as dt

from eduguard.logistics.models import Ride
from eduguard.notify.models import Message
from eduguard.org.models import School
from eduguard.response.models import Drill, FeverEvent, Incident
from eduguard.response.services.drills import missing_scenarios


def check_response_demo(today: dt.date, demo_school: School) -> None:
    # At the demo school: one fever back in class, one referred (absent, needing a certificate,
    # on a bus the day before), one waiting for the doctor.
    events = {e.status: e for e in FeverEvent.objects.filter(school=demo_school)}
    assert set(events) == {"cleared", "referred", "detected"}
    referred = events["referred"]
    assert referred.absence.needs_certificate and referred.absence.started_on == today
    assert referred.incident is not None and referred.incident.cases.filter(person=referred.person).exists()
    assert Ride.objects.filter(person=referred.person).count() == 1
    assert events["cleared"].readings.get().temperature < 37.3

    # Incidents: the cluster elsewhere reported to both, one past its deadline and escalated to the
    # bureau leader, one closed last week.
    cluster = Incident.objects.get(source="cluster")
    assert cluster.status == "reported" and cluster.cases.count() == 3 and cluster.trigger.code == "T1"
    overdue = Incident.objects.get(summary__startswith="3人腹泻、呕吐")
    assert overdue.is_overdue and overdue.escalation_level == 3
    assert Message.objects.filter(kind="response.overdue").count() >= 2  # its principal, its grid leader
    assert Incident.objects.filter(status="closed").count() == 1

    # Drills: every school drilled the four required scenarios but three.
    schools = list(School.objects.order_by("code"))
    since = today - dt.timedelta(days=90)
    lacking = [s for s in schools if missing_scenarios(s, since)]
    assert len(lacking) == 3 and Drill.objects.count() == 4 * 28 - 4
