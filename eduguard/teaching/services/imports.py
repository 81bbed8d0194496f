"""Participation from a teaching platform's export (.xlsx or .csv in UTF-8 or GBK), and its template.

The file is read by the roster's reader (eduguard/org/roster/reader.py); each row goes through
ParticipationForm, the validator of hand entry, and all rows are written by record_participation in
one transaction, or none. Problems read 第N行: 列: 原因, rows numbered as in the spreadsheet (the
header is row 1). A school outside the importer's reach reads the same as one that does not exist.
"""

import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from eduguard.org.choices import PersonCategory
from eduguard.org.models import Grade, Person
from eduguard.org.roster.reader import RosterFileError, read_table
from eduguard.teaching.choices import Source
from eduguard.teaching.forms import ParticipationForm
from eduguard.teaching.models import TeachingPeriod
from eduguard.teaching.services.access import enterable_schools
from eduguard.teaching.services.participation import FIELDS, LABELS, Outcome, RowIn, record_participation

SCHOOL, GRADE = "学校代码", "年级"
REQUIRED = (SCHOOL, GRADE, *(LABELS[n] for n in FIELDS))
TEMPLATE_HEADERS = (SCHOOL, "学校名称", GRADE, *(LABELS[n] for n in FIELDS))
# Other names platforms give the same columns.
ALIASES = {
    "学校编码": SCHOOL,
    "学校标识码": SCHOOL,
    "在校学生数": "在籍学生数",
    "学生总数": "在籍学生数",
    "参与学习学生数": "参与学生数",
    "参学学生数": "参与学生数",
    "教师总数": "教师数",
    "任课教师数": "教师数",
    "参与教学教师数": "参与教师数",
    "参教教师数": "参与教师数",
}
GRADE_ALIASES = {"初一": 7, "初二": 8, "初三": 9, "高一": 10, "高二": 11, "高三": 12}
MAX_ROWS = 5000
OUT_OF_REACH = gettext_lazy("「{code}」不存在或不在您的管理范围内")


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        return gettext("第{row}行: {column}: {reason}").format(
            row=self.row, column=self.column, reason=self.reason
        )


@dataclass
class ImportReport:
    rows: int = 0
    outcome: Outcome | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome is not None and not self.problems

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _grade_key(text: str) -> int | str:
    """A grade as platforms write it: 七年级, 初一, 7, 7年级 → the level where one is meant, else the name."""
    key = _norm(text)
    if key in GRADE_ALIASES:
        return GRADE_ALIASES[key]
    digits = key.removesuffix("年级")
    return int(digits) if digits.isdigit() else key


class _Grades:
    """A county's schools and grades by the names a file uses, loaded once."""

    def __init__(self, period: TeachingPeriod, actor):
        self.reachable = {s.code: s for s in enterable_schools(actor).filter(county=period.county)}
        self.by_name, self.by_level = {}, {}
        for grade in Grade.objects.filter(school__in=self.reachable.values()).select_related("school"):
            self.by_name[(grade.school_id, _norm(grade.name))] = grade
            self.by_level.setdefault((grade.school_id, grade.level), grade)

    def find(self, school, text: str) -> Grade | None:
        key = _grade_key(text)
        if isinstance(key, int):
            return self.by_level.get((school.pk, key))
        return self.by_name.get((school.pk, key))


