"""`import-roster`: valid files, every kind of bad row, formats, flags and exit codes."""

import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from eduguard.audit.models import ChangeLog, Source
from eduguard.org.models import DormRoom, Guardian, Person
from eduguard.org.roster.importer import import_roster
from eduguard.org.roster.testing import csv_bytes, staff_row, student_row, xlsx_bytes


def run(tmp_path, content: bytes, *args, name="roster.xlsx"):
    """Run the command; return (stdout, stderr, CommandError message or None)."""
    path = tmp_path / name
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import-roster", str(path), *args, stdout=out, stderr=err)
        failure = None
    except CommandError as exc:
        failure = str(exc)
    return out.getvalue(), err.getvalue(), failure


def test_it_imports_people_with_guardians_and_audit_rows(world, tmp_path):
    rows = [student_row("TS1", 1), student_row("TS1", 2, 班级="七(2)班"), staff_row("TS2", 3)]
    before = Person.objects.count()
    out, err, failure = run(tmp_path, xlsx_bytes(rows))
    assert failure is None, err
    assert "summary: rows=3 created=3 updated=0 unchanged=0 invalid=0" in out
    assert Person.objects.count() == before + 3
    student = Person.objects.get(name="学生1")
    assert student.school_class == world.classes["S1C1"] and student.school == world.schools["S1"]
    assert student.county == world.county and student.sex == "M" and student.id_masked.startswith("210502")
    assert Person.objects.get(name="学生2").school_class == world.classes["S1C2"]
    guardian = Guardian.objects.get(person=student)
    assert (guardian.name, guardian.relation, guardian.phone_masked) == ("家长1", "mother", "139****0001")
    teacher = Person.objects.get(name="教师3")
    assert teacher.school == world.schools["S2"] and teacher.school_class is None and teacher.staff_type
    logs = ChangeLog.objects.filter(source=Source.IMPORT, action="create")
    assert logs.count() == 3 and {log.actor_name for log in logs} == {"system"}


def test_it_changes_nothing_when_the_same_file_is_imported_again(world, tmp_path):
    content = xlsx_bytes([student_row("TS1", 1), staff_row("TS2", 2)])
    run(tmp_path, content)
    logs, people = ChangeLog.objects.count(), Person.objects.count()
    out, _, failure = run(tmp_path, content)
    assert failure is None
    assert "created=0 updated=0 unchanged=2 invalid=0" in out
    assert (ChangeLog.objects.count(), Person.objects.count()) == (logs, people)


def test_it_updates_the_person_registered_under_the_same_id_number(world, tmp_path):
    row = student_row("TS1", 1)
    run(tmp_path, xlsx_bytes([row]))
    out, _, failure = run(tmp_path, xlsx_bytes([{**row, "班级": "2", "监护人手机": "13700000000"}]))
    assert failure is None and "created=0 updated=1" in out
    person = Person.objects.get(name="学生1")
    assert person.school_class == world.classes["S1C2"]
    assert person.guardians.get().phone_masked == "137****0000"
    assert ChangeLog.objects.filter(object_id=str(person.pk), action="update").count() == 1


BAD_ROWS = [
    (
        {"证件号码": "210502202302300011", "出生日期": ""},
        "证件号码: 身份证号码中的出生日期 20230230 不是有效日期",
    ),
    ({"学校代码": "NOPE"}, "学校代码: 「NOPE」不存在"),
    ({"班级": "9班"}, "班级: 「9班」在测试S1中学七年级不存在"),
    ({"年级": "九年级"}, "年级: 「九年级」在测试S1中学不存在"),
    ({"姓名": ""}, "姓名: 不能为空"),
    ({"性别": ""}, "性别: 不能为空"),
    ({"性别": "未知"}, "性别: 「未知」不是有效的选项（可选：男、女）"),
    ({"监护人手机": "1390000000"}, "监护人手机: 手机号应为11位（当前10位）"),
    ({"出生日期": "2012-01-04"}, "出生日期: 出生日期与身份证号码不一致（证件为 2012-01-03）"),
    ({"出生日期": "2012/13/45"}, "出生日期: 「2012/13/45」不是有效日期，请写成 2010-09-01"),
    ({"性别": "男"}, "性别: 性别与身份证号码不一致（证件为女）"),
    ({"人员类别": "家长"}, "人员类别: 「家长」不是有效的选项（可选：学生、教职工、临时工）"),
    ({"人员类别": "学生", "班级": "", "年级": ""}, "班级: 学生必须指定班级"),
]


