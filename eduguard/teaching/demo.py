"""The demo county's online teaching and 开学第一课 (seed 000), recorded through the live services.

Two monthly periods relative to `today`: the month before (in the spirit of seed 000's "2月") and
this month up to today ("3月以来"), each named by its dates.

Seed 000's county is larger than the demo roster: 94,400 compulsory-education students (82.7 %) of
about 114,150 enrolled, 6,281 teachers (88.39 %) of about 7,106 — while the demo county has 18,657
students. The enrolment base is kept on each record as the platform reported it (domain.md §9), so
the seed totals are spread over the demo county's compulsory grades (1–9) in proportion to their
roster sizes: students by each grade's students on the roll, teachers by the school's teachers
shared over its grades by students. Senior high (10–12) is scaled by the same factors. Rates vary by
school (some fall below teaching.low_rate) and the totals are exact:

- latest period, grades 1–9: students 94,400 / 114,150 (82.7 %), teachers 6,281 / 7,106 (88.39 %);
  grades 10–12: every grade's students and teachers at 95.5–99 %;
- the period before, lower: students 89,040 (78.0 %), teachers 6,050 (85.14 %), senior high 90–95 %.

The 开学第一课: one event per township (乡镇/街道) with a batch-1 school, on the day batch 1 opens,
given by that township's 党委书记 or 镇长 (invented names), reaching the 初三 and 高三 classes of the
township's batch-1 schools, themed 普及防疫知识、弘扬抗疫精神. Deterministic for a seed.
"""

import datetime as dt
import math
from collections import defaultdict

from django.db.models import Count

from eduguard.org.choices import PersonCategory, StaffType
from eduguard.org.demo.generator import apportion
from eduguard.org.demo.names import ADULT_FEMALE_SECOND, ADULT_MALE_SECOND
from eduguard.org.models import Grade, Person, SchoolClass
from eduguard.teaching.choices import EventKind
from eduguard.teaching.services.events import record_event
from eduguard.teaching.services.participation import RowIn, record_participation
from eduguard.teaching.services.periods import create_period