def import_participation(*, period: TeachingPeriod, data: bytes, filename: str, actor) -> ImportReport:
    """Validate every row, then write them all (source: imported) or nothing."""
    report = ImportReport()
    try:
        table = read_table(data, filename)
    except RosterFileError as exc:
        message = str(exc)
        if "第1行应为表头" in message:  # the reader names the roster's columns; name ours
            message = gettext("第1行应为表头，包含 {columns} 等列（请使用模板）").format(
                columns="、".join(REQUIRED)
            )
        report.problems.append(Problem(None, "", message))
        return report
    index: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        name = ALIASES.get(header, header)
        if name in REQUIRED and name not in index:
            index[name] = position
    for header in REQUIRED:
        if header not in index:
            report.problems.append(Problem(1, header, gettext("缺少此列（请使用模板）")))
    if report.problems:
        return report
    grades = _Grades(period, actor)
    rows: list[RowIn] = []
    seen: dict[int, int] = {}
    for number, cells in table.rows:
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.problems.append(
                Problem(None, "", gettext("一次最多导入 {n} 行，请分校导入").format(n=MAX_ROWS))
            )
            return report
        values = {h: (cells[i] if i < len(cells) else "").strip() for h, i in index.items()}

        def problem(column: str, reason: str, number=number) -> None:
            report.problems.append(Problem(number, column, reason))

        code = _norm(values[SCHOOL])
        school = grades.reachable.get(code)
        grade = None
        if not code:
            problem(SCHOOL, gettext("不能为空"))
        elif school is None:
            problem(SCHOOL, OUT_OF_REACH.format(code=values[SCHOOL]))
        elif not values[GRADE]:
            problem(GRADE, gettext("不能为空"))
        else:
            grade = grades.find(school, values[GRADE])
            if grade is None:
                problem(
                    GRADE,
                    gettext("「{grade}」在{school}不存在").format(grade=values[GRADE], school=school.name),
                )
            elif grade.pk in seen:
                problem(
                    GRADE,
                    gettext("与第{row}行重复（{school}{grade}）").format(
                        row=seen[grade.pk], school=school.name, grade=grade.name
                    ),
                )
            else:
                seen[grade.pk] = number
        form = ParticipationForm({n: values[LABELS[n]].replace(",", "") for n in FIELDS})
        if not form.is_valid():
            for name, errors in form.errors.items():
                for message in errors:
                    problem(LABELS.get(name, gettext("整行")), message)
        elif grade is not None:
            rows.append(RowIn(grade, **{n: form.cleaned_data[n] for n in FIELDS}))
    if not report.rows:
        report.problems.append(Problem(None, "", gettext("文件中没有数据行")))
    if report.problems:
        return report
    try:
        report.outcome = record_participation(period=period, rows=rows, actor=actor, source=Source.IMPORTED)
    except ValidationError as exc:
        report.problems += [Problem(None, "", m) for m in exc.messages]
    except PermissionDenied as exc:
        report.problems.append(Problem(None, "", str(exc)))
    return report


def write_template(actor) -> bytes:
    """The import template: the header and, for each grade of the schools the user may enter for,
    the school code, name, grade and the students on the roll as 在籍学生数 (to be checked)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "线上教学参与情况"
    sheet.append(list(TEMPLATE_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if cell.value != "学校名称":
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
    schools = enterable_schools(actor).order_by("code")
    roster = {}
    for grade_id in (
        Person.objects.filter(school__in=schools, category=PersonCategory.STUDENT, is_active=True)
        .values_list("school_class__grade_id", flat=True)
        .iterator()
    ):
        roster[grade_id] = roster.get(grade_id, 0) + 1
    for grade in (
        Grade.objects.filter(school__in=schools).select_related("school").order_by("school__code", "level")
    ):
        sheet.append(
            [grade.school.code, grade.school.name, grade.name, roster.get(grade.pk, 0), None, None, None]
        )
    sheet.column_dimensions["A"].number_format = "@"
    for letter, width in zip("ABCDEFG", (14, 24, 10, 12, 12, 10, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet(gettext("说明"))
    for line in (
        gettext("第1行为表头，列的顺序可以调整，多余的列（如 学校名称）不导入。"),
        gettext("学校代码、年级：与系统中一致；年级可写 七年级、初一 或 7。"),
        gettext("在籍学生数、教师数：该时段的在籍人数（参与率的分母），已按花名册预填学生数，请核对。"),
        gettext("教师数按年级组计：每位教师只计入一个年级。参与人数不能超过在籍人数。"),
        gettext("同一时段再次导入同一年级，以新数据替换原数据。任何一行有误，整个文件都不导入。"),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
