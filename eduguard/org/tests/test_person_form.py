import datetime as dt

import pytest

from eduguard.core.identity import build_id_number
from eduguard.org.forms import PersonForm

TODAY = dt.date(2026, 11, 23)


def row(world, **over):
    klass = world.classes["S1C1"]
    data = {
        "school": world.schools["S1"].id,
        "school_class": klass.id,
        "category": "student",
        "name": "王小明",
        "sex": "M",
        "id_type": "resident",
        "id_number": build_id_number("210521", dt.date(2013, 5, 6), 123),
        "phone": "13812345678",
        "guardian_name": "王大明",
        "guardian_relation": "father",
        "guardian_phone": "139 1234 5678",
    }
    data.update(over)
    return data


def test_it_accepts_a_complete_student_and_derives_the_birth_date(world):
    form = PersonForm(row(world), today=TODAY)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == dt.date(2013, 5, 6)
    assert form.cleaned_data["phone"] == "+8613812345678"
    assert form.cleaned_data["guardian_phone"] == "+8613912345678"


@pytest.mark.parametrize(
    ("over", "field", "fragment"),
    [
        (
            {"id_number": build_id_number("210521", dt.date(2013, 5, 6), 123)[:17] + "0"},
            "id_number",
            "校验位",
        ),
        ({"sex": "F"}, "sex", "不一致"),
        ({"birth_date": "2013-05-07"}, "birth_date", "不一致"),
        ({"id_number": build_id_number("210521", dt.date(1970, 5, 6), 123)}, "birth_date", "年龄"),
        ({"name": "  "}, "name", ""),
        ({"phone": "1381234567"}, "phone", "10位"),
        ({"school_class": ""}, "school_class", "班级"),
        ({"school": ""}, "", ""),
        ({"guardian_phone": ""}, "guardian_phone", "不能为空"),
        ({"category": "teacher"}, "category", ""),
        ({"id_type": "passport", "id_number": ""}, "id_number", "不能为空"),
    ],
)
def test_it_rejects_bad_rows_with_a_message_on_the_right_field(world, over, field, fragment):
    form = PersonForm(row(world, **over), today=TODAY)
    if not field:  # the school follows from the class, so leaving it out is fine
        assert form.is_valid(), form.errors
        return
    assert not form.is_valid()
    assert field in form.errors
    assert fragment in " ".join(form.errors[field])


def test_it_rejects_a_class_outside_the_users_scope_like_a_missing_one(world):
    other = world.classes["S2C1"]
    form = PersonForm(row(world, school="", school_class=other.id), user=world.principal, today=TODAY)
    missing = PersonForm(row(world, school="", school_class=999999), user=world.principal, today=TODAY)
    assert not form.is_valid() and not missing.is_valid()
    assert form.errors["school_class"] == missing.errors["school_class"]


def test_it_keeps_staff_out_of_classes_and_guardians(world):
    form = PersonForm(
        row(world, category="staff", id_number=build_id_number("210521", dt.date(1985, 1, 1), 11)),
        today=TODAY,
    )
    assert not form.is_valid()
    assert "school_class" in form.errors and "guardian_name" in form.errors
