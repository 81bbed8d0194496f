"""Field-level encryption and keyed look-up hashes for personal data (domain.md §8.4-5, PIPL Art. 51).

Two keys are derived from settings.EDUGUARD_FIELD_KEY with HKDF, one for Fernet (AES-128-CBC +
HMAC-SHA256) and one for the HMAC that lets the database find and de-duplicate an ID number or
phone without decrypting anything.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"eduguard-field-key", info=purpose).derive(
        secret.encode("utf-8")
    )


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"encrypt")))


@lru_cache(maxsize=4)
def _hash_key(secret: str) -> bytes:
    return _derive(secret, b"lookup-hash")


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return _fernet(settings.EDUGUARD_FIELD_KEY).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return _fernet(settings.EDUGUARD_FIELD_KEY).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError(
            "encrypted field cannot be decrypted with the configured EDUGUARD_FIELD_KEY"
        ) from exc


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalised value; empty input gives an empty hash (no look-up possible)."""
    if value == "":
        return ""
    return hmac.new(_hash_key(settings.EDUGUARD_FIELD_KEY), value.encode("utf-8"), hashlib.sha256).hexdigest()
