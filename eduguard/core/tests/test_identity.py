import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from eduguard.core.identity import PROVINCE_CODES, build_id_number, check_char, parse_id_number

TODAY = dt.date(2026, 11, 23)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
areas = st.builds(
    lambda p, rest: f"{p}{rest:04d}", st.sampled_from(sorted(PROVINCE_CODES)), st.integers(0, 9999)
)
sequences = st.integers(0, 999)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", "110101202311012176"])
def test_it_accepts_the_published_examples(number):
    assert parse_id_number(number, today=TODAY).number == number


@given(areas, birth_dates, sequences)
def test_it_round_trips_every_valid_number(area, birth, seq):
    number = build_id_number(area, birth, seq)
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.sex == ("M" if seq % 2 else "F")


@given(areas, birth_dates, sequences, st.sampled_from("0123456789X"))
def test_it_rejects_any_wrong_check_character(area, birth, seq, wrong):
    number = build_id_number(area, birth, seq)
    if wrong == number[-1]:
        return
    with pytest.raises(ValidationError) as exc:
        parse_id_number(number[:17] + wrong, today=TODAY)
    assert exc.value.code == "checksum"


@given(areas, birth_dates, sequences)
def test_it_normalises_full_width_digits_spaces_and_lowercase_x(area, birth, seq):
    number = build_id_number(area, birth, seq)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c.lower() for c in number)
    spaced = f" {full_width[:6]} {full_width[6:14]} {full_width[14:]} "
    assert parse_id_number(spaced, today=TODAY).number == number


@given(areas, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)), sequences)
def test_it_upgrades_the_legacy_15_digit_form(area, birth, seq):
    legacy = f"{area}{birth:%y%m%d}{seq:03d}"
    assert parse_id_number(legacy, today=TODAY).number == build_id_number(area, birth, seq)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "required"),
        ("12345", "format"),
        ("1101051949123100ZX", "format"),
        ("710105194912310021", "province"),
        ("990105194912310021", "province"),
        ("110105202302300011", "birth_date"),  # 30 February
        ("110105209912310011", "birth_date"),  # in the future
    ],
)
def test_it_names_what_is_wrong(raw, code):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(raw, today=TODAY)
    assert exc.value.code == code
    assert exc.value.messages[0]


def test_check_char_matches_the_iso_7064_table():
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"