@pytest.mark.parametrize(("override", "message"), BAD_ROWS, ids=[f"case{i}" for i in range(len(BAD_ROWS))])
def test_it_reports_a_bad_row_precisely_and_writes_nothing(world, tmp_path, override, message):
    rows = [student_row("TS1", 1), student_row("TS1", 2, **override), staff_row("TS1", 3)]
    people, logs = Person.objects.count(), ChangeLog.objects.count()
    out, err, failure = run(tmp_path, xlsx_bytes(rows))
    assert failure == "1 行有错误，未写入任何数据"
    assert err.splitlines() == [f"row 3: {message}"]
    assert "invalid=1 (nothing written)" in out
    assert (Person.objects.count(), ChangeLog.objects.count()) == (people, logs)


def test_it_reports_a_wrong_check_character(world, tmp_path):
    row = student_row("TS1", 1)
    valid = row["证件号码"]
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    _, err, failure = run(tmp_path, xlsx_bytes([{**row, "证件号码": wrong}]))
    assert failure and err.splitlines() == [f"row 2: 证件号码: 身份证号码校验位错误（应为 {valid[17]}）"]
    assert not Person.objects.filter(name="学生1").exists()


def test_it_reports_both_rows_of_a_duplicate_id_number(world, tmp_path):
    first = student_row("TS1", 1)
    rows = [first, staff_row("TS1", 2), {**first, "姓名": "另一个"}]
    _, err, failure = run(tmp_path, xlsx_bytes(rows))
    assert failure
    assert err.splitlines() == ["row 2: 证件号码: 与第4行重复", "row 4: 证件号码: 与第2行重复"]


def test_it_refuses_an_id_number_registered_to_someone_else(world, tmp_path):
    row = student_row("TS1", 1)
    run(tmp_path, xlsx_bytes([row]))
    people = Person.objects.count()
    _, err, failure = run(tmp_path, xlsx_bytes([staff_row("TS1", 2), {**row, "姓名": "冒名"}]))
    assert failure and err.splitlines() == ["row 3: 证件号码: 证件号码已登记为另一人"]
    assert Person.objects.count() == people


def test_it_reports_missing_required_columns_and_reads_columns_in_any_order(world, tmp_path):
    headers = ["姓名", "备注", "人员类别", "学校代码", "证件号码"]  # no 性别; an extra column
    _, err, failure = run(tmp_path, xlsx_bytes([staff_row("TS1", 1)], headers=headers))
    assert failure == "表头不完整或有重复列，未导入任何数据"
    assert "row 1: 性别: 缺少必填列" in err.splitlines()
    headers.append("性别")
    out, err, failure = run(tmp_path, xlsx_bytes([staff_row("TS1", 1, 备注="x")], headers=headers))
    assert failure is None, err
    assert "created=1" in out


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_it_imports_a_csv_file_in_each_encoding(world, tmp_path, encoding):
    rows = [student_row("TS1", 1, 班级="七(2)班"), staff_row("TS2", 2, 户籍乡镇="碱厂镇")]
    out, err, failure = run(tmp_path, csv_bytes(rows, encoding), name="roster.csv")
    assert failure is None, err
    assert "created=2" in out
    assert Person.objects.get(name="教师2").household_township == "碱厂镇"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("roster.xlsx", b"", "文件为空"),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
            "无法识别的文件：不是 .xlsx 或 .csv 花名册",
        ),
        (
            "roster.xlsx",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "文件扩展名为 .xlsx，但内容不是有效的 Excel 文件",
        ),
        ("data.bin", bytes(range(256)) * 8, "无法识别的文件"),
        ("roster.xlsx", b"PK\x03\x04 this is not a zip", "无法读取 Excel 文件"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "不支持旧版 .xls 文件"),
        ("notes.csv", b"hello,world\n1,2\n", "无法识别的文件：第1行应为表头"),
    ],
    ids=["empty", "png", "png-as-xlsx", "random", "broken-zip", "xls", "not-a-roster"],
)
def test_it_rejects_a_file_that_is_not_a_roster_with_one_message(world, tmp_path, name, content, message):
    out, err, failure = run(tmp_path, content, name=name)
    assert failure is not None and failure.startswith(message)
    assert "Traceback" not in err + out


