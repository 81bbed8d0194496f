"""Signed class report link tokens: `<random>.<signature>`, 32 characters, URL-safe.

The random part (96 bits) names the link; the signature (an HMAC of it under SECRET_KEY, cut to
90 bits to keep the QR code small) lets the public pages refuse a guessed, mistyped or tampered
token before they touch the database. The token is stored whole in ClassLink.token, so revoking
(regenerating) a link works as before. Rotating SECRET_KEY keeps links working while the old key
is in SECRET_KEY_FALLBACKS.

Links printed before tokens were signed have no dot; they are looked up as before while
EDUGUARD_LINK_ACCEPT_UNSIGNED is on (switch it off once every class has printed a new code).
"""

import base64
import hmac
import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "eduguard.health.link"
SEP = "."
_RANDOM_CHARS = 16
_SIG_CHARS = 15
_SIGNED = re.compile(rf"^[A-Za-z0-9_-]{{{_RANDOM_CHARS}}}\.[A-Za-z0-9_-]{{{_SIG_CHARS}}}$")
_UNSIGNED = re.compile(r"^[A-Za-z0-9_-]{16,32}$")


def _signature(value: str, key: str) -> str:
    digest = salted_hmac(SALT, value, secret=key, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode()[:_SIG_CHARS]


def new() -> str:
    """A fresh signed token (exactly ClassLink.token's 32 characters)."""
    value = secrets.token_urlsafe(12)  # 16 characters
    return f"{value}{SEP}{_signature(value, settings.SECRET_KEY)}"


def is_signed(token: str) -> bool:
    return SEP in token


def is_well_formed(token: str) -> bool:
    """True when the token may name a link: a valid signature, or (while allowed) a legacy token."""
    if _SIGNED.match(token):
        value, sig = token.split(SEP)
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(hmac.compare_digest(sig, _signature(value, key)) for key in keys)
    return bool(settings.EDUGUARD_LINK_ACCEPT_UNSIGNED and _UNSIGNED.match(token))


def rate_key(token: str) -> str:
    """The name a token's request counter goes by (the random part; never the signature)."""
    return token.split(SEP, 1)[0]
