"""The layout of every upward table's sheet, read back with openpyxl: the title row, the frozen
header, column widths, numbers stored as numbers, the 合计 row, the footer; and no full ID number,
phone or address anywhere in the workbook."""

import io
import re

import pytest
from openpyxl import load_workbook

from eduguard.briefing.services.tables import ALL, export
from eduguard.briefing.services.tables_units import Unit
from eduguard.briefing.tests.tables_world import add_records

HEADERS = {
    "日报告完成情况（分校）": [
        "序号",
        "学校",
        "应报人数",
        "已报人数",
        "未报人数",
        "按时报告",
        "异常人数",
        "发热人数",
        "完成率（%）",
    ],
    "异常人员名单": ["序号", "学校", "班级", "姓名", "人员类别", "证件号码", "体温（℃）", "症状", "异常原因"],
    "隔离观察人员": ["序号", "学校", "班级", "姓名", "人员类别", "证件号码", "类型", "依据类别", "原因"],
    "排查统计": [
        "序号",
        "单位",
        "应排查人数",
        "已排查人数",
        "学生",
        "教职工",
        "临时工",
        "完成率（%）",
        "一类",
    ],
    "防疫物资": ["序号", "存放点", "物资", "单位", "库存", "每日用量", "可用天数", "储备天数", "状态"],
}


@pytest.fixture
def book(world):
    w = add_records(world)
    data, _ = export(ALL, w.leader, w.day, Unit("county", w.county), actor=w.leader)
    w.book = load_workbook(io.BytesIO(data))
    return w


def test_every_sheet_has_the_title_the_frozen_header_and_the_footer(book):
    w = book
    assert w.book.sheetnames == list(HEADERS)
    day = f"{w.day.year}年{w.day.month}月{w.day.day}日"
    for ws in w.book.worksheets:
        assert ws["A1"].value == f"测试县教育局 {ws.title}（{day}）"
        assert ws["A1"].font.bold and "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}
        assert [c.value for c in ws[2]][: len(HEADERS[ws.title])] == HEADERS[ws.title]
        assert all(c.font.bold for c in ws[2] if c.value)
        assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"
        assert ws.column_dimensions["B"].width >= 16 and ws.column_dimensions["A"].width >= 6
        footer = ws.cell(ws.max_row, 1).value
        assert re.fullmatch(r"数据来源：教育防控平台，生成时间 \d{4}-\d\d-\d\d \d\d:\d\d", footer)


def test_figures_are_numbers_and_the_total_row_is_bold(book):
    ws = book.book["日报告完成情况（分校）"]
    (total,) = [r for r in ws.iter_rows(min_row=3) if r[0].value == "合计"]
    assert [c.value for c in total[2:8]] == [20, 6, 14, 6, 3, 2]
    assert all(isinstance(c.value, int) for c in total[2:8]) and total[8].value == 30
    assert total[0].font.bold and total[8].number_format == "0.0"
    rows = [r for r in ws.iter_rows(min_row=3, max_row=6)]
    assert all(isinstance(r[2].value, int) and isinstance(r[0].value, int) for r in rows)
    quarantine = book.book["隔离观察人员"]
    start = quarantine.cell(3, 10)
    assert start.is_date and start.number_format == "yyyy-mm-dd"
    assert isinstance(quarantine.cell(3, 11).value, int)
    abnormal = book.book["异常人员名单"]
    assert abnormal.cell(3, 7).value == 38.2 and abnormal.cell(3, 7).number_format == "0.0"


def test_no_full_id_number_phone_or_address_is_written(book):
    w = book
    text = "\n".join(
        str(v)
        for ws in w.book.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    for key in ("S1C1A", "S2C1A", "S1C1B", "S2C2A", "BUREAU"):
        person = w.people[key]
        assert person.name in text and person.id_masked in text
        assert person.reveal_id_number() not in text
        phone = person.reveal_phone()
        assert phone[3:] not in text and person.phone_masked not in text
        assert person.reveal_address() not in text
    assert not re.search(r"\d{17}[\dX]", text)
