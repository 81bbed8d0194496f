"""Mainland phone numbers (domain.md §8.2): mobiles stored as E.164 (+86…), fixed lines as 0AAA-NNNNNNN."""

import re
import unicodedata

from django.core.exceptions import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_FIXED = re.compile(r"^(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$")


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
    fixed = _FIXED.match(text)
    if fixed:
        area, local, ext = fixed.groups()
        return f"{area}-{local}" + (f"-{ext}" if ext else "")
    if compact.isdigit() and compact.startswith("1"):
        raise ValidationError(f"手机号应为11位（当前{len(compact)}位）", code="length")
    raise ValidationError("不是有效的手机号或固定电话号码", code="format")


def is_mobile(stored: str) -> bool:
    return stored.startswith("+86")