ENROLLED = {"students": 114_150, "teachers": 7_106}  # grades 1–9, both periods
TAKING_PART = {
    "latest": {"students": 94_400, "teachers": 6_281},
    "before": {"students": 89_040, "teachers": 6_050},
}
SENIOR_RATES = {"latest": (0.955, 0.99), "before": (0.90, 0.95)}
FIRST_LESSON_LEVELS = (9, 12)  # 初三, 高三
THEME = "普及防疫知识、弘扬抗疫精神"
TOPICS = ["防疫知识", "生命教育", "公共安全教育", "心理健康教育"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐"


def within(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, no share above its cap (the excess goes to the
    others in proportion again)."""
    shares = [0] * len(weights)
    remaining = total
    open_ = [i for i, (w, c) in enumerate(zip(weights, caps, strict=True)) if w > 0 and c > 0]
    while remaining and open_:
        added = apportion(remaining, [weights[i] for i in open_])
        remaining = 0
        for i, a in zip(open_, added, strict=True):
            take = min(a, caps[i] - shares[i])
            shares[i] += take
            remaining += a - take
        open_ = [i for i in open_ if shares[i] < caps[i]]
    if remaining:
        raise ValueError("the caps hold less than the total")
    return shares


def _months(today: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    start = today.replace(day=1)
    before_end = start - dt.timedelta(days=1)
    return (before_end.replace(day=1), before_end), (start, today)


def _bases(county):
    """Each grade with students on the roll, and its student and teacher weights."""
    students = dict(
        Person.objects.filter(county=county, category=PersonCategory.STUDENT, is_active=True)
        .values_list("school_class__grade_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    teachers = dict(
        Person.objects.filter(county=county, category=PersonCategory.STAFF, staff_type=StaffType.TEACHER)
        .values_list("school_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    grades = [
        g for g in Grade.objects.filter(school__county=county).select_related("school") if students.get(g.pk)
    ]
    grades.sort(key=lambda g: (g.school.code, g.level))
    per_school = defaultdict(int)
    for g in grades:
        per_school[g.school_id] += students[g.pk]
    return [
        (g, students[g.pk], teachers.get(g.school_id, 0) * students[g.pk] / per_school[g.school_id])
        for g in grades
    ]


def _enrolment(bases):
    comp = [b for b in bases if b[0].level <= 9]
    senior = [b for b in bases if b[0].level >= 10]
    s_enrolled = apportion(ENROLLED["students"], [b[1] for b in comp])
    t_enrolled = apportion(ENROLLED["teachers"], [b[2] for b in comp])
    s_factor = ENROLLED["students"] / sum(b[1] for b in comp)
    t_factor = ENROLLED["teachers"] / sum(b[2] for b in comp)
    enrolled = {g.pk: (s, t) for (g, _, _), s, t in zip(comp, s_enrolled, t_enrolled, strict=True)}
    for g, students, teachers in senior:
        enrolled[g.pk] = (max(1, round(students * s_factor)), max(1, round(teachers * t_factor)))
    return [b[0] for b in comp], [b[0] for b in senior], enrolled


def _rows(which, comp, senior, enrolled, student_rates, teacher_rates, rng) -> list[RowIn]:
    targets = TAKING_PART[which]
    s_caps = [enrolled[g.pk][0] for g in comp]
    t_caps = [enrolled[g.pk][1] for g in comp]
    students = within(
        targets["students"], [c * student_rates[g.pk] for g, c in zip(comp, s_caps, strict=True)], s_caps
    )
    teachers = within(
        targets["teachers"], [c * teacher_rates[g.pk] for g, c in zip(comp, t_caps, strict=True)], t_caps
    )
    rows = [
        RowIn(g, enrolled[g.pk][0], s, enrolled[g.pk][1], t)
        for g, s, t in zip(comp, students, teachers, strict=True)
    ]
    low, high = SENIOR_RATES[which]
    for g in senior:
        s_all, t_all = enrolled[g.pk]
        s = min(s_all, math.ceil(s_all * rng.uniform(low, high)))
        t = min(t_all, math.ceil(t_all * rng.uniform(low, high)))
        rows.append(RowIn(g, s_all, s, t_all, t))
    return rows


def _participation(ctx, admin) -> None:
    rng, county = ctx.rng, ctx.county
    (b_start, b_end), (l_start, l_end) = _months(ctx.options.today)
    before = create_period(county=county, start=b_start, end=b_end, actor=admin)
    latest = create_period(county=county, start=l_start, end=l_end, actor=admin)
    bases = _bases(county)
    if not any(b[0].level <= 9 for b in bases):
        return
    comp, senior, enrolled = _enrolment(bases)
    school_shift = {s.pk: rng.uniform(-0.09, 0.07) for s in ctx.schools.values()}
    s_latest = {g.pk: min(0.97, 0.827 + school_shift[g.school_id] + rng.uniform(-0.02, 0.02)) for g in comp}
    t_latest = {
        g.pk: min(0.98, 0.884 + 0.8 * school_shift[g.school_id] + rng.uniform(-0.02, 0.02)) for g in comp
    }
    s_before = {k: max(0.5, v - rng.uniform(0.02, 0.08)) for k, v in s_latest.items()}
    t_before = {k: max(0.5, v - rng.uniform(0.01, 0.05)) for k, v in t_latest.items()}
    for period, which, sr, tr in (
        (before, "before", s_before, t_before),
        (latest, "latest", s_latest, t_latest),
    ):
        rows = _rows(which, comp, senior, enrolled, sr, tr, rng)
        record_participation(period=period, rows=rows, actor=admin, source="imported")


def _leader(rng, township: str) -> tuple[str, str]:
    male = rng.random() < 0.7
    given = rng.choice(ADULT_MALE_SECOND if male else ADULT_FEMALE_SECOND)
    name = rng.choice(SURNAMES) + (rng.choice("建志国永文德明") if rng.random() < 0.6 else "") + given
    if township.endswith("街道"):
        title = rng.choice(["党工委书记", "办事处主任"])
    else:
        title = rng.choice(["党委书记", "乡长" if township.endswith("乡") else "镇长"])
    return name, f"{township}{title}"


def _first_lessons(ctx, admin) -> None:
    from eduguard.inspection.models import Batch

    batch = Batch.objects.filter(county=ctx.county, number=1).first()
    day = batch.target_date if batch else ctx.options.today
    specs = {spec.number: spec for spec in ctx.options.profile.schools}
    townships = defaultdict(list)
    for number, school in sorted(ctx.schools.items()):
        if school.reopening_batch == 1 and number in specs:
            townships[specs[number].township].append(school)
    for township, schools in townships.items():
        classes = SchoolClass.objects.filter(school__in=schools, grade__level__in=FIRST_LESSON_LEVELS)
        record_event(
            county=ctx.county,
            kind=EventKind.FIRST_LESSON,
            title=f"{township}“开学第一课”",
            theme=THEME,
            date=day,
            schools=schools,
            classes=list(classes),
            topics=TOPICS,
            speakers=[_leader(ctx.rng, township)],
            note="高三、初三年级开学后，乡镇（街道）党政主要领导到校主讲",
            actor=admin,
        )


def teaching_demo(ctx) -> None:
    admin = ctx.users.get("admin")
    if admin is None:
        return
    _participation(ctx, admin)
    _first_lessons(ctx, admin)
