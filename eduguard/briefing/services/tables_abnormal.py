"""Table 2, 异常人员名单: the people whose daily report for the day is abnormal (the reports the
roll-up counts as abnormal), within the unit and the user's scope, with the follow-up's status.

Named data (domain.md §8.4-3, -4): the ID number is masked as everywhere else, no phone or address
is listed, and the export is logged (services.tables)."""

import datetime as dt

from django.utils import timezone

from eduguard.briefing.services.tables_sheet import ONE, Block, Column
from eduguard.briefing.services.tables_units import Unit
from eduguard.health.choices import Symptom
from eduguard.health.models import DailyReport

TITLE = "异常人员名单"
BUREAU = "局机关"
SYMPTOMS = dict(Symptom.choices)


def abnormal_reports(user, day: dt.date, unit: Unit) -> list[DailyReport]:
    reports = DailyReport.objects.visible_to(user).for_date(day).abnormal()
    reports = unit.narrow(reports, "school", "person__county")
    rows = list(reports.select_related("person", "school", "school_class__grade", "follow_up"))
    return sorted(rows, key=_order)


def abnormal_block(user, day: dt.date, unit: Unit) -> Block:
    reports = abnormal_reports(user, day, unit)
    columns = [
        Column("序号", 6),
        Column("学校", 24),
        Column("班级", 10),
        Column("姓名", 10),
        Column("人员类别", 9),
        Column("证件号码", 21),
        Column("体温（℃）", 10, ONE),
        Column("症状", 20),
        Column("异常原因", 30),
        Column("填报时间", 10),
        Column("按时", 6),
        Column("跟进状态", 10),
    ]
    rows = [_line(n, r) for n, r in enumerate(reports, start=1)]
    fevers = sum(1 for r in reports if r.fever)
    return Block(columns, rows, ["合计", f"共{len(reports)}人，其中发热{fevers}人"])


def _order(r: DailyReport):
    school = r.school.code if r.school else "~"  # the bureau's staff after the schools
    klass = (r.school_class.grade.level, r.school_class.number) if r.school_class else (99, 0)
    return school, klass, r.person.name, r.pk


def _line(n: int, r: DailyReport) -> list:
    follow_up = r.follow_up if hasattr(r, "follow_up") else None  # a reverse one-to-one may be missing
    symptoms = [SYMPTOMS.get(s, s) for s in r.symptoms or []]
    if r.symptom_note:
        symptoms.append(r.symptom_note)
    return [
        n,
        r.school.name if r.school else BUREAU,
        r.school_class.name if r.school_class else "",
        r.person.name,
        r.person.get_category_display(),
        r.person.id_masked,
        float(r.temperature),
        "、".join(symptoms),
        "；".join(r.abnormal_reasons or []),
        f"{timezone.localtime(r.submitted_at):%H:%M}",
        "是" if r.on_time else "否",
        follow_up.get_status_display() if follow_up else "",
    ]
