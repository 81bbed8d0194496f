import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from eduguard.health.api import views
from eduguard.health.models import DailyReport
from eduguard.health.services.reports import submit_report


class TokenClient(APIClient):
    """Authenticates with a real `Authorization: Token` header, the way phones and scripts do,
    so the daily report POST takes its fast path (health.api.fast) when it can."""

    def force_authenticate(self, user=None, token=None):
        self.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")


@pytest.fixture(params=["drf", "token"])
def api(request):
    """Every test here runs through DRF's dispatch and through the token fast path."""
    return APIClient() if request.param == "drf" else TokenClient()


def today():
    return timezone.localdate()


def body(who, **over):
    return {"person": who.id, "date": today().isoformat(), "temperature": 36.6, "symptoms": [], **over}


def test_it_answers_201_for_a_new_report_and_200_when_it_replaces_it(world, api):
    api.force_authenticate(world.parent)
    child = world.people["S1C1A"]
    first = api.post("/api/v1/daily-reports/", body(child), format="json")
    assert first.status_code == 201 and first.json()["reporter_kind"] == "guardian"
    again = api.post(
        "/api/v1/daily-reports/", body(child, temperature=37.8, symptoms=["cough", "fever"]), format="json"
    )
    assert again.status_code == 200
    assert again.json()["revision"] == 2 and again.json()["fever"] is True
    assert DailyReport.objects.filter(person=child).count() == 1


