"""The figures a work briefing quotes, each computed from the records of its area for a county and a
period (`since`..`until`; without `since`, everything up to `until`). A figure with no data is None,
so the sentence that quotes it is left out rather than filled with a zero.

One entry, many reports: every figure comes from the service the area's own pages use."""

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, Q

from eduguard.core.numbers import approx, approx_wan
from eduguard.core.rules import get_rule
from eduguard.health.choices import FollowUpStatus
from eduguard.health.models import FollowUp
from eduguard.org.choices import PersonCategory
from eduguard.org.models import County, School

Figures = dict[str, object]

# Counts of people: shown as "不足N" when below `briefing.suppress_below` (small groups are identifiable).
PEOPLE = {
    "wuhan_study",
    "left_county",
    "class_1",
    "class_2",
    "class_3",
    "sanfan",
    "report_abnormal",
    "quarantined",
    "fevers",
    "counselling_students",
}
# Counts of the period that are compared with the period before.
COMPARED = {"forwarded", "issued", "sms", "fevers", "incidents", "person_times"}


def _county_reader():
    """The figures are the county's whole: read as the administrator (nothing is shown per person)."""
    from eduguard.accounts.models import User

    return User(is_superuser=True, is_active=True)


def _within(since: dt.date | None, until: dt.date, field: str) -> Q:
    q = Q(**{f"{field}__lte": until})
    return q & Q(**{f"{field}__gte": since}) if since else q


def documents(county: County, since, until) -> Figures:
    from eduguard.outreach.models import Direction, Document
    from eduguard.outreach.services.documents import counts

    n = counts(Document.objects.filter(_within(since, until, "date"), county=county))
    forwarded, issued = n[Direction.FORWARDED], n[Direction.ISSUED]
    return {
        "forwarded": forwarded or None,
        "issued": issued or None,
        "forwarded_approx": approx(forwarded) if forwarded else None,
        "issued_approx": approx(issued) if issued else None,
    }


def screening(county: County, since, until) -> Figures:
    from eduguard.screening.models import ScreeningResponse
    from eduguard.screening.services.campaigns import campaign_rollup

    campaign = county.campaigns.filter(opened_on__lte=until).order_by("-opened_on", "-id").first()
    if campaign is None:
        return {}
    _, total, _ = campaign_rollup(campaign, _county_reader())
    answered = ScreeningResponse.objects.filter(campaign=campaign).values("person__category")
    by_kind = {r["person__category"]: r["n"] for r in answered.annotate(n=Count("id")).order_by()}
    cats = total.categories
    staff, temporary = by_kind.get(PersonCategory.STAFF, 0), by_kind.get(PersonCategory.TEMPORARY, 0)
    schools = School.objects.filter(county=county).count()
    return {
        "schools": schools or None,
        "staff": staff or None,
        "students": by_kind.get(PersonCategory.STUDENT) or None,
        "staff_with_temporary": (staff + temporary) or None,
        "cut_off": f"{campaign.cut_off.month}月{campaign.cut_off.day}日",
        **{
            code: cats.get(code) or None
            for code in ("wuhan_study", "left_county", "class_1", "class_2", "class_3", "sanfan")
        },
    }


def daily_reports(county: County, since, until) -> Figures:
    from eduguard.health.services.stats import daily_stats
    from eduguard.retention.models import RetainedCount, RetainedFigure

    rows = [r for r in daily_stats(_county_reader(), until, "county") if r.id == county.pk]
    if not rows or not rows[0].reported:
        return {}
    r = rows[0]
    follow_ups = FollowUp.objects.filter(report__date=until, report__person__county=county).aggregate(
        open=Count("id", filter=Q(status=FollowUpStatus.OPEN)),
        closed=Count("id", filter=Q(status=FollowUpStatus.CLOSED)),
    )
    # Follow-ups of a purged day are counts kept by the purge (eduguard purge).
    kept = RetainedCount.objects
    follow_ups["open"] += kept.total(county, RetainedFigure.FOLLOW_UPS_OPEN, until, until)
    follow_ups["closed"] += kept.total(county, RetainedFigure.FOLLOW_UPS_CLOSED, until, until)
    return {
        "report_day": f"{until.month}月{until.day}日",
        "report_expected": r.expected,
        "report_reported": r.reported,
        "report_rate": f"{r.completion_rate:g}",
        "report_abnormal": r.abnormal or None,
        "report_closed": follow_ups["closed"] or None,
        "report_open": follow_ups["open"] or None,
    }


def chat_groups(county: County, since, until) -> Figures:
    from eduguard.health.services.chat_groups import chat_reach

    groups, people = chat_reach(county)
    return {"chat_groups": groups or None, "chat_people": approx_wan(people) if people else None}


