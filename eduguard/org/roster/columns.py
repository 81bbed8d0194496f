"""The roster columns of DESIGN.md's stable contract, and the Chinese labels a roster uses for choices.

One list serves the template, the importer (header → PersonForm field, form error → column) and the
exporter, so the three can never disagree on a column's name or order.
"""

from dataclasses import dataclass

from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, Sex


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header, as written in the spreadsheet
    field: str  # the PersonForm field it feeds (or the roster-only key: school_code, grade)
    required: bool  # the header must be present in every file
    note: str  # the template's notes sheet
    choices: tuple[str, ...] = ()  # allowed values, for the template's validation lists


YES, NO = "是", "否"

COLUMNS: tuple[Column, ...] = (
    Column("学校代码", "school_code", True, "学校代码；教育局机关人员填本县6位行政区划代码"),
    Column("年级", "grade", False, "学生必填，与系统中的年级名称一致，如 七年级"),
    Column("班级", "school_class", False, "学生必填，可写 2、2班 或 七(2)班"),
    Column("姓名", "name", True, "必填"),
    Column("性别", "sex", True, "必填；须与身份证号码一致", tuple(Sex.labels)),
    Column("证件类型", "id_type", False, "留空视为居民身份证", tuple(IdType.labels)),
    Column("证件号码", "id_number", True, "证件类型为“无”时留空；请以文本格式填写，勿用科学计数法"),
    Column("出生日期", "birth_date", False, "如 2010-09-01；居民身份证可留空，由证件号码推出"),
    Column("人员类别", "category", True, "必填", tuple(PersonCategory.labels)),
    Column("手机号", "phone", False, "11位手机号或固定电话（如 0414-1234567）"),
    Column("户籍乡镇", "household_township", False, ""),
    Column("家庭住址", "address", False, "加密保存，导出时不显示"),
    Column("是否住校", "boarding", False, "是 / 否，留空为否", (YES, NO)),
    Column("宿舍", "dorm", False, "住校生填写，与系统中的宿舍名称一致，如 1号楼-203"),
    Column("监护人姓名", "guardian_name", False, "仅学生；填写时监护人关系和监护人手机也必填"),
    Column("监护人关系", "guardian_relation", False, "", tuple(GuardianRelation.labels)),
    Column("监护人手机", "guardian_phone", False, ""),
)

HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
REQUIRED_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.required)
FIELD_TO_HEADER: dict[str, str] = {c.field: c.header for c in COLUMNS} | {
    "school": "学校代码",
    "staff_type": "人员类别",
    "__all__": "整行",
}
HEADER_TO_FIELD: dict[str, str] = {c.header: c.field for c in COLUMNS}

# Chinese label (and the stored value, for files exported by other tools) → choice value.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "sex": {**{label: value for value, label in Sex.choices}, **{v: v for v in Sex.values}},
    "id_type": {label: value for value, label in IdType.choices}
    | {"身份证": IdType.RESIDENT, "居民身份证号": IdType.RESIDENT},
    "category": {label: value for value, label in PersonCategory.choices}
    | {"教师": PersonCategory.STAFF, "职工": PersonCategory.STAFF},
    "guardian_relation": {label: value for value, label in GuardianRelation.choices}
    | {"爸爸": GuardianRelation.FATHER, "妈妈": GuardianRelation.MOTHER},
}
BOOLEAN_LABELS: dict[str, bool] = {
    YES: True,
    NO: False,
    "住校": True,
    "走读": False,
    "Y": True,
    "N": False,
    "1": True,
    "0": False,
}
