import pytest
from django.test import override_settings

from eduguard.core import crypto


def test_it_round_trips_and_never_stores_plain_text():
    token = crypto.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert crypto.decrypt(token) == "11010519491231002X"


def test_it_hashes_deterministically_per_key():
    first = crypto.lookup_hash("+8613812345678")
    assert first == crypto.lookup_hash("+8613812345678")
    with override_settings(EDUGUARD_FIELD_KEY="another-key"):
        assert crypto.lookup_hash("+8613812345678") != first


def test_it_refuses_to_decrypt_with_the_wrong_key():
    token = crypto.encrypt("secret")
    with (
        override_settings(EDUGUARD_FIELD_KEY="another-key"),
        pytest.raises(ValueError, match="EDUGUARD_FIELD_KEY"),
    ):
        crypto.decrypt(token)


def test_empty_values_stay_empty():
    assert crypto.encrypt("") == "" and crypto.decrypt("") == "" and crypto.lookup_hash("") == ""
