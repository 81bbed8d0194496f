"""Properties of the daily report's abnormal and fever decision (domain.md §7.1; health.rules).

A report's answers go through clean_answers (the rules in force: temperature range, symptom codes)
and are then tested against the abnormal rules. The examples in test_reports.py pin each default
rule; here the rules are held over every combination of answers Hypothesis draws.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from eduguard.health.choices import HealthCode, RuleKind, Symptom
from eduguard.health.models import AbnormalRule
from eduguard.health.rules import default_rules, evaluate
from eduguard.health.services.reports import clean_answers

DAY = dt.date(2026, 11, 23)
FEVER = Decimal("37.3")  # the default of health.fever_threshold (domain.md §7.1)
FEVER_LABEL = "体温≥发热阈值"

temperatures = st.decimals(Decimal("34.0"), Decimal("43.0"), places=1)
symptoms = st.lists(st.sampled_from(Symptom.values), max_size=5)
# The answers a report carries besides temperature and symptoms, each with its "nothing to
# report" value first: a risk flag, a trip, a contact, a code that is not green.
SAFE = {
    "family_symptoms": False,
    "in_county": True,
    "left_county": False,
    "contact_three_categories": False,
    "contact_outsiders": False,
    "health_code": HealthCode.GREEN,
}
others = st.fixed_dictionaries(
    {
        "family_symptoms": st.booleans(),
        "in_county": st.booleans(),
        "left_county": st.booleans(),
        "contact_three_categories": st.booleans(),
        "contact_outsiders": st.booleans(),
        "health_code": st.sampled_from(HealthCode.values),
    }
)
pytestmark = pytest.mark.django_db  # the rules in force are read once per day and cached


def decide(temperature, symptom_list, answers):
    """(reasons, fever) of a report as submitted: checked by the rules of DAY, then evaluated."""
    data = {"temperature": str(temperature), "symptoms": symptom_list, **answers}
    clean = clean_answers(data, DAY, DAY)
    return evaluate({**SAFE, "symptom_note": "", "current_location": "", **clean}, DAY)


@given(temperatures, symptoms, others)
def test_fever_is_decided_by_the_temperature_alone(temperature, symptom_list, answers):
    reasons, fever = decide(temperature, symptom_list, answers)
    assert fever == (temperature >= FEVER)
    assert (FEVER_LABEL in reasons) == (temperature >= FEVER)


@given(temperatures, symptoms, others, st.sampled_from(Symptom.values))
def test_adding_a_symptom_never_makes_a_report_less_abnormal(temperature, symptom_list, answers, extra):
    before, fever_before = decide(temperature, symptom_list, answers)
    after, fever_after = decide(temperature, [*symptom_list, extra], answers)
    assert set(before) <= set(after) and after  # a symptom is itself a reason
    assert fever_after == fever_before  # but not a fever: that is the thermometer's


@given(temperatures, symptoms, others, st.sampled_from(sorted(SAFE)))
def test_turning_any_answer_to_its_risky_value_never_removes_a_reason(
    temperature, symptom_list, answers, field
):
    safe = {**answers, field: SAFE[field]}
    risky = {**answers, field: HealthCode.RED if field == "health_code" else not SAFE[field]}
    before, _ = decide(temperature, symptom_list, safe)
    after, _ = decide(temperature, symptom_list, risky)
    assert set(before) < set(after)  # exactly one more reason: the one of that field


@given(st.decimals(Decimal("34.0"), FEVER - Decimal("0.1"), places=1))
def test_a_normal_temperature_with_nothing_else_to_report_is_normal(temperature):
    assert decide(temperature, [], SAFE) == ([], False)


@given(temperatures, symptoms, others, st.randoms(use_true_random=False))
def test_the_order_and_repetition_of_symptoms_do_not_matter(temperature, symptom_list, answers, rnd):
    shuffled = symptom_list * 2
    rnd.shuffle(shuffled)
    assert decide(temperature, shuffled, answers) == decide(temperature, symptom_list, answers)
    assert clean_answers({"temperature": "36.5", "symptoms": shuffled}, DAY, DAY)["symptoms"] == sorted(
        set(symptom_list), key=Symptom.values.index
    )


@given(
    st.one_of(
        st.decimals(Decimal("-50"), Decimal("33.9"), places=1),
        st.decimals(Decimal("43.1"), Decimal("999.9"), places=1),
    )
)
def test_a_temperature_outside_the_plausible_range_is_refused(temperature):
    with pytest.raises(ValidationError) as exc:
        clean_answers({"temperature": str(temperature)}, DAY, DAY)
    assert set(exc.value.message_dict) == {"temperature"}


@given(
    st.lists(st.text(max_size=12), min_size=1, max_size=3).filter(lambda xs: set(xs) - set(Symptom.values))
)
def test_an_unknown_symptom_code_is_refused(codes):
    with pytest.raises(ValidationError) as exc:
        clean_answers({"temperature": "36.5", "symptoms": codes}, DAY, DAY)
    assert set(exc.value.message_dict) == {"symptoms"}


@given(st.decimals(Decimal("36.0"), Decimal("39.0"), places=1), temperatures)
def test_the_threshold_is_data_and_the_boundary_moves_with_it(threshold, temperature):
    rules = [r for r in default_rules() if r.code != "fever"]
    rules.append(
        AbnormalRule(
            code="fever",
            label=FEVER_LABEL,
            field="temperature",
            kind=RuleKind.AT_LEAST,
            value=str(threshold),
            is_fever=True,
        )
    )
    reasons, fever = evaluate({**SAFE, "temperature": temperature, "symptoms": []}, DAY, rules)
    assert fever == (temperature >= threshold) == (reasons == [FEVER_LABEL])
