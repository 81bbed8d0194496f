"""The done-when scenarios of cluster detection (2006 rule: same class or dorm, ≥3 in a day or
≥5 in three consecutive days, similar symptoms), each person counted once, and escalation."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from eduguard.core.testing import make_person, make_user
from eduguard.health.services.absences import register_absence
from eduguard.health.services.checks import Finding, file_check
from eduguard.health.services.reports import submit_report
from eduguard.notify.models import Message
from eduguard.org.models import DormRoom
from eduguard.response.models import Incident
from eduguard.response.services.clusters import detect, find_clusters, gather, rules_on
from eduguard.response.services.incidents import escalate_overdue

TODAY = timezone.localdate()


@pytest.fixture
def klass(world):
    """Class S1C1 with eight students (the world's two and six more)."""
    k = world.classes["S1C1"]
    for n in range(6):
        world.people[f"S1C1X{n}"] = make_person(world.schools["S1"], k, name=f"生甲{n}")
    return k


def students(world, k, n):
    people = sorted(k.people.filter(category="student"), key=lambda p: p.pk)
    return people[:n]


@pytest.fixture
def fever_check(world, committed):
    def check(world, k, people, day=TODAY, session="morning"):
        findings = [Finding(person=p, temperature="38.0", symptoms=["fever"]) for p in people]
        return committed(
            file_check, school_class=k, day=day, session=session, findings=findings, actor=world.admin
        )

    return check


def test_three_fever_cases_in_one_class_on_one_day_open_one_incident_with_a_24_hour_deadline(
    world, klass, fever_check
):
    fever_check(world, klass, students(world, klass, 3))
    incidents = list(Incident.objects.filter(source="cluster"))
    assert len(incidents) == 1
    incident = incidents[0]
    assert incident.trigger.code == "T1" and incident.scope_type == "class" and incident.scope_id == klass.pk
    assert incident.cases.count() == 3
    assert incident.deadline - incident.detected_at == dt.timedelta(hours=24)
    # the doctor and principal of the school are told (staff accounts) — and running it again adds nothing
    detect(TODAY)
    assert Incident.objects.filter(source="cluster").count() == 1
    assert Incident.objects.get().cases.count() == 3


def test_two_cases_do_not(world, klass, fever_check):
    fever_check(world, klass, students(world, klass, 2))
    assert not Incident.objects.filter(source="cluster").exists()


def test_five_over_three_days_do_and_four_do_not(world, klass, fever_check):
    a, b, c, d, e = students(world, klass, 5)
    two_days_ago, yesterday = TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1)
    fever_check(world, klass, [a, b], day=two_days_ago)
    fever_check(world, klass, [c], day=yesterday)
    fever_check(world, klass, [d], day=TODAY)
    assert not Incident.objects.exists(), "four in three days, at most two a day: below both thresholds"
    fever_check(world, klass, [e], day=yesterday, session="noon")
    incident = Incident.objects.get(source="cluster")
    assert incident.cases.count() == 5 and incident.rule.window_days == 3
    assert incident.deadline - incident.detected_at == dt.timedelta(hours=24)


def test_five_cases_spread_over_four_days_do_not(world, klass, fever_check):
    people = students(world, klass, 5)
    for i, person in enumerate(people):
        day = TODAY - dt.timedelta(days=3 if i < 2 else i - 2)
        fever_check(world, klass, [person], day=day, session="noon" if i % 2 else "morning")
    detect(TODAY)
    assert not Incident.objects.filter(source="cluster").exists()


def test_the_same_student_from_two_sources_counts_once(world, klass, fever_check, committed):
    a, b = students(world, klass, 2)
    fever_check(world, klass, [a, b])
    committed(
        submit_report,
        person=a,
        day=TODAY,
        data={"temperature": "38.1"},
        reporter_kind="guardian",
        source="link",
    )
    committed(
        register_absence,
        person=b,
        started_on=TODAY,
        actor=world.admin,
        kind="sick",
        symptoms=["fever"],
        onset_on=TODAY,
    )
    assert not Incident.objects.filter(source="cluster").exists(), "two people, whatever the sources"
    c = students(world, klass, 3)[2]
    committed(
        submit_report,
        person=c,
        day=TODAY,
        data={"temperature": "38.4"},
        reporter_kind="guardian",
        source="link",
    )
    incident = Incident.objects.get(source="cluster")
    cases = {case.person_id: case for case in incident.cases.all()}
    assert set(cases) == {a.pk, b.pk, c.pk}
    assert "check" in cases[a.pk].sources and "daily_report" in cases[a.pk].sources


