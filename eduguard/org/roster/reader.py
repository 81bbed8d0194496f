"""Reading a roster file into (row number, {header: text}) pairs, whatever the format.

`.xlsx` is read with openpyxl in read-only mode; anything else is tried as CSV in UTF-8 (with or
without BOM), then GB18030 (a superset of GBK, what Excel on a Chinese Windows saves). A file that is
neither raises RosterFileError with a message for the clerk, never a traceback.
"""

import csv
import datetime as dt
import html
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from eduguard.org.roster.columns import HEADERS

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc)
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class RosterFileError(Exception):
    """The file cannot be read as a roster at all (as opposed to a row being invalid)."""


@dataclass
class Table:
    headers: list[str]  # normalised header texts, in file order ("" for a blank header cell)
    rows: Iterator[tuple[int, list[str]]]  # (spreadsheet row number, cell texts), blank rows skipped
    total: int | None  # data rows, when known up front (for a progress bar)


def normalise_header(value) -> str:
    text = unicodedata.normalize("NFKC", cell_text(value))
    # "姓名*" and "姓名（必填）" are common hand-made variants of the template's headers.
    for suffix in ("*", "(必填)"):
        text = text.removesuffix(suffix)
    return "".join(text.split())


def cell_text(value) -> str:
    """A cell as the text a clerk typed: integers without ".0", dates as ISO, stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        # An 18-digit ID number typed as a number has lost its last digits; keep what Excel shows
        # so the validator reports it, rather than inventing digits.
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_table(data: bytes, filename: str = "") -> Table:
    """Open `data` as .xlsx or CSV; raise RosterFileError when it is neither, or has no header."""
    if not data or not data.strip():
        raise RosterFileError("文件为空")
    if data.startswith(_OLE_MAGIC):
        raise RosterFileError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise RosterFileError("文件扩展名为 .xlsx，但内容不是有效的 Excel 文件")
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Table:
    try:
        return _read_xlsx_fast(data)
    except RosterFileError:
        raise
    except Exception:  # an unusual but valid workbook: let openpyxl make sense of it
        return _read_xlsx_openpyxl(data)


def _read_xlsx_openpyxl(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises assorted errors on malformed parts
        raise RosterFileError("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式") from exc
    if not workbook.worksheets:
        raise RosterFileError("Excel 文件中没有工作表")
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise RosterFileError("第一个工作表为空，找不到表头")
    headers = [normalise_header(v) for v in header]
    _check_looks_like_roster(headers)
    max_row = sheet.max_row if isinstance(sheet.max_row, int) else None

    def body() -> Iterator[tuple[int, list[str]]]:
        # read-only sheets yield one tuple per row, empty ones included, so numbering holds.
        try:
            for number, values in enumerate(rows, start=2):
                cells = [cell_text(v) for v in values]
                if any(cells):
                    yield number, cells
        finally:
            workbook.close()

    return Table(headers, body(), (max_row - 1) if max_row else None)


# -- a values-only .xlsx reader ------------------------------------------------------------------
# openpyxl's read-only mode spends ~0.6 ms of CPU per 17-cell row on this class of machine, more
# than half the import budget (DESIGN.md: 20,000 rows in 20 s). Rosters need values only, so the
# sheet XML is streamed with the C expat parser; openpyxl still decides which number formats are
# dates and converts serials, and reads any workbook this parser does not expect.

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN, _SI = (
    f"{_MAIN}{tag}" for tag in ("row", "c", "v", "is", "t", "r", "si")
)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _read_xlsx_fast(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RosterFileError("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式") from exc
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise RosterFileError("无法读取 Excel 文件：压缩包中没有工作簿（不是 .xlsx 格式）")
    sheet_path, date1904 = _first_sheet(archive)
    shared = _shared_strings(archive) if "xl/sharedStrings.xml" in names else []
    date_styles = _date_styles(archive) if "xl/styles.xml" in names else frozenset()
    with archive.open(sheet_path) as stream:
        match = _DIMENSION.search(stream.read(4096))
    if archive.getinfo(sheet_path).file_size <= _REGEX_MAX_BYTES:
        xml = archive.read(sheet_path).decode("utf-8")
        plain = _PLAIN_CELL_RE.findall(xml)
        if "<sheetData" not in xml:
            rows = None
        elif len(plain) == xml.count("<c "):
            rows = _sheet_rows_plain(plain, shared, date_styles, date1904)
        else:
            rows = _sheet_rows_scanned(xml, shared, date_styles, date1904)
    else:
        rows = None
    if rows is None:  # a huge sheet, or one written with namespace prefixes: stream it
        rows = _sheet_rows(archive, sheet_path, shared, date_styles, date1904)
    first = next(rows, None)
    if first is None:
        raise RosterFileError("第一个工作表为空，找不到表头")
    number, header = first
    if number != 1:
        raise RosterFileError("第1行应为表头，但第1行是空行")
    headers = [normalise_header(v) for v in header]
    _check_looks_like_roster(headers)

    def body() -> Iterator[tuple[int, list[str]]]:
        for number, values in rows:
            cells = [v.strip() if v.__class__ is str else cell_text(v) for v in values]
            if any(cells):
                yield number, cells

    total = int(match.group(1)) - 1 if match and match.group(1) else None
    return Table(headers, body(), total)


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, bool]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    properties = workbook.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise RosterFileError("Excel 文件中没有工作表")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(
        r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship") if r.get("Id") == sheet.get(f"{_REL}id")
    )
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return path, date1904


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    strings = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag == _SI:
                text = element.find(_TEXT)
                if text is not None:
                    strings.append(text.text or "")
                else:  # rich text: the runs' texts (phonetic guides excluded)
                    strings.append("".join(r.findtext(_TEXT) or "" for r in element.iterfind(_RUN)))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    formats = dict(BUILTIN_FORMATS)
    for fmt in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
    return frozenset(
        index
        for index, xf in enumerate(styles.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf"))
        if is_date_format(formats.get(int(xf.get("numFmtId", 0)), ""))
    )


# Sheets up to this size are scanned with regular expressions (about 4x faster than building
# elements); larger ones are streamed with iterparse so memory stays flat.
_REGEX_MAX_BYTES = 100 * 1024 * 1024
_ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL_RE = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF_RE = re.compile(r'\br="([A-Z]+)')
_ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
_TYPE_RE = re.compile(r'\bt="(\w+)"')
_STYLE_RE = re.compile(r'\bs="(\d+)"')
_VALUE_RE = re.compile(r"<v>([^<]*)</v>")
_TEXT_RE = re.compile(r"<t\b[^>]*>([^<]*)</t>")


def _sheet_rows_scanned(xml: str, shared, date_styles, date1904) -> Iterator[tuple[int, list]]:
    """The rows of an unprefixed SpreadsheetML sheet (what Excel, WPS and openpyxl write)."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    columns: dict[str, int] = {}
    previous = 0
    for row in _ROW_RE.finditer(xml):
        attributes, content = row.groups()
        found = _ROW_NUMBER_RE.search(attributes)
        number = int(found.group(1)) if found else previous + 1
        previous = number
        values: list = []
        for position, cell in enumerate(_CELL_RE.finditer(content or "")):
            attributes, inner = cell.groups()
            found = _REF_RE.search(attributes)
            if found:
                letters = found.group(1)
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = _column_index(letters)
            else:
                column = position
            found = _TYPE_RE.search(attributes)
            kind = found.group(1) if found else "n"
            inner = inner or ""
            if kind == "inlineStr":
                value = _unescape("".join(_TEXT_RE.findall(inner)))
            else:
                found = _VALUE_RE.search(inner)
                value = _typed(kind, _unescape(found.group(1)) if found else None, shared)
                if value is _NUMBER:
                    style = _STYLE_RE.search(attributes)
                    is_date = style is not None and int(style.group(1)) in date_styles
                    value = _number(_unescape(found.group(1)), is_date, epoch, from_excel)
            if column >= len(values):
                values.extend([None] * (column - len(values) + 1))
            values[column] = value
        yield number, values


