"""Log-in lock-out (django-axes) on the log-in page and the API token endpoint."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from eduguard.audit.models import AccessAction, AccessLog
from eduguard.core.testing import PASSWORD

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def get_token(client, username, password, ip="10.0.0.1"):
    return client.post(TOKEN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_it_locks_a_user_name_and_address_after_the_failure_limit(world):
    client = Client()
    for _ in range(2):
        response = log_in(client, "headteacher", "wrong-password")
        assert response.status_code == 200 and "locked-out" not in response.content.decode()
    locked = log_in(client, "headteacher", "wrong-password")
    text = locked.content.decode()
    assert locked.status_code == 429
    assert "登录失败次数过多" in text and "15 分钟" in text and 'id="locked-out"' in text
    assert int(locked["Retry-After"]) == 15 * 60
    assert 'name="username"' in text and 'value="headteacher"' in text  # the form is shown again

    # The right password does not help while locked out, and no session is created.
    refused = log_in(client, "headteacher", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert not AccessLog.objects.filter(action=AccessAction.LOGIN).exists()
    assert AccessLog.objects.filter(action=AccessAction.LOGIN_FAILED).count() == 4


@pytest.mark.django_db
def test_the_lock_is_per_address_and_per_user_name(world):
    client = Client()
    for _ in range(3):
        log_in(client, "headteacher", "wrong-password", ip="10.0.0.1")
    # The same user at another computer, and another user at the same computer, still log in.
    assert log_in(Client(), "headteacher", PASSWORD, ip="10.0.0.2").status_code == 302
    assert log_in(Client(), "principal", PASSWORD, ip="10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_it_unlocks_after_the_cool_off(world):
    client = Client()
    for _ in range(3):
        log_in(client, "headteacher", "wrong-password")
    assert log_in(client, "headteacher", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert log_in(client, "headteacher", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_successful_log_in_resets_the_count(world):
    client = Client()
    for _ in range(2):
        log_in(client, "headteacher", "wrong-password")
    assert log_in(client, "headteacher", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert log_in(client, "headteacher", "wrong-password").status_code == 200
    assert log_in(client, "headteacher", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_token_endpoint_shares_the_lock_and_answers_json(world):
    client = Client()
    for _ in range(2):
        response = get_token(client, "headteacher", "wrong-password")
        assert response.status_code == 400 and "non_field_errors" in response.json()
    locked = get_token(client, "headteacher", "wrong-password")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert "登录失败次数过多" in locked.json()["detail"]
    assert get_token(client, "headteacher", PASSWORD).status_code == 429
    assert not Token.objects.exists()
    # Locked on the API means locked on the page too (one count per user name and address).
    assert log_in(client, "headteacher", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_token_endpoint_still_issues_tokens_and_rejects_bad_input(world):
    client = Client()
    ok = get_token(client, "headteacher", PASSWORD)
    assert ok.status_code == 200 and ok.json()["token"] == Token.objects.get(user=world.head_teacher).key
    assert get_token(client, "headteacher", "").status_code == 400
    assert client.post(TOKEN, {}, REMOTE_ADDR="10.0.0.1").status_code == 400
    assert client.post(TOKEN, "not json", content_type="application/json").status_code == 400


@pytest.mark.django_db
def test_an_unknown_user_name_is_locked_like_a_known_one(world):
    client = Client()
    answers = [log_in(client, "nobody", "x").status_code for _ in range(4)]
    assert answers == [200, 200, 429, 429]  # the lock does not tell whether the account exists


@pytest.mark.django_db
def test_behind_the_proxy_the_lock_follows_the_forwarded_address(world, settings):
    settings.EDUGUARD_PROXY_COUNT = 1
    client = Client()
    for _ in range(3):
        client.post(
            LOGIN,
            {"username": "headteacher", "password": "bad"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    other = client.post(
        LOGIN,
        {"username": "headteacher", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert other.status_code == 302
