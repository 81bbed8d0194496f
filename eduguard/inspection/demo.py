"""The demo county's supervision (seed 000): batch 1 is the 25 middle schools (high, junior and
nine-year schools), batch 2 the primary schools and the teaching point. Four teams share batch 1;
the first is the demo inspector's (账号 duban), covering the schools that account is assigned to.

Through the same services as live work: 20 batch-1 schools have an approved 一校一策 and 22 a
doctor stationed from the opening day (demo_plans), 22 batch-1 schools have filed their self-check, 18 have had
their team inspection (the items the records answer are answered from the demo's records, so the
demo's quarantines, missing documents and drills show up as fixes), the first ten have closed their
fixes with evidence, and those of them the records still clear are approved. Deterministic."""

import datetime as dt

from django.core.files.base import ContentFile

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.inspection.demo_plans import plans_demo
from eduguard.inspection.models import Batch, ChecklistTemplate, Outcome, Rectification, Team
from eduguard.inspection.services.acceptance import approve_opening, readiness
from eduguard.inspection.services.defaults import ensure_defaults
from eduguard.inspection.services.inspections import (
    close_rectification,
    record_result,
    start_inspection,
    submit_inspection,
)
from eduguard.org.choices import SchoolType

MIDDLE = {SchoolType.HIGH, SchoolType.JUNIOR, SchoolType.NINE_YEAR}
SELF_CHECKED, INSPECTED, FIXED = 22, 18, 10
TEAMS = ["第一督导组", "第二督导组", "第三督导组", "第四督导组"]


def inspection_demo(ctx) -> None:
    ensure_defaults()
    admin = ctx.users.get("admin")
    if admin is None:
        return
    today = ctx.options.today
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    county = schools[0].county
    first = [s for s in schools if s.type in MIDDLE]
    batch1 = Batch.objects.create(
        county=county, number=1, name="首批：25所中学", target_date=today + dt.timedelta(days=3)
    )
    batch1.schools.set(first)
    batch2 = Batch.objects.create(
        county=county, number=2, name="第二批：小学和教学点", target_date=today + dt.timedelta(days=17)
    )
    batch2.schools.set([s for s in schools if s.type not in MIDDLE])
    teams = _teams(county, first, ctx.users.get("duban"))
    plans_demo(first, batch1, admin, ctx.options.profile)
    seven = ChecklistTemplate.objects.get(code="seven-preparations", version=1)
    closed = ChecklistTemplate.objects.get(code="closed-campus", version=1)
    for n, school in enumerate(first):
        if n < SELF_CHECKED:
            _filled(school, closed, "self_check", None, today - dt.timedelta(days=3), admin)
        if n < INSPECTED:
            _filled(school, seven, "inspection", teams[school.pk], today - dt.timedelta(days=1), admin)
        if n < FIXED:
            for fix in Rectification.objects.filter(school=school, closed_at__isnull=True):
                evidence = ContentFile(b"%PDF-1.4 demo evidence", name=f"fix-{fix.pk}.pdf")
                close_rectification(fix=fix, evidence=evidence, note="已按期整改", actor=admin)
            if readiness(school, today).ready:
                approve_opening(school=school, batch=batch1, actor=admin, day=today)


def _teams(county, schools, duban) -> dict[int, Team]:
    """{school id: its team}. The demo inspector's team covers the schools the account is assigned."""
    teams = [Team.objects.create(county=county, name=name) for name in TEAMS]
    own = set()
    if duban is not None:
        teams[0].members.add(duban)
        teams[0].leader = duban
        teams[0].save()
        own = set(
            ResponsibilityAssignment.objects.filter(user=duban, role=Role.INSPECTOR).values_list(
                "school_id", flat=True
            )
        )
    of = {}
    others = [s for s in schools if s.pk not in own]
    for s in schools:
        of[s.pk] = teams[0] if s.pk in own else teams[1 + others.index(s) % 3]
    for team in teams:
        team.schools.set([pk for pk, t in of.items() if t == team])
    return of


def _filled(school, template, kind, team, day, actor) -> None:
    """Start, answer the items the records do not, and submit."""
    inspection = start_inspection(
        school=school, template=template, kind=kind, date=day, actor=actor, team=team
    )
    answered = set(inspection.results.values_list("item_id", flat=True))
    for item in template.items.exclude(id__in=answered):
        record_result(
            inspection=inspection, item=item, outcome=Outcome.PASS, note="现场核查符合", actor=actor
        )
    submit_inspection(inspection=inspection, actor=actor)
