"""Roster template and export: the contract's columns, masked, scoped and logged."""

import io

from django.core.management import call_command
from openpyxl import load_workbook

from eduguard.audit.models import AccessAction, AccessLog
from eduguard.org.roster.columns import HEADERS
from eduguard.org.roster.exporter import export_roster
from eduguard.org.roster.importer import import_roster

CONTRACT_HEADERS = [
    "学校代码",
    "年级",
    "班级",
    "姓名",
    "性别",
    "证件类型",
    "证件号码",
    "出生日期",
    "人员类别",
    "手机号",
    "户籍乡镇",
    "家庭住址",
    "是否住校",
    "宿舍",
    "监护人姓名",
    "监护人关系",
    "监护人手机",
]


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))


def test_it_writes_a_template_with_the_contract_columns_lists_and_notes(tmp_path):
    out = tmp_path / "模板.xlsx"
    call_command("roster-template", "--out", str(out), stdout=io.StringIO())
    book = load_workbook(out)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == CONTRACT_HEADERS == list(HEADERS)
    assert all(c.value is None for row in sheet.iter_rows(min_row=2) for c in row)  # no example to import
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert {'"男,女"', '"学生,教职工,临时工"', '"是,否"'} <= lists
    assert any("居民身份证" in f for f in lists) and any("父亲" in f for f in lists)
    notes = book["填写说明"]
    assert notes["A2"].value == "学校代码" and "行政区划代码" in notes["C2"].value


def test_it_imports_the_template_examples_when_pasted_into_the_roster(world, tmp_path):
    # The notes sheet's examples are valid rows: a clerk copying them gets a working file.
    out = tmp_path / "t.xlsx"
    call_command("roster-template", "--out", str(out), stdout=io.StringIO())
    notes = load_workbook(out)["填写说明"]
    values = [[c.value for c in row] for row in notes.iter_rows()]
    start = values.index(list(HEADERS))
    from eduguard.org.models import DormRoom, Grade, School, SchoolClass

    school = School.objects.create(county=world.county, code="210521001", name="示例中学", type="junior")
    grade = Grade.objects.create(school=school, name="七年级", level=7)
    SchoolClass.objects.create(grade=grade, number=2, name="七(2)班")
    DormRoom.objects.create(school=school, label="1号楼-203")
    from eduguard.org.roster.testing import xlsx_bytes

    examples = [dict(zip(HEADERS, row, strict=False)) for row in values[start + 1 :]]
    result = import_roster(xlsx_bytes([{k: v or "" for k, v in e.items()} for e in examples]))
    assert result.ok, result.error_lines()
    assert result.created == 2
    assert import_roster(out.read_bytes()).total == 0  # the untouched template has no rows


def test_it_exports_masked_scoped_rows_and_logs_the_export(world):
    content, count = export_roster(world.head_teacher)
    rows = rows_of(content)
    assert list(rows[0]) == list(HEADERS)
    names = {r[3] for r in rows[1:]}
    assert names == {"生S1C1A", "生S1C1B"} and count == 2
    student = world.people["S1C1A"]
    row = next(r for r in rows[1:] if r[3] == "生S1C1A")
    full_id = student.reveal_id_number()
    text = "\n".join(str(c) for r in rows for c in r)
    assert full_id not in text and student.reveal_phone()[3:] not in text
    assert row[6] == student.id_masked and "*" in row[6]
    assert row[9] == student.phone_masked and row[0] == "TS1" and row[2] == "七(1)班"
    assert row[14] == "家长S1C1A" and row[15] == "母亲"
    assert "测试路" not in text  # addresses are never exported
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert log.actor == world.head_teacher
    assert log.detail["rows"] == 2 and log.detail["filters"] == {"school": None, "class": None}


def test_it_serves_the_export_to_logged_in_users_with_filters(world, client):
    assert client.get("/org/roster/export.xlsx").status_code == 302  # to the log-in page
    client.force_login(world.principal)
    response = client.get(f"/org/roster/export.xlsx?class={world.classes['S1C2'].id}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert {r[3] for r in rows_of(response.content)[1:]} == {"生S1C2A", "生S1C2B"}
    # Another school's class narrows the principal's scope to nothing; it never widens it.
    response = client.get(f"/org/roster/export.xlsx?school={world.schools['S2'].id}")
    assert rows_of(response.content)[1:] == []
    assert client.get("/org/roster/export.xlsx?school=abc").status_code == 400
    logs = AccessLog.objects.filter(action=AccessAction.EXPORT, actor=world.principal).order_by("id")
    assert [log.detail["rows"] for log in logs] == [2, 0]
    assert logs[0].detail["filters"] == {"school": None, "class": world.classes["S1C2"].id}
