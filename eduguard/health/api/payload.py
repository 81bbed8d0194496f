"""Reading a POSTed daily report: the shapes of its values, checked in plain Python.

This is the hot path of the morning peak, so it does not instantiate a DRF serializer per
request (copying its fields costs more than the database write). DailyReportInSerializer
still documents the body in the OpenAPI schema; a test holds the two to the same fields.
The rules in force (temperature range, symptom codes, how far back) are checked afterwards
by services.reports.clean_answers, on every path a report can come in by.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from eduguard.org.filters import MAX_ID

BOOLEANS = ("family_symptoms", "in_county", "left_county", "contact_three_categories", "contact_outsiders")
TEXTS = {"symptom_note": 100, "current_location": 100}
PASSED_ON = ("symptoms", "health_code")  # checked against the rules by clean_answers
FIELDS = ("person", "date", "temperature", *BOOLEANS, *TEXTS, *PASSED_ON)

_TRUE = {True, "true", "True", "1"}  # True == 1, so 1 is in too
_FALSE = {False, "false", "False", "0"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse(data) -> tuple[int, dt.date, dict]:
    """(person id, day, answers) from a request body; ValidationError {field: [message]}."""
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": ["请求体应为 JSON 对象"]})
    errors: dict[str, list[str]] = {}
    person = _person_id(data.get("person"))
    if person is None:
        errors["person"] = ["请填写有效的人员编号"]
    day = _date(data.get("date"))
    if day is None:
        errors["date"] = ["日期格式应为 YYYY-MM-DD"]
    answers = {k: data[k] for k in PASSED_ON if k in data}
    if "symptoms" in data:
        symptoms = data.getlist("symptoms") if hasattr(data, "getlist") else data["symptoms"]
        if isinstance(symptoms, list) and len(symptoms) <= 20 and all(isinstance(x, str) for x in symptoms):
            answers["symptoms"] = symptoms
        else:
            errors["symptoms"] = ["症状应为代码列表（最多 20 项）"]
    if _one_decimal(data.get("temperature")):
        answers["temperature"] = data["temperature"]
    else:
        errors["temperature"] = ["体温应为数字，最多一位小数，如 36.5"]
    for key in BOOLEANS:
        if key in data:
            value = data[key]
            plain = isinstance(value, (bool, int, str))  # not a float, list or dict
            if plain and value in _TRUE:
                answers[key] = True
            elif plain and value in _FALSE:
                answers[key] = False
            else:
                errors[key] = ["应为 true 或 false"]
    for key, limit in TEXTS.items():
        if key in data:
            if isinstance(data[key], str) and len(data[key]) <= limit and "\x00" not in data[key]:
                answers[key] = data[key].strip()
            else:
                errors[key] = [f"应为不超过 {limit} 字的文字"]
    if errors:
        raise ValidationError(errors)
    return person, day, answers


def _person_id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and 1 <= value <= MAX_ID else None


def _date(value) -> dt.date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _one_decimal(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return False
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    return number.is_finite() and number.as_tuple().exponent >= -1 and abs(number) < 1000
