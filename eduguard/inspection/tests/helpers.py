"""Steps the supervision tests share: answer every item, a school's self-check, a team inspection."""

from django.utils import timezone

from eduguard.inspection.services.inspections import record_result, start_inspection, submit_inspection

TODAY = timezone.localdate()


def answer_all(inspection, actor, outcome="pass", **kwargs):
    for item in inspection.template.items.all():
        record_result(inspection=inspection, item=item, outcome=outcome, actor=actor, **kwargs)


def self_check(w):
    i = start_inspection(
        school=w.schools["S2"], template=w.template, kind="self_check", date=TODAY, actor=w.s2_principal
    )
    answer_all(i, w.s2_principal)
    return submit_inspection(inspection=i, actor=w.s2_principal)


def team_check(w, outcome="pass", **kwargs):
    i = start_inspection(
        school=w.schools["S2"],
        template=w.template,
        kind="inspection",
        date=TODAY,
        actor=w.inspector,
        team=w.team,
    )
    answer_all(i, w.inspector, outcome, **kwargs)
    return i
