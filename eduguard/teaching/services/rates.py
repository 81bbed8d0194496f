"""Participation rates computed from the rows (never typed in): per stage (小学/初中/高中, with
义务教育 = grades 1–9), per school, the change from the period before in percentage points, the
schools below the rule teaching.low_rate, and the briefing's sentence (seed 000)."""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy

from eduguard.core.rules import get_rule
from eduguard.org.models import School
from eduguard.teaching.choices import COMPULSORY, Stage, stage_of
from eduguard.teaching.models import TeachingParticipation, TeachingPeriod
from eduguard.teaching.services.participation import FIELDS


@dataclass
class Tally:
    """Sums of the four counts over some rows, and the rates they give (None without a base)."""

    students_enrolled: int = 0
    students_taking_part: int = 0
    teachers_enrolled: int = 0
    teachers_taking_part: int = 0
    rows: int = 0

    def add(self, other: "Tally") -> None:
        for name in (*FIELDS, "rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def student_rate(self) -> float | None:
        return self.students_taking_part / self.students_enrolled if self.students_enrolled else None

    @property
    def teacher_rate(self) -> float | None:
        return self.teachers_taking_part / self.teachers_enrolled if self.teachers_enrolled else None


def change(now: float | None, before: float | None) -> float | None:
    """The change between two rates in percentage points (None when either is missing)."""
    if now is None or before is None:
        return None
    return (now - before) * 100


@dataclass
class Line:
    """A row of a table of rates: this period, the period before and the changes between them."""

    key: object
    label: str
    now: Tally = field(default_factory=Tally)
    before: Tally = field(default_factory=Tally)
    below: bool = False

    @property
    def student_change(self) -> float | None:
        return change(self.now.student_rate, self.before.student_rate)

    @property
    def teacher_change(self) -> float | None:
        return change(self.now.teacher_rate, self.before.teacher_rate)

    @property
    def reported(self) -> bool:
        return self.now.rows > 0


def _sums(period: TeachingPeriod | None, schools) -> dict[tuple[int, int], Tally]:
    """(school id, grade level) → the period's sums, in one query."""
    if period is None:
        return {}
    rows = (
        TeachingParticipation.objects.filter(period=period, school__in=schools)
        .values("school_id", "grade__level")
        .annotate(**{f"t_{name}": Sum(name) for name in FIELDS}, n=Count("id"))
        .order_by()
    )
    return {
        (r["school_id"], r["grade__level"]): Tally(**{name: r[f"t_{name}"] for name in FIELDS}, rows=r["n"])
        for r in rows
    }


def stage_lines(period: TeachingPeriod, schools) -> list[Line]:
    """小学, 初中, 义务教育, 高中 and the total, for the schools given (a user's visible schools)."""
    lines = {stage: Line(stage, stage.label) for stage in Stage}
    compulsory = Line("compulsory", gettext_lazy("义务教育（1–9年级）"))
    total = Line("total", gettext_lazy("合计"))
    for attr, sums in (("now", _sums(period, schools)), ("before", _sums(period.previous(), schools))):
        for (_, level), tally in sums.items():
            stage = stage_of(level)
            if stage is None:
                continue
            getattr(lines[stage], attr).add(tally)
            getattr(total, attr).add(tally)
            if stage in COMPULSORY:
                getattr(compulsory, attr).add(tally)
    return [lines[Stage.PRIMARY], lines[Stage.JUNIOR], compulsory, lines[Stage.SENIOR], total]


def school_lines(period: TeachingPeriod, schools) -> list[Line]:
    """One line per school (lowest student rate first, schools not reported last), each flagged
    `below` when its student or teacher rate is under teaching.low_rate on the period's last day."""
    low = float(get_rule("teaching.low_rate", period.end))
    lines = {s.pk: Line(s, s.name) for s in schools}
    for attr, sums in (("now", _sums(period, schools)), ("before", _sums(period.previous(), schools))):
        for (school_id, _), tally in sums.items():
            if school_id in lines:
                getattr(lines[school_id], attr).add(tally)
    for line in lines.values():
        rates = [r for r in (line.now.student_rate, line.now.teacher_rate) if r is not None]
        line.below = any(r < low for r in rates)
    return sorted(
        lines.values(),
        key=lambda x: (not x.reported, x.now.student_rate or 0, x.key.code),
    )


# -- the briefing's sentence -----------------------------------------------------------------


def figure(value: float | Decimal, places: int = 2) -> str:
    """A figure as the briefing writes it: rounded half up, trailing zeros dropped (82.7, 88.39)."""
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{exact:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def people(n: int) -> str:
    return f"{figure(Decimal(n) / 10_000)}万人" if n >= 10_000 else f"{n}人"


def sentence(period: TeachingPeriod) -> str:
    """The county's figures in the words of seed 000, computed from the period's rows, e.g.
    全县义务教育学校参与线上学习的学生人数为9.44万人，参与率达82.7%，较2020年1月提高4.7个百分点；
    参与线上教学的老师人数6281人，参与率达88.39%；高中师生参与率均达95%以上"""
    lines = {line.key: line for line in stage_lines(period, School.objects.filter(county=period.county))}
    comp, senior = lines["compulsory"], lines[Stage.SENIOR]
    parts = []
    if comp.now.student_rate is not None:
        text = (
            f"全县义务教育学校参与线上学习的学生人数为{people(comp.now.students_taking_part)}，"
            f"参与率达{figure(comp.now.student_rate * 100)}%"
        )
        delta, before = comp.student_change, period.previous()
        if delta is not None:
            if round(delta, 2) > 0:
                text += f"，较{before}提高{figure(delta)}个百分点"
            elif round(delta, 2) < 0:
                text += f"，较{before}下降{figure(-delta)}个百分点"
            else:
                text += f"，与{before}持平"
        parts.append(text)
    if comp.now.teacher_rate is not None:
        parts.append(
            f"参与线上教学的老师人数{people(comp.now.teachers_taking_part)}，"
            f"参与率达{figure(comp.now.teacher_rate * 100)}%"
        )
    rates = [r for r in (senior.now.student_rate, senior.now.teacher_rate) if r is not None]
    if len(rates) == 2:
        mark = math.floor(min(rates) * 20) * 5  # the 5 % step both rates reach: 95 for 0.962 and 0.951
        if mark >= 50:
            parts.append(f"高中师生参与率均达{mark}%以上")
        else:
            parts.append(f"高中学生参与率{figure(rates[0] * 100)}%，教师参与率{figure(rates[1] * 100)}%")
    return "；".join(parts)