def test_cases_spread_over_different_classes_do_not(world, fever_check):
    people = [world.people[k] for k in ("S1C1A", "S1C2A", "S1C2B")]
    fever_check(world, world.classes["S1C1"], people[:1])
    fever_check(world, world.classes["S1C2"], people[1:])
    assert not Incident.objects.filter(source="cluster").exists()


def test_dissimilar_symptoms_do_not_make_a_cluster(world, klass, committed):
    a, b, c = students(world, klass, 3)
    findings = [
        Finding(person=a, temperature="36.5", symptoms=["rash"]),
        Finding(person=b, temperature="36.6", symptoms=["diarrhea"]),
        Finding(person=c, temperature="36.4", symptoms=["cough"]),
    ]
    committed(
        file_check, school_class=klass, day=TODAY, session="morning", findings=findings, actor=world.admin
    )
    assert not Incident.objects.exists()


def test_dorm_mates_in_different_classes_make_a_dormitory_cluster_merged_not_doubled(world, fever_check):
    school = world.schools["S1"]
    room = DormRoom.objects.create(school=school, label="1号楼-101")
    people = [world.people[k] for k in ("S1C1A", "S1C2A", "S1C2B")]
    for p in people:
        p.dorm = room
        p.save()
    fever_check(world, world.classes["S1C1"], people[:1])
    fever_check(world, world.classes["S1C2"], people[1:])
    incident = Incident.objects.get(source="cluster")
    assert incident.scope_type == "dormitory" and incident.scope_name.endswith("宿舍1号楼-101")
    assert incident.cases.count() == 3
    detect(TODAY)
    assert Incident.objects.count() == 1


def test_rules_are_data(world, klass, fever_check):
    from eduguard.response.models import ClusterRule

    ClusterRule.objects.filter(scope="class", window_days=1).update(min_cases=2)
    fever_check(world, klass, students(world, klass, 2))
    assert Incident.objects.filter(source="cluster").count() == 1
    ClusterRule.objects.update(active=False)
    assert rules_on(TODAY) == [] and detect(TODAY) == []


def test_find_clusters_is_pure(world, klass, fever_check):
    fever_check(world, klass, students(world, klass, 3))
    cases = gather([world.schools["S1"].pk], TODAY, TODAY)
    groups = {"respiratory": ["fever"]}
    assert len(find_clusters(cases, rules_on(TODAY), TODAY, groups)) == 1
    assert find_clusters(cases, rules_on(TODAY), TODAY, {"rash": ["rash"]}) == []


def test_an_overdue_incident_escalates_one_level_per_interval(world, klass, fever_check):
    principal2 = make_user("p2", "principal", world.schools["S1"])
    fever_check(world, klass, students(world, klass, 3))
    incident = Incident.objects.get()
    assert escalate_overdue(timezone.now()) == 0, "not overdue yet"
    late = incident.deadline + dt.timedelta(minutes=1)
    assert escalate_overdue(late) >= 2  # principal, principal2
    incident.refresh_from_db()
    assert incident.escalation_level == 1
    assert Message.objects.filter(kind="response.overdue", recipient_user=principal2).count() == 1
    assert escalate_overdue(late) == 0, "the same level is not sent twice"
    escalate_overdue(incident.deadline + dt.timedelta(minutes=125))
    incident.refresh_from_db()
    assert incident.escalation_level == 3
    staff = Message.objects.filter(kind="response.overdue", recipient_user=world.bureau_staff)
    leader = Message.objects.filter(kind="response.overdue", recipient_user=world.grid_leader)
    assert staff.count() == 1 and leader.count() == 1
    assert incident.events.filter(kind="escalated").count() == 3


def test_the_command(world, klass, capsys, fever_check):
    fever_check(world, klass, students(world, klass, 3))
    call_command("detect-clusters", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "merged" in out and "3 cases" in out
    with pytest.raises(CommandError, match="not a date"):
        call_command("detect-clusters", "--date", "2026-02-30")
    with pytest.raises(CommandError, match="no school"):
        call_command("detect-clusters", "--date", TODAY.isoformat(), "--school", "NOPE")
    with pytest.raises(CommandError, match="future"):
        call_command("detect-clusters", "--date", (TODAY + dt.timedelta(days=1)).isoformat())
