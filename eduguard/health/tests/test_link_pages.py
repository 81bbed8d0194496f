import re

import pytest
from django.core.cache import cache

from eduguard.core.models import RuleValue
from eduguard.health.models import ClassLink, DailyReport
from eduguard.health.services.links import issue_link
from eduguard.org.models import Guardian


@pytest.fixture
def link(world):
    cache.clear()
    child = world.people["S1C1A"]
    guardian = Guardian.objects.get(person=child)
    guardian.set_phone("+8613912345678")
    guardian.save()
    return issue_link(school_class=world.classes["S1C1"], actor=world.head_teacher)


ANSWERS = {
    "temperature": "36.6",
    "family_symptoms": "0",
    "in_county": "1",
    "left_county": "0",
    "contact_three_categories": "0",
    "contact_outsiders": "0",
    "health_code": "green",
}


def verify(client, link, person, last4="5678"):
    return client.post(f"/r/{link.token}/", {"person": person.pk, "phone_last4": last4})


def test_a_guardian_picks_the_child_confirms_and_reports(world, client, link):
    child = world.people["S1C1A"]
    page = client.get(f"/r/{link.token}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "生****A" in text and "生S1C1A" not in text  # classmates' names are masked
    assert "生S2" not in text
    response = verify(client, link, child)
    assert response.status_code == 302 and response["Location"] == f"/r/{link.token}/report/"
    done = client.post(f"/r/{link.token}/report/", ANSWERS)
    assert done.status_code == 200 and "已提交" in done.content.decode()
    report = DailyReport.objects.get(person=child)
    assert (report.reporter_kind, report.source, report.abnormal) == ("guardian", "link", False)


def test_the_phone_remembers_the_child(world, client, link):
    verify(client, link, world.people["S1C1A"])
    assert client.get(f"/r/{link.token}/")["Location"] == f"/r/{link.token}/report/"
    assert client.get(f"/r/{link.token}/?switch=1").status_code == 200


def test_a_wrong_suffix_and_an_unknown_child_get_the_same_answer(world, client, link):
    wrong = verify(client, link, world.people["S1C1A"], last4="0000")
    other_class = verify(client, link, world.people["S2C1A"], last4="5678")
    no_one = client.post(f"/r/{link.token}/", {"person": 999999, "phone_last4": "5678"})
    assert wrong.status_code == other_class.status_code == no_one.status_code == 400

    def page(response):  # the CSRF token differs per response; everything else must be equal
        return re.sub(r'value="[^"]{40,}"', "", response.content.decode())

    assert "信息不匹配" in page(wrong) and page(wrong) == page(no_one) == page(other_class)
    assert "eg_child_" not in "".join(wrong.cookies)


def test_it_limits_identity_attempts(world, client, link):
    RuleValue.objects.create(name="health.link_attempts_per_hour", value=3)
    for _ in range(3):
        assert verify(client, link, world.people["S1C1A"], last4="0000").status_code == 400
    blocked = verify(client, link, world.people["S1C1A"])  # even the right answer, once blocked
    assert blocked.status_code == 429 and "尝试次数过多" in blocked.content.decode()


@pytest.mark.parametrize("last4", ["", "12", "abcd", "123456"])
def test_it_rejects_malformed_suffixes(world, client, link, last4):
    assert verify(client, link, world.people["S1C1A"], last4=last4).status_code == 400


def test_a_regenerated_link_revokes_the_old_one(world, client, link):
    verify(client, link, world.people["S1C1A"])
    new = issue_link(school_class=world.classes["S1C1"], actor=world.head_teacher)
    assert client.get(f"/r/{link.token}/").status_code == 404
    assert client.get(f"/r/{link.token}/report/").status_code == 404
    assert client.get(f"/r/{new.token}/").status_code == 200
    assert ClassLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_without_a_verified_child_the_form_sends_you_back(world, client, link):
    response = client.post(f"/r/{link.token}/report/", ANSWERS)
    assert response.status_code == 302 and response["Location"] == f"/r/{link.token}/"
    assert not DailyReport.objects.exists()


def test_a_forged_cookie_for_another_class_is_ignored(world, client, link):
    from django.core import signing

    forged = signing.get_cookie_signer(salt=f"eg_child_{link.pk}eduguard.health.link").sign(
        str(world.people["S2C1A"].pk)
    )
    client.cookies[f"eg_child_{link.pk}"] = forged
    assert client.get(f"/r/{link.token}/report/")["Location"] == f"/r/{link.token}/"


@pytest.mark.parametrize(
    ("over", "field"),
    [({"temperature": "45"}, "体温应在"), ({"temperature": "x"}, "数"), ({"in_county": "0"}, "所在地")],
)
def test_bad_answers_are_shown_on_the_form_and_nothing_is_written(world, client, link, over, field):
    verify(client, link, world.people["S1C1A"])
    response = client.post(f"/r/{link.token}/report/", {**ANSWERS, **over})
    assert response.status_code == 400 and field in response.content.decode()
    assert not DailyReport.objects.exists()


def test_the_page_is_small(world, client, link):
    verify(client, link, world.people["S1C1A"])
    page = client.get(f"/r/{link.token}/report/")
    assert len(page.content) < 20_000 and b"<script" not in page.content


def test_the_picker_tells_apart_children_whose_masks_collide(world, client, link):
    world.people["S1C1B"].name = "生XXX1A"
    world.people["S1C1B"].save()
    text = client.get(f"/r/{link.token}/").content.decode()
    assert text.count("生****A（") == 2 and "月" in text
