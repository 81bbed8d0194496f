"""Properties of the cluster rule (domain.md §2.1 T1, §2.2; services.clusters.find_clusters).

A rule fires for a unit (class, dormitory, grade, school) and a group of similar symptoms when at
least `min_cases` different people of that unit had a symptom of the group within the rule's
window of `window_days` days ending on the day. The scenarios in test_clusters.py run the
2006 defaults through the records; here any rule a bureau could enter is held to that sentence,
written out again below as the oracle, over any set of cases Hypothesis draws.
"""

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from eduguard.response.choices import ScopeType
from eduguard.response.models import ClusterRule
from eduguard.response.services.clusters import Case, find_clusters

DAY = dt.date(2026, 11, 23)
GROUPS = {"respiratory": ["fever", "cough", "sore_throat"], "gastrointestinal": ["diarrhea", "vomiting"]}
CODES = ["fever", "cough", "sore_throat", "diarrhea", "vomiting", "rash"]  # rash is in no group here
SCOPE = {"class": "class_id", "dormitory": "dorm_id", "grade": "grade_id", "school": "school_id"}


def person(pid: int) -> dict:
    """Where person `pid` belongs: 10 people, 2 schools of one grade and 2 classes each (so 2 or 3
    people a class), dormitories for the odd ones."""
    return {
        "person_id": pid,
        "school_id": 1 + pid % 2,
        "grade_id": 10 + pid % 2,
        "class_id": 100 + pid % 4,
        "dorm_id": 1000 + pid % 3 if pid % 2 else None,
    }


cases = st.lists(
    st.builds(
        lambda pid, back, symptoms, source: Case(
            **person(pid),
            day=DAY - dt.timedelta(days=back),
            symptoms=frozenset(symptoms),
            source=source,
        ),
        st.integers(1, 10),
        st.integers(-1, 5),  # -1: a record dated after the day, which no window holds
        st.sets(st.sampled_from(CODES), min_size=1, max_size=3),
        st.sampled_from(["check", "absence", "daily_report", "fever"]),
    ),
    min_size=2,
    max_size=30,
)
rules = st.lists(
    st.builds(
        ClusterRule,
        name=st.just("规则"),
        scope=st.sampled_from(ScopeType.values),
        window_days=st.integers(1, 7),
        min_cases=st.integers(2, 5),
    ),
    min_size=1,
    max_size=3,
)


def found(case_list, rule_list) -> set:
    """What find_clusters reports, as (rule, unit, group, people, merged cases)."""
    return {
        (
            rule_list.index(c.rule),
            c.scope_id,
            c.group,
            frozenset(c.people),
            frozenset(c.cases),
        )
        for c in find_clusters(case_list, rule_list, DAY, GROUPS)
    }


def people_of(clusters: set) -> set:
    return {(rule, unit, group, people) for rule, unit, group, people, _ in clusters}


def oracle(case_list, rule_list) -> set:
    """The rule as domain.md words it: (rule, unit, group, people) for every unit and group that
    has at least min_cases different people with a symptom of the group inside the window."""
    out = set()
    for n, rule in enumerate(rule_list):
        since = DAY - dt.timedelta(days=rule.window_days - 1)
        attr = SCOPE[rule.scope]
        for group, codes in GROUPS.items():
            units: dict[int, set[int]] = {}
            for c in case_list:
                unit = getattr(c, attr)
                if unit is not None and since <= c.day <= DAY and c.symptoms & set(codes):
                    units.setdefault(unit, set()).add(c.person_id)
            out |= {(n, u, group, frozenset(p)) for u, p in units.items() if len(p) >= rule.min_cases}
    return out


def burst(pids, back=0, symptoms=("fever",)):
    day = DAY - dt.timedelta(days=back)
    return [Case(**person(p), day=day, symptoms=frozenset(symptoms), source="check") for p in pids]


T1_DAY = ClusterRule(name="3例/1天", scope="class", window_days=1, min_cases=3)


@given(cases, rules)
@example(burst([1, 5, 9]), [T1_DAY])  # class 101, same day: fires
@example(burst([1, 5]) + burst([9], back=1), [T1_DAY])  # the third a day earlier: does not
def test_a_rule_fires_exactly_when_enough_people_fall_in_its_unit_group_and_window(case_list, rule_list):
    assert people_of(found(case_list, rule_list)) == oracle(case_list, rule_list)


def test_the_oracle_agrees_with_the_2006_day_rule_on_its_own_example():
    assert oracle(burst([1, 5, 9]), [T1_DAY]) == {(0, 101, "respiratory", frozenset({1, 5, 9}))}
    assert oracle(burst([1, 5]) + burst([9], back=1), [T1_DAY]) == set()


@given(cases, rules, st.randoms(use_true_random=False))
def test_the_order_of_the_cases_does_not_matter(case_list, rule_list, rnd):
    shuffled = list(case_list)
    rnd.shuffle(shuffled)
    assert found(shuffled, rule_list) == found(case_list, rule_list)


@given(cases, rules)
def test_a_person_recorded_again_by_another_source_counts_once(case_list, rule_list):
    again = [Case(**{**c.__dict__, "source": "fever"}) for c in case_list]
    assert people_of(found(case_list + again, rule_list)) == people_of(found(case_list, rule_list))


@given(cases, cases, rules)
def test_more_cases_never_take_a_cluster_away(case_list, more, rule_list):
    before = people_of(found(case_list, rule_list))
    after = people_of(found(case_list + more, rule_list))
    for rule, unit, group, people in before:
        assert any(r == rule and u == unit and g == group and people <= p for r, u, g, p in after)


@given(cases, rules)
def test_each_person_is_listed_once_from_their_earliest_day_with_every_symptom_and_source(
    case_list, rule_list
):
    for cluster in find_clusters(case_list, rule_list, DAY, GROUPS):
        since = DAY - dt.timedelta(days=cluster.rule.window_days - 1)
        counted = [
            c
            for c in case_list
            if since <= c.day <= DAY
            and c.symptoms & set(GROUPS[cluster.group])
            and getattr(c, SCOPE[cluster.rule.scope]) == cluster.scope_id
        ]
        assert sorted(m.person_id for m in cluster.cases) == sorted({c.person_id for c in counted})
        for merged in cluster.cases:
            own = [c for c in counted if c.person_id == merged.person_id]
            assert merged.day == min(c.day for c in own)
            assert merged.symptoms == frozenset().union(*(c.symptoms for c in own))
            assert set(merged.source.split(",")) == {c.source for c in own}
