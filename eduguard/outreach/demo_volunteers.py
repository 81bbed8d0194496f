"""The demo county's volunteers (seed 004): "教育系统新时代文明实践教育志愿服务队从1月27日开始,首先在县城内
开展义务宣传教育活动,之后辐射到全县各乡镇和社区…各校校长和书记亲自带头上岗宣传执勤…共有459名志愿者参与
志愿服务,累计参与疫情防控3000余人次,悬挂宣传条幅75副,发放宣传单20000余份,劝返未采取防护措施出行人员100余人".

The records behind those figures, for the last HISTORY_DAYS days before `today`:

1. 459 volunteers: every school's principal (by the demo's convention, its first staff member),
   20 of the bureau's staff, 24 people from outside the roster and staff drawn from every school
   in proportion to its staff; each serves in their school's township (the bureau and most
   outsiders in the county town, 小市镇).
2. The county team (教育系统新时代文明实践教育志愿服务队, everyone), a squad per township and the demo
   school's own squad, led by its principal.
3. The first two days' publicity in the county town, recorded afterwards with the person-times
   they reported (146); then shifts: in the county town from day 3, in the other townships from
   day 10 (卡口执勤, 社区排查, 宣传), 3–6 volunteers each, never one volunteer twice a day (so never
   two overlapping shifts), least-used volunteers first, until 2,900 are marked present; a few
   more are marked absent (they count for nothing). Total: 3,046 person-times.
4. Each township's shifts of a week and a post make one activity; 75 banners, 20,350 leaflets and
   106 people persuaded to go home are shared among them (banners and leaflets by publicity and
   screening, people persuaded at the checkpoints).
5. The demo school's squad has a shift that started this morning, still to be marked, and one
   tomorrow: the principal's attendance page has something to do.

Bulk-created (about 4,500 rows) for speed; the checks in tests/demo_checks_volunteers.py hold the
rows to the rules the services enforce (no overlap, the right school, counts from records). At a
smaller --scale (tests) the same shapes are made with proportionally smaller figures.
"""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from eduguard.org.choices import PersonCategory
from eduguard.org.demo.generator import apportion
from eduguard.org.demo.names import NameMaker
from eduguard.org.models import Person
from eduguard.outreach.models import (
    ActivityKind,
    Attendance,
    Post,
    Shift,
    ShiftAssignment,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)

HISTORY_DAYS = 70
COUNTY_TEAM = "教育系统新时代文明实践教育志愿服务队"
VOLUNTEERS, BUREAU, OUTSIDERS = 459, 20, 24
ATTENDED = 2_900  # present on shifts; with ENTERED, 3,046 person-times
ENTERED = (  # (day, township, person-times, what): the first days, recorded afterwards without shifts
    (0, "小市镇", 86, "县城义务宣传教育：县城主要街道、广场"),
    (1, "小市镇", 60, "县城义务宣传教育：客运站、农贸市场"),
)
BANNERS, LEAFLETS, PERSUADED = 75, 20_350, 106
URBAN_FROM, RURAL_FROM = 2, 9  # days after the start: the county town first, then the townships
SIZES = (3, 6)
ABSENT_SHARE = 0.06  # shifts where one more volunteer was planned but did not come
OUTSIDER_SKILLS = ("退休教师", "家长志愿者", "大学生", "村医", "个体商户", "")

