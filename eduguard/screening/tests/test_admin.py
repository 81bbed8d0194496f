import pytest

from eduguard.screening.models import Campaign, RiskCategory
from eduguard.screening.services.campaigns import ensure_categories


@pytest.fixture
def categories(world):
    ensure_categories(world.county)
    return {c.code: c for c in RiskCategory.objects.all()}


def form_data(category, **changes):
    data = {
        "county": category.county_id,
        "code": category.code,
        "name": category.name,
        "definition": category.definition,
        "risk_level": category.risk_level,
        "management": category.management,
        "quarantine_days": category.quarantine_days,
        "rule": '{"any": ["contact_case"]}',
        "order": category.order,
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ('{"any": ["cat:class_2"]}', "循环引用"),
        ('{"any": ["wears_hat"]}', "未知的条件"),
        ("not json", "JSON"),
    ],
)
def test_the_admin_refuses_a_bad_category_rule(world, client, categories, rule, message):
    """class_2 → class_1 exists after the first edit below; pointing class_1 back closes a loop."""
    categories["class_2"].rule = {"any": ["cat:class_1"]}
    categories["class_2"].save()
    client.force_login(world.admin)
    one = categories["class_1"]
    response = client.post(f"/admin/screening/riskcategory/{one.pk}/change/", form_data(one, rule=rule))
    assert response.status_code == 200 and message in response.content.decode()
    one.refresh_from_db()
    assert one.rule == {"any": ["hubei_since_cutoff"]}


def test_the_admin_saves_a_good_rule(world, client, categories):
    client.force_login(world.admin)
    one = categories["class_1"]
    response = client.post(f"/admin/screening/riskcategory/{one.pk}/change/", form_data(one))
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.rule == {"any": ["contact_case"]}


def test_the_admin_refuses_a_campaign_whose_dates_are_out_of_order(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/admin/screening/campaign/add/",
        {
            "county": world.county.pk,
            "name": "排查",
            "cut_off": "2020-02-10",
            "opened_on": "2020-02-01",
            "deadline": "2020-01-30",
        },
    )
    body = response.content.decode()
    assert (
        response.status_code == 200
        and "截止日期不能早于开始日期" in body
        and "起算日期不能晚于开始日期" in body
    )
    assert not Campaign.objects.exists()
