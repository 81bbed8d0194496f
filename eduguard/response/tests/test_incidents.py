"""Incident reports and closure, merging, and the pages and API over them (bad input included)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.response.models import Incident, IncidentReport
from eduguard.response.services.incidents import (
    CaseIn,
    close_incident,
    missing_reports,
    open_or_merge,
    record_report,
    trigger,
    unit_of_class,
)

TODAY = timezone.localdate()


@pytest.fixture
def incident(world):
    klass = world.classes["S1C1"]
    cases = [CaseIn(world.people[k].pk, TODAY, ["fever"], ["check"]) for k in ("S1C1A", "S1C1B")]
    return open_or_merge(
        unit=unit_of_class(klass), trigger=trigger("T1"), cases=cases, source="manual", summary="2人发热"
    )[0]


def report(incident, actor, **changes):
    data = {
        "incident": incident,
        "kind": "initial",
        "recipient": "cdc",
        "reported_at": timezone.now() - dt.timedelta(minutes=5),
        "receiver": "县疾控中心 王医生",
        "phone": "0414-1234567",
        "actor": actor,
    }
    return record_report(**{**data, **changes})


def test_reported_to_both_then_closed(world, incident):
    assert missing_reports(incident) == ["cdc", "education"]
    with pytest.raises(ValidationError, match="结案前须登记向疾控机构、教育行政部门的报告"):
        close_incident(incident=incident, summary="已痊愈", actor=world.doctor)
    report(incident, world.doctor)
    incident.refresh_from_db()
    assert incident.status == "open" and missing_reports(incident) == ["education"]
    report(incident, world.doctor, recipient="education", receiver="县教育局 体卫艺科")
    incident.refresh_from_db()
    assert incident.status == "reported"
    with pytest.raises(ValidationError, match="结案说明"):
        close_incident(incident=incident, summary=" ", actor=world.doctor)
    close_incident(incident=incident, summary="2人均为普通感冒，已痊愈返校", actor=world.doctor)
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_by == world.doctor
    assert list(incident.events.values_list("kind", flat=True)) == [
        "opened",
        "reported",
        "reported",
        "closed",
    ]


def test_bad_reports_write_nothing(world, incident):
    cases = [
        ({"kind": "nope"}, "kind"),
        ({"recipient": "police"}, "recipient"),
        ({"reported_at": timezone.now() + dt.timedelta(hours=1)}, "reported_at"),
        ({"reported_at": timezone.now() - dt.timedelta(days=3)}, "reported_at"),
        ({"receiver": "  "}, "receiver"),
        ({"phone": "call me"}, "phone"),
        ({"kind": "closing"}, "kind"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as exc:
            report(incident, world.doctor, **changes)
        assert field in exc.value.message_dict, changes
    assert not IncidentReport.objects.exists()
    with pytest.raises(PermissionDenied):
        report(incident, world.head_teacher)
    with pytest.raises(PermissionDenied):
        report(incident, world.doctor.__class__.objects.get(username="inspector"))


def test_overlapping_cases_merge_into_the_open_incident(world, incident):
    other = world.classes["S1C2"]
    cases = [CaseIn(world.people["S1C1A"].pk, TODAY - dt.timedelta(days=1), ["cough"], ["absence"])]
    merged, created = open_or_merge(
        unit=unit_of_class(other), trigger=trigger("T1"), cases=cases, source="cluster", summary="again"
    )
    assert not created and merged == incident and incident.cases.count() == 2
    case = incident.cases.get(person=world.people["S1C1A"])
    assert case.onset_on == TODAY - dt.timedelta(days=1)
    assert case.symptoms == ["cough", "fever"] and case.sources == ["absence", "check"]
    Incident.objects.filter(pk=incident.pk).update(status="closed")
    _, created = open_or_merge(
        unit=unit_of_class(other), trigger=trigger("T1"), cases=cases, source="cluster", summary="new"
    )
    assert created, "a closed incident takes no new cases"


def test_the_pages(world, client, incident):
    client.force_login(world.doctor)
    page = client.get(f"/response/incidents/{incident.pk}/").content.decode()
    assert "2人发热" in page and "生S1C1A" in page and "密接追踪" in page
    assert "2人发热" in client.get("/response/incidents/").content.decode()
    url = f"/response/incidents/{incident.pk}/report/"
    local = timezone.localtime() - dt.timedelta(minutes=1)
    good = {
        "kind": "initial",
        "recipient": "cdc",
        "reported_at": local.strftime("%Y-%m-%dT%H:%M"),
        "receiver": "县疾控 王",
        "phone": "0414-1234567",
    }
    bad = client.post(url, {**good, "phone": "abc"})
    assert bad.status_code == 400 and "请填写接报电话" in bad.content.decode()
    bad = client.post(url, {**good, "reported_at": "yesterday"})
    assert bad.status_code == 400
    assert not IncidentReport.objects.exists()
    assert client.post(url, good).status_code == 302
    closing = client.post(f"/response/incidents/{incident.pk}/close/", {"summary": "好了"})
    assert closing.status_code == 400 and "教育行政部门" in closing.content.decode()
    client.force_login(world.head_teacher)
    assert client.post(url, good).status_code == 403
    client.force_login(world.outsider)
    assert client.get(f"/response/incidents/{incident.pk}/").status_code == 404


def test_the_api(world, client, incident):
    client.force_login(world.principal)
    data = client.get("/api/v1/incidents/", {"date": TODAY.isoformat()}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert (
        row["trigger"] == "T1"
        and row["scope_type"] == "class"
        and row["scope_id"] == world.classes["S1C1"].pk
    )
    assert {c["name"] for c in row["cases"]} == {"生S1C1A", "生S1C1B"}
    assert {"id", "scope_name", "detected_at", "deadline", "status"} <= set(row)
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    assert client.get("/api/v1/incidents/", {"date": yesterday}).json()["count"] == 0
    bad = client.get("/api/v1/incidents/", {"date": "2026-13-01"})
    assert bad.status_code == 400 and "date" in bad.json()
    assert client.get("/api/v1/incidents/", {"status": "weird"}).status_code == 400
    client.force_login(world.leader.__class__.objects.get(username="inspector"))
    assert client.get("/api/v1/incidents/").json()["count"] == 0
    assert client.get(f"/api/v1/incidents/{incident.pk}/").status_code == 404


def test_a_trigger_lost_from_the_table_comes_back_but_one_switched_off_is_refused(world):
    from eduguard.response.models import ClusterRule, ReportingTrigger

    ReportingTrigger.objects.filter(code="T3").update(active=False)
    with pytest.raises(ValidationError, match="T3 不存在或已停用"):
        trigger("T3")
    ClusterRule.objects.all().delete()
    ReportingTrigger.objects.all().delete()
    assert trigger("T2").deadline_minutes == 60
    assert ReportingTrigger.objects.count() == 4 and ClusterRule.objects.count() == 4


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_the_api_refuses_a_day_it_cannot_bound_with_a_400_not_a_500(world, client, day):
    """Found by the API fuzz test (core/tests/test_api_fuzz.py): the bounds of 0001-01-01 and
    9999-12-31 as datetimes overflowed (OverflowError, a 500)."""
    client.force_login(world.principal)
    response = client.get("/api/v1/incidents/", {"date": day})
    assert response.status_code == 400 and "日期超出范围" in response.json()["date"][0]
    assert client.get("/api/v1/incidents/", {"date": "9999-12-30"}).json()["count"] == 0
