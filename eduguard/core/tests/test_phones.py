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
