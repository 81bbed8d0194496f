"""Symptom surveillance feed (WS/T 772, domain.md §2.2): every student with a symptom on a day,
from the class checks and the absence register, in one shape. The class and school summaries
count it; the cluster detection of the response area reads the same feed."""

import datetime as dt
from dataclasses import dataclass

from eduguard.health.models import HealthCheckFinding, SickAbsence


@dataclass(frozen=True)
class SymptomCase:
    person_id: int
    school_id: int | None
    class_id: int | None
    dorm_id: int | None
    day: dt.date
    symptoms: tuple[str, ...]
    source: str  # "check" (a finding at a class check) or "absence" (the absence register)


def symptom_cases(findings, absences, since: dt.date, until: dt.date) -> list[SymptomCase]:
    """Cases between `since` and `until` from the given (already scoped) querysets of findings and
    absences; an absence counts on its onset day (its first day absent when onset is unknown)."""
    cases = []
    rows = (
        findings.filter(health_check__date__range=(since, until))
        .exclude(symptoms=[])
        .values_list(
            "person_id",
            "health_check__school_class__school_id",
            "health_check__school_class_id",
            "person__dorm_id",
            "health_check__date",
            "symptoms",
        )
    )
    for pid, school, klass, dorm, day, symptoms in rows:
        if symptoms:
            cases.append(SymptomCase(pid, school, klass, dorm, day, tuple(symptoms), "check"))
    for a in (
        absences.exclude(symptoms=[])
        .select_related("person")
        .only(
            "person_id",
            "school_id",
            "school_class_id",
            "person__dorm_id",
            "onset_on",
            "started_on",
            "symptoms",
        )
    ):
        day = a.onset_on or a.started_on
        if since <= day <= until and a.symptoms:
            cases.append(
                SymptomCase(
                    a.person_id,
                    a.school_id,
                    a.school_class_id,
                    a.person.dorm_id,
                    day,
                    tuple(a.symptoms),
                    "absence",
                )
            )
    return cases


def school_cases(user, school_ids, since: dt.date, until: dt.date) -> list[SymptomCase]:
    """The feed for some schools, as `user` may see it."""
    findings = HealthCheckFinding.objects.visible_to(user).filter(
        health_check__school_class__school_id__in=school_ids
    )
    absences = SickAbsence.objects.visible_to(user).filter(
        school_id__in=school_ids, started_on__lte=until, started_on__gte=since - dt.timedelta(days=30)
    )
    return symptom_cases(findings, absences, since, until)


# Other areas act on symptom records as they are saved (the response area opens fever events and
# runs cluster detection): they register here, so health does not import them.
_listeners: list = []


def on_record(listener) -> None:
    """Call `listener(record)` with each saved check that found a symptom or a fever, each daily report
    with a fever or a symptom, and each absence whose symptoms were recorded."""
    if listener not in _listeners:
        _listeners.append(listener)


def recorded(record) -> None:
    for listener in _listeners:
        listener(record)
