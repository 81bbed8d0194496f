"""The layout every upward table shares, and writing it with openpyxl.

A sheet is: a title row (unit, table, date), the header row (frozen, with the title, and repeated on
every printed page), the rows with numbers stored as numbers, a 合计 row, any further block (the
supplies table's totals by item), the notes, and the footer "数据来源：教育防控平台，生成时间 …".
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
MUTED = Font(size=9, color="666666")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

INT, ONE, TWO, DATE = "0", "0.0", "0.00", "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 12
    format: str | None = None  # number or date format of the column's cells


@dataclass
class Block:
    """One table on the sheet: its columns, rows and (optional) 合计 row."""

    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    heading: str = ""  # a line above the block (blocks after the first)


@dataclass
class Table:
    """One upward table, ready to write: what the sheet shows and what the audit row records."""

    code: str
    title: str
    unit_name: str
    day: dt.date
    blocks: list[Block]
    notes: list[str] = field(default_factory=list)
    named: bool = False  # lists people by name

    @property
    def row_count(self) -> int:
        return sum(len(b.rows) for b in self.blocks)


def day_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def workbook(tables: list[Table], generated_at: dt.datetime | None = None) -> bytes:
    """The .xlsx bytes: one sheet per table, in the order given."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        write_sheet(book, table, generated_at)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_sheet(book: Workbook, table: Table, generated_at: dt.datetime) -> None:
    ws = book.create_sheet(table.title[:31])
    span = max(len(b.columns) for b in table.blocks)
    ws.append([f"{table.unit_name} {table.title}（{day_label(table.day)}）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    ws["A1"].font, ws["A1"].alignment = TITLE, Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 26
    for n, block in enumerate(table.blocks):
        if n:
            ws.append([])
        if block.heading:
            ws.append([block.heading])
            ws.cell(ws.max_row, 1).font = BOLD
        _write_block(ws, block)
        if n == 0:
            ws.freeze_panes = "A3"  # the title and the header stay in view
            ws.print_title_rows = "1:2"
    ws.append([])
    for note in table.notes:
        ws.append([note])
    ws.append([f"数据来源：教育防控平台，生成时间 {generated_at:%Y-%m-%d %H:%M}"])
    ws.cell(ws.max_row, 1).font = MUTED
    for n in range(1, span + 1):
        widths = [b.columns[n - 1].width for b in table.blocks if len(b.columns) >= n]
        ws.column_dimensions[get_column_letter(n)].width = max(widths)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_block(ws, block: Block) -> None:
    ws.append([c.title for c in block.columns])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in block.rows:
        _append(ws, block.columns, values)
    if block.total is not None:
        _append(ws, block.columns, block.total)
        for cell in ws[ws.max_row]:
            cell.font = BOLD


def _append(ws, columns: list[Column], values: list) -> None:
    ws.append([_cell_value(v) for v in values])
    for column, cell in zip(columns, ws[ws.max_row], strict=False):
        cell.border = BOX
        if column.format and isinstance(cell.value, int | float | dt.date):
            cell.number_format = column.format


def _cell_value(value):
    """Numbers as numbers (Decimal to int when whole, else float), never as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
