"""Cleared to return to school? The entry decision of domain.md §4.5, derived from records.

Each check reads a person's facts (quarantines, current risk categories, trips, the latest daily
report) and may return a decision with a reason code. The checks that apply, and their order,
are the rule `screening.entry_checks`; every check is run and the most severe decision wins
(deny over defer), the first in rule order among equals. Nothing here is stored: the status is
computed for the day asked, so it changes by itself on day 15.

Facts are loaded for many people at once (a school's roll-up) with one query per kind, and only
people with a fact can be anything but allowed.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from eduguard.core.rules import get_rule
from eduguard.health.models import DailyReport, SickAbsence
from eduguard.org.models import Person
from eduguard.screening.models import PersonCategory, Quarantine, RiskLevel, ScreeningResponse
from eduguard.screening.models.quarantine import QuarantineKind, QuarantineState


class Decision(models.TextChoices):
    ALLOW = "allow", "可返校"
    DEFER = "defer", "暂缓返校"
    DENY = "deny", "不可返校"


SEVERITY = {Decision.ALLOW: 0, Decision.DEFER: 1, Decision.DENY: 2}


@dataclass(frozen=True)
class Reason:
    decision: str
    code: str
    text: str
    until: dt.date | None = None  # the day it lifts by itself, when it does


@dataclass
class EntryStatus:
    decision: str = Decision.ALLOW
    reasons: list[Reason] = field(default_factory=list)

    @property
    def cleared(self) -> bool:
        return self.decision == Decision.ALLOW

    @property
    def label(self) -> str:
        return Decision(self.decision).label

    @property
    def until(self) -> dt.date | None:
        """When every reason lifts by itself, the last of those days; None if one needs an action."""
        days = [r.until for r in self.reasons]
        return None if not days or None in days else max(days)


@dataclass
class Facts:
    quarantines: list[Quarantine] = field(default_factory=list)
    categories: list[PersonCategory] = field(default_factory=list)
    back_on: dt.date | None = None  # the latest return from a trip, up to the day
    away_since: dt.date | None = None  # a trip with no return yet
    reports: list[DailyReport] = field(default_factory=list)  # latest first, within REPORT_DAYS
    absences: list[SickAbsence] = field(default_factory=list)  # sick absences needing a certificate

    def completed_quarantine_since(self, since: dt.date, day: dt.date) -> bool:
        """A quarantine (not mere health monitoring) started on or after `since` and released by
        `day`. Its length was checked when it was opened or released early (services.quarantine)."""
        return any(
            q.kind != QuarantineKind.MONITORING
            and q.released_on is not None
            and q.released_on <= day
            and q.started_on >= since
            for q in self.quarantines
        )


REPORT_DAYS = 2  # the latest daily report counts when it is from the day or the day before


def _quarantine(f: Facts, day: dt.date) -> Reason | None:
    for q in f.quarantines:
        state = q.state_on(day)
        if state == QuarantineState.ACTIVE:
            return Reason(
                Decision.DENY,
                "in_quarantine",
                f"{q.get_kind_display()}中（第{q.day_number(day)}天/共{q.planned_days}天）",
                q.clears_on,
            )
        if state == QuarantineState.OVERDUE:
            return Reason(Decision.DENY, "awaiting_release", f"{q.get_kind_display()}期满，待出具解除文书")
    return None


def _category(f: Facts, day: dt.date) -> Reason | None:
    """A category that carries quarantine days (一类, 二类, 三返, 在武汉就读 …) needs a quarantine
    completed since the campaign's cut-off date (or since the category was given)."""
    for pc in f.categories:
        category = pc.category
        if not category.quarantine_days and category.risk_level != RiskLevel.HIGH:
            continue
        since = pc.campaign.cut_off if pc.campaign_id else timezone.localtime(pc.valid_from).date()
        since = max(since, f.back_on or since)  # a quarantine before the latest return does not count
        if f.completed_quarantine_since(since, day):
            continue
        decision = Decision.DENY if category.risk_level == RiskLevel.HIGH else Decision.DEFER
        return Reason(decision, "category", f"{category.name}：{category.management or category.definition}")
    return None


