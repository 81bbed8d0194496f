"""Checklist items the records answer (ChecklistItem.auto): each check returns whether the school
meets it on the day, and why not in plain words."""

import datetime as dt

from eduguard.campus.models import Place, PlaceKind
from eduguard.campus.services.documents import completeness
from eduguard.campus.services.hygiene import compliance
from eduguard.core.rules import get_rule
from eduguard.health.models import DailyReport
from eduguard.org.models import Person, School
from eduguard.response.services.drills import missing_scenarios
from eduguard.screening.services.entry import entry_statuses


def _documents(school: School, day: dt.date) -> str:
    c = completeness(school, day)
    return "" if c.complete else f"两案九制文件审定 {c.approved}/{c.required}"


def _drills(school: School, day: dt.date) -> str:
    since = day - dt.timedelta(days=get_rule("inspection.drill_window_days", day))
    missing = missing_scenarios(school, since)
    if not missing:
        return ""
    from eduguard.response.choices import DrillScenario

    labels = dict(DrillScenario.choices)
    return "未演练：" + "、".join(labels.get(m, m) for m in missing)


def _isolation_room(school: School, day: dt.date) -> str:
    found = Place.objects.filter(school=school, kind=PlaceKind.ISOLATION_ROOM, active=True).exists()
    return "" if found else "未设临时隔离室"


def _hygiene(school: School, day: dt.date) -> str:
    c = compliance(school, day)
    if not c.total:
        return "未登记通风消毒处所"
    return "" if c.compliant == c.total else f"通风消毒达标 {c.compliant}/{c.total} 处"


def _returners_cleared(school: School, day: dt.date) -> str:
    held = entry_statuses(Person.objects.filter(school=school, is_active=True), None, day)
    return f"{len(held)} 人未获准返校" if held else ""


def _daily_reports(school: School, day: dt.date) -> str:
    running = DailyReport.objects.filter(
        person__school=school, date__range=(day - dt.timedelta(days=1), day)
    ).exists()
    return "" if running else "近两日没有日报告"


def _reopening_plan(school: School, day: dt.date) -> str:
    """An approved version is in force, even while a newer one waits for review."""
    from eduguard.inspection.models import PlanStatus, ReopeningPlan

    plans = ReopeningPlan.objects.filter(school=school)
    if plans.filter(status=PlanStatus.APPROVED).exists():
        return ""
    latest = plans.order_by("-version").first()
    if latest is None:
        return "未提交一校一策开学方案"
    return f"一校一策 v{latest.version} {latest.get_status_display()}"


def _medical_staff(school: School, day: dt.date) -> str:
    from eduguard.inspection.services.postings import on_duty, opening_day

    opens = max(opening_day(school, day), day)
    return "" if on_duty(school, opens).exists() else f"开学日（{opens}）没有驻校医护人员"


def _supplies(school: School, day: dt.date) -> str:
    """Every item with a daily norm covers the school's reserve days (supplies app)."""
    from eduguard.supplies.models import Item
    from eduguard.supplies.services.cover import cover

    short = []
    for item in Item.objects.filter(active=True).exclude(per_student_day=0, per_staff_day=0):
        row = cover(item, School.objects.filter(pk=school.pk), day)[0]
        if row.need and row.stock < row.target:
            extra = "及寄宿制应急储备" if row.extra else ""
            short.append(f"{item.name} {row.days:.1f} 天（应 {row.reserve} 天{extra}）")
    return "储备不足：" + "、".join(short) if short else ""


def _task_force(school: School, day: dt.date) -> str:
    """A task force in force with its leader named (command app)."""
    from eduguard.command.services.task_forces import readiness_gap

    return readiness_gap(school, day)


CHECKS = {
    "documents": _documents,
    "drills": _drills,
    "isolation_room": _isolation_room,
    "hygiene": _hygiene,
    "returners_cleared": _returners_cleared,
    "daily_reports": _daily_reports,
    "reopening_plan": _reopening_plan,
    "medical_staff": _medical_staff,
    "supplies": _supplies,
    "task_force": _task_force,
}


def answer(code: str, school: School, day: dt.date) -> str:
    """ "" when the school meets the check on `day`, else what falls short."""
    return CHECKS[code](school, day)
