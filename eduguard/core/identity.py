"""Resident ID numbers per GB 11643-1999 (domain.md §8.1).

`parse_id_number` normalises (full-width digits, spaces, lowercase x), converts the legacy
15-digit form, checks format, province code, birth date and the ISO 7064 MOD 11-2 check character,
and returns the number with the birth date and sex it encodes.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits: the province codes that issue resident ID numbers (71 exists but is not issued).
PROVINCE_CODES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54]
    + [61, 62, 63, 64, 65, 81, 82, 83]
)
# ASCII digits only: \d also matches other scripts' digits (Arabic-Indic ١٢٣), which NFKC keeps, and
# a number stored in them would never match its hash or mask like the same number in 0-9.
_ID18 = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_ID15 = re.compile(r"^\d{15}$", re.ASCII)


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def normalise(raw: str) -> str:
    """Full-width to half-width (NFKC), drop spaces and hyphens, upper-case the X."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    return re.sub(r"[\s\-]", "", text).upper()


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def upgrade_15(number15: str) -> str:
    """Legacy GB 11643-1989 form: insert the century 19 and append the check character."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_char(first17)


def parse_id_number(raw: str, today: dt.date | None = None) -> IdNumber:
    number = normalise(raw)
    if not number:
        raise ValidationError("证件号码不能为空", code="required")
    if _ID15.match(number):
        number = upgrade_15(number)
    if not _ID18.match(number):
        raise ValidationError("身份证号码应为18位（前17位为数字，末位为数字或X）或15位数字", code="format")
    if int(number[:2]) not in PROVINCE_CODES:
        raise ValidationError(f"身份证号码的省份代码 {number[:2]} 无效", code="province")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(
            f"身份证号码中的出生日期 {number[6:14]} 不是有效日期", code="birth_date"
        ) from exc
    today = today or dt.date.today()
    if birth > today or birth.year < 1850:
        raise ValidationError(f"身份证号码中的出生日期 {birth.isoformat()} 不合理", code="birth_date")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(f"身份证号码校验位错误（应为 {expected}）", code="checksum")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumber(number=number, birth_date=birth, sex=sex)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def build_id_number(area_code: str, birth: dt.date, sequence: int) -> str:
    """A valid 18-digit number for an address code, birth date and 3-digit sequence (odd = male)."""
    first17 = f"{area_code}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)
