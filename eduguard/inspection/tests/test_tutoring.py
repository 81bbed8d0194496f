"""Paid-tutoring cases: only the discipline roles see or handle them; a case goes from report to
investigation to conclusion with every step kept; bad input is refused and writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.models import RuleValue
from eduguard.core.testing import make_user
from eduguard.inspection.models import CaseStep, TutoringCase
from eduguard.inspection.services.tutoring import conclude, investigate, open_case

TODAY = timezone.localdate()


@pytest.fixture
def officers(world):
    world.jijian = make_user("jijian", Role.DISCIPLINE, world.county)
    world.school_jijian = make_user("jijian-s3", Role.DISCIPLINE, world.schools["S3"])
    return world


def report(w, actor=None, key="S1", **change):
    data = {
        "school": w.schools[key],
        "teacher_name": "",
        "teacher": w.people[f"{key}TA"],
        "source": "hotline",
        "reported_on": TODAY,
        "summary": "寒假在家中有偿补课",
        **change,
    }
    return open_case(actor=actor or w.jijian, **data)


def test_a_case_is_reported_investigated_and_concluded_with_every_step_kept(officers):
    w = officers
    case = report(w)
    assert case.teacher_name == w.people["S1TA"].name and case.status == "reported"
    investigate(case=case, actor=w.jijian, investigators="纪检组2人", note="走访家长3人")
    case = conclude(case=case, actor=w.jijian, outcome="refund", concluded_on=TODAY, note="退费并通报")
    assert (case.status, case.outcome, case.concluded_on) == ("concluded", "refund", TODAY)
    assert list(case.steps.values_list("status", flat=True)) == ["reported", "investigating", "concluded"]


def test_only_the_discipline_roles_see_the_cases(officers):
    w = officers
    report(w, key="S1")
    report(w, key="S3", actor=w.school_jijian)
    assert TutoringCase.objects.visible_to(w.jijian).count() == 2
    assert list(TutoringCase.objects.visible_to(w.school_jijian).values_list("school__code", flat=True)) == [
        "TS3"
    ]
    for user in (w.leader, w.principal, w.bureau_staff, w.inspector, w.outsider):
        assert not TutoringCase.objects.visible_to(user).exists()
    with pytest.raises(PermissionDenied):
        report(w, actor=w.leader)
    with pytest.raises(PermissionDenied):
        report(w, key="S1", actor=w.school_jijian)  # not their school
    RuleValue.objects.create(name="inspection.discipline_roles", value=["discipline", "bureau_leader"])
    assert TutoringCase.objects.visible_to(w.leader).count() == 2


def test_a_discipline_officer_sees_no_health_records(officers):
    from eduguard.org.models import Person

    assert not Person.objects.visible_to(officers.jijian).exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"reported_on": TODAY + dt.timedelta(days=1)}, "reported_on"),
        ({"source": "rumour"}, "source"),
        ({"summary": "  "}, "summary"),
        ({"teacher": None}, "teacher_name"),
        ({"teacher": "S2TA"}, "teacher"),  # a teacher of another school
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_written(officers, change, field):
    w = officers
    if change.get("teacher") == "S2TA":
        change = {"teacher": w.people["S2TA"]}
    with pytest.raises(ValidationError) as e:
        report(w, **change)
    assert field in e.value.message_dict
    assert not TutoringCase.objects.exists() and not CaseStep.objects.exists()


def test_a_case_is_concluded_only_after_investigation_once_and_not_before_its_report(officers):
    w = officers
    case = report(w, reported_on=TODAY - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="须先调查"):
        conclude(case=case, actor=w.jijian, outcome="warning", concluded_on=TODAY, note="谈话")
    investigate(case=case, actor=w.jijian, investigators="纪检组", note="约谈")
    for kwargs, field in (
        ({"outcome": "", "concluded_on": TODAY}, "outcome"),
        ({"outcome": "warning", "concluded_on": TODAY - dt.timedelta(days=4)}, "concluded_on"),
        ({"outcome": "warning", "concluded_on": TODAY + dt.timedelta(days=1)}, "concluded_on"),
    ):
        with pytest.raises(ValidationError) as e:
            conclude(case=case, actor=w.jijian, note="谈话", **kwargs)
        assert field in e.value.message_dict
    assert TutoringCase.objects.get().status == "investigating"
    conclude(case=case, actor=w.jijian, outcome="warning", concluded_on=TODAY, note="谈话")
    with pytest.raises(ValidationError, match="已办结"):
        investigate(case=case, actor=w.jijian, investigators="纪检组", note="再查")
    with pytest.raises(PermissionDenied):
        investigate(case=case, actor=w.leader, investigators="x", note="y")
    assert CaseStep.objects.count() == 3


def test_the_pages_list_accept_and_conclude_and_refuse_bad_input(officers, client):
    w = officers
    client.force_login(w.jijian)
    bad = client.post(
        "/inspection/cases/", {"school": w.schools["S1"].pk, "teacher_name": "", "source": "hotline"}
    )
    assert bad.status_code == 400 and not TutoringCase.objects.exists()
    data = {
        "school": w.schools["S1"].pk,
        "teacher_name": "某老师",
        "source": "letter",
        "reported_on": TODAY.isoformat(),
        "summary": "来信反映补课",
    }
    response = client.post("/inspection/cases/", data)
    case = TutoringCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspection/cases/{case.pk}/"
    assert "某老师" in client.get("/inspection/cases/").content.decode()
    early = client.post(
        f"/inspection/cases/{case.pk}/conclude/",
        {"outcome": "warning", "concluded_on": TODAY.isoformat(), "note": "x"},
    )
    assert early.status_code == 400 and "须先调查" in early.content.decode()
    assert (
        client.post(
            f"/inspection/cases/{case.pk}/investigate/", {"investigators": "2人", "note": "约谈"}
        ).status_code
        == 302
    )
    done = {"outcome": "unfounded", "concluded_on": TODAY.isoformat(), "note": "查无实据"}
    assert client.post(f"/inspection/cases/{case.pk}/conclude/", done).status_code == 302
    assert TutoringCase.objects.get().status == "concluded"


def test_others_get_an_empty_list_a_404_and_a_403(officers, client):
    w = officers
    case = report(w)
    client.force_login(w.leader)
    assert "寒假" not in client.get("/inspection/cases/").content.decode()
    assert client.get(f"/inspection/cases/{case.pk}/").status_code == 404
    data = {
        "school": w.schools["S1"].pk,
        "teacher_name": "x",
        "source": "letter",
        "reported_on": TODAY.isoformat(),
        "summary": "y",
    }
    assert client.post("/inspection/cases/", data).status_code == 403
    assert TutoringCase.objects.count() == 1
