"""Abnormal = rules, not code: a report is tested against the AbnormalRule rows in force that day."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from eduguard.core.rules import cached, get_rule
from eduguard.health.choices import RuleKind
from eduguard.health.models import AbnormalRule

# The defaults of domain.md §7 (also loaded as editable rows by migration 0002). They apply only
# when the table is empty: a bureau switches a rule off by giving it an end date, not by deleting
# every row, so an emptied table can never make every report look normal.
DEFAULTS = [
    ("fever", "体温≥发热阈值", "temperature", "at_least", None, True),
    ("symptoms", "有症状", "symptoms", "any_of", None, False),
    ("family", "家庭成员有发热或症状", "family_symptoms", "is_true", None, False),
    ("left_county", "起算日后离开过本县", "left_county", "is_true", None, False),
    ("out_of_county", "当前不在本县", "in_county", "not_equal", True, False),
    ("three_categories", "接触三类人员", "contact_three_categories", "is_true", None, False),
    ("outsiders", "接触县外来人", "contact_outsiders", "is_true", None, False),
    ("health_code", "健康码非绿码", "health_code", "not_equal", "green", False),
]


def default_rules() -> list[AbnormalRule]:
    return [
        AbnormalRule(code=c, label=label, field=f, kind=k, value=v, is_fever=fever)
        for c, label, f, k, v, fever in DEFAULTS
    ]


def rules_in_force(day: dt.date) -> list[AbnormalRule]:
    """The rules of `day`, cached per process like every rule (eduguard.core.rules.CACHE_SECONDS)."""
    return cached(("abnormal_rules", day), lambda: _load(day))


def _load(day: dt.date) -> list[AbnormalRule]:
    if not AbnormalRule.objects.exists():
        return default_rules()
    rows = AbnormalRule.objects.filter(
        Q(effective_from__lte=day), Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
    latest: dict[str, AbnormalRule] = {}
    for rule in rows.order_by("code", "-effective_from"):
        latest.setdefault(rule.code, rule)  # a newer row of the same code replaces the older
    return list(latest.values())


def _matches(rule: AbnormalRule, value, day: dt.date) -> bool:
    if rule.kind == RuleKind.AT_LEAST:
        threshold = rule.value if rule.value is not None else get_rule("health.fever_threshold", day)
        return value is not None and Decimal(str(value)) >= Decimal(str(threshold))
    if rule.kind == RuleKind.ANY_OF:
        return bool(value)
    if rule.kind == RuleKind.IS_TRUE:
        return value is True
    if rule.kind == RuleKind.NOT_EQUAL:
        return value != rule.value
    raise ValueError(f"unknown rule kind {rule.kind!r}")


def evaluate(values: dict, day: dt.date, rules: list[AbnormalRule] | None = None) -> tuple[list[str], bool]:
    """The reasons a report with these field values is abnormal, and whether one of them is fever."""
    reasons, fever = [], False
    for rule in rules if rules is not None else rules_in_force(day):
        if _matches(rule, values.get(rule.field), day):
            reasons.append(rule.label)
            fever = fever or rule.is_fever
    return reasons, fever