# The common case, as Excel, WPS and openpyxl write it: every cell `<c r="A1" [s=".."] [t=".."]>`
# holding at most a <v> or a one-run inline string. One pass over the sheet, no per-row regex.
_PLAIN_CELL_RE = re.compile(
    r'<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?\s*'
    r"(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: [^>]*)?>([^<]*)</t></is>)?</c>)"
)


def _sheet_rows_plain(cells: list[tuple], shared, date_styles, date1904) -> Iterator[tuple[int, list]]:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    columns: dict[str, int] = {}
    current, values = None, []
    for letters, row, style, kind, raw, text in cells:
        if row != current:
            if current is not None:
                yield int(current), values
            current, values = row, []
        if kind == "inlineStr":
            value = _unescape(text)
        elif not raw:
            continue
        elif kind == "s":
            value = shared[int(raw)]
        elif kind == "b":
            value = raw == "1"
        elif kind in ("str", "e"):
            value = _unescape(raw)
        else:
            value = _number(raw, bool(style) and int(style) in date_styles, epoch, from_excel)
        column = columns.get(letters)
        if column is None:
            column = columns[letters] = _column_index(letters)
        if column >= len(values):
            values.extend([None] * (column - len(values) + 1))
        values[column] = value
    if current is not None:
        yield int(current), values


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


