"""The class report link's public pages: signed tokens, revocation and rate limits (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eduguard.health import linktokens
from eduguard.health.models import ClassLink, DailyReport
from eduguard.health.services.links import issue_link
from eduguard.org.models import Guardian

ANSWERS = {
    "temperature": "36.6",
    "family_symptoms": "0",
    "in_county": "1",
    "left_county": "0",
    "contact_three_categories": "0",
    "contact_outsiders": "0",
    "health_code": "green",
}


@pytest.fixture
def link(world):
    guardian = Guardian.objects.get(person=world.people["S1C1A"])
    guardian.set_phone("+8613912345678")
    guardian.save()
    return issue_link(school_class=world.classes["S1C1"], actor=world.head_teacher)


def verified(client, link, world):
    response = client.post(f"/r/{link.token}/", {"person": world.people["S1C1A"].pk, "phone_last4": "5678"})
    assert response.status_code == 302
    return client


def test_new_links_are_signed_and_fit_the_token_column(link):
    assert link.is_signed and len(link.token) == ClassLink._meta.get_field("token").max_length
    assert linktokens.is_well_formed(link.token)
    assert linktokens.new() != linktokens.new()


def _flip(char: str) -> str:
    return "A" if char != "A" else "B"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t: t[:-1] + _flip(t[-1]), id="signature changed"),
        pytest.param(lambda t: _flip(t[0]) + t[1:], id="random part changed"),
        pytest.param(lambda t: t.split(".")[0] + ".", id="signature cut"),
        pytest.param(lambda t: t + "x", id="extra character"),
        pytest.param(lambda t: "0" * 16 + "." + "0" * 15, id="made up"),
        pytest.param(lambda t: t.replace(".", ".."), id="two dots"),
        pytest.param(lambda t: "%00" + t, id="control character"),
    ],
)
def test_a_tampered_or_guessed_token_is_a_404_without_touching_the_database(client, link, tamper):
    bad = tamper(link.token)
    with CaptureQueriesContext(connection) as queries:
        start = client.get(f"/r/{bad}/")
        post = client.post(f"/r/{bad}/report/", ANSWERS)
    assert start.status_code == post.status_code == 404
    assert "此链接已失效" in start.content.decode()
    assert [q["sql"] for q in queries.captured_queries] == []
    assert not DailyReport.objects.exists()


def test_a_token_signed_with_another_key_is_refused_and_old_keys_still_work(client, link, settings):
    original = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"
    assert client.get(f"/r/{link.token}/").status_code == 404
    settings.SECRET_KEY_FALLBACKS = [original]  # a key rotation: printed links keep working
    assert client.get(f"/r/{link.token}/").status_code == 200


def test_a_revoked_link_is_refused_and_writes_nothing(world, client, link):
    verified(client, link, world)
    issue_link(school_class=world.classes["S1C1"], actor=world.head_teacher)  # regenerate: revokes
    assert client.get(f"/r/{link.token}/").status_code == 404
    response = client.post(f"/r/{link.token}/report/", ANSWERS)
    assert response.status_code == 404 and "此链接已失效" in response.content.decode()
    assert not DailyReport.objects.exists()


def test_a_link_printed_before_signing_works_until_switched_off(world, client, settings):
    legacy = ClassLink.objects.create(school_class=world.classes["S1C2"], token="Abcdefghijklmnopqrstuvwx")
    assert not legacy.is_signed
    assert client.get(f"/r/{legacy.token}/").status_code == 200
    settings.EDUGUARD_LINK_ACCEPT_UNSIGNED = False
    assert client.get(f"/r/{legacy.token}/").status_code == 404


def test_the_class_page_says_when_its_link_is_unsigned(world, client):
    ClassLink.objects.create(school_class=world.classes["S1C1"], token="Abcdefghijklmnopqrstuvwx")
    client.force_login(world.head_teacher)
    page = client.get(f"/health/classes/{world.classes['S1C1'].pk}/link/").content.decode()
    assert 'id="unsigned-link"' in page
    client.post(f"/health/classes/{world.classes['S1C1'].pk}/link/")  # regenerate
    page = client.get(f"/health/classes/{world.classes['S1C1'].pk}/link/").content.decode()
    assert 'id="unsigned-link"' not in page
    assert ClassLink.objects.get(school_class=world.classes["S1C1"], revoked_at__isnull=True).is_signed


def test_too_many_requests_from_one_address_get_429_and_write_nothing(world, client, link, settings):
    settings.EDUGUARD_LINK_RATE_PER_IP = 3
    verified(client, link, world)  # 1
    assert client.get(f"/r/{link.token}/report/").status_code == 200  # 2
    assert client.get(f"/r/{link.token}/").status_code == 302  # 3
    blocked = client.post(f"/r/{link.token}/report/", ANSWERS)
    assert blocked.status_code == 429 and "访问太频繁" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= settings.EDUGUARD_LINK_RATE_WINDOW
    assert not DailyReport.objects.exists()
    # Forged tokens from the same address count too: a scanner cannot go on guessing.
    assert client.get("/r/0000000000000000.000000000000000/").status_code == 429
    # Another address is not affected.
    assert client.get(f"/r/{link.token}/", REMOTE_ADDR="10.1.1.1").status_code == 302


def test_one_link_is_limited_across_addresses(world, client, link, settings):
    settings.EDUGUARD_LINK_RATE_PER_LINK = 2
    assert client.get(f"/r/{link.token}/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(f"/r/{link.token}/", REMOTE_ADDR="10.0.0.2").status_code == 200
    blocked = client.post(
        f"/r/{link.token}/",
        {"person": world.people["S1C1A"].pk, "phone_last4": "5678"},
        REMOTE_ADDR="10.0.0.3",
    )
    assert blocked.status_code == 429 and "eg_child_" not in "".join(blocked.cookies)
    # Other classes' links are counted apart.
    other = issue_link(school_class=world.classes["S1C2"], actor=world.head_teacher)
    assert client.get(f"/r/{other.token}/", REMOTE_ADDR="10.0.0.3").status_code == 200


def test_the_limits_count_in_windows(world, client, link, settings, monkeypatch):
    settings.EDUGUARD_LINK_RATE_PER_IP = 1
    now = [1_000_000.0]
    monkeypatch.setattr("eduguard.core.security.time.time", lambda: now[0])
    assert client.get(f"/r/{link.token}/").status_code == 200
    assert client.get(f"/r/{link.token}/").status_code == 429
    now[0] += settings.EDUGUARD_LINK_RATE_WINDOW
    assert client.get(f"/r/{link.token}/").status_code == 200


def test_a_limit_of_zero_switches_it_off(world, client, link, settings):
    settings.EDUGUARD_LINK_RATE_PER_IP = 0
    settings.EDUGUARD_LINK_RATE_PER_LINK = 0
    assert all(client.get(f"/r/{link.token}/").status_code == 200 for _ in range(5))