def _recent_return(f: Facts, day: dt.date) -> Reason | None:
    """Back from outside the county within the quarantine days, with no quarantine completed since:
    deferred until day 15 (the arrival day is day 0)."""
    if f.away_since is not None:
        return Reason(Decision.DEFER, "away", f"{f.away_since} 起在县外，尚未返回")
    if f.back_on is None:
        return None
    days = get_rule("screening.quarantine_days", day)
    clears = f.back_on + dt.timedelta(days=days + 1)
    if day >= clears or f.completed_quarantine_since(f.back_on, day):
        return None
    return Reason(Decision.DEFER, "recent_return", f"{f.back_on} 从县外返回，居家隔离至第{days}天", clears)


def _latest_report(f: Facts) -> DailyReport | None:
    return f.reports[0] if f.reports else None


def _fever_or_symptoms(f: Facts, day: dt.date) -> Reason | None:
    report = _latest_report(f)
    if report is None:
        return None
    if report.fever:
        return Reason(Decision.DEFER, "fever", f"{report.date} 体温 {report.temperature}°C，须就医排查")
    if report.symptoms:
        return Reason(Decision.DEFER, "symptoms", f"{report.date} 报告有症状，须就医排查")
    return None


def _health_code(f: Facts, day: dt.date) -> Reason | None:
    report = _latest_report(f)
    if report is None or report.health_code in ("green", "none"):
        return None
    if report.health_code == "red":
        return Reason(Decision.DENY, "red_code", f"{report.date} 健康码为红码")
    return Reason(Decision.DEFER, "yellow_code", f"{report.date} 健康码为黄码")


def _return_certificate(f: Facts, day: dt.date) -> Reason | None:
    """A sick absence with an infectious disease or a fever, still without an approved return
    certificate (domain.md §3.4): the school doctor's approval is the only way back."""
    if not f.absences:
        return None
    a = f.absences[0]
    what = a.disease or a.diagnosis or "发热"
    return Reason(
        Decision.DENY, "return_certificate", f"{a.started_on} 起因病缺勤（{what}），待校医审核复课证明"
    )


CHECKS: dict[str, Callable[[Facts, dt.date], Reason | None]] = {
    "quarantine": _quarantine,
    "high_risk_category": _category,
    "recent_return": _recent_return,
    "fever_or_symptoms": _fever_or_symptoms,
    "health_code": _health_code,
    "return_certificate": _return_certificate,
}


def decide(facts: Facts, day: dt.date) -> EntryStatus:
    status = EntryStatus()
    for code in get_rule("screening.entry_checks", day):
        check = CHECKS.get(code)
        reason = check(facts, day) if check else None
        if reason is None:
            continue
        status.reasons.append(reason)
        if SEVERITY[reason.decision] > SEVERITY[status.decision]:
            status.decision = reason.decision
    return status


def _seen(queryset, user):
    """`visible_to(user)`; user None is the system itself deciding (the gate, whose guard is shown
    the decision and its reason but none of the records behind it)."""
    return queryset.all() if user is None else queryset.visible_to(user)