def test_it_writes_only_the_valid_rows_with_skip_invalid(world, tmp_path):
    rows = [student_row("TS1", 1), student_row("TS1", 2, 学校代码="NOPE"), staff_row("TS1", 3)]
    out, err, failure = run(tmp_path, xlsx_bytes(rows), "--skip-invalid")
    assert failure is None
    assert err.splitlines() == ["row 3: 学校代码: 「NOPE」不存在"]
    assert "created=2 updated=0 unchanged=0 invalid=1" in out
    assert set(
        Person.objects.filter(name__in=["学生1", "学生2", "教师3"]).values_list("name", flat=True)
    ) == {
        "学生1",
        "教师3",
    }


def test_it_counts_without_writing_on_a_dry_run(world, tmp_path):
    people, logs = Person.objects.count(), ChangeLog.objects.count()
    out, _, failure = run(tmp_path, xlsx_bytes([student_row("TS1", 1), staff_row("TS1", 2)]), "--dry-run")
    assert failure is None
    assert "created=2 updated=0 unchanged=0 invalid=0 (dry run: nothing written)" in out
    assert (Person.objects.count(), ChangeLog.objects.count()) == (people, logs)


def test_it_exits_non_zero_from_the_command_line_and_zero_when_it_imports(
    world, tmp_path, capsys, monkeypatch
):
    # run_from_argv closes every connection when it ends; the test's transaction must survive it.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([student_row("TS1", 1, 姓名="")]))
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([staff_row("TS1", 1)]))
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["eduguard", "import-roster", str(bad)]).execute()
    assert exit_info.value.code == 1
    assert "row 2: 姓名: 不能为空" in capsys.readouterr().err
    ManagementUtility(["eduguard", "import-roster", str(good)]).execute()  # no SystemExit
    assert "created=1" in capsys.readouterr().out


def test_it_resolves_class_spellings_dorms_and_bureau_staff(world, tmp_path):
    DormRoom.objects.create(school=world.schools["S1"], label="1号楼-203")
    rows = [
        student_row("TS1", 1, 班级="2"),
        student_row("TS1", 2, 班级="2班"),
        student_row("TS1", 3, 班级="七（2）班"),
        student_row("TS1", 4, 班级="七(1)班", 年级="", 是否住校="是", 宿舍="1号楼-203"),
        staff_row("210521", 5),  # the county's own code: bureau staff, no school
    ]
    out, err, failure = run(tmp_path, xlsx_bytes(rows))
    assert failure is None, err
    classes = dict(Person.objects.filter(name__startswith="学生").values_list("name", "school_class"))
    assert classes == {"学生1": world.classes["S1C2"].id, "学生2": world.classes["S1C2"].id} | {
        "学生3": world.classes["S1C2"].id,
        "学生4": world.classes["S1C1"].id,
    }
    assert Person.objects.get(name="学生4").dorm.label == "1号楼-203"
    bureau = Person.objects.get(name="教师5")
    assert bureau.school is None and bureau.county == world.county