SLOTS = (  # (post, start, end)
    (Post.CHECKPOINT, dt.time(8, 0), dt.time(12, 0)),
    (Post.SCREENING, dt.time(8, 30), dt.time(11, 30)),
    (Post.PUBLICITY, dt.time(9, 0), dt.time(11, 30)),
    (Post.CHECKPOINT, dt.time(13, 0), dt.time(17, 0)),
    (Post.SCREENING, dt.time(14, 0), dt.time(17, 0)),
    (Post.CHECKPOINT, dt.time(17, 0), dt.time(21, 0)),
)
KIND_OF_POST = {
    Post.CHECKPOINT: ActivityKind.CHECKPOINT,
    Post.SCREENING: ActivityKind.SCREENING,
    Post.PUBLICITY: ActivityKind.PUBLICITY,
}
URBAN_PLACES = {
    Post.CHECKPOINT: ("高速公路出口卡口", "客运站卡口", "城区东入口卡口", "火车站卡口"),
    Post.SCREENING: ("河东社区", "河西社区", "站前社区", "建设社区", "繁荣社区"),
    Post.PUBLICITY: ("县城中心广场", "商业步行街", "农贸市场"),
}
RURAL_PLACES = {
    Post.CHECKPOINT: "{village}卡口",
    Post.SCREENING: "{village}",
    Post.PUBLICITY: "{village}文化广场",
}


def _scaled(n: int, scale: float) -> int:
    return n if scale == 1 else max(1, round(n * scale))


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _place(rng, post: str, villages, urban: bool) -> str:
    if urban or not villages:
        return rng.choice(URBAN_PLACES[post])
    return RURAL_PLACES[post].format(village=rng.choice(villages))


def _choose_people(ctx, scale: float):
    """Roster volunteers: (person id, school id or None), principals first."""
    rng = ctx.rng
    rows = list(
        Person.objects.filter(
            county=ctx.county,
            is_active=True,
            category__in=(PersonCategory.STAFF, PersonCategory.TEMPORARY),
        )
        .order_by("id")
        .values_list("id", "school_id", "category")
    )
    pools: dict[int | None, list[int]] = defaultdict(list)
    principals: dict[int, int] = {}
    for pk, school_id, category in rows:
        if school_id is not None and school_id not in principals and category == PersonCategory.STAFF:
            principals[school_id] = pk  # the demo's convention: a school's first staff member
        else:
            pools[school_id].append(pk)
    bureau_pool = pools.pop(None, [])
    bureau = sorted(rng.sample(bureau_pool, min(len(bureau_pool), _scaled(BUREAU, scale))))
    total = _scaled(VOLUNTEERS, scale)
    outsiders = _scaled(OUTSIDERS, scale)
    rest = max(0, total - len(principals) - len(bureau) - outsiders)
    schools = sorted(pools)
    shares = apportion(rest, [len(pools[s]) + 1 for s in schools]) if schools and rest else [0] * len(schools)
    chosen = [(pk, school_id) for school_id, pk in sorted(principals.items())]
    chosen += [(pk, None) for pk in bureau]
    for school_id, share in zip(schools, shares, strict=True):
        pool = pools[school_id]
        chosen += [(pk, school_id) for pk in sorted(rng.sample(pool, min(share, len(pool))))]
    return chosen, principals, outsiders


