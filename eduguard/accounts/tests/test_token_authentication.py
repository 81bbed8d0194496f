import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from eduguard.core.rules import clear_cache
from eduguard.health.models import DailyReport


def post(client, key, person):
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.post(
        "/api/v1/daily-reports/",
        {"person": person.id, "date": timezone.localdate().isoformat(), "temperature": 36.6},
        format="json",
    )


@pytest.fixture
def client():
    return APIClient()


@pytest.mark.django_db
def test_a_valid_token_authenticates_as_its_user(world, client, settings):
    key = Token.objects.create(user=world.head_teacher).key
    response = client.get("/api/v1/classes/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [world.classes["S1C1"].id]


@pytest.mark.django_db
def test_an_unknown_token_is_refused_and_nothing_is_written(world, client):
    assert post(client, "0" * 40, world.people["S1C1A"]).status_code == 401
    assert not DailyReport.objects.exists()


@pytest.mark.django_db
def test_a_deactivated_users_token_is_refused(world, client):
    key = Token.objects.create(user=world.head_teacher).key
    world.head_teacher.is_active = False
    world.head_teacher.save()
    response = client.get("/api/v1/classes/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_deleted_token_stops_working_although_its_query_is_cached(world, client):
    token = Token.objects.create(user=world.head_teacher)
    assert client.get("/api/v1/classes/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    token.delete()
    assert client.get("/api/v1/classes/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401
    clear_cache()
    assert client.get("/api/v1/classes/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401
