"""IDs larger than a database can store (SQLite raises OverflowError) answer 4xx, never 500."""

import pytest
from rest_framework.test import APIClient

BIG = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/rollcall/?class={BIG}&date=2026-11-23",
        f"/api/v1/stats/daily/?date=2026-11-23&level=class&parent={BIG}",
        f"/api/v1/people/?school={BIG}",
        f"/api/v1/people/{BIG}/",
        f"/health/stats/?level=class&parent={BIG}",
        f"/health/classes/1/report/?person={BIG}",
        f"/org/people/?q={BIG}",
        f"/api/v1/schools/?grid={BIG}",
        f"/api/v1/classes/?school={BIG}",
        f"/health/classes/{BIG}/",
    ],
)
def test_it_answers_ids_too_large_to_store_without_a_500(world, url):
    c = APIClient()
    c.force_authenticate(world.leader)
    assert c.get(url).status_code < 500


def test_it_refuses_oversized_ids_in_bodies_with_a_4xx(world, client):
    from eduguard.health.services.links import issue_link

    link = issue_link(school_class=world.classes["S1C1"], actor=None)
    assert client.post(f"/r/{link.token}/", {"person": BIG, "phone_last4": "1234"}).status_code < 500
    c = APIClient()
    c.force_authenticate(world.leader)
    assert (
        c.post(
            "/api/v1/daily-reports/",
            {"person": BIG, "date": "2026-11-23", "temperature": 36.5},
            format="json",
        ).status_code
        == 400
    )
