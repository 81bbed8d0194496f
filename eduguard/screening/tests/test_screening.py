import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.screening.models import CategoryStatus, PersonCategory, RiskCategory, ScreeningResponse
from eduguard.screening.rules import categories_for, check_rules
from eduguard.screening.services.campaigns import (
    campaign_rollup,
    create_campaign,
    people_in,
    save_response,
    validate_category_rule,
)

TODAY = timezone.localdate()


@pytest.fixture
def campaign(world):
    return create_campaign(county=world.county, name="全员大排查", opened_on=TODAY, deadline=TODAY)


def current_codes(person) -> set[str]:
    return set(
        PersonCategory.objects.current().filter(person=person).values_list("category__code", flat=True)
    )


def test_rules_follow_category_references_and_refuse_a_loop():
    rules = {"a": {"any": ["contact_case"]}, "b": {"all": ["cat:a", "left_county"]}}
    assert categories_for({"contact_case": True, "left_county": True}, rules) == {"a", "b"}
    assert categories_for({"left_county": True}, rules) == set()
    with pytest.raises(ValidationError, match="循环引用：a → b → a"):
        check_rules({"a": {"any": ["cat:b"]}, "b": {"any": ["cat:a"]}})
    with pytest.raises(ValidationError, match="循环引用：c → c"):
        check_rules({"c": {"any": ["cat:c"]}})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"any": ["wears_hat"]}, "未知的条件"),
        ({"any": []}, "至少需要一个条件"),
        ({"some": ["left_county"]}, "规则应为"),
        (["left_county"], "规则应为"),
        ({"any": ["cat:nowhere"]}, "不存在的类别"),
    ],
)
def test_a_badly_written_category_rule_is_refused(campaign, rule, message):
    category = RiskCategory.objects.get(county=campaign.county, code="class_3")
    category.rule = rule
    with pytest.raises(ValidationError, match=message):
        validate_category_rule(category)


def test_an_edit_that_closes_a_loop_through_the_county_rules_is_refused(campaign):
    one = RiskCategory.objects.get(county=campaign.county, code="class_1")
    one.rule = {"any": ["cat:class_2"]}
    one.save()
    two = RiskCategory.objects.get(county=campaign.county, code="class_2")
    two.rule = {"any": ["cat:class_1"]}
    with pytest.raises(ValidationError, match="循环引用"):
        validate_category_rule(two)


def test_answers_propose_categories_and_a_corrected_answer_withdraws_the_proposal(world, campaign):
    person = world.people["S1C1A"]
    save_response(
        campaign=campaign, person=person, answers={"returned_from_outside": True}, actor=world.head_teacher
    )
    assert current_codes(person) == {"sanfan"}
    row = PersonCategory.objects.get(person=person)
    assert row.status == CategoryStatus.PROPOSED and row.school_class_id == person.school_class_id
    save_response(
        campaign=campaign, person=person, answers={"contact_outsiders": True}, actor=world.head_teacher
    )
    assert current_codes(person) == {"class_3"}
    assert PersonCategory.objects.filter(person=person).count() == 2  # history kept, not deleted
    assert ChangeLog.objects.filter(object_type="screening.screeningresponse", action="update").count() == 1


def test_a_confirmed_category_survives_a_changed_answer(world, campaign):
    person = world.people["S1C1B"]
    save_response(campaign=campaign, person=person, answers={"contact_case": True}, actor=None)
    PersonCategory.objects.filter(person=person).update(status=CategoryStatus.CONFIRMED)
    save_response(campaign=campaign, person=person, answers={}, actor=None)
    assert current_codes(person) == {"class_2"}


def test_a_trip_makes_the_person_one_who_left_the_county(world, campaign):
    trip = {"place": "沈阳", "left_on": "2020-01-20", "back_on": "2020-01-25"}
    response = save_response(
        campaign=campaign, person=world.people["S1TA"], answers={"trips": [trip]}, actor=None
    )
    assert response.left_county and response.trips == [trip]
    assert current_codes(world.people["S1TA"]) == {"left_county"}


@pytest.mark.parametrize(
    ("trip", "message"),
    [
        ({"place": "沈阳", "left_on": "2020-01-25", "back_on": "2020-01-20"}, "返回日期早于离开日期"),
        ({"place": "沈阳", "left_on": "2020-01-32"}, "有效的离开日期"),
        ({"place": "", "left_on": "2020-01-20"}, "请填写地点"),
        ({"left_on": "2020-01-20"}, "需要地点"),
        ({"place": "沈阳", "left_on": "2019-12-01", "back_on": "2019-12-05"}, "起算日期"),
        ({"place": "沈阳", "left_on": "2999-01-01"}, "不能晚于今天"),
        ("沈阳", "需要地点"),
    ],
)
def test_a_bad_trip_is_refused_and_nothing_is_written(world, campaign, trip, message):
    with pytest.raises(ValidationError, match=message):
        save_response(campaign=campaign, person=world.people["S1C1A"], answers={"trips": [trip]}, actor=None)
    assert not ScreeningResponse.objects.exists() and not PersonCategory.objects.exists()


def test_a_campaign_of_staff_only_refuses_a_student(world):
    staff_only = create_campaign(
        county=world.county, name="教职工排查", opened_on=TODAY, deadline=TODAY, includes_students=False
    )
    with pytest.raises(ValidationError, match="不在本次排查范围内"):
        save_response(campaign=staff_only, person=world.people["S1C1A"], answers={}, actor=None)


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"opened_on": TODAY, "deadline": TODAY - dt.timedelta(days=1)}, "deadline"),
        ({"opened_on": TODAY, "deadline": TODAY, "cut_off": TODAY + dt.timedelta(days=1)}, "cut_off"),
    ],
)
def test_campaign_dates_out_of_order_are_refused(world, dates, field):
    with pytest.raises(ValidationError) as caught:
        create_campaign(county=world.county, name="x", **dates)
    assert field in caught.value.message_dict


def test_the_cut_off_defaults_to_the_county_rule(campaign):
    assert campaign.cut_off == dt.date(2020, 1, 15)


def test_the_rollup_counts_answers_and_categories_per_school_within_scope(world, campaign):
    for key, answers in (
        ("S1C1A", {"contact_outsiders": True}),
        ("S1C1B", {}),
        ("S2C1A", {"contact_case": True}),
    ):
        save_response(campaign=campaign, person=world.people[key], answers=answers, actor=None)
    rows, total, categories = campaign_rollup(campaign, world.admin)
    by_school = {r.name: r for r in rows}
    s1 = by_school[world.schools["S1"].name]
    assert (s1.expected, s1.responded, s1.categories) == (6, 2, {"class_3": 1})
    assert (total.expected, total.responded) == (len(world.people), 3)
    assert total.categories == {"class_3": 1, "class_2": 1}
    assert [c.code for c in categories][:3] == ["class_1", "class_2", "class_3"]
    rows, total, _ = campaign_rollup(campaign, world.head_teacher)
    assert (total.expected, total.responded, total.categories) == (2, 2, {"class_3": 1})
    assert [pc.person.name for pc in people_in(campaign, world.head_teacher, "class_2")] == []
    assert [pc.person_id for pc in people_in(campaign, world.admin, "class_2")] == [world.people["S2C1A"].id]
