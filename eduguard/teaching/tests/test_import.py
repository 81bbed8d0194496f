"""Importing a platform's export (.xlsx, or .csv in UTF-8 or GBK): every row through the validator
of hand entry, all rows or none, one message per problem (第N行: 列: 原因), a 400 on the page."""

import csv as csv_module
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from eduguard.teaching.models import TeachingParticipation
from eduguard.teaching.services.imports import import_participation

HEADER = ["学校代码", "学校名称", "年级", "在籍学生数", "参与学生数", "教师数", "参与教师数"]
GOOD = [["TS1", "测试S1中学", "七年级", 40, 33, 4, 4], ["TS2", "测试S2中学", "初一", 38, 30, 4, 3]]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv(rows, header=HEADER, encoding="utf-8") -> bytes:
    text = io.StringIO()
    writer = csv_module.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def test_an_xlsx_export_is_imported_and_importing_it_again_changes_nothing(county):
    w = county
    report = import_participation(period=w.period, data=xlsx(GOOD), filename="平台.xlsx", actor=w.keeper)
    assert report.ok and (report.rows, report.outcome.created) == (2, 2)
    row = TeachingParticipation.objects.get(grade=w.grades["S2"])  # 初一 is 七年级
    assert (row.students_enrolled, row.students_taking_part, row.source) == (38, 30, "imported")
    again = import_participation(period=w.period, data=xlsx(GOOD), filename="平台.xlsx", actor=w.keeper)
    assert again.ok and (again.outcome.created, again.outcome.unchanged) == (0, 2)
    assert TeachingParticipation.objects.count() == 2


def test_a_gbk_csv_with_columns_in_another_order_is_imported(county):
    w = county
    header = ["参与教师数", "教师数", "参与学生数", "在籍学生数", "年级", "学校代码"]
    rows = [[4, 4, "1,033", "1,200", "7", "TS1"]]
    report = import_participation(
        period=w.period, data=csv(rows, header, "gbk"), filename="a.csv", actor=w.admin
    )
    assert report.ok, report.messages()
    assert TeachingParticipation.objects.get().students_taking_part == 1033


# Each file starts with a valid row (row 2), which is not written either; the bad row is row 3.
BAD = [
    ([["TS1", "", "七年级", 40, 41, 4, 4]], "第3行: 参与学生数: 不能超过在籍学生数（40人）"),
    ([["TS1", "", "七年级", 40, 30, 4, 5]], "第3行: 参与教师数: 不能超过教师数（4人）"),
    ([["TS1", "", "七年级", 40, -3, 4, 4]], "第3行: 参与学生数: 不能为负数"),
    ([["TS1", "", "七年级", 40, "三十", 4, 4]], "第3行: 参与学生数: 请填写整数"),
    ([["TS1", "", "七年级", 40, 30, "", 4]], "第3行: 教师数: 不能为空"),
    ([["T404", "", "七年级", 40, 30, 4, 4]], "第3行: 学校代码: 「T404」不存在或不在您的管理范围内"),
    (
        [["TS2", "", "七年级", 40, 30, 4, 4]],
        "第3行: 学校代码: 「TS2」不存在或不在您的管理范围内",
    ),  # not the principal's
    ([["TS1", "", "九年级", 40, 30, 4, 4]], "第3行: 年级: 「九年级」在测试S1中学不存在"),
    ([["TS1", "", "一年级", 10, 9, 1, 1]], "第3行: 年级: 与第2行重复（测试S1中学一年级）"),
]


@pytest.mark.parametrize(("rows", "message"), BAD)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_bad_rows_are_reported_one_message_each_and_nothing_is_written(county, rows, message, fmt):
    w = county
    good = [["TS1", "", "一年级", 10, 9, 1, 1]]
    data = xlsx(good + rows) if fmt == "xlsx" else csv(good + rows)
    report = import_participation(period=w.period, data=data, filename=f"x.{fmt}", actor=w.principal)
    assert not report.ok and report.messages() == [message]
    assert not TeachingParticipation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"   \r\n", "文件为空"),
        (csv([], header=["名称", "人数"]), "第1行应为表头，包含 学校代码、年级、在籍学生数"),
        (
            csv([["TS1", "七年级", 40]], header=["学校代码", "年级", "在籍学生数"]),
            "第1行: 参与学生数: 缺少此列",
        ),
        (csv([]), "文件中没有数据行"),
        (b"%PDF-1.4\x00\x01 binary", "无法识别的文件"),
    ],
)
def test_a_file_that_is_not_an_export_is_one_clear_message(county, data, message):
    w = county
    report = import_participation(period=w.period, data=data, filename="x.csv", actor=w.admin)
    assert not report.ok and any(message in m for m in report.messages()), report.messages()
    assert not TeachingParticipation.objects.exists()


def test_the_import_page_answers_400_with_the_problems_and_writes_nothing(county, client):
    w = county
    client.force_login(w.principal)
    upload = SimpleUploadedFile("x.csv", csv([["TS1", "", "七年级", 40, 41, 4, 4]], encoding="gbk"))
    page = client.post("/teaching/import/", {"period": w.period.pk, "file": upload})
    assert page.status_code == 400
    assert "第2行: 参与学生数: 不能超过在籍学生数（40人）" in page.content.decode()
    wrong = client.post(
        "/teaching/import/", {"period": w.period.pk, "file": SimpleUploadedFile("x.pdf", b"%PDF")}
    )
    assert wrong.status_code == 400 and "文件应为 .xlsx 或 .csv" in wrong.content.decode()
    empty = client.post(
        "/teaching/import/", {"period": w.period.pk, "file": SimpleUploadedFile("x.csv", b"")}
    )
    assert empty.status_code == 400 and "文件为空" in empty.content.decode()
    assert not TeachingParticipation.objects.exists()
    good = SimpleUploadedFile("x.xlsx", xlsx(GOOD[:1]))
    done = client.post("/teaching/import/", {"period": w.period.pk, "file": good})
    assert done.status_code == 302 and TeachingParticipation.objects.count() == 1


def test_the_template_lists_the_grades_the_user_may_enter_with_the_roster(county, client):
    w = county
    client.force_login(w.principal)
    response = client.get("/teaching/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1:] == [
        ["TS1", "测试S1中学", "一年级", 0, None, None, None],
        ["TS1", "测试S1中学", "七年级", 4, None, None, None],
    ]
    client.force_login(w.head_teacher)
    sheet = load_workbook(io.BytesIO(client.get("/teaching/import/template.xlsx").content)).worksheets[0]
    assert sheet.max_row == 1
