"""Table 3, 隔离观察人员: the quarantines and health monitoring periods open on the day (started
and not released: those past their planned end and waiting for the release notice too), within the
unit and the user's scope, from the screening app's records (Quarantine.objects.open_on).

Named data: the ID number masked, no phone or address, the export logged (services.tables)."""

import datetime as dt
from collections import Counter

from eduguard.briefing.services.tables_sheet import DATE, INT, Block, Column
from eduguard.briefing.services.tables_units import Unit
from eduguard.screening.models import Quarantine, QuarantineKind
from eduguard.screening.models.quarantine import QuarantineState

TITLE = "隔离观察人员"
BUREAU = "局机关"
STATES = dict(QuarantineState.choices)


def open_quarantines(user, day: dt.date, unit: Unit) -> list[Quarantine]:
    periods = unit.narrow(Quarantine.objects.visible_to(user).open_on(day), "school", "person__county")
    rows = periods.select_related("person", "school", "school_class__grade", "category")
    return sorted(rows, key=_order)


def quarantine_block(user, day: dt.date, unit: Unit) -> Block:
    periods = open_quarantines(user, day, unit)
    columns = [
        Column("序号", 6),
        Column("学校", 24),
        Column("班级", 10),
        Column("姓名", 10),
        Column("人员类别", 9),
        Column("证件号码", 21),
        Column("类型", 13),
        Column("依据类别", 12),
        Column("原因", 24),
        Column("开始日期", 12, DATE),
        Column("计划天数", 9, INT),
        Column("计划期满", 12, DATE),
        Column("第几天", 8, INT),
        Column("状态", 11),
    ]
    rows = [_line(n, q, day) for n, q in enumerate(periods, start=1)]
    return Block(columns, rows, ["合计", _summary(periods, day)])


def _summary(periods: list[Quarantine], day: dt.date) -> str:
    kinds = Counter(q.kind for q in periods)
    parts = [f"{label}{kinds[k]}人" for k, label in QuarantineKind.choices if kinds[k]]
    overdue = sum(1 for q in periods if q.state_on(day) == QuarantineState.OVERDUE)
    text = f"共{len(periods)}人" + (f"：{'、'.join(parts)}" if parts else "")
    return text + (f"；其中期满待解除{overdue}人" if overdue else "")


def _order(q: Quarantine):
    school = q.school.code if q.school else "~"
    klass = (q.school_class.grade.level, q.school_class.number) if q.school_class else (99, 0)
    return school, klass, q.person.name, q.pk


def _line(n: int, q: Quarantine, day: dt.date) -> list:
    return [
        n,
        q.school.name if q.school else BUREAU,
        q.school_class.name if q.school_class else "",
        q.person.name,
        q.person.get_category_display(),
        q.person.id_masked,
        q.get_kind_display(),
        q.category.name if q.category else "",
        q.reason,
        q.started_on,
        q.planned_days,
        q.ends_on,
        q.day_number(day),
        STATES[q.state_on(day)],
    ]
