"""The standard upward tables (上报报表, issue 12): the .xlsx tables the county command asks for
every day, generated from the records the schools already keep ("one entry, many reports").

Five tables, each a download of its own (one sheet) and all five together as one workbook (a sheet
each): 日报告完成情况, 异常人员名单, 隔离观察人员, 排查统计, 防疫物资. Each is made for a day and a unit
(the county, a grid or a school) the user may pick (services.tables_units) and holds only rows in
the user's scope. Every export is logged in the access log, named or not.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.briefing.services import (
    tables_abnormal,
    tables_daily,
    tables_quarantine,
    tables_screening,
    tables_supplies,
)
from eduguard.briefing.services.tables_sheet import Table, workbook
from eduguard.briefing.services.tables_units import Unit

ALL = "all"
EARLIEST = dt.date(2000, 1, 1)


def _daily(user, day, unit) -> Table:
    block = tables_daily.daily_block(user, day, unit)
    return Table("daily", tables_daily.title(unit), unit.name, day, [block])


def _abnormal(user, day, unit) -> Table:
    block = tables_abnormal.abnormal_block(user, day, unit)
    return Table("abnormal", tables_abnormal.TITLE, unit.name, day, [block], named=True)


def _quarantine(user, day, unit) -> Table:
    block = tables_quarantine.quarantine_block(user, day, unit)
    return Table("quarantine", tables_quarantine.TITLE, unit.name, day, [block], named=True)


def _screening(user, day, unit) -> Table:
    block, notes = tables_screening.screening_block(user, day, unit)
    return Table("screening", tables_screening.TITLE, unit.name, day, [block], notes)


def _supplies(user, day, unit) -> Table:
    blocks, notes = tables_supplies.supplies_blocks(user, day, unit)
    return Table("supplies", tables_supplies.TITLE, unit.name, day, blocks, notes)


@dataclass(frozen=True)
class Spec:
    code: str
    name: str  # as the page lists it; the sheet's own title is in Chinese whatever the language
    description: str
    build: Callable[..., Table]


TABLES = {
    s.code: s
    for s in (
        Spec(
            "daily",
            _("日报告完成情况"),
            _("分校（学校则分班）应报、已报、按时、异常、发热人数和完成率"),
            _daily,
        ),
        Spec("abnormal", _("异常人员名单"), _("当日健康日报异常的人员，证件号码脱敏，含跟进状态"), _abnormal),
        Spec(
            "quarantine",
            _("隔离观察人员"),
            _("当日在隔离或健康监测中的人员：类型、开始日期、计划期满、状态"),
            _quarantine,
        ),
        Spec(
            "screening", _("排查统计"), _("本县大排查分校人数：学生、教职工、临时工及各风险类别"), _screening
        ),
        Spec(
            "supplies",
            _("防疫物资"),
            _("各存放点分物资库存、可用天数，按资金来源的入库合计和在途"),
            _supplies,
        ),
    )
}
CODES = [*TABLES, ALL]  # the codes of the download route: each table, and all of them together


def parse_day(raw: str | None, today: dt.date | None = None) -> dt.date:
    """?date=YYYY-MM-DD; today when empty. Not a date, before 2000 or after today: ValidationError."""
    today = today or timezone.localdate()
    if not raw:
        return today
    try:
        day = parse_date(raw.strip())
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({"date": ["日期格式应为 YYYY-MM-DD，如 2020-02-19"]})
    if day > today:
        raise ValidationError({"date": ["日期不能晚于今天"]})
    if day < EARLIEST:
        raise ValidationError({"date": ["日期不能早于 2000-01-01"]})
    return day


PARTIAL = "本表只含制表人负责的年级或班级，不是全校数据。"


def build_tables(codes: list[str], user, day: dt.date, unit: Unit) -> list[Table]:
    tables = [TABLES[code].build(user, day, unit) for code in codes]
    if not unit.whole:  # a head teacher's table of their school must not read as the school's
        for table in tables:
            table.notes.insert(0, PARTIAL)
    return tables


def export(code: str, user, day: dt.date, unit: Unit, *, actor, request=None) -> tuple[bytes, list[Table]]:
    """The workbook of one table (`code`) or of all (`ALL`) as `user` sees them, and the tables in
    it. Logged as an export by `actor`: the user, or None for the system (the command)."""
    codes = list(TABLES) if code == ALL else [code]
    tables = build_tables(codes, user, day, unit)
    data = workbook(tables)
    record_access(
        actor=actor,
        action=AccessAction.EXPORT,
        obj=unit.obj,
        detail={
            "what": "upward-tables",
            "tables": codes,
            "date": day.isoformat(),
            "unit": unit.key,
            "rows": {t.code: t.row_count for t in tables},
            "named": any(t.named for t in tables),
            "masked": True,
            "format": "xlsx",
        },
        request=request,
    )
    return data, tables


def filename(code: str, day: dt.date, unit: Unit) -> str:
    """本溪县教育局-日报告完成情况-2020-02-19.xlsx; 上报报表 for the workbook of all tables."""
    with translation.override("zh-hans"):  # the county command's file names are Chinese
        name = "上报报表" if code == ALL else str(TABLES[code].name)
    return f"{unit.name}-{name}-{day.isoformat()}.xlsx"
