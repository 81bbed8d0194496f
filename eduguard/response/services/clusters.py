"""Cluster detection (domain.md §2.1 T1, §2.2): the cluster rules over every symptom record.

A case is a person with a symptom on a day, from the class checks, the absence register, the
daily reports (fever or a symptom) and the fever events (rule `response.cluster_sources`). For
each active ClusterRule, the cases of its window are grouped by unit (class, dormitory, grade,
school) and by symptom group (rule `response.symptom_groups`: similar symptoms); a group that
reaches the rule's count — each person counted once, whatever the number of sources or days —
opens an incident or is merged into the open one (services.incidents.open_or_merge).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eduguard.core.rules import get_rule
from eduguard.health.models import DailyReport, HealthCheckFinding, SickAbsence
from eduguard.health.services.surveillance import symptom_cases
from eduguard.org.models import DormRoom, Grade, School, SchoolClass
from eduguard.response.choices import FeverStatus, IncidentSource, ScopeType
from eduguard.response.models import ClusterRule, FeverEvent
from eduguard.response.services.incidents import CaseIn, Unit, open_or_merge

SCOPE_FIELD = {
    ScopeType.CLASS: "class_id",
    ScopeType.DORMITORY: "dorm_id",
    ScopeType.GRADE: "grade_id",
    ScopeType.SCHOOL: "school_id",
}


@dataclass(frozen=True)
class Case:
    person_id: int
    school_id: int
    class_id: int | None
    grade_id: int | None
    dorm_id: int | None
    day: dt.date
    symptoms: frozenset[str]
    source: str


def rules_on(day: dt.date) -> list[ClusterRule]:
    return list(
        ClusterRule.objects.filter(active=True, effective_from__lte=day, trigger__active=True).select_related(
            "trigger"
        )
    )


def gather(school_ids, since: dt.date, until: dt.date, sources=None) -> list[Case]:
    """Every case of these schools between the two days, from the sources the rule names."""
    sources = set(sources if sources is not None else get_rule("response.cluster_sources", until))
    raw = []  # (person, school, class, dorm, day, symptoms, source)
    if sources & {"check", "absence"}:
        findings = HealthCheckFinding.objects.filter(health_check__school_class__school_id__in=school_ids)
        absences = SickAbsence.objects.filter(
            school_id__in=school_ids, started_on__lte=until, started_on__gte=since - dt.timedelta(days=30)
        )
        for c in symptom_cases(
            findings if "check" in sources else findings.none(),
            absences if "absence" in sources else absences.none(),
            since,
            until,
        ):
            raw.append((c.person_id, c.school_id, c.class_id, c.dorm_id, c.day, c.symptoms, c.source))
    if "daily_report" in sources:
        reports = DailyReport.objects.filter(school_id__in=school_ids, date__range=(since, until)).filter(
            Q(fever=True) | ~Q(symptoms=[])
        )
        for pid, school, klass, dorm, day, symptoms, fever in reports.values_list(
            "person_id", "school_id", "school_class_id", "person__dorm_id", "date", "symptoms", "fever"
        ):
            raw.append(
                (
                    pid,
                    school,
                    klass,
                    dorm,
                    day,
                    tuple(symptoms or ()) + (("fever",) if fever else ()),
                    "daily_report",
                )
            )
    if "fever" in sources:
        events = FeverEvent.objects.exclude(status=FeverStatus.CLEARED).filter(  # a false alarm is no case
            school_id__in=school_ids,
            detected_at__gte=_start(since),
            detected_at__lt=_start(until + dt.timedelta(days=1)),
        )
        for pid, school, klass, dorm, at, symptoms in events.values_list(
            "person_id", "school_id", "school_class_id", "person__dorm_id", "detected_at", "symptoms"
        ):
            raw.append(
                (
                    pid,
                    school,
                    klass,
                    dorm,
                    timezone.localtime(at).date(),
                    tuple(symptoms or ()) + ("fever",),
                    "fever",
                )
            )
    grades = dict(
        SchoolClass.objects.filter(id__in={r[2] for r in raw if r[2]}).values_list("id", "grade_id")
    )
    return [
        Case(pid, school, klass, grades.get(klass), dorm, day, frozenset(symptoms), source)
        for pid, school, klass, dorm, day, symptoms, source in raw
        if school is not None and symptoms
    ]


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class Cluster:
    rule: ClusterRule
    scope_id: int
    group: str
    cases: list[Case]  # one per person (the earliest), with every source that counted them

    @property
    def people(self) -> set[int]:
        return {c.person_id for c in self.cases}


def find_clusters(cases: list[Case], rules: list[ClusterRule], day: dt.date, groups: dict) -> list[Cluster]:
    """Pure: the (rule, unit, symptom group) combinations reaching the rule's count on `day`."""
    found = []
    for rule in rules:
        since = day - dt.timedelta(days=rule.window_days - 1)
        attr = SCOPE_FIELD[rule.scope]
        buckets: dict[tuple[int, str], dict[int, list[Case]]] = defaultdict(lambda: defaultdict(list))
        for case in cases:
            unit = getattr(case, attr)
            if unit is None or not since <= case.day <= day:
                continue
            for group, codes in groups.items():
                if case.symptoms & set(codes):
                    buckets[(unit, group)][case.person_id].append(case)
        for (unit, group), by_person in sorted(buckets.items()):
            if len(by_person) >= rule.min_cases:
                found.append(Cluster(rule, unit, group, [_merge(rows) for rows in by_person.values()]))
    return found


