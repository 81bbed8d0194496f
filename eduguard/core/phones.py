"""Mainland phone numbers (domain.md §8.2): mobiles stored as E.164 (+86…), fixed lines as 0AAA-NNNNNNN."""

import re
import unicodedata

from django.core.exceptions import ValidationError

# ASCII digits only (re.ASCII): \d also matches other scripts' digits, which NFKC keeps.
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_FIXED = re.compile(r"^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$", re.ASCII)
# Without a hyphen the area code length is known from its digits: 010 and 02X are 3 digits, others 4.
_FIXED_COMPACT = re.compile(r"^(0[12]\d|0[3-9]\d{2})(\d{7,8})$", re.ASCII)


def normalise_phone(raw: str) -> str:
    """Return the stored form, or raise ValidationError with a message a clerk can act on."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    text = re.sub(r"[\s()（）]", "", text)
    if not text:
        raise ValidationError("手机号不能为空", code="required")
    compact = text.replace("-", "")
    for prefix in ("+86", "0086"):
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
            break
    if _MOBILE.match(compact):
        return "+86" + compact
    fixed = _FIXED.match(text) or _FIXED_COMPACT.match(compact)
    if fixed:
        area, local, ext = (fixed.groups() + (None,))[:3]
        return f"{area}-{local}" + (f"-{ext}" if ext else "")
    if compact.isascii() and compact.isdigit() and compact.startswith("1"):
        raise ValidationError(f"手机号应为11位（当前{len(compact)}位）", code="length")
    raise ValidationError("不是有效的手机号或固定电话号码", code="format")


def is_mobile(stored: str) -> bool:
    return stored.startswith("+86")
