"""Table 1, 日报告完成情况: the daily report per school (per class for a school), from the roll-up
of eduguard/health/services/stats.py, so every figure equals GET /api/v1/stats/daily/.

County: a row per school, and 局机关 (the bureau's own staff: the county's row less its schools);
the 合计 row is the county's row. Grid: a row per school; 合计 is the grid's row. School: a row per
class (students), and 教职工 (the school's row less its classes); 合计 is the school's row. A
school seen only through a grade or a class: those classes, and their sum.
"""

import datetime as dt

from eduguard.briefing.services.tables_sheet import ONE, Block, Column
from eduguard.briefing.services.tables_units import Unit
from eduguard.health.services.stats import FIGURES, UnitStats, daily_stats
from eduguard.org.models import SchoolClass


def daily_block(user, day: dt.date, unit: Unit) -> Block:
    rows, total, rest_name = _figures(user, day, unit)
    rest = _rest(total, rows, rest_name)
    shown = rows + ([rest] if rest else [])
    columns = [
        Column("序号", 6),
        Column("学校" if unit.level != "school" else "班级", 28),
        Column("应报人数", 10),
        Column("已报人数", 10),
        Column("未报人数", 10),
        Column("按时报告", 10),
        Column("异常人数", 10),
        Column("发热人数", 10),
        Column("完成率（%）", 11, ONE),
    ]
    return Block(
        columns,
        [_line(n, r) for n, r in enumerate(shown, start=1)],
        _line("合计", total, name=""),
    )


def title(unit: Unit) -> str:
    return "日报告完成情况（分班）" if unit.level == "school" else "日报告完成情况（分校）"


def _figures(user, day, unit: Unit) -> tuple[list[UnitStats], UnitStats, str]:
    """The rows, the unit's own row (the 合计) and the name of what the rows leave out."""
    if unit.level == "school":
        ids = set(SchoolClass.objects.visible_to(user).filter(school=unit.obj).values_list("id", flat=True))
        rows = [r for r in daily_stats(user, day, "class") if r.id in ids]
        if not unit.whole:
            return rows, _sum(rows, unit.obj.name), ""
        (total,) = [r for r in daily_stats(user, day, "school") if r.id == unit.obj.pk]
        return rows, total, "教职工"
    if unit.level == "grid":
        rows = daily_stats(user, day, "school", parent=unit.obj.pk)
        (total,) = [
            r for r in daily_stats(user, day, "grid", parent=unit.obj.county_id) if r.id == unit.obj.pk
        ]
        return rows, total, ""
    ids = set(unit.schools(user).values_list("id", flat=True))
    rows = [r for r in daily_stats(user, day, "school") if r.id in ids]
    (total,) = [r for r in daily_stats(user, day, "county") if r.id == unit.obj.pk]
    return rows, total, "局机关"


def _sum(rows: list[UnitStats], name: str) -> UnitStats:
    return UnitStats(0, None, name, **{f: sum(getattr(r, f) for r in rows) for f in FIGURES})


def _rest(total: UnitStats, rows: list[UnitStats], name: str) -> UnitStats | None:
    """What the unit counts beyond its rows (staff outside classes, the bureau), if anything."""
    if not name:
        return None
    parts = _sum(rows, name)
    rest = UnitStats(0, None, name, **{f: getattr(total, f) - getattr(parts, f) for f in FIGURES})
    return rest if any(getattr(rest, f) for f in FIGURES) else None


def _line(n, r: UnitStats, name: str | None = None) -> list:
    return [
        n,
        r.name if name is None else name,
        r.expected,
        r.reported,
        r.missing,
        r.on_time,
        r.abnormal,
        r.fever,
        r.completion_rate,
    ]