def test_a_head_teacher_reports_on_behalf_and_it_is_recorded_so(world, api):
    api.force_authenticate(world.head_teacher)
    response = api.post("/api/v1/daily-reports/", body(world.people["S1C1B"]), format="json")
    assert response.status_code == 201 and response.json()["reporter_kind"] == "teacher"
    assert DailyReport.objects.get().reported_by == world.head_teacher


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"temperature": "hot"}, "temperature"),
        ({"temperature": 45.2}, "temperature"),
        ({"temperature": 33.0}, "temperature"),
        ({"temperature": 36.55}, "temperature"),
        ({"symptoms": ["sneezing"]}, "symptoms"),
        ({"symptoms": "cough"}, "symptoms"),
        ({"health_code": "purple"}, "health_code"),
        ({"date": "2026-13-01"}, "date"),
        ({"date": "2999-01-01"}, "date"),
        ({"family_symptoms": "maybe"}, "family_symptoms"),
        ({"person": "abc"}, "person"),
        ({"person": True}, "person"),
        ({"person": 2**63}, "person"),
        ({"person": None}, "person"),
        ({"date": 20261123}, "date"),
        ({"date": "20261123"}, "date"),
        ({"temperature": None}, "temperature"),
        ({"temperature": True}, "temperature"),
        ({"temperature": "NaN"}, "temperature"),
        ({"temperature": [36.5]}, "temperature"),
        ({"in_county": [True]}, "in_county"),
        ({"left_county": 1.0}, "left_county"),
        ({"contact_outsiders": 2}, "contact_outsiders"),
        ({"symptom_note": "咳" * 101}, "symptom_note"),
        ({"current_location": {"city": "武汉"}}, "current_location"),
        ({"symptoms": [["cough"]]}, "symptoms"),
        ({"health_code": ["green"]}, "health_code"),
        ({"symptom_note": "a\x00b"}, "symptom_note"),
        ({"current_location": "\x00"}, "current_location"),
        ({"symptoms": {}}, "symptoms"),
        ({"symptoms": 0}, "symptoms"),
        ({"symptoms": False}, "symptoms"),
        ({"symptoms": ["cough"] * 21}, "symptoms"),
    ],
)
def test_it_answers_bad_bodies_with_400_naming_the_field_and_writes_nothing(world, api, over, field):
    api.force_authenticate(world.head_teacher)
    response = api.post("/api/v1/daily-reports/", body(world.people["S1C1A"], **over), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DailyReport.objects.exists()


def test_it_treats_a_person_outside_scope_like_a_missing_one(world, api):
    api.force_authenticate(world.head_teacher)
    hidden = api.post("/api/v1/daily-reports/", body(world.people["S2C1A"]), format="json")
    missing = api.post(
        "/api/v1/daily-reports/", {**body(world.people["S2C1A"]), "person": 999999}, format="json"
    )
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["person"][0].replace(str(world.people["S2C1A"].id), "N") == missing.json()["person"][
        0
    ].replace("999999", "N")
    assert not DailyReport.objects.exists()


def test_it_refuses_anonymous_submissions(world, api):
    assert api.post("/api/v1/daily-reports/", body(world.people["S1C1A"]), format="json").status_code == 401


@pytest.mark.parametrize("payload", [[], [1, 2], "text", 42])
def test_it_answers_a_body_that_is_not_an_object_with_400(world, api, payload):
    api.force_authenticate(world.head_teacher)
    response = api.post("/api/v1/daily-reports/", payload, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert not DailyReport.objects.exists()


def test_it_accepts_the_answers_in_their_usual_spellings(world, api):
    api.force_authenticate(world.head_teacher)
    answers = {"person": str(world.people["S1C1A"].id), "temperature": "37.5", "left_county": "true"}
    response = api.post("/api/v1/daily-reports/", {**body(world.people["S1C1A"]), **answers}, format="json")
    assert response.status_code == 201
    report = DailyReport.objects.get()
    assert (str(report.temperature), report.left_county, report.fever) == ("37.5", True, True)


def test_a_form_post_may_repeat_symptoms(world, api):
    api.force_authenticate(world.head_teacher)
    data = {**body(world.people["S1C1A"]), "symptoms": ["cough", "fever"]}
    response = api.post("/api/v1/daily-reports/", data)  # multipart: symptoms=cough&symptoms=fever
    assert response.status_code == 201 and response.json()["symptoms"] == ["fever", "cough"]


def test_two_users_in_one_process_each_keep_their_own_scope(world, api):
    # The compiled scope query is cached per user: a second user must not get the first's.
    outsider = world.people["S2C1A"]
    api.force_authenticate(world.admin)
    assert api.post("/api/v1/daily-reports/", body(outsider), format="json").status_code == 201
    api.force_authenticate(world.head_teacher)
    response = api.post("/api/v1/daily-reports/", body(outsider, temperature=38.0), format="json")
    assert response.status_code == 400 and "person" in response.json()
    assert DailyReport.objects.get(person=outsider).fever is False


def test_the_parser_reads_exactly_the_fields_the_schema_documents():
    from eduguard.health.api.payload import FIELDS
    from eduguard.health.api.serializers import DailyReportInSerializer

    assert set(FIELDS) == set(DailyReportInSerializer().fields)


def test_it_refuses_a_body_that_is_not_json(world, api):
    api.force_authenticate(world.head_teacher)
    response = api.post("/api/v1/daily-reports/", "{not json", content_type="application/json")
    assert response.status_code == 400


def report(person, **answers):
    submit_report(
        person=person,
        day=today(),
        data={"temperature": "36.5", **answers},
        reporter_kind="guardian",
        source="link",
    )


def test_rollcall_lists_missing_and_abnormal_with_the_chain_text(world, api):
    klass = world.classes["S1C1"]
    report(world.people["S1C1A"], temperature="38.0")
    api.force_authenticate(world.head_teacher)
    data = api.get("/api/v1/rollcall/", {"class": klass.id, "date": today().isoformat()}).json()
    assert (data["expected"], data["reported"]) == (2, 1)
    assert [p["name"] for p in data["missing"]] == ["生S1C1B"]
    assert data["abnormal"][0]["name"] == "生S1C1A" and data["abnormal"][0]["reasons"] == ["体温≥发热阈值"]
    assert data["text"].startswith("#接龙") and "1. 生S1C1A 38.0℃ 异常" in data["text"]
    assert "2. 生S1C1B 未报" in data["text"]
    assert data["summary"] == "七(1)班完成健康打卡1人，完成率50%，未报1人，发热1人"


def test_rollcall_summary_reads_like_the_class_groups(world, api):
    klass = world.classes["S1C1"]
    report(world.people["S1C1A"])
    report(world.people["S1C1B"])
    api.force_authenticate(world.head_teacher)
    data = api.get("/api/v1/rollcall/", {"class": klass.id, "date": today().isoformat()}).json()
    assert data["summary"] == "七(1)班完成健康打卡2人，完成率100%，全体学生体温正常"


@pytest.mark.parametrize("query", [{}, {"class": "x", "date": "2026-11-23"}, {"class": 1, "date": "nope"}])
def test_rollcall_answers_bad_queries_with_400(world, api, query):
    api.force_authenticate(world.head_teacher)
    assert api.get("/api/v1/rollcall/", query).status_code == 400


def test_rollcall_of_another_class_is_not_found(world, api):
    api.force_authenticate(world.head_teacher)
    response = api.get("/api/v1/rollcall/", {"class": world.classes["S1C2"].id, "date": today().isoformat()})
    assert response.status_code == 404


def test_stats_are_consistent_at_every_level(world, api):
    for key, temp in (
        ("S1C1A", "36.5"),
        ("S1C2A", "38.5"),
        ("S2C1B", "36.6"),
        ("S3TA", "36.4"),
        ("BUREAU", "36.5"),
    ):
        report(world.people[key], temperature=temp)
    api.force_authenticate(world.leader)

    def rows(level, parent=None):
        query = {"date": today().isoformat(), "level": level, **({"parent": parent} if parent else {})}
        return api.get("/api/v1/stats/daily/", query).json()["results"]

    county = rows("county")[0]
    assert (county["expected"], county["reported"], county["fever"]) == (len(world.people), 5, 1)
    schools = rows("school")
    assert sum(r["reported"] for r in schools) == 4  # the bureau's own staff are counted at county level only
    s1 = next(r for r in schools if r["code"] == "TS1")
    assert (s1["expected"], s1["reported"], s1["abnormal"]) == (6, 2, 1)
    classes = rows("class", parent=world.grades["S1"].id)
    assert [(r["name"], r["reported"], r["completion_rate"]) for r in classes] == [
        ("七(1)班", 1, 50.0),
        ("七(2)班", 1, 50.0),
    ]
    grids = rows("grid", parent=world.county.id)
    assert [r["reported"] for r in grids] == [3, 1]
    assert set(county) >= {
        "id",
        "code",
        "name",
        "expected",
        "reported",
        "on_time",
        "abnormal",
        "fever",
        "completion_rate",
    }


def test_stats_show_only_units_in_scope(world, api):
    api.force_authenticate(world.principal)
    names = [
        r["name"]
        for r in api.get("/api/v1/stats/daily/", {"date": today().isoformat(), "level": "school"}).json()[
            "results"
        ]
    ]
    assert names == ["测试S1中学"]
    assert (
        api.get("/api/v1/stats/daily/", {"date": today().isoformat(), "level": "county"}).json()["results"]
        == []
    )


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"date": "2026-11-23", "level": "planet"},
        {"date": "x", "level": "school"},
        {"date": "2026-11-23", "level": "class", "parent": "a"},
    ],
)
def test_stats_answer_bad_queries_with_400(world, api, query):
    api.force_authenticate(world.leader)
    assert api.get("/api/v1/stats/daily/", query).status_code == 400