_NUMBER = object()  # _typed's answer for a numeric cell, whose date style the caller looks up


def _typed(kind: str, raw: str | None, shared: list[str]):
    """A cell's value by its type attribute `t`; _NUMBER for a number or date."""
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind == "b":
        return raw == "1"
    if kind in ("str", "e"):
        return raw
    return _NUMBER


def _number(raw: str, is_date: bool, epoch, from_excel):
    if not raw.strip():
        return None  # a formula cell saved without its cached value (<v></v>)
    value = float(raw)
    if is_date:
        return from_excel(value, epoch)
    if value.is_integer() and "E" not in raw.upper() and "." not in raw:
        return int(raw)
    return value


def _column_index(ref: str) -> int:
    index = 0
    for char in ref:
        if char.isdigit():
            break
        index = index * 26 + ord(char) - 64
    return index - 1


def _sheet_rows(archive, path, shared, date_styles, date1904) -> Iterator[tuple[int, list]]:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    previous = 0
    with archive.open(path) as stream:
        for _, element in ElementTree.iterparse(stream):
            if element.tag != _ROW:
                continue
            number = int(element.get("r") or previous + 1)
            previous = number
            values: list = []
            for position, cell in enumerate(element.iterfind(_CELL)):
                ref = cell.get("r")
                column = _column_index(ref) if ref else position
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    inline = cell.find(_INLINE)
                    value = "".join(inline.itertext()) if inline is not None else ""
                else:
                    raw = cell.findtext(_VALUE)
                    value = _typed(kind, raw, shared)
                    if value is _NUMBER:
                        value = _number(raw, int(cell.get("s", 0)) in date_styles, epoch, from_excel)
                if column >= len(values):
                    values.extend([None] * (column - len(values) + 1))
                values[column] = value
            element.clear()
            yield number, values


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise RosterFileError("无法识别的文件：不是 .xlsx 或 .csv 花名册（可能是图片或其他二进制文件）")
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("无法识别的文件编码：CSV 文件请保存为 UTF-8 或 GBK 编码")


def _read_csv(data: bytes) -> Table:
    """The rows are parsed as they are consumed: a million-row file is never a list of lists."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Excel's "Unicode text" export is tab-separated; everything else here is comma-separated.
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    records = csv.reader(_lines(text), delimiter=delimiter)
    try:
        header = next(records, None)
    except csv.Error as exc:
        raise RosterFileError(f"无法解析 CSV 文件：{exc}") from exc
    if header is None:
        raise RosterFileError("文件为空")
    headers = [normalise_header(v) for v in header]
    _check_looks_like_roster(headers)

    def body() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, record in enumerate(records, start=2):
                cells = [c.strip() for c in record]
                if any(cells):
                    yield number, cells
        except csv.Error as exc:  # the importer turns this into the file's one message
            raise RosterFileError(f"无法解析 CSV 文件：{exc}") from exc

    # Lines, not records (a quoted cell may hold a line break): an estimate for the progress bar.
    return Table(headers, body(), max(text.count("\n") - (1 if text.endswith("\n") else 0), 0))


def _lines(text: str, chunk: int = 1 << 20) -> Iterator[str]:
    """The lines of `text` as io.StringIO(text, newline="") gives them, a megabyte at a time.

    A StringIO holds its text as 4 bytes a character once read; over a 200 MB file that is the
    largest allocation of an import. Cutting just after a "\n" never splits a line or a "\r\n".
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + chunk)
        end = len(text) if end == -1 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _check_looks_like_roster(headers: list[str]) -> None:
    """A file whose first row names none of the roster columns is not a roster (or has no header)."""
    if not set(headers) & set(HEADERS):
        raise RosterFileError(
            "无法识别的文件：第1行应为表头，包含 " + "、".join(HEADERS[:4]) + " 等列（请使用花名册模板）"
        )
