"""A campaign as the county command's workbook, and its answers from a class's spreadsheet.

Export: sheet 汇总表 (per school: expected, screened, completion and each category, with the
total), and sheet 名单 (the named list behind the counts, ID numbers and phones masked). Logged
as an EXPORT of named data.

Import: one row per person, found by full ID number or by 学校代码 + 班级 + 姓名 within the
importer's scope; answers are 是/否 columns. Every row goes through save_response; if any row
is refused nothing is written and every problem is listed as `row N: column: reason`.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.core import crypto
from eduguard.core.identity import normalise as normalise_id
from eduguard.org.choices import IdType
from eduguard.org.models import Person
from eduguard.org.roster.importer import parse_date_text
from eduguard.org.roster.reader import RosterFileError, read_table
from eduguard.screening.ledger import SHORT_LABELS
from eduguard.screening.models import Campaign, PersonCategory, ScreeningResponse
from eduguard.screening.services.campaigns import campaign_rollup, save_response

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
YES, NO = "是", "否"
MAX_ROWS = 5000  # a school's whole staff and students fit; a county sweep is filled by class


def export_campaign(campaign: Campaign, user, request=None) -> tuple[bytes, int]:
    """The workbook's bytes and the number of named rows."""
    rows, total, categories = campaign_rollup(campaign, user)
    book = Workbook()
    summary = book.active
    summary.title = "汇总表"
    headers = ["序号", "单位", "应排查人数", "已排查人数", "完成率", *(c.name for c in categories)]
    summary.append([f"{campaign.county.bureau_name or campaign.county.name}{campaign.name}情况汇总表"])
    summary.append(
        [f"起算日期：{campaign.cut_off}　截止日期：{campaign.deadline}　导出日期：{dt.date.today()}"]
    )
    summary.append(headers)
    for n, row in enumerate(rows, start=1):
        summary.append(_summary_row(n, row, categories))
    summary.append(_summary_row("", total, categories))
    summary.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    summary["A1"].font, summary["A1"].alignment = TITLE, Alignment(horizontal="center")
    for cell in (*summary[3], *summary[summary.max_row]):
        cell.font = BOLD
    _widths(summary, [6, 24, 12, 12, 10, *([10] * len(categories))])

    named = book.create_sheet("名单")
    named.append(
        ["序号", "学校", "班级", "姓名", "人员类别", "证件号码", "手机号", "风险类别", "状态", "行程", "备注"]
    )
    for cell in named[1]:
        cell.font = BOLD
    count = 0
    for count, pc in enumerate(_named_rows(campaign, user), start=1):
        person = pc.person
        response = next(iter(person.screenings.all()), None)
        named.append(
            [
                count,
                pc.school.name if pc.school else "局机关",
                str(pc.school_class or ""),
                person.name,
                person.get_category_display(),
                person.id_masked,
                person.phone_masked,
                pc.category.name,
                pc.get_status_display(),
                _trips(response),
                response.note if response else "",
            ]
        )
    _widths(named, [6, 24, 12, 10, 10, 22, 15, 12, 10, 36, 20])
    buffer = io.BytesIO()
    book.save(buffer)
    record_access(
        actor=user,
        action=AccessAction.EXPORT,
        obj=campaign,
        detail={"what": "screening", "format": "xlsx", "rows": count, "masked": True},
        request=request,
    )
    return buffer.getvalue(), count


def _summary_row(n, row, categories) -> list:
    return [
        n,
        row.name,
        row.expected,
        row.responded,
        f"{row.completion_rate}%",
        *(row.categories.get(c.code, 0) for c in categories),
    ]


def _named_rows(campaign, user):
    return (
        PersonCategory.objects.visible_to(user)
        .current()
        .filter(campaign=campaign)
        .select_related("person", "school", "school_class", "category")
        .prefetch_related(
            Prefetch("person__screenings", queryset=ScreeningResponse.objects.filter(campaign=campaign))
        )
        .order_by("category__order", "school__code", "school_class_id", "person__name")
    )


def _trips(response) -> str:
    if response is None:
        return ""
    return "；".join(f"{t['place']} {t['left_on']}—{t.get('back_on') or '未返回'}" for t in response.trips)


def _widths(sheet, widths: list[int]) -> None:
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width


# ---- import ------------------------------------------------------------------------------

ID_COLUMNS = ["学校代码", "班级", "姓名", "证件号码"]
TRIP_COLUMNS = ["行程地点", "离开日期", "返回日期"]
ANSWER_COLUMNS = {label: name for name, label in SHORT_LABELS.items()}
COLUMNS = [*ID_COLUMNS, *ANSWER_COLUMNS, *TRIP_COLUMNS, "备注"]


