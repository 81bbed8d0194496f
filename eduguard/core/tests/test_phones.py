import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from eduguard.core.masking import mask_id, mask_middle, mask_name, mask_phone
from eduguard.core.phones import normalise_phone

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9), st.integers(0, 999_999_999)
)


@given(mobiles, st.sampled_from(["", "+86", "0086", "+86 ", "+86-"]))
def test_it_stores_every_mobile_as_e164(mobile, prefix):
    assert normalise_phone(prefix + mobile) == "+86" + mobile


@given(mobiles)
def test_it_accepts_full_width_and_spaced_mobiles(mobile):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in mobile)
    spaced = f"{full_width[:3]} {full_width[3:7]} {full_width[7:]}"
    assert normalise_phone(spaced) == "+86" + mobile


@given(mobiles)
def test_it_masks_every_mobile_to_3_plus_4(mobile):
    masked = mask_phone(normalise_phone(mobile))
    assert masked == mobile[:3] + "****" + mobile[-4:]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0414-4812345", "0414-4812345"),
        ("02487654321", "024-87654321"),
        ("010-12345678-123", "010-12345678-123"),
    ],
)
def test_it_normalises_fixed_lines(raw, stored):
    assert normalise_phone(raw) == stored


@pytest.mark.parametrize(
    "raw", ["1381234567", "138123456789", "12345678901", "abc", "0414-12", "+1 2025550123"]
)
def test_it_rejects_what_is_not_a_mainland_number(raw):
    with pytest.raises(ValidationError):
        normalise_phone(raw)


def test_it_says_how_many_digits_a_short_mobile_has():
    with pytest.raises(ValidationError, match="10位"):
        normalise_phone("1381234567")


def test_masks_match_the_published_shapes():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_phone("+8613812345678") == "138****5678"
    assert mask_phone("0414-4812345") == "0414-*****45"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_id("") == ""


def test_middle_masks_keep_first_and_last_characters():
    assert (mask_middle("张小明"), mask_middle("欧阳娜娜"), mask_middle("王五")) == ("张*明", "欧**娜", "王*")


# Properties of the normaliser: what it stores is always canonical and stays put when normalised again.

STORED = re.compile(r"\+861[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8}(-[0-9]{1,6})?")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
areas = st.one_of(
    st.builds(
        lambda n: f"0{n}", st.sampled_from(["10", "20", "21", "22", "23", "24", "25", "27", "28", "29"])
    ),
    st.builds(lambda a, b: f"0{a}{b:02d}", st.integers(3, 9), st.integers(0, 99)),
)
fixed_lines = st.builds(
    lambda area, local, ext: (area, f"{local}", ext),
    areas,
    st.integers(2_000_000, 99_999_999),
    st.one_of(st.none(), st.integers(1, 999_999).map(str)),
)


@given(fixed_lines, st.sampled_from(["-", "", " ", "（）"]))
def test_it_stores_every_fixed_line_as_area_hyphen_number(parts, separator):
    area, local, ext = parts
    if ext and separator != "-":
        return  # an extension is only told apart from the number by its hyphen
    raw = f"（{area}）{local}" if separator == "（）" else f"{area}{separator}{local}"
    stored = normalise_phone(raw + (f"-{ext}" if ext else ""))
    assert stored == f"{area}-{local}" + (f"-{ext}" if ext else "")


@given(st.one_of(mobiles, fixed_lines.map(lambda p: f"{p[0]}-{p[1]}")))
def test_normalising_a_stored_number_again_changes_nothing(raw):
    stored = normalise_phone(raw)
    assert normalise_phone(stored) == stored


@given(st.integers(0, 10**15).map(lambda n: f"1{n}").filter(lambda s: len(s) != 11))
def test_a_mobile_of_the_wrong_length_says_how_many_digits_it_has(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert exc.value.code == "length" and f"{len(raw)}位" in exc.value.messages[0]


@given(st.one_of(st.text(max_size=30), mobiles.map(lambda m: m[:2] + m[2:].translate(ARABIC_INDIC))))
def test_anything_typed_is_either_refused_or_stored_canonically(raw):
    """Other scripts' digits (Arabic-Indic ١٢٣) used to pass and be stored as typed."""
    try:
        stored = normalise_phone(raw)
    except ValidationError as exc:
        assert exc.messages[0]
    else:
        assert STORED.fullmatch(stored)
