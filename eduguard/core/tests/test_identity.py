import datetime as dt
import re

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


# Properties of the validator itself: every corruption a clerk's typo makes is caught, whatever the
# number, and no input, however odd, gets past it in a form that is not the canonical one.

ASCII_ID = re.compile(r"[0-9]{17}[0-9X]")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
numbers = st.builds(build_id_number, areas, birth_dates, sequences)


@given(numbers, st.integers(0, 16), st.integers(1, 9))
def test_it_rejects_any_single_digit_typed_wrong(number, position, shift):
    digit = str((int(number[position]) + shift) % 10)
    with pytest.raises(ValidationError):
        parse_id_number(number[:position] + digit + number[position + 1 :], today=TODAY)


@given(numbers, st.integers(0, 15))
def test_it_rejects_any_two_neighbouring_digits_swapped(number, position):
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    with pytest.raises(ValidationError):
        parse_id_number(swapped, today=TODAY)


@given(
    st.integers(10, 99).filter(lambda p: p not in PROVINCE_CODES),
    st.integers(0, 9999),
    birth_dates,
    sequences,
)
def test_it_names_a_province_code_that_issues_no_numbers(province, rest, birth, seq):
    number = build_id_number(f"{province}{rest:04d}", birth, seq)  # a correct check character
    with pytest.raises(ValidationError) as exc:
        parse_id_number(number, today=TODAY)
    assert exc.value.code == "province"


@given(areas, st.dates(min_value=TODAY + dt.timedelta(days=1), max_value=dt.date(9999, 12, 31)), sequences)
def test_it_refuses_a_birth_date_after_today_even_with_a_correct_check_character(area, birth, seq):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(build_id_number(area, birth, seq), today=TODAY)
    assert exc.value.code == "birth_date"


@given(areas, st.integers(1900, 2025), st.integers(1, 12), st.integers(29, 31), sequences)
def test_it_refuses_a_day_the_month_does_not_have(area, year, month, day, seq):
    try:
        dt.date(year, month, day)
    except ValueError:
        first17 = f"{area}{year:04d}{month:02d}{day:02d}{seq:03d}"
        with pytest.raises(ValidationError) as exc:
            parse_id_number(first17 + check_char(first17), today=TODAY)
        assert exc.value.code == "birth_date"


@given(st.one_of(st.text(max_size=40), numbers.map(lambda n: n.translate(ARABIC_INDIC))))
def test_anything_typed_is_either_refused_or_a_canonical_number(raw):
    """Other scripts' digits (Arabic-Indic ١٢٣) used to pass and be stored as typed."""
    try:
        parsed = parse_id_number(raw, today=TODAY)
    except ValidationError as exc:
        assert exc.messages[0]
    else:
        assert ASCII_ID.fullmatch(parsed.number)
        assert parsed.number[17] == check_char(parsed.number[:17])
        assert parse_id_number(parsed.number, today=TODAY) == parsed  # canonical: parses to itself
