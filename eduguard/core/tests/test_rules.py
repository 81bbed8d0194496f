"""Several rules read at once (get_rules) agree with get_rule, in one query, then from the cache."""

import datetime as dt

import pytest

from eduguard.core.models import RuleValue
from eduguard.core.rules import RULES, get_rule, get_rules

DAY = dt.date(2020, 3, 1)
NAMES = ("campus.ventilation_times_per_day", "campus.chlorine_mg_l", "campus.uv_minutes")


def test_it_reads_the_rules_in_force_in_one_query_then_from_the_cache(db, django_assert_num_queries):
    RuleValue.objects.create(name="campus.chlorine_mg_l", value=[300, 500], effective_from=DAY)
    RuleValue.objects.create(
        name="campus.chlorine_mg_l", value=[400, 600], effective_from=DAY + dt.timedelta(1)
    )
    with django_assert_num_queries(1):
        values = get_rules(NAMES, DAY)
    assert values == {
        "campus.ventilation_times_per_day": RULES["campus.ventilation_times_per_day"].default,
        "campus.chlorine_mg_l": [300, 500],
        "campus.uv_minutes": 30,
    }
    with django_assert_num_queries(0):
        assert get_rules(NAMES, DAY) == values
        assert all(get_rule(name, DAY) == value for name, value in values.items())
    assert get_rules(["campus.chlorine_mg_l"], DAY + dt.timedelta(1)) == {"campus.chlorine_mg_l": [400, 600]}


def test_an_undeclared_rule_is_an_error(db):
    with pytest.raises(KeyError, match="declare"):
        get_rules(["campus.no_such_rule"], DAY)
