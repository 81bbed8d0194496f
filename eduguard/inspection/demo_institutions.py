"""The demo county's kindergartens and training institutions (seed 004): 58 kindergartens (33 of
them private) and 108 training institutions, all closed by the bureau's order; inspectors visited
them 298 times in pairs (596 person-times, "590余人次") and posted 304 notices ("300余份").
Bulk-written and deterministic; the figures on the page are computed from these rows."""

import datetime as dt

from eduguard.inspection.models import ClosureOrder, Institution, InstitutionVisit

TOWNSHIPS = [
    "小市镇",
    "草河口镇",
    "田师付镇",
    "南甸镇",
    "碱厂镇",
    "高官镇",
    "清河城镇",
    "连山关镇",
    "草河掌镇",
    "东营坊乡",
]
KINDERGARTENS, PRIVATE_KINDERGARTENS, TRAINING = 58, 33, 108
SECOND_VISITS, DOUBLE_NOTICES = 132, 6


def institutions_demo(ctx) -> None:
    admin = ctx.users.get("admin")
    if admin is None:
        return
    today = ctx.options.today
    county = next(iter(ctx.schools.values())).county
    rows = []
    for n in range(KINDERGARTENS + TRAINING):
        township = TOWNSHIPS[n % len(TOWNSHIPS)]
        if n < KINDERGARTENS:
            private = n < PRIVATE_KINDERGARTENS
            name = f"{township}{'民办' if private else '中心'}第{n + 1}幼儿园"
            kind, ownership = "kindergarten", "private" if private else "public"
        else:
            name, kind, ownership = f"{township}第{n - KINDERGARTENS + 1}培训学校", "training", "private"
        rows.append(Institution(county=county, name=name, kind=kind, ownership=ownership, township=township))
    places = Institution.objects.bulk_create(rows)
    ordered = today - dt.timedelta(days=22)
    ClosureOrder.objects.bulk_create(
        ClosureOrder(institution=p, ordered_on=ordered, reason="县教育局停园停学通知", ordered_by=admin)
        for p in places
    )
    visits = []
    for n, place in enumerate(places + places[:SECOND_VISITS]):
        visits.append(
            InstitutionVisit(
                institution=place,
                date=ordered + dt.timedelta(days=1 + n % 20),
                inspectors="督导组两人",
                people=2,
                notices=2 if n < DOUBLE_NOTICES else 1,
                found_operating=False,
                note="大门紧闭，已张贴停园停学通知",
                recorded_by=admin,
            )
        )
    InstitutionVisit.objects.bulk_create(visits)