def volunteers_demo(ctx) -> None:
    rng, scale, today = ctx.rng, ctx.options.scale, ctx.options.today
    profile, county = ctx.options.profile, ctx.county
    admin = ctx.users.get("admin")
    start = today - dt.timedelta(days=HISTORY_DAYS)
    urban = set(profile.urban_townships)
    town = profile.urban_townships[0] if profile.urban_townships else next(iter(profile.townships))
    township_of = {ctx.schools[spec.number].pk: spec.township for spec in profile.schools}
    demo_school = ctx.schools[profile.demo_school]

    # 1. Volunteers.
    chosen, principals, n_outsiders = _choose_people(ctx, scale)
    volunteers = [
        Volunteer(
            county=county,
            school_id=school_id,
            person_id=pk,
            township=township_of.get(school_id, town),
            note="校长带头上岗" if principals.get(school_id) == pk else "",
            joined_on=start,
            created_by=admin,
        )
        for pk, school_id in chosen
    ]
    names = NameMaker(rng, ctx.options.seed + 4)
    rural = [t for t in profile.townships if t not in urban] or [town]
    for i in range(n_outsiders):
        v = Volunteer(
            county=county,
            name=names.adult(rng.random() < 0.5),
            township=town if i % 2 == 0 else rural[i % len(rural)],
            skills=rng.choice(OUTSIDER_SKILLS),
            joined_on=start + dt.timedelta(days=rng.randrange(0, 14)),
            created_by=admin,
        )
        v.set_phone(names.mobile())
        volunteers.append(v)
    Volunteer.objects.bulk_create(volunteers)

    # 2. Teams: the county's, one squad per township, the demo school's own.
    by_township: dict[str, list[Volunteer]] = defaultdict(list)
    for v in volunteers:
        by_township[v.township].append(v)
    principal_of = {
        v.school_id: v for v in volunteers if v.person_id and principals.get(v.school_id) == v.person_id
    }
    bureau_lead = next((v for v in volunteers if v.person_id and v.school_id is None), volunteers[0])
    teams = [VolunteerTeam(county=county, name=COUNTY_TEAM, leader=bureau_lead, created_by=admin)]
    squads: dict[str, VolunteerTeam] = {}
    for township in sorted(by_township):
        members = by_township[township]
        leader = next((principal_of[v.school_id] for v in members if v.school_id in principal_of), members[0])
        squads[township] = VolunteerTeam(
            county=county, name=f"{township}志愿服务分队", township=township, leader=leader, created_by=admin
        )
    own = [v for v in volunteers if v.school_id == demo_school.pk]
    school_team = VolunteerTeam(
        county=county,
        school=demo_school,
        name=f"{demo_school.name}志愿服务小分队",
        township=township_of[demo_school.pk],
        leader=principal_of.get(demo_school.pk, own[0] if own else None),
        created_by=admin,
    )
    VolunteerTeam.objects.bulk_create([*teams, *squads.values(), school_team])
    through = VolunteerTeam.members.through
    links = [through(volunteerteam_id=teams[0].pk, volunteer_id=v.pk) for v in volunteers]
    for township, squad in squads.items():
        links += [through(volunteerteam_id=squad.pk, volunteer_id=v.pk) for v in by_township[township]]
    links += [through(volunteerteam_id=school_team.pk, volunteer_id=v.pk) for v in own]
    through.objects.bulk_create(links)

    # 3. Shifts, township by township, with their attendance.
    attended_total = _scaled(ATTENDED, scale)
    townships = sorted(by_township)
    quotas = apportion(attended_total, [len(by_township[t]) for t in townships])
    used: dict[int, int] = defaultdict(int)  # volunteer pk → shifts attended
    busy: dict[dt.date, set[int]] = defaultdict(set)
    plans = []  # (shift, present, absent)
    for n, (township, quota) in enumerate(zip(townships, quotas, strict=True)):
        people = by_township[township]
        first = URBAN_FROM if township in urban else RURAL_FROM
        days = [start + dt.timedelta(days=d) for d in range(first, HISTORY_DAYS)]
        villages = profile.townships.get(township, ())
        j = 0
        while quota > 0 and j < len(days) * len(SLOTS) * 4:  # the bound only guards a tiny county
            day = days[j % len(days)]
            post, begins, ends = SLOTS[(j // len(days) + n + j) % len(SLOTS)]
            school_shift = bool(own) and township == township_of[demo_school.pk] and j % 6 == 0
            pool = own if school_shift else people
            free = [v for v in pool if v.pk not in busy[day]]
            j += 1
            if not free:
                continue
            rng.shuffle(free)
            free.sort(key=lambda v: used[v.pk])
            size = min(quota, rng.randint(*SIZES), len(free))
            present, spare = free[:size], free[size:]
            absent = spare[:1] if spare and rng.random() < ABSENT_SHARE else []
            for v in present + absent:
                busy[day].add(v.pk)
            for v in present:
                used[v.pk] += 1
            quota -= size
            shift = Shift(
                county=county,
                school=demo_school if school_shift else None,
                team=school_team if school_shift else squads[township],
                post=post,
                place=_place(rng, post, villages, township in urban),
                township=township,
                starts_at=_at(day, begins),
                ends_at=_at(day, ends),
                created_by=admin,
            )
            plans.append((shift, present, absent))

    # 4. Activities: a township's shifts of one week and post (and unit) are one activity.
    activities: dict[tuple, VolunteerActivity] = {}
    for shift, _, _ in plans:
        day = timezone.localtime(shift.starts_at).date()
        key = (shift.township, shift.school_id, shift.post, (day - start).days // 7)
        if key not in activities:
            activities[key] = VolunteerActivity(
                county=county,
                school=shift.school,
                team=shift.team,
                date=day,
                township=shift.township,
                kind=KIND_OF_POST[shift.post],
                place=shift.place,
                created_by=admin,
            )
    entered = [
        VolunteerActivity(
            county=county,
            team=squads.get(township) or teams[0],
            date=start + dt.timedelta(days=day),
            township=township if township in by_township else town,
            kind=ActivityKind.PUBLICITY,
            summary=what,
            entered_person_times=_scaled(n, scale),
            created_by=admin,
        )
        for day, township, n, what in ENTERED
    ]
    rows = [*entered, *activities.values()]
    _share(rng, rows, "banners", _scaled(BANNERS, scale), {ActivityKind.PUBLICITY})
    _share(rng, rows, "leaflets", _scaled(LEAFLETS, scale), {ActivityKind.PUBLICITY, ActivityKind.SCREENING})
    _share(rng, rows, "persuaded", _scaled(PERSUADED, scale), {ActivityKind.CHECKPOINT})
    VolunteerActivity.objects.bulk_create(rows)
    for shift, _, _ in plans:
        day = timezone.localtime(shift.starts_at).date()
        shift.activity = activities[(shift.township, shift.school_id, shift.post, (day - start).days // 7)]

    # 5. The demo school's squad: a shift this morning to be marked, and one tomorrow.
    upcoming = []
    if own:
        for offset, (begins, ends) in (
            (0, (dt.time(7, 0), dt.time(11, 0))),
            (1, (dt.time(8, 0), dt.time(12, 0))),
        ):
            day = today + dt.timedelta(days=offset)
            shift = Shift(
                county=county,
                school=demo_school,
                team=school_team,
                post=Post.PUBLICITY if offset else Post.CHECKPOINT,
                place="校门口及周边" if offset else "学校周边路口卡口",
                township=township_of[demo_school.pk],
                starts_at=_at(day, begins),
                ends_at=_at(day, ends),
                created_by=admin,
            )
            upcoming.append((shift, own[: min(4, len(own))]))
    Shift.objects.bulk_create([s for s, _, _ in plans] + [s for s, _ in upcoming])
    assignments = []
    for shift, present, absent in plans:
        marked = dict(marked_by=admin, marked_at=shift.ends_at)
        assignments += [
            ShiftAssignment(shift=shift, volunteer=v, status=Attendance.PRESENT, **marked) for v in present
        ]
        assignments += [
            ShiftAssignment(shift=shift, volunteer=v, status=Attendance.ABSENT, **marked) for v in absent
        ]
    for shift, people in upcoming:
        assignments += [ShiftAssignment(shift=shift, volunteer=v) for v in people]
    ShiftAssignment.objects.bulk_create(assignments, batch_size=1000)


def _share(rng, rows, field: str, total: int, kinds: set) -> None:
    """Share `total` among the rows of `kinds` in random proportions (exactly, by apportion)."""
    targets = [r for r in rows if r.kind in kinds]
    if not targets or total <= 0:
        return
    weights = [rng.uniform(0.4, 1.6) for _ in targets]
    for row, n in zip(targets, apportion(total, weights), strict=True):
        setattr(row, field, n)
