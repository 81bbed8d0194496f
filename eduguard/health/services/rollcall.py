"""Roll-call of one class for one day, and the 接龙-style text for the class group."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from eduguard.health.models import DailyReport, ZeroReport
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass


@dataclass
class RollCall:
    school_class: SchoolClass
    day: dt.date
    expected: list[Person]
    reports: dict[int, DailyReport]
    zero_report: ZeroReport | None = None
    missing: list[Person] = field(init=False)
    abnormal: list[tuple[Person, DailyReport]] = field(init=False)

    def __post_init__(self):
        self.missing = [p for p in self.expected if p.id not in self.reports]
        self.abnormal = [
            (p, self.reports[p.id])
            for p in self.expected
            if p.id in self.reports and self.reports[p.id].abnormal
        ]

    @property
    def reported(self) -> int:
        return sum(1 for p in self.expected if p.id in self.reports)

    @property
    def completion_rate(self) -> float:
        return round(100 * self.reported / len(self.expected), 1) if self.expected else 0.0

    @property
    def can_file_zero_report(self) -> bool:
        return bool(self.expected) and not self.missing and not self.abnormal and self.zero_report is None

    def summary_line(self) -> str:
        """七(2)班完成健康打卡44人，完成率100%，全体学生体温正常 (domain.md §7.1)."""
        rate = f"{self.completion_rate:g}%"
        line = f"{self.school_class.name}完成健康打卡{self.reported}人，完成率{rate}"
        fevers = sum(1 for _, r in self.abnormal if r.fever)
        if not self.missing and not self.abnormal:
            return line + "，全体学生体温正常"
        parts = [line]
        if self.missing:
            parts.append(f"未报{len(self.missing)}人")
        if fevers:
            parts.append(f"发热{fevers}人")
        if len(self.abnormal) > fevers:
            parts.append(f"其他异常{len(self.abnormal) - fevers}人")
        return "，".join(parts)

    def chain_text(self) -> str:
        """The 接龙 text a head teacher pastes into the class group: a header, one line per student."""
        school = self.school_class.school.name
        lines = [f"#接龙 {self.day.month}月{self.day.day}日 {school}{self.school_class.name}健康报平安"]
        for n, person in enumerate(self.expected, start=1):
            report = self.reports.get(person.id)
            if report is None:
                lines.append(f"{n}. {person.name} 未报")
            elif report.abnormal:
                lines.append(
                    f"{n}. {person.name} {report.temperature}℃ 异常：{'、'.join(report.abnormal_reasons)}"
                )
            else:
                lines.append(f"{n}. {person.name} {report.temperature}℃ 正常")
        lines.append(self.summary_line())
        return "\n".join(lines)


def roll_call(school_class: SchoolClass, day: dt.date) -> RollCall:
    expected = list(
        Person.objects.filter(
            school_class=school_class, category=PersonCategory.STUDENT, is_active=True
        ).order_by("name", "id")
    )
    reports = {r.person_id: r for r in DailyReport.objects.filter(school_class=school_class, date=day)}
    zero = ZeroReport.objects.filter(school_class=school_class, date=day).first()
    return RollCall(school_class, day, expected, reports, zero)


@transaction.atomic
def file_zero_report(*, school_class: SchoolClass, day: dt.date, actor) -> ZeroReport:
    """零报告: only when everyone reported and nothing is abnormal — missing is not zero."""
    call = roll_call(school_class, day)
    if call.zero_report is not None:
        return call.zero_report
    if not call.can_file_zero_report:
        raise ValidationError(
            {"__all__": [f"还有{len(call.missing)}人未报、{len(call.abnormal)}人异常，不能零报告"]}
        )
    return ZeroReport.objects.create(
        school_class=school_class, date=day, expected=len(call.expected), filed_by=actor
    )
