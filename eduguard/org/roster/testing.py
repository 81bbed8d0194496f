"""Roster rows and files for tests and the benchmark: valid by default, one override makes them bad."""

import csv
import datetime as dt
import io

from openpyxl import Workbook

from eduguard.core.identity import build_id_number
from eduguard.org.roster.columns import HEADERS

# Not the world's area code (eduguard/core/testing.py uses 210521), so numbers never collide with it.
AREA = "210502"
_STUDENT_DAYS, _STAFF_DAYS = 1500, 5000


def id_number(birth: dt.date, *, male: bool, seq: int = 0) -> str:
    """A valid resident ID number; (birth, seq, sex) pick it, seq < 500."""
    return build_id_number(AREA, birth, seq * 2 + (1 if male else 0))


def student_row(school_code: str, n: int = 1, **overrides) -> dict[str, str]:
    birth = dt.date(2012, 1, 1) + dt.timedelta(days=n % _STUDENT_DAYS)
    male = n % 2 == 1
    row = {
        "学校代码": school_code,
        "年级": "七年级",
        "班级": "1",
        "姓名": f"学生{n}",
        "性别": "男" if male else "女",
        "证件类型": "居民身份证",
        "证件号码": id_number(birth, male=male, seq=n // _STUDENT_DAYS),
        "出生日期": birth.isoformat(),
        "人员类别": "学生",
        "手机号": "",
        "户籍乡镇": "小市镇",
        "家庭住址": f"幸福村{n}号",
        "是否住校": "否",
        "宿舍": "",
        "监护人姓名": f"家长{n}",
        "监护人关系": "母亲",
        "监护人手机": f"139{n:08d}",
    }
    row.update(overrides)
    return row


def staff_row(school_code: str, n: int = 1, **overrides) -> dict[str, str]:
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=n % _STAFF_DAYS)
    male = n % 2 == 1
    row = {
        "学校代码": school_code,
        "姓名": f"教师{n}",
        "性别": "男" if male else "女",
        "证件号码": id_number(birth, male=male, seq=n // _STAFF_DAYS),
        "人员类别": "教职工",
        "手机号": f"138{n:08d}",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict], headers=HEADERS) -> bytes:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("花名册")
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], encoding: str = "utf-8", headers=HEADERS) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode(encoding)
