"""The roster template and the masked roster export (.xlsx), in DESIGN.md's column order."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, Sex
from eduguard.org.models import Person
from eduguard.org.roster.columns import COLUMNS, HEADERS, NO, YES

TEMPLATE_ROWS = 50_000  # rows covered by the template's validation lists
_TEXT_COLUMNS = {"学校代码", "证件号码", "手机号", "监护人手机"}  # keep leading zeros and all 18 digits
_WIDTHS = {"证件号码": 22, "家庭住址": 28, "出生日期": 12, "手机号": 15, "监护人手机": 15, "宿舍": 12}
_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")

EXAMPLES = (
    {
        "学校代码": "210521001",
        "年级": "七年级",
        "班级": "七(2)班",
        "姓名": "张三",
        "性别": "男",
        "证件类型": "居民身份证",
        "证件号码": "210521201209050017",
        "出生日期": "2012-09-05",
        "人员类别": "学生",
        "户籍乡镇": "小市镇",
        "家庭住址": "小市镇幸福村12号",
        "是否住校": "是",
        "宿舍": "1号楼-203",
        "监护人姓名": "张建国",
        "监护人关系": "父亲",
        "监护人手机": "13800000000",
    },
    {
        "学校代码": "210521001",
        "姓名": "李老师",
        "性别": "女",
        "证件类型": "居民身份证",
        "证件号码": "210521198503150022",
        "人员类别": "教职工",
        "手机号": "13900000000",
        "是否住校": "否",
    },
)


def write_template(stream) -> None:
    """The empty roster (sheet 花名册: header, text formats, drop-down lists) and a notes sheet."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "花名册"
    sheet.append(list(HEADERS))
    for position, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(position)
        cell = sheet.cell(row=1, column=position)
        cell.font = _HEADER_FONT
        if column.required:
            cell.fill = _REQUIRED_FILL
        sheet.column_dimensions[letter].width = _WIDTHS.get(
            column.header, max(10, 2 * len(column.header) + 2)
        )
        if column.header in _TEXT_COLUMNS:
            # A column style: Excel formats every cell typed into the column as text.
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="无效的选项",
                error="可选：" + "、".join(column.choices),
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "必填", "说明", "可选值"])
    for cell in notes[1]:
        cell.font = _HEADER_FONT
    for column in COLUMNS:
        notes.append([column.header, "是" if column.required else "", column.note, "、".join(column.choices)])
    notes.append([])
    notes.append(["说明", "第1行为表头，列的顺序不限，多余的列会被忽略；从第2行起每行一人。"])
    notes.append(["", "导入时任何一行有错误则整个文件都不写入，并逐行列出错误（可选择跳过错误行）。"])
    notes.append(["", "同一证件号码再次导入视为同一人，会更新其信息；重复导入同一文件不会产生变化。"])
    notes.append([])
    notes.append(["示例（请勿复制到花名册工作表）"])
    notes.append(list(HEADERS))
    for example in EXAMPLES:
        notes.append([example.get(h, "") for h in HEADERS])
    for letter, width in (("A", 14), ("B", 8), ("C", 60), ("D", 60)):
        notes.column_dimensions[letter].width = width
    wb.save(stream)


def _labels(choices) -> dict[str, str]:
    return dict(choices.choices)


_SEX, _ID_TYPE, _CATEGORY, _RELATION = (
    _labels(Sex),
    _labels(IdType),
    _labels(PersonCategory),
    _labels(GuardianRelation),
)


def roster_queryset(user, *, school_id: int | None = None, class_id: int | None = None):
    """The people the user may see, narrowed by the optional filters (never widened)."""
    people = Person.objects.visible_to(user).filter(is_active=True)
    if school_id is not None:
        people = people.filter(school_id=school_id)
    if class_id is not None:
        people = people.filter(school_class_id=class_id)
    return (
        people.select_related("county", "school", "school_class__grade", "dorm")
        .prefetch_related("guardians")
        .order_by(
            "school__code", "school_class__grade__level", "school_class__number", "category", "name", "id"
        )
    )


def _person_row(person: Person) -> list:
    guardians = list(person.guardians.all())
    klass = person.school_class
    return [
        person.school.code if person.school else person.county.code,
        klass.grade.name if klass else "",
        klass.name if klass else "",
        person.name,
        _SEX.get(person.sex, person.sex),
        _ID_TYPE.get(person.id_type, person.id_type),
        person.id_masked,
        person.birth_date,
        _CATEGORY.get(person.category, person.category),
        person.phone_masked,
        person.household_township,
        "******" if person.address_enc else "",  # the address is never exported (domain.md §8.3 rule 4)
        YES if person.boarding else NO,
        person.dorm.label if person.dorm else "",
        "；".join(g.name for g in guardians),
        "；".join(_RELATION.get(g.relation, g.relation) for g in guardians),
        "；".join(g.phone_masked for g in guardians),
    ]


def export_roster(user, *, school_id: int | None = None, class_id: int | None = None, request=None):
    """The user's roster as .xlsx bytes, ID numbers and phones masked; logged as an EXPORT.

    Returns (bytes, row count).
    """
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("花名册")
    for position, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = _WIDTHS.get(header, 12)
    header_cells = []
    for header in HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = _HEADER_FONT
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for person in roster_queryset(user, school_id=school_id, class_id=class_id).iterator(chunk_size=2000):
        sheet.append(_person_row(person))
        count += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    record_access(
        actor=user,
        action=AccessAction.EXPORT,
        detail={
            "what": "roster",
            "format": "xlsx",
            "filters": {"school": school_id, "class": class_id},
            "rows": count,
            "masked": True,
        },
        request=request,
    )
    return buffer.getvalue(), count
