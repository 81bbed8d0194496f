"""Recording participation: one validator for every way in (the form, the import, the demo), and
one writer that replaces a grade's row for the period, all rows or none.

Re-entering the same figures changes nothing (no new row, no change-log entry); different figures
replace the row and log before and after."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.audit.models import ChangeAction, ChangeLog
from eduguard.audit.models import Source as AuditSource
from eduguard.audit.services import change_entry
from eduguard.org.choices import PersonCategory, StaffType
from eduguard.org.models import Grade, Person, School
from eduguard.teaching.choices import Source
from eduguard.teaching.models import TeachingParticipation, TeachingPeriod
from eduguard.teaching.services.access import enterable_schools

FIELDS = ("students_enrolled", "students_taking_part", "teachers_enrolled", "teachers_taking_part")
LABELS = {
    "students_enrolled": "在籍学生数",
    "students_taking_part": "参与学生数",
    "teachers_enrolled": "教师数",
    "teachers_taking_part": "参与教师数",
}
MAX_COUNT = 100_000  # people in one grade of one school: more is a typing error


def check_counts(counts: dict) -> dict[str, list[str]]:
    """The rules every participation row obeys, as {field: [message]} (empty when it is fine):
    whole numbers, not negative, not absurd, and never more taking part than enrolled."""
    errors: dict[str, list[str]] = {}
    for name in FIELDS:
        value = counts.get(name)
        if value is None or isinstance(value, bool) or not isinstance(value, int):
            errors[name] = [gettext("请填写整数")]
        elif value < 0:
            errors[name] = [gettext("不能为负数")]
        elif value > MAX_COUNT:
            errors[name] = [gettext("数字过大，请核对")]
    if errors:
        return errors
    for part, whole, who in (
        ("students_taking_part", "students_enrolled", gettext("不能超过在籍学生数（{n}人）")),
        ("teachers_taking_part", "teachers_enrolled", gettext("不能超过教师数（{n}人）")),
    ):
        if counts[part] > counts[whole]:
            errors[part] = [who.format(n=counts[whole])]
    return errors


@dataclass(frozen=True)
class RowIn:
    grade: Grade
    students_enrolled: int
    students_taking_part: int
    teachers_enrolled: int
    teachers_taking_part: int

    def counts(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def saved(self) -> int:
        return self.created + self.updated + self.unchanged


def _refuse_bad_rows(period: TeachingPeriod, rows: list[RowIn]) -> None:
    problems = []
    repeated = [g for g, n in Counter(r.grade.pk for r in rows).items() if n > 1]
    if repeated:
        problems.append(gettext("同一年级填报了多次"))
    for row in rows:
        where = f"{row.grade.school.name}{row.grade.name}"
        if row.grade.school.county_id != period.county_id:
            problems.append(gettext("{where}：不属于{county}").format(where=where, county=period.county))
        for name, messages in check_counts(row.counts()).items():
            problems += [f"{where}：{gettext(LABELS[name])}{m}" for m in messages]
    if period.start > timezone.localdate():
        problems.append(gettext("时段「{period}」尚未开始，不能填报").format(period=period))
    if problems:
        raise ValidationError({"__all__": problems})


@transaction.atomic
def record_participation(
    *, period: TeachingPeriod, rows: list[RowIn], actor, source: str = Source.ENTERED
) -> Outcome:
    """Write the rows (one per grade) for the period: new ones are created, changed ones replaced,
    the same figures again left alone. Refused whole when a row is bad or a school is not the actor's.

    1. Check every row with check_counts, the period has started, and each grade is in the county.
    2. Check the actor may enter for every school named (teaching.school_roles / bureau_roles).
    3. Lock the period's existing rows for those grades; compare, update, create; log each change.
    """
    _refuse_bad_rows(period, rows)
    school_ids = {r.grade.school_id for r in rows}
    allowed = set(enterable_schools(actor).filter(id__in=school_ids).values_list("id", flat=True))
    if school_ids - allowed:
        names = School.objects.filter(id__in=school_ids - allowed).values_list("name", flat=True)
        raise PermissionDenied(
            gettext("您不能填报{schools}的线上教学情况").format(schools="、".join(sorted(names)))
        )
    existing = {
        r.grade_id: r
        for r in TeachingParticipation.objects.select_for_update().filter(
            period=period, grade_id__in=[r.grade.pk for r in rows]
        )
    }
    now, outcome = timezone.now(), Outcome()
    audit_source = AuditSource.IMPORT if source == Source.IMPORTED else AuditSource.WEB
    new, changed, logs = [], [], []
    for row in rows:
        counts = row.counts()
        old = existing.get(row.grade.pk)
        if old is None:
            new.append(
                TeachingParticipation(
                    period=period,
                    school_id=row.grade.school_id,
                    grade=row.grade,
                    source=source,
                    entered_by=actor,
                    entered_at=now,
                    **counts,
                )
            )
            continue
        before = {name: getattr(old, name) for name in FIELDS}
        if before == counts:
            outcome.unchanged += 1
            continue
        for name, value in counts.items():
            setattr(old, name, value)
        old.source, old.entered_by, old.entered_at = source, actor, now
        changed.append(old)
        logs.append(
            change_entry(
                actor=actor,
                source=audit_source,
                action=ChangeAction.UPDATE,
                obj=old,
                before=before,
                after=counts,
            )
        )
    if changed:
        TeachingParticipation.objects.bulk_update(changed, [*FIELDS, "source", "entered_by", "entered_at"])
    if new:
        try:
            with transaction.atomic():
                TeachingParticipation.objects.bulk_create(new)
        except IntegrityError:  # someone else entered the same grade at this very moment
            raise ValidationError(
                {"__all__": [gettext("有人同时提交了同一年级的数据，请刷新后重试")]}
            ) from None
        for obj in new:
            after = {name: getattr(obj, name) for name in FIELDS}
            logs.append(
                change_entry(
                    actor=actor,
                    source=audit_source,
                    action=ChangeAction.CREATE,
                    obj=obj,
                    before=None,
                    after=after,
                )
            )
    ChangeLog.objects.bulk_create(logs)
    outcome.created, outcome.updated = len(new), len(changed)
    return outcome


@dataclass
class GradeLine:
    """A grade on the school's entry page: its row for the period (if any), what the form starts
    from, and the row of the period before."""

    grade: Grade
    row: TeachingParticipation | None
    initial: dict
    previous: TeachingParticipation | None
    roster_students: int


def _shares(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    raw = [total * w / whole for w in weights]
    shares = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: shares[i] - raw[i])[: total - sum(shares)]:
        shares[i] += 1
    return shares


def grade_lines(school: School, period: TeachingPeriod) -> list[GradeLine]:
    """Every grade of the school with its figures for the period. A grade not yet entered starts
    from the roster: its students on the roll, and as teachers the figure of the period before
    or, failing that, the school's teachers shared over its grades by students."""
    grades = list(Grade.objects.filter(school=school).order_by("level"))
    rows = {r.grade_id: r for r in TeachingParticipation.objects.filter(period=period, school=school)}
    before = period.previous()
    previous = (
        {r.grade_id: r for r in TeachingParticipation.objects.filter(period=before, school=school)}
        if before
        else {}
    )
    people = Person.objects.filter(school=school, is_active=True)
    roster = dict(
        people.filter(category=PersonCategory.STUDENT)
        .values_list("school_class__grade_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    teachers = people.filter(category=PersonCategory.STAFF, staff_type=StaffType.TEACHER).count()
    shares = dict(
        zip([g.pk for g in grades], _shares(teachers, [roster.get(g.pk, 0) for g in grades]), strict=True)
    )
    lines = []
    for grade in grades:
        row, prev = rows.get(grade.pk), previous.get(grade.pk)
        if row is not None:
            initial = {name: getattr(row, name) for name in FIELDS}
        else:
            initial = {
                "students_enrolled": roster.get(grade.pk, 0),
                "teachers_enrolled": prev.teachers_enrolled if prev else shares[grade.pk],
            }
        lines.append(GradeLine(grade, row, initial, prev, roster.get(grade.pk, 0)))
    return lines


def default_period(periods, day: dt.date | None = None):
    """The period a page opens on: the latest that has started (else the earliest)."""
    day = day or timezone.localdate()
    started = [p for p in periods if p.start <= day]
    if started:
        return max(started, key=lambda p: p.start)
    return min(periods, key=lambda p: p.start, default=None)
