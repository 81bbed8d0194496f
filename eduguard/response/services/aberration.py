"""Early warning on school sick-absence rates (issue: "an early-warning signal on school-level
sick-absence rates with an established aberration-detection method"), by the CDC's EARS C1–C3
(Hutwagner et al. 2003; the definitions of Fricker et al. 2008, as in R `surveillance::earsC`).

A warning asks someone to look: it is shown on a page, never opened as an incident.

The series of a school is one point per *school day*: a day on which the school filed at least one
morning class check (晨检). Weekends and holidays have no morning check, so they are skipped both
as the day examined and in the baselines. A point's rate is the students on sick leave that day
(`SickAbsence` of kind sick covering the day, as `SickAbsenceQuerySet.on`) over the school's
enrolled students (active students of the roster today).

With the rule `response.ears` = {baseline_days: n, c1, c2, c3, min_sd} and x_t the rate on school
day t:

- C1_t = (x_t − mean(x_{t−n} … x_{t−1})) / sd(same), the n school days just before t;
- C2_t = the same with a 2-day guard band: baseline x_{t−n−2} … x_{t−3};
- C3_t = Σ_{i=0..2} max(0, C2_{t−i} − 1).

sd is the sample standard deviation (n − 1), floored at min_sd so that a flat baseline does not
divide by zero. A statistic needs n, n + 2 and n + 4 earlier school days; with fewer it is None
(数据不足). The signal fires when C1 > c1, C2 > c2 or C3 > c3.

The functions on series are pure (numbers in, numbers out); `school_signals` reads the records of
every school the user sees in a fixed number of queries, whatever the number of schools.
"""

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q

from eduguard.core.rules import RULES, get_rule
from eduguard.health.choices import AbsenceKind, CheckSession
from eduguard.health.models import HealthCheck, SickAbsence
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, School

# Parts of the EARS definitions themselves, not local thresholds: C2's guard band between the
# baseline and the day, and the days C3 sums over, each counted above one sd.
GUARD_DAYS = 2
C3_DAYS = 3
C3_ALLOWANCE = 1.0
# How far back `school_signals` reads checks and absences, in calendar days: the school days the
# statistics need (12 with the default baseline) fit in about 2.5 school weeks; 8 weeks bounds the
# scan and bridges a short holiday. After a longer break a school shows 数据不足 until it has
# enough school days again, which is right: rates from before the break describe another season.
MIN_LOOKBACK_DAYS = 56


@dataclass(frozen=True)
class EarsParams:
    """The rule `response.ears` as typed values (the numbers live in the rule, not here)."""

    baseline_days: int
    c1: float
    c2: float
    c3: float
    min_sd: float

    @classmethod
    def from_rule(cls, value: dict) -> "EarsParams":
        return cls(
            baseline_days=int(value["baseline_days"]),
            c1=float(value["c1"]),
            c2=float(value["c2"]),
            c3=float(value["c3"]),
            min_sd=float(value["min_sd"]),
        )

    @property
    def days_needed(self) -> int:
        """School days in a series (the day examined included) for all three statistics."""
        return self.baseline_days + GUARD_DAYS + C3_DAYS


def params_on(day: dt.date) -> EarsParams:
    """The rule in force on `day`; a bureau's value that leaves out a key keeps its default."""
    return EarsParams.from_rule({**RULES["response.ears"].default, **get_rule("response.ears", day)})


@dataclass(frozen=True)
class Statistics:
    """C1, C2, C3 for the last point of a series (None: not enough school days), and which fired."""

    c1: float | None
    c2: float | None
    c3: float | None
    fired: tuple[str, ...]

    @property
    def insufficient(self) -> bool:
        return self.c1 is None


def _standardised(x: float, baseline: Sequence[float], min_sd: float) -> float:
    sd = statistics.stdev(baseline) if len(baseline) > 1 else 0.0
    return (x - statistics.fmean(baseline)) / max(sd, min_sd)


def c1(series: Sequence[float], params: EarsParams) -> float | None:
    """C1 of the last point: against the `baseline_days` points just before it."""
    n = params.baseline_days
    if len(series) < n + 1:
        return None
    return _standardised(series[-1], series[-n - 1 : -1], params.min_sd)


def c2(series: Sequence[float], params: EarsParams) -> float | None:
    """C2 of the last point: against `baseline_days` points ending GUARD_DAYS before it."""
    n = params.baseline_days
    if len(series) < n + GUARD_DAYS + 1:
        return None
    end = len(series) - 1 - GUARD_DAYS
    return _standardised(series[-1], series[end - n : end], params.min_sd)


def c3(series: Sequence[float], params: EarsParams) -> float | None:
    """C3 of the last point: C2's excess over one sd, summed over the last C3_DAYS points."""
    if len(series) < params.days_needed:
        return None
    total = 0.0
    for back in range(C3_DAYS):
        value = c2(series[: len(series) - back], params)
        total += max(0.0, value - C3_ALLOWANCE)
    return total