def _merge(rows: list[Case]) -> Case:
    first = min(rows, key=lambda c: c.day)
    symptoms = frozenset().union(*(r.symptoms for r in rows))
    return Case(
        **{**first.__dict__, "symptoms": symptoms, "source": ",".join(sorted({r.source for r in rows}))}
    )


GROUP_LABELS = {
    "respiratory": "发热/呼吸道症状",
    "gastrointestinal": "胃肠道症状",
    "rash": "皮疹",
    "parotitis": "腮腺肿大",
    "jaundice": "黄疸",
    "conjunctivitis": "结膜充血",
}


def _unit(rule: ClusterRule, scope_id: int, schools: dict) -> Unit:
    if rule.scope == ScopeType.CLASS:
        k = SchoolClass.objects.select_related("school").get(pk=scope_id)
        return Unit(ScopeType.CLASS, k.pk, f"{k.school.name} {k.name}", k.school, k.grade_id, k.pk)
    if rule.scope == ScopeType.DORMITORY:
        d = DormRoom.objects.select_related("school").get(pk=scope_id)
        return Unit(ScopeType.DORMITORY, d.pk, f"{d.school.name} 宿舍{d.label}", d.school)
    if rule.scope == ScopeType.GRADE:
        g = Grade.objects.select_related("school").get(pk=scope_id)
        return Unit(ScopeType.GRADE, g.pk, f"{g.school.name} {g.name}", g.school, g.pk)
    school = schools.get(scope_id) or School.objects.get(pk=scope_id)
    return Unit(ScopeType.SCHOOL, school.pk, school.name, school)


def detect(day: dt.date, school_ids=None, now: dt.datetime | None = None) -> list[tuple]:
    """Run every rule in force on `day` over the cases of its window, for these schools (all when
    None). Returns [(incident, created)] for each cluster found; running it again merges into
    the same incidents and adds nothing."""
    rules = rules_on(day)
    if not rules:
        return []
    longest = max(r.window_days for r in rules)
    ids = list(school_ids) if school_ids is not None else list(School.objects.values_list("id", flat=True))
    cases = gather(ids, day - dt.timedelta(days=longest - 1), day)
    groups = get_rule("response.symptom_groups", day)
    # The longer windows first: their incident then takes the cases of the shorter one.
    clusters = find_clusters(cases, sorted(rules, key=lambda r: (-r.window_days, r.pk)), day, groups)
    schools = {s.pk: s for s in School.objects.filter(id__in={c.school_id for c in cases})}
    out = []
    for cluster in clusters:
        unit = _unit(cluster.rule, cluster.scope_id, schools)
        label = GROUP_LABELS.get(cluster.group, cluster.group)
        summary = (
            f"{cluster.rule.name}：{len(cluster.cases)}人出现{label}"
            f"（{min(c.day for c in cluster.cases):%m月%d日}起）"
        )
        cases = [CaseIn(c.person_id, c.day, sorted(c.symptoms), c.source.split(",")) for c in cluster.cases]
        out.append(
            open_or_merge(
                unit=unit,
                trigger=cluster.rule.trigger,
                cases=cases,
                source=IncidentSource.CLUSTER,
                summary=summary,
                rule=cluster.rule,
                symptom_group=cluster.group,
                now=now,
            )
        )
    return out


def detect_after_record(day: dt.date, school_ids) -> list[tuple]:
    """A record of `day` counts in the windows of the days after it too (a late check for
    yesterday completes today's three-day window): detect for each of them up to today."""
    rules = rules_on(day)
    longest = max((r.window_days for r in rules), default=1)
    last = min(timezone.localdate(), day + dt.timedelta(days=longest - 1))
    out = []
    while day <= last:
        out += detect(day, school_ids)
        day += dt.timedelta(days=1)
    return out


def schedule_detection(school_id: int | None, day: dt.date) -> None:
    """After a symptom record is saved: detect for its school once the transaction commits (as a
    Celery task when a broker is configured, inline otherwise)."""
    if school_id is None:
        return

    def run():
        from eduguard.response.tasks import detect_clusters

        detect_clusters.delay(school_id, day.isoformat())

    transaction.on_commit(run)