def load_facts(people, day: dt.date, user) -> dict[int, Facts]:
    """{person id: Facts} for the people (a Person queryset) who have any fact on `day`, read
    through `visible_to(user)` like everything else a user is shown (user None: the system)."""
    ids = people.values("id")
    facts: dict[int, Facts] = {}

    def of(pid: int) -> Facts:
        return facts.setdefault(pid, Facts())

    for q in (
        _seen(Quarantine.objects, user).filter(person__in=ids, started_on__lte=day).order_by("-started_on")
    ):
        of(q.person_id).quarantines.append(q)
    current = (
        _seen(PersonCategory.objects, user)
        .current()
        .filter(person__in=ids, valid_from__date__lte=day)
        .filter(Q(category__quarantine_days__gt=0) | Q(category__risk_level=RiskLevel.HIGH))
        .select_related("category", "campaign")
    )
    for pc in current:
        of(pc.person_id).categories.append(pc)
    # Trips come from each person's latest answers: a later campaign's answers supersede earlier ones.
    responses = _seen(ScreeningResponse.objects, user)
    travelled = responses.filter(person__in=ids, left_county=True).values("person_id")
    latest: dict[int, list] = {}
    for pid, trips in (
        responses.filter(person__in=travelled, filled_at__date__lte=day)
        .order_by("person_id", "filled_at")
        .values_list("person_id", "trips")
    ):
        latest[pid] = trips
    for pid, trips in latest.items():
        if trips:
            _add_trips(of(pid), trips, day)
    since = day - dt.timedelta(days=REPORT_DAYS - 1)
    reports = _seen(DailyReport.objects, user)
    flagged = reports.filter(person__in=ids, date__range=(since, day), abnormal=True)
    recent = reports.filter(person__in=flagged.values("person_id"), date__range=(since, day)).order_by(
        "person_id", "-date"
    )
    for report in recent.only("person_id", "date", "temperature", "symptoms", "fever", "health_code"):
        of(report.person_id).reports.append(report)
    held = _seen(SickAbsence.objects, user).on(day).filter(person__in=ids, needs_certificate=True)
    for absence in held.order_by("started_on"):
        of(absence.person_id).absences.append(absence)
    return facts


def _add_trips(f: Facts, trips: list, day: dt.date) -> None:
    for trip in trips or []:
        left = dt.date.fromisoformat(trip["left_on"])
        if left > day:
            continue
        back = dt.date.fromisoformat(trip["back_on"]) if trip.get("back_on") else None
        if back is None or back > day:
            f.away_since = max(f.away_since or left, left)
        elif f.back_on is None or back > f.back_on:
            f.back_on = back


def entry_statuses(people, user, day: dt.date | None = None) -> dict[int, EntryStatus]:
    """{person id: status} for the people who are not cleared on `day` (everyone else is)."""
    day = day or timezone.localdate()
    out = {}
    for pid, facts in load_facts(people, day, user).items():
        status = decide(facts, day)
        if not status.cleared:
            out[pid] = status
    return out


def entry_status(person: Person, user, day: dt.date | None = None) -> EntryStatus:
    day = day or timezone.localdate()
    facts = load_facts(Person.objects.filter(pk=person.pk), day, user).get(person.pk, Facts())
    return decide(facts, day)


@dataclass
class ReadinessRow:
    school_id: int | None
    name: str
    expected: int = 0
    deferred: int = 0
    denied: int = 0

    @property
    def cleared(self) -> int:
        return self.expected - self.deferred - self.denied


def readiness(user, day: dt.date | None = None, school_ids=None):
    """Per school in the user's scope: active people, and how many are deferred or denied on `day`.
    Returns (rows, {person id: status} of everyone not cleared)."""
    day = day or timezone.localdate()
    people = Person.objects.visible_to(user).filter(is_active=True)
    if school_ids is not None:
        people = people.filter(school_id__in=school_ids)
    rows = {
        r["school_id"]: ReadinessRow(r["school_id"], r["school__name"] or "局机关", expected=r["n"])
        for r in people.values("school_id", "school__name").annotate(n=Count("id")).order_by("school__code")
    }
    statuses = entry_statuses(people, user, day)
    for pid, school_id in people.filter(id__in=list(statuses)).values_list("id", "school_id"):
        row = rows[school_id]
        if statuses[pid].decision == Decision.DENY:
            row.denied += 1
        else:
            row.deferred += 1
    return list(rows.values()), statuses
