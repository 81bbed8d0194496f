"""The class and school summaries of the class checks (domain.md §3.1 item 7): per class the size,
who was present at each session, sick absences, and how many students had each symptom today
and over the last days — all computed from the records, never typed. Also which checks are late
or missing, for the school's page and the reporter's message."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from eduguard.core.rules import get_rule
from eduguard.health.choices import AbsenceKind, CheckSession
from eduguard.health.models import HealthCheck, SickAbsence
from eduguard.health.services.checks import deadline_of, is_late
from eduguard.health.services.surveillance import school_cases
from eduguard.health.services.values import check_symptoms
from eduguard.org.choices import PersonCategory
from eduguard.org.models import SchoolClass


@dataclass
class SessionCell:
    session: str
    check: HealthCheck | None = None
    absent: int = 0
    state: str = "pending"  # pending (deadline not reached), missing, late, on_time, zero

    @property
    def label(self) -> str:
        return CheckSession(self.session).label


@dataclass
class ClassRow:
    school_class: SchoolClass
    expected: int = 0
    boarders: int = 0
    sessions: list[SessionCell] = field(default_factory=list)
    sick_absences: int = 0
    lacking_certificate: int = 0
    today: Counter = field(default_factory=Counter)
    window: Counter = field(default_factory=Counter)

    @property
    def present(self) -> int | None:
        """Present at the latest filed session of the day."""
        filed = [c for c in self.sessions if c.check is not None]
        return self.expected - filed[-1].absent if filed else None

    @property
    def overdue(self) -> list[SessionCell]:
        return [c for c in self.sessions if c.state in ("missing", "late")]


@dataclass
class SchoolSummary:
    day: dt.date
    window_days: int
    symptoms: dict[str, str]
    rows: list[ClassRow]

    def total(self, attr: str) -> int:
        return sum(getattr(r, attr) or 0 for r in self.rows)

    @property
    def today(self) -> Counter:
        return sum((r.today for r in self.rows), Counter())

    @property
    def window(self) -> Counter:
        return sum((r.window for r in self.rows), Counter())

    @property
    def missing(self) -> list[tuple[ClassRow, SessionCell]]:
        return [(r, c) for r in self.rows for c in r.sessions if c.state == "missing"]

    @property
    def late(self) -> list[tuple[ClassRow, SessionCell]]:
        return [(r, c) for r in self.rows for c in r.sessions if c.state == "late"]

    @property
    def symptom_columns(self) -> list[tuple[str, str, int, int]]:
        """(code, label, today, window) for every symptom seen in the window."""
        today, window = self.today, self.window
        return [(c, label, today[c], window[c]) for c, label in self.symptoms.items() if window[c]]


def _state(check: HealthCheck | None, day: dt.date, session: str, now: dt.datetime) -> str:
    if check is None:
        deadline = deadline_of(day, session)
        return "missing" if deadline is not None and now > deadline else "pending"
    if is_late(check):
        return "late"
    return "zero" if check.zero_report else "on_time"


def school_summary(user, school, day: dt.date | None = None, now: dt.datetime | None = None) -> SchoolSummary:
    """Every class of `school` the user may see, with its checks and symptom counts for `day`."""
    now = now or timezone.now()
    day = day or timezone.localdate()
    window_days = get_rule("health.symptom_window_days", day)
    deadlines = get_rule("health.check_deadlines", day)
    active = Q(people__is_active=True, people__category=PersonCategory.STUDENT)
    classes = (
        SchoolClass.objects.visible_to(user)
        .filter(school=school)
        .select_related("grade")
        .annotate(
            n=Count("people", filter=active),
            boarders=Count("people", filter=active & Q(people__boarding=True)),
        )
        .order_by("grade__level", "number")
    )
    rows = {k.id: ClassRow(k, expected=k.n, boarders=k.boarders) for k in classes}
    checks = {
        (c.school_class_id, c.session): c
        for c in HealthCheck.objects.visible_to(user)
        .filter(school_class_id__in=rows, date=day)
        .annotate(absent=Count("findings", filter=Q(findings__present=False)))
    }
    for cid, row in rows.items():
        for session in CheckSession.values:
            if session not in deadlines or (session == CheckSession.EVENING and not row.boarders):
                continue
            check = checks.get((cid, session))
            cell = SessionCell(session, check, check.absent if check else 0, _state(check, day, session, now))
            row.sessions.append(cell)
    absences = (
        SickAbsence.objects.visible_to(user).on(day).filter(school_class_id__in=rows, kind=AbsenceKind.SICK)
    )
    for cid, lacking in absences.values_list("school_class_id", "needs_certificate"):
        rows[cid].sick_absences += 1
        rows[cid].lacking_certificate += int(lacking)
    since = day - dt.timedelta(days=window_days - 1)
    seen_today, seen_window = defaultdict(set), defaultdict(set)
    for case in school_cases(user, [school.pk], since, day):
        if case.class_id not in rows:
            continue
        for code in case.symptoms:
            seen_window[(case.class_id, code)].add(case.person_id)
            if case.day == day:
                seen_today[(case.class_id, code)].add(case.person_id)
    for (cid, code), people in seen_window.items():
        rows[cid].window[code] = len(people)
    for (cid, code), people in seen_today.items():
        rows[cid].today[code] = len(people)
    return SchoolSummary(day, window_days, check_symptoms(day), list(rows.values()))
