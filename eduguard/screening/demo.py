"""The demo county's first sweep, reproducing seed 004: everyone screened, 37 students studying
in Wuhan, 66 people who left the county after 15 January, staff in categories one/two/three
7/2/188, and 130 三返. Bulk-written (the figures come out of the same rules as live answers)."""

import datetime as dt

from django.utils import timezone

from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.org.choices import PersonCategory as Kind
from eduguard.org.models import Person
from eduguard.screening.models import (
    Campaign,
    CategoryStatus,
    PersonCategory,
    Quarantine,
    QuarantineKind,
    QuarantineObservation,
    RiskLevel,
    ScreeningResponse,
)
from eduguard.screening.rules import categories_for
from eduguard.screening.services.campaigns import county_rules, ensure_categories

CAMPAIGN = "教育系统全员大排查"
OPENED, DEADLINE, CUT_OFF = dt.date(2020, 1, 28), dt.date(2020, 1, 31), dt.date(2020, 1, 15)
# answer → (how many, who can have it) as in seed 004
FIGURES = {
    "studying_in_wuhan": (37, "students"),
    "left_county": (66, "anyone"),
    "hubei_since_cutoff": (7, "staff"),
    "contact_case": (2, "staff"),
    "contact_outsiders": (188, "staff"),
    "returned_from_outside": (130, "anyone"),
}
PLACES = ["沈阳", "大连", "丹东", "北京", "长春", "哈尔滨", "天津", "营口"]


def screening_demo(ctx) -> None:
    county, rng, scale = ctx.county, ctx.rng, ctx.options.scale
    ensure_categories(county)
    campaign = Campaign.objects.create(
        county=county, name=f"{CAMPAIGN} {OPENED}", cut_off=CUT_OFF, opened_on=OPENED, deadline=DEADLINE
    )
    people = list(
        Person.objects.filter(county=county)
        .order_by("id")
        .values_list("id", "category", "school_id", "school_class_id")
    )
    pools = {
        "students": [p for p in people if p[1] == Kind.STUDENT],
        "staff": [p for p in people if p[1] != Kind.STUDENT],
    }
    for pool in pools.values():
        rng.shuffle(pool)
    flagged: dict[int, str] = {}  # each person carries at most one of the answers above
    for answer, (n, who) in FIGURES.items():
        pool = pools["students"] + pools["staff"] if who == "anyone" else pools[who]
        chosen = [p for p in pool if p[0] not in flagged][: round(n * scale)]
        flagged.update((p[0], answer) for p in chosen)
    at = timezone.make_aware(dt.datetime.combine(OPENED, dt.time(16)))
    rules = county_rules(county)
    categories = {c.code: c for c in county.risk_categories.all()}
    responses, assigned = [], []
    for pid, _, school, klass in people:
        answers = {flagged[pid]: True} if pid in flagged else {}
        trips = []
        if answers.get("left_county"):
            left = CUT_OFF + dt.timedelta(days=rng.randint(1, 10))
            trips = [
                {
                    "place": rng.choice(PLACES),
                    "left_on": left.isoformat(),
                    "back_on": (left + dt.timedelta(days=rng.randint(1, 5))).isoformat(),
                }
            ]
        responses.append(
            ScreeningResponse(
                campaign=campaign,
                county=county,  # everyone here is the county's: spares bulk_create's look-up
                person_id=pid,
                school_id=school,
                school_class_id=klass,
                trips=trips,
                filled_at=at,
                **answers,
            )
        )
        for code in categories_for(answers, rules):
            assigned.append(
                PersonCategory(
                    county=county,
                    person_id=pid,
                    category=categories[code],
                    campaign=campaign,
                    school_id=school,
                    school_class_id=klass,
                    status=CategoryStatus.CONFIRMED,
                    reason="排查核实",
                    valid_from=at,
                )
            )
    ScreeningResponse.objects.bulk_create(responses, batch_size=2000)
    PersonCategory.objects.bulk_create(assigned, batch_size=2000)
    _completed_quarantines(ctx, responses, assigned)
    _open_quarantines(ctx)


def _completed_quarantines(ctx, responses, assigned) -> None:
    """Everyone in a category with quarantine days did them in 2020: from the return (or the
    sweep) for 14 days, released on day 15 with the township's release notice."""
    back = {r.person_id: dt.date.fromisoformat(r.trips[-1]["back_on"]) for r in responses if r.trips}
    doctor = ctx.users.get("doctor")
    periods = {}
    for pc in assigned:
        category = pc.category
        if not category.quarantine_days or pc.person_id in periods:
            continue
        start = back.get(pc.person_id) or OPENED - dt.timedelta(days=ctx.rng.randint(0, 3))
        released = start + dt.timedelta(days=category.quarantine_days + 1)
        periods[pc.person_id] = Quarantine(
            county_id=pc.county_id,
            person_id=pc.person_id,
            school_id=pc.school_id,
            school_class_id=pc.school_class_id,
            kind=QuarantineKind.CENTRAL
            if category.risk_level == RiskLevel.HIGH and not pc.school_class_id
            else QuarantineKind.HOME,
            category=category,
            reason=category.definition,
            started_on=start,
            planned_days=category.quarantine_days,
            released_on=released if released <= ctx.options.today else None,
            release_doc=f"解隔〔2020〕{len(periods) + 1}号" if released <= ctx.options.today else "",
            released_by=doctor if released <= ctx.options.today else None,
        )
    Quarantine.objects.bulk_create(periods.values(), batch_size=2000)


# The head teacher's class today: three students back from outside the county, at different days
# of their home quarantine, and one whose 14 days are over and who waits for the release notice.
OPEN_DAYS = (3, 8, 13, 16)


def _open_quarantines(ctx) -> None:
    teacher = ctx.users.get("banzhuren")
    assignment = ResponsibilityAssignment.objects.filter(user=teacher).first() if teacher else None
    if assignment is None or assignment.school_class_id is None:
        return
    today = ctx.options.today
    students = list(assignment.school_class.people.order_by("-id")[: len(OPEN_DAYS)])
    observations = []
    for person, day_n in zip(students, OPEN_DAYS, strict=False):
        q = Quarantine.objects.create(
            person=person,
            school_id=person.school_id,
            school_class_id=person.school_class_id,
            kind=QuarantineKind.HOME,
            reason=f"从{ctx.rng.choice(PLACES)}返回本县",
            place="家中",
            started_on=today - dt.timedelta(days=day_n),
            planned_days=14,
            created_by=teacher,
        )
        for n in range(min(day_n, 14)):  # today's observation is still to be taken
            observations.append(
                QuarantineObservation(
                    quarantine=q,
                    day=q.started_on + dt.timedelta(days=n),
                    temperature=f"36.{ctx.rng.randint(2, 8)}",
                    recorded_by=teacher,
                )
            )
    QuarantineObservation.objects.bulk_create(observations)