def test_it_keeps_a_web_user_inside_their_scope(world):
    # The principal of S1 may import into S1, not S2; the head teacher of 七(1)班 only into that class.
    rows = [student_row("TS1", 1), student_row("TS2", 2), staff_row("210521", 3)]
    result = import_roster(xlsx_bytes(rows), actor=world.principal, user=world.principal)
    assert [str(p) for p in result.problems] == [
        "row 3: 班级: 不存在或不在您的管理范围内",
        "row 4: 学校代码: 「210521」不存在或不在您的管理范围内",
    ]
    result = import_roster(
        xlsx_bytes([student_row("TS1", 1), student_row("TS1", 2, 班级="2")]),
        actor=world.head_teacher,
        user=world.head_teacher,
        skip_invalid=True,
    )
    assert [str(p) for p in result.problems] == ["row 3: 班级: 不存在或不在您的管理范围内"]
    assert result.created == 1
    change = ChangeLog.objects.get(object_repr="学生1")
    assert change.actor == world.head_teacher and change.source == Source.IMPORT


def test_it_writes_the_same_change_log_row_as_save_person(world, tmp_path):
    from eduguard.org.services import person_snapshot

    run(tmp_path, xlsx_bytes([student_row("TS1", 1)]))
    person = Person.objects.get(name="学生1")
    log = ChangeLog.objects.get(object_type="org.person", object_id=str(person.pk))
    assert log.after == person_snapshot(person) and log.before is None and log.at is not None
    assert person.created_at is not None and person.reveal_id_number() == student_row("TS1", 1)["证件号码"]


def test_it_updates_when_only_the_guardian_changes(world, tmp_path):
    row = student_row("TS1", 1)
    run(tmp_path, xlsx_bytes([row]))
    out, _, _ = run(tmp_path, xlsx_bytes([{**row, "监护人关系": "父亲"}]))
    assert "created=0 updated=1 unchanged=0" in out
    assert Person.objects.get(name="学生1").guardians.get().relation == "father"


def test_it_reads_cells_the_same_way_on_every_xlsx_path():
    import datetime as dt

    from openpyxl import Workbook

    from eduguard.org.roster import reader

    wb = Workbook()
    sheet = wb.active
    sheet.append(["学校代码", "姓名", "出生日期", "手机号", "是否住校", "证件号码"])
    sheet.append(["T1", "A&B <c>", dt.date(2012, 3, 4), 13800000000, True, "110105194912310021"])
    sheet.append([])
    sheet.append(["T2", " 空格 ", dt.datetime(2012, 3, 4), "0414-1234567", False, 1.1010519491231e17])
    plain = io.BytesIO()
    wb.save(plain)
    sheet["G5"] = "=1+1"  # a formula cell is not "plain": the general scanner reads this one
    formula = io.BytesIO()
    wb.save(formula)
    expected = [
        (2, ["T1", "A&B <c>", "2012-03-04", "13800000000", "是", "110105194912310021"]),
        (4, ["T2", "空格", "2012-03-04", "0414-1234567", "否", "1.1010519491231e+17"]),
    ]
    for content in (plain.getvalue(), formula.getvalue()):
        fast = [(n, cells[:6]) for n, cells in reader.read_table(content).rows]
        slow = [(n, cells[:6]) for n, cells in reader._read_xlsx_openpyxl(content).rows]
        assert fast == slow == expected


def test_it_streams_a_large_sheet_with_the_same_result(world, tmp_path, monkeypatch):
    monkeypatch.setattr("eduguard.org.roster.reader._REGEX_MAX_BYTES", 0)  # force the iterparse path
    out, err, failure = run(tmp_path, xlsx_bytes([student_row("TS1", 1), staff_row("TS1", 2)]))
    assert failure is None, err
    assert "created=2" in out