def test_dates_far_back_are_refused(world, api):
    api.force_authenticate(world.head_teacher)
    old = (today() - dt.timedelta(days=30)).isoformat()
    response = api.post("/api/v1/daily-reports/", body(world.people["S1C1A"], date=old), format="json")
    assert response.status_code == 400 and "date" in response.json()


def test_the_fast_response_has_exactly_the_serializer_shape(world):
    from eduguard.health.api.serializers import DailyReportSerializer, report_json

    saved, _ = submit_report(
        person=world.people["S1C1A"],
        day=today(),
        data={"temperature": "37.9", "symptoms": ["cough"]},
        reporter_kind="guardian",
        source="api",
    )
    fresh = DailyReport.objects.get(pk=saved.pk)
    assert report_json(saved) == dict(DailyReportSerializer(fresh).data)


def test_the_token_path_answers_a_good_report_without_drf_and_exactly_as_drf_does(world, monkeypatch):
    child, sibling = world.people["S1C1A"], world.people["S1C1B"]
    fast_client, drf_client = TokenClient(), APIClient()
    fast_client.force_authenticate(world.head_teacher)
    drf_client.force_authenticate(world.head_teacher)
    answers = {"temperature": 37.6, "symptoms": ["cough"], "current_location": "县城"}

    def drf_must_not_run(*args, **kwargs):
        raise AssertionError("the fast path should have answered")

    with monkeypatch.context() as m:
        m.setattr(views.DailyReportView, "post", drf_must_not_run)
        fast = fast_client.post("/api/v1/daily-reports/", body(child, **answers), format="json")
    slow = drf_client.post("/api/v1/daily-reports/", body(sibling, **answers), format="json")
    assert fast.status_code == slow.status_code == 201
    for name in ("Content-Type", "Allow", "Vary"):
        assert fast[name] == slow[name]
    differs = {"id", "person", "submitted_at"}
    assert {k: v for k, v in fast.json().items() if k not in differs} == {
        k: v for k, v in slow.json().items() if k not in differs
    }
    assert (
        fast.json()["abnormal"] is True and DailyReport.objects.get(person=child).follow_up.status == "open"
    )