def evaluate(series: Sequence[float], params: EarsParams) -> Statistics:
    """C1–C3 of the last point of a school-day series (oldest first) and the ones over threshold."""
    values = {"C1": c1(series, params), "C2": c2(series, params), "C3": c3(series, params)}
    limits = {"C1": params.c1, "C2": params.c2, "C3": params.c3}
    fired = tuple(name for name, v in values.items() if v is not None and v > limits[name])
    return Statistics(values["C1"], values["C2"], values["C3"], fired)


@dataclass(frozen=True)
class Point:
    """One school day of a school: students on sick leave, and their share of the enrolled."""

    day: dt.date
    count: int
    rate: float


def daily_series(
    school_days: Iterable[dt.date],
    absences: Iterable[tuple[int, dt.date, dt.date | None]],
    enrolled: int,
) -> list[Point]:
    """The points of one school on its school days (oldest first).

    absences: (person id, started_on, returned_on) of its sick absences; one covers the days from
    started_on up to the day before returned_on (to no end while open). A student is counted once
    a day however many absences cover it. No enrolled students: no rate, so no points.
    """
    days = sorted(set(school_days))
    if not enrolled or not days:
        return []
    present: list[set[int]] = [set() for _ in days]
    for person, started, returned in absences:
        first = bisect.bisect_left(days, started)
        stop = len(days) if returned is None else bisect.bisect_left(days, returned)
        for i in range(first, stop):
            present[i].add(person)
    return [
        Point(day, len(people), len(people) / enrolled) for day, people in zip(days, present, strict=True)
    ]


@dataclass
class SchoolSignal:
    """A school's row on the warnings page for one day."""

    school: School
    day: dt.date
    enrolled: int
    series: list[Point] = field(default_factory=list)  # its last school days up to `day`
    stats: Statistics | None = None  # None when `day` is not one of its school days

    @property
    def point(self) -> Point | None:
        """The day examined, when it is a school day of the school."""
        return self.series[-1] if self.series and self.series[-1].day == self.day else None

    @property
    def school_day(self) -> bool:
        return self.point is not None

    @property
    def count(self) -> int | None:
        return self.point.count if self.point else None

    @property
    def rate(self) -> float | None:
        return self.point.rate if self.point else None

    @property
    def fired(self) -> tuple[str, ...]:
        return self.stats.fired if self.stats else ()

    @property
    def status(self) -> str:
        """warning (预警), normal (正常) or insufficient (数据不足)."""
        if self.fired:
            return "warning"
        if self.stats is None or self.stats.insufficient:
            return "insufficient"
        return "normal"


ORDER = {"warning": 0, "normal": 1, "insufficient": 2}


def school_signals(user, day: dt.date, params: EarsParams | None = None) -> list[SchoolSignal]:
    """Every school `user` sees, with its figures and statistics for `day`: warnings first.

    1. The schools, through `School.objects.visible_to(user)`.
    2. Their school days in the look-back window: one query over morning checks, grouped.
    3. Their students' sick absences overlapping the window: one query, spread over the days here.
    4. Their enrolment: one grouped query.
    Each query is scoped with the model's own `visible_to` as well, and filtered to the schools of
    step 1 with a subquery, so the count of queries does not depend on the number of schools.
    """
    params = params or params_on(day)
    start = day - dt.timedelta(days=max(MIN_LOOKBACK_DAYS, 3 * params.days_needed))
    schools_qs = School.objects.visible_to(user)
    schools = list(schools_qs)
    if not schools:
        return []
    ids = schools_qs.values("id")

    school_days: dict[int, list[dt.date]] = defaultdict(list)
    checks = (
        HealthCheck.objects.visible_to(user)
        .filter(session=CheckSession.MORNING, date__range=(start, day), school_class__school_id__in=ids)
        .order_by()  # without the model's ordering, whose columns would join the DISTINCT
        .values_list("school_class__school_id", "date")
        .distinct()
    )
    for school_id, date in checks:
        school_days[school_id].append(date)

    absences: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        SickAbsence.objects.visible_to(user)
        .filter(
            Q(returned_on__isnull=True) | Q(returned_on__gt=start),
            kind=AbsenceKind.SICK,
            person__category=PersonCategory.STUDENT,
            started_on__lte=day,
            school_id__in=ids,
        )
        .values_list("school_id", "person_id", "started_on", "returned_on")
    )
    for school_id, person_id, started, returned in rows:
        absences[school_id].append((person_id, started, returned))

    enrolment = dict(
        Person.objects.visible_to(user)
        .filter(school_id__in=ids, category=PersonCategory.STUDENT, is_active=True)
        .order_by()
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )

    signals = []
    for school in schools:
        enrolled = enrolment.get(school.pk, 0)
        points = daily_series(school_days[school.pk], absences[school.pk], enrolled)
        signal = SchoolSignal(school=school, day=day, enrolled=enrolled, series=points[-params.days_needed :])
        if signal.school_day:
            signal.stats = evaluate([p.rate for p in points], params)
        signals.append(signal)
    signals.sort(key=lambda s: (ORDER[s.status], s.school.code))
    return signals
