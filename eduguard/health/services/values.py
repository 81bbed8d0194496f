"""Checking the values people type on every health form (temperatures, symptom codes)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from eduguard.core.rules import get_rule


def parse_temperature(raw, day: dt.date, field: str = "temperature") -> Decimal | None:
    """A temperature in °C to one decimal, within the rules' plausible range; blank is None."""
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
        if not value.is_finite():  # NaN and Infinity parse, but are no temperature
            raise InvalidOperation
        value = value.quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: ["体温应为数字，如 36.5"]}) from None
    low, high = get_rule("health.temperature_min", day), get_rule("health.temperature_max", day)
    if not Decimal(str(low)) <= value <= Decimal(str(high)):
        raise ValidationError({field: [f"体温应在 {low} 到 {high} °C 之间"]})
    return value


def check_symptoms(day: dt.date) -> dict[str, str]:
    """{code: label} of the class-check symptom list in force (WS/T 772, rule health.check_symptoms)."""
    return {code: label for code, label in get_rule("health.check_symptoms", day)}


def clean_check_symptoms(codes, day: dt.date, field: str = "symptoms") -> list[str]:
    known = check_symptoms(day)
    codes = codes or []
    if not isinstance(codes, list | tuple) or any(not isinstance(c, str) or c not in known for c in codes):
        raise ValidationError({field: ["未知的症状"]})
    return sorted(set(codes), key=list(known).index)
