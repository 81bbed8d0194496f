import pytest
from django.utils import timezone

from eduguard.screening.models import PersonCategory, ScreeningResponse
from eduguard.screening.services.campaigns import create_campaign


@pytest.fixture
def campaign(world):
    today = timezone.localdate()
    return create_campaign(county=world.county, name="全员大排查", opened_on=today, deadline=today)


def sheet(world, campaign):
    return f"/screening/classes/{world.classes['S1C1'].pk}/?campaign={campaign.pk}"


def test_a_head_teacher_fills_the_class_in_one_go(world, client, campaign):
    client.force_login(world.head_teacher)
    a, b = world.people["S1C1A"], world.people["S1C1B"]
    page = client.get(sheet(world, campaign))
    assert page.status_code == 200 and a.name in page.content.decode()
    response = client.post(
        sheet(world, campaign),
        {
            "campaign": campaign.pk,
            f"p{a.pk}-returned_from_outside": "on",
            f"p{b.pk}-trip-place": "沈阳",
            f"p{b.pk}-trip-left_on": "2020-01-20",
            f"p{b.pk}-trip-back_on": "2020-01-22",
        },
    )
    assert response.status_code == 302
    assert ScreeningResponse.objects.filter(campaign=campaign).count() == 2
    assert set(PersonCategory.objects.values_list("person_id", "category__code")) == {
        (a.pk, "sanfan"),
        (b.pk, "left_county"),
    }
    rollup = client.get(f"/screening/{campaign.pk}/?category=sanfan").content.decode()
    assert a.name in rollup and b.name not in rollup.split('id="named"')[1]


def test_one_bad_row_saves_nothing_and_says_which(world, client, campaign):
    client.force_login(world.head_teacher)
    a, b = world.people["S1C1A"], world.people["S1C1B"]
    response = client.post(
        sheet(world, campaign),
        {
            "campaign": campaign.pk,
            f"p{a.pk}-contact_case": "on",
            f"p{b.pk}-trip-place": "沈阳",
            f"p{b.pk}-trip-left_on": "2020-01-25",
            f"p{b.pk}-trip-back_on": "2020-01-20",
        },
    )
    assert response.status_code == 400
    assert "返回日期早于离开日期" in response.content.decode()
    assert not ScreeningResponse.objects.exists() and not PersonCategory.objects.exists()


@pytest.mark.parametrize(
    "query", ["", "?campaign=abc", "?campaign=0", "?campaign=99999999999999999999", "?campaign=424242"]
)
def test_the_sheet_needs_a_campaign_it_can_find(world, client, campaign, query):
    client.force_login(world.head_teacher)
    assert client.get(f"/screening/classes/{world.classes['S1C1'].pk}/{query}").status_code == 404


def test_another_class_sheet_is_not_found_and_writes_nothing(world, client, campaign):
    client.force_login(world.head_teacher)
    other = world.classes["S2C1"]
    url = f"/screening/classes/{other.pk}/?campaign={campaign.pk}"
    assert client.get(url).status_code == 404
    person = world.people["S2C1A"]
    assert client.post(url, {"campaign": campaign.pk, f"p{person.pk}-contact_case": "on"}).status_code == 404
    assert not ScreeningResponse.objects.exists()