@pytest.mark.parametrize(
    "header", ["Token", "Token a b", "Bearer abc", "Token 0000000000000000000000000000000000000000"]
)
def test_a_bad_token_header_is_answered_401_by_drf(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.post("/api/v1/daily-reports/", body(world.people["S1C1A"]), format="json")
    assert response.status_code == 401 and "detail" in response.json()
    assert not DailyReport.objects.exists()


def test_a_revoked_token_stops_at_once_on_the_fast_path(world):
    client = TokenClient()
    client.force_authenticate(world.head_teacher)
    assert (
        client.post("/api/v1/daily-reports/", body(world.people["S1C1A"]), format="json").status_code == 201
    )
    Token.objects.filter(user=world.head_teacher).delete()
    response = client.post("/api/v1/daily-reports/", body(world.people["S1C1B"]), format="json")
    assert response.status_code == 401
    assert DailyReport.objects.count() == 1


def test_malformed_json_is_answered_400_by_drf(world):
    client = TokenClient()
    client.force_authenticate(world.head_teacher)
    for raw in (b'{"person": 1,', b'{"temperature": NaN}', b"\xff\xfe"):
        response = client.post("/api/v1/daily-reports/", raw, content_type="application/json")
        assert response.status_code == 400, raw
    assert not DailyReport.objects.exists()


def test_a_user_changed_after_their_first_report_is_read_afresh_on_the_fast_path(world):
    # The fast path keeps whom a token belongs to; deactivating the user or taking away their
    # superuser flag must apply to the very next report.
    client = TokenClient()
    client.force_authenticate(world.admin)
    assert (
        client.post("/api/v1/daily-reports/", body(world.people["S2C1A"]), format="json").status_code == 201
    )
    world.admin.is_superuser = False
    world.admin.save(update_fields=["is_superuser"])
    demoted = client.post("/api/v1/daily-reports/", body(world.people["S2C1B"]), format="json")
    assert demoted.status_code == 400 and "person" in demoted.json()
    world.admin.is_active = False
    world.admin.save(update_fields=["is_active"])
    assert (
        client.post("/api/v1/daily-reports/", body(world.people["S1C1A"]), format="json").status_code == 401
    )
    assert DailyReport.objects.count() == 1


def test_a_token_holders_next_report_checks_token_and_scope_in_one_query(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = TokenClient()
    client.force_authenticate(world.head_teacher)
    assert (
        client.post("/api/v1/daily-reports/", body(world.people["S1C1A"]), format="json").status_code == 201
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/daily-reports/", body(world.people["S1C1B"]), format="json")
    assert response.status_code == 201
    token_reads = [q["sql"] for q in queries.captured_queries if "authtoken_token" in q["sql"]]
    assert len(token_reads) == 1 and "org_person" in token_reads[0]


def test_rollcall_of_a_class_that_does_not_exist_reads_like_one_out_of_scope(world, api):
    """A missing class was a 400 ("object does not exist") and one out of scope a 404: the
    difference told a caller which ids exist outside their scope."""
    api.force_authenticate(world.head_teacher)
    day = today().isoformat()
    missing = api.get("/api/v1/rollcall/", {"class": 10**9, "date": day})
    other = api.get("/api/v1/rollcall/", {"class": world.classes["S2C1"].id, "date": day})
    assert missing.status_code == other.status_code == 404 and missing.json() == other.json()
