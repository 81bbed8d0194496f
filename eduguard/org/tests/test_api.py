import pytest
from rest_framework.test import APIClient

from eduguard.core.testing import PASSWORD


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username):
    response = api.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def test_it_issues_a_token_that_authenticates_requests(world, api):
    token = token_for(api, "principal")
    response = api.get("/api/v1/schools/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert [s["code"] for s in response.json()["results"]] == ["TS1"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "principal"},
        {"username": "principal", "password": "wrong"},
        {"username": ["x"], "password": 1},
    ],
)
def test_it_answers_bad_credentials_with_400_and_field_errors(world, api, body):
    response = api.post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict) and response.json()


def test_it_refuses_anonymous_and_bad_tokens(world, api):
    assert api.get("/api/v1/people/").status_code == 401
    assert api.get("/api/v1/people/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_it_paginates_lists_in_the_contract_shape(world, api):
    api.force_authenticate(world.leader)
    body = api.get("/api/v1/people/", {"page_size": 5}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(world.people)
    assert len(body["results"]) == 5 and body["next"] and body["previous"] is None


def test_it_lists_schools_with_the_contract_fields(world, api):
    api.force_authenticate(world.grid_leader)
    results = api.get("/api/v1/schools/").json()["results"]
    assert {r["code"] for r in results} == {"TS1", "TS2"}
    assert {"id", "code", "name", "type", "grid"} <= set(results[0])
    assert results[0]["grid"] == world.grid1.id


def test_it_filters_classes_by_school(world, api):
    api.force_authenticate(world.leader)
    school = world.schools["S2"]
    results = api.get("/api/v1/classes/", {"school": school.id}).json()["results"]
    assert [(r["name"], r["grade"], r["school"]) for r in results] == [
        ("七(1)班", "七年级", school.id),
        ("七(2)班", "七年级", school.id),
    ]


def test_it_filters_people_by_role_school_and_class(world, api):
    api.force_authenticate(world.leader)
    klass = world.classes["S1C2"]
    students = api.get("/api/v1/people/", {"role": "student", "class": klass.id}).json()["results"]
    assert {p["name"] for p in students} == {"生S1C2A", "生S1C2B"}
    assert all(p["class"] == klass.id and p["role"] == "student" for p in students)
    staff = api.get("/api/v1/people/", {"role": "staff", "school": world.schools["S3"].id}).json()["results"]
    assert {p["name"] for p in staff} == {"师S3TA", "师S3TB"}


def test_it_masks_id_numbers_and_phones(world, api):
    api.force_authenticate(world.admin)
    person = world.people["S1C1A"]
    body = api.get(f"/api/v1/people/{person.id}/").json()
    full = person.reveal_id_number()
    assert body["id_number"] == full[:6] + "********" + full[-4:]
    assert body["phone"] == person.phone_masked and "****" in body["phone"]
    assert full not in str(body) and person.reveal_phone()[3:] not in str(body)


@pytest.mark.parametrize(
    ("query", "field"),
    [({"role": "teacher"}, "role"), ({"school": "abc"}, "school"), ({"class": "x"}, "class")],
)
def test_it_answers_bad_filters_with_400_naming_the_field(world, api, query, field):
    api.force_authenticate(world.leader)
    response = api.get("/api/v1/people/", query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_it_answers_a_page_past_the_end_with_404_and_a_bad_page_size_with_the_default(world, api):
    api.force_authenticate(world.leader)
    assert api.get("/api/v1/people/", {"page": "999"}).status_code == 404
    assert api.get("/api/v1/people/", {"page": "abc"}).status_code == 404
    assert api.get("/api/v1/people/", {"page_size": "-1"}).json()["count"] == len(world.people)


def test_it_hides_out_of_scope_records_as_not_found(world, api):
    api.force_authenticate(world.head_teacher)
    other = world.people["S1C2A"]
    missing = api.get("/api/v1/people/999999/")
    hidden = api.get(f"/api/v1/people/{other.id}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_it_serves_the_schema_and_local_swagger_ui(world, client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/people/" in schema.content
    client.force_login(world.leader)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"swagger-ui" in docs.content