def health_events(county: County, since, until) -> Figures:
    from eduguard.response.models import FeverEvent, Incident
    from eduguard.retention.models import RetainedCount, RetainedFigure
    from eduguard.screening.models import Quarantine

    fevers = FeverEvent.objects.filter(person__county=county).filter(
        _within(since, until, "detected_at__date")
    )
    incidents = Incident.objects.filter(school__county=county).filter(
        _within(since, until, "detected_at__date")
    )
    quarantined = Quarantine.objects.filter(person__county=county, started_on__lte=until).filter(
        Q(released_on__isnull=True) | Q(released_on__gt=until)
    )
    # Fever events purged past the retention period are counts kept by the purge.
    purged = RetainedCount.objects.total(county, RetainedFigure.FEVER_EVENTS, since, until)
    fever_count = fevers.count() + purged
    return {
        "fevers": fever_count or None,
        "incidents": incidents.count() or None,
        "quarantined": quarantined.count() or None,
    }


def institutions(county: County, since, until) -> Figures:
    from eduguard.inspection.models import Institution
    from eduguard.inspection.services.institutions import by_township

    total = by_township(Institution.objects.filter(county=county), until)[-1]
    if not (total.kindergartens or total.training):
        return {}
    everything = total.kindergartens + total.training
    return {
        "inspection_person_times": approx(total.person_times) if total.person_times else None,
        "closure_notices": approx(total.notices) if total.notices else None,
        "kindergartens": total.kindergartens or None,
        "private_kindergartens": total.private_kindergartens or None,
        "training_institutions": total.training or None,
        "closure_state": "全部关停"
        if total.closed == everything
        else f"已关停{total.closed}家"
        if total.closed
        else None,
    }


def tutoring(county: County, since, until) -> Figures:
    from eduguard.inspection.models import TutoringCase

    cases = TutoringCase.objects.filter(county=county).filter(_within(since, until, "reported_on"))
    return {"tutoring_cases": cases.count() or None}


def concerns(county: County, since, until) -> Figures:
    from eduguard.concerns.services.counts import briefing_sentence

    return {"concerns_sentence": briefing_sentence(county, since, until) or None}


def counselling(county: County, since, until) -> Figures:
    """Totals only: no counselling record ever reaches a briefing (small counts suppressed)."""
    from eduguard.counselling.services.counts import student_sessions

    return {"counselling_students": student_sessions(county, since, until) or None}


def teaching(county: County, since, until) -> Figures:
    from eduguard.teaching.models import TeachingPeriod
    from eduguard.teaching.services.rates import sentence

    period = TeachingPeriod.objects.filter(county=county, start__lte=until).order_by("-start").first()
    text = sentence(period) if period else ""
    return {"teaching_sentence": text or None}


def messages(county: County, since, until) -> Figures:
    from eduguard.notify.models import Message
    from eduguard.outreach.services.messages import sms_sent

    return {"sms": sms_sent(Message.objects.filter(county=county), since, until) or None}


def volunteers(county: County, since, until) -> Figures:
    from eduguard.outreach.services.volunteer_totals import volunteer_sentence, volunteer_totals

    total = volunteer_totals(county=county, since=since, until=until).total
    if not total.volunteers:
        return {}
    return {
        "volunteers": total.volunteers,
        "person_times": total.person_times or None,
        "volunteer_sentence": volunteer_sentence(total),
    }


def supplies(county: County, since, until) -> Figures:
    from eduguard.supplies.services.cover import mask_sentence

    return {"mask_sentence": mask_sentence(county) or None}


def reopening(county: County, since, until) -> Figures:
    from eduguard.inspection.models import Batch, OpeningApproval

    opened = OpeningApproval.objects.filter(school__county=county, opened_on__lte=until)
    approved = OpeningApproval.objects.filter(school__county=county, approved_at__date__lte=until)
    batches = Batch.objects.filter(county=county, target_date__lte=until).count()
    return {
        "opened_batches": batches or None,
        "schools_accepted": approved.count() or None,
        "schools_opened": opened.count() or None,
    }


def meetings(county: County, since, until) -> Figures:
    from eduguard.command.services.meetings import meeting_count

    return {"special_meetings": meeting_count(county, since, until) or None}


AREAS: list[Callable[[County, dt.date | None, dt.date], Figures]] = [
    meetings,
    documents,
    screening,
    chat_groups,
    daily_reports,
    health_events,
    institutions,
    tutoring,
    concerns,
    counselling,
    teaching,
    messages,
    volunteers,
    supplies,
    reopening,
]


def collect(county: County, until: dt.date, since: dt.date | None = None, compare: bool = True) -> Figures:
    """Every figure for the period, the change of the compared ones from the period before (as
    `<name>_change`: "，较上期增加N", to follow the figure), and small counts of people suppressed
    as configured."""
    figures: Figures = {"bureau": county.bureau_name, "county": county.name}
    for area in AREAS:
        figures.update(area(county, since, until))
    if since and compare:
        before_until = since - dt.timedelta(days=1)
        before = collect(county, before_until, before_until - (until - since), compare=False)
        for key in COMPARED:
            now, then = figures.get(key) or 0, before.get(key) or 0
            if now or then:
                diff = now - then
                figures[f"{key}_change"] = (
                    f"，较上期增加{diff}"
                    if diff > 0
                    else f"，较上期减少{-diff}"
                    if diff < 0
                    else "，与上期持平"
                )
    threshold = get_rule("briefing.suppress_below", until)
    if threshold:
        for key in PEOPLE:
            value = figures.get(key)
            if isinstance(value, int) and 0 < value < threshold:
                figures[key] = f"不足{threshold}"
    return figures