def write_template(campaign: Campaign) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "排查填报"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.append(["J001", "七(1)班", "张三", "", *([NO] * len(ANSWER_COLUMNS)), "", "", "", ""])
    _widths(sheet, [10, 10, 10, 22, *([12] * len(ANSWER_COLUMNS)), 12, 12, 12, 20])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class ImportOutcome:
    saved: int = 0
    problems: list[str] = field(default_factory=list)


def import_answers(campaign: Campaign, data: bytes, filename: str, user) -> ImportOutcome:
    """Save every row's answers, or none of them (the outcome lists why)."""
    outcome = ImportOutcome()
    try:
        table = read_table(data, filename)
    except RosterFileError as exc:
        outcome.problems.append(str(exc))
        return outcome
    headers = set(table.headers)
    if "姓名" not in headers or not ({"证件号码"} <= headers or {"学校代码", "班级"} <= headers):
        outcome.problems.append("表头须含“姓名”，以及“证件号码”或“学校代码”和“班级”")
        return outcome
    missing = [c for c in ANSWER_COLUMNS if c not in headers]
    if missing:  # a missing column would silently reset that answer to 否 for everyone
        outcome.problems.append("表头缺少：" + "、".join(missing) + "（请使用模板）")
        return outcome
    try:
        rows = [(n, dict(zip(table.headers, cells, strict=False))) for n, cells in table.rows]
    except (RosterFileError, ValueError, IndexError, KeyError) as exc:
        outcome.problems.append(f"文件无法读取：{str(exc)[:200] or '格式损坏'}")
        return outcome
    for n, row in rows:
        if any("\x00" in v for v in row.values()):
            outcome.problems.append(f"row {n}: 含有不可见的非法字符（NUL），请检查该行")
    if outcome.problems:
        return outcome
    if len(rows) > MAX_ROWS:
        outcome.problems.append(f"一次最多导入 {MAX_ROWS} 行，请按学校或班级分开导入")
        return outcome
    people = Person.objects.visible_to(user).filter(county=campaign.county, is_active=True)
    seen: dict[int, int] = {}
    with transaction.atomic():
        for n, row in rows:
            try:
                person = _find(people, row)
                if person.pk in seen:
                    raise ValidationError({"姓名": [f"与第{seen[person.pk]}行是同一人"]})
                seen[person.pk] = n
                save_response(campaign=campaign, person=person, answers=_answers(row), actor=user)
            except ValidationError as exc:
                for column, messages in exc.message_dict.items():
                    outcome.problems.extend(f"row {n}: {_column(column)}: {m}" for m in messages)
        if outcome.problems:
            transaction.set_rollback(True)
        else:
            outcome.saved = len(rows)
    return outcome


def _column(field_name: str) -> str:
    return {"trips": "行程", "person": "姓名"}.get(field_name, field_name)


def _find(people, row: dict) -> Person:
    name = row.get("姓名", "").strip()
    if not name:
        raise ValidationError({"姓名": ["不能为空"]})
    number = normalise_id(row.get("证件号码", ""))
    if number:
        found = people.filter(id_hash=crypto.lookup_hash(f"{IdType.RESIDENT}:{number}")).first()
        if found is None or found.name != name:
            raise ValidationError({"证件号码": ["在您负责的范围内找不到此证件号码与姓名对应的人员"]})
        return found
    matches = list(
        people.filter(school__code=row.get("学校代码", "").strip(), name=name).select_related("school_class")[
            :20
        ]
    )
    wanted = row.get("班级", "").strip()
    matches = [p for p in matches if p.school_class and p.school_class.name == wanted] if wanted else matches
    if not matches:
        raise ValidationError({"姓名": ["在您负责的范围内找不到此人（核对学校代码、班级、姓名）"]})
    if len(matches) > 1:
        raise ValidationError({"姓名": ["同校同班有重名，请填写证件号码"]})
    return matches[0]


def _answers(row: dict) -> dict:
    answers = {}
    for label, name in ANSWER_COLUMNS.items():
        value = row.get(label, "").strip()
        if value not in ("", YES, NO, "Y", "N", "1", "0"):
            raise ValidationError({label: [f"应填“是”或“否”，不是“{value[:20]}”"]})
        answers[name] = value in (YES, "Y", "1")
    place, left, back = (row.get(c, "").strip() for c in TRIP_COLUMNS)
    if place or left or back:
        answers["trips"] = [
            {"place": place, "left_on": _date(left, "离开日期"), "back_on": _date(back, "返回日期")}
        ]
    answers["note"] = row.get("备注", "")
    return answers


def _date(text: str, column: str) -> str:
    if not text:
        return ""
    day = parse_date_text(text)
    if day is None:
        raise ValidationError({column: [f"“{text[:20]}”不是有效日期（如 2020-01-20）"]})
    return day.isoformat()
