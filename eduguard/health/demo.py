"""The demo county's class checks for the last three days (the symptom window), bulk-written:
most classes file zero reports, a few students are absent or unwell, a handful of sick absences
need a return certificate (some approved and numbered, some still waiting), and one class of
the head teacher's school has not filed today's morning check."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from eduguard.health.choices import AbsenceKind, CertificateStatus, CheckSession, Infectious
from eduguard.health.models import HealthCheck, HealthCheckFinding, ReturnCertificate, SickAbsence
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass

DAYS = 3
UNWELL = ["cough", "sore_throat", "headache", "fever", "diarrhea", "abdominal_pain", "vomiting", "rash"]
DISEASES = ["水痘", "流行性腮腺炎", "流行性感冒"]


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hh, mm = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))


def checks_demo(ctx) -> None:
    rng, today = ctx.rng, ctx.options.today
    days = [today - dt.timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    students: dict[int, list[tuple[int, int | None]]] = {}
    for pid, class_id, dorm_id in (
        Person.objects.filter(county=ctx.county, category=PersonCategory.STUDENT, is_active=True)
        .order_by("id")
        .values_list("id", "school_class_id", "dorm_id")
    ):
        students.setdefault(class_id, []).append((pid, dorm_id))
    classes = list(
        SchoolClass.objects.filter(school__county=ctx.county)
        .annotate(boarders=Count("people", filter=Q(people__boarding=True)))
        .order_by("id")
    )
    # Sick absences that began over the window; some need a certificate.
    absences = []
    for klass in classes:
        for pid, _ in students.get(klass.id, []):
            if rng.random() < 0.004:
                started = rng.choice(days)
                infectious = rng.random() < 0.3
                symptoms = (
                    ["fever", rng.choice(UNWELL)]
                    if infectious or rng.random() < 0.3
                    else [rng.choice(UNWELL)]
                )
                a = SickAbsence(
                    person_id=pid,
                    school_id=klass.school_id,
                    school_class_id=klass.id,
                    kind=AbsenceKind.SICK,
                    started_on=started,
                    onset_on=started,
                    half_days=2 * ((today - started).days + 1),
                    symptoms=sorted(set(symptoms)),
                    seen_doctor=True,
                    hospital="本溪县人民医院",
                    diagnosis=rng.choice(DISEASES) if infectious else "上呼吸道感染",
                    infectious=Infectious.YES if infectious else Infectious.NO,
                    disease=rng.choice(DISEASES) if infectious else "",
                )
                a.needs_certificate = infectious or "fever" in a.symptoms
                absences.append(a)
    SickAbsence.objects.bulk_create(absences)
    ill = {a.person_id: a for a in absences}
    codes = {school.id: school.code for school in ctx.schools.values()}
    _certificates(absences, today, rng, codes)

    checks, plans = [], []
    skipped = (
        classes[0].id if classes else None
    )  # the first school's first class: today's morning check is missing
    for day in days:
        for klass in classes:
            sessions = [CheckSession.MORNING, CheckSession.NOON] + (
                [CheckSession.EVENING] if klass.boarders else []
            )
            for session in sessions:
                if day == today and (session != CheckSession.MORNING or klass.id == skipped):
                    continue
                rows = []
                for pid, _ in students.get(klass.id, []):
                    a = ill.get(pid)
                    if (
                        a is not None
                        and a.started_on <= day
                        and (a.returned_on is None or a.returned_on > day)
                    ):
                        rows.append(
                            HealthCheckFinding(
                                person_id=pid,
                                present=False,
                                absence_kind="sick",
                                absence=a,
                                symptoms=a.symptoms,
                            )
                        )
                    elif rng.random() < 0.003:
                        rows.append(
                            HealthCheckFinding(person_id=pid, symptoms=[rng.choice(UNWELL)], action="observe")
                        )
                late = rng.random() < 0.03
                submitted = (
                    _at(day, "08:40" if late else "07:55")
                    if session == CheckSession.MORNING
                    else _at(day, "13:50")
                )
                check = HealthCheck(
                    school_class_id=klass.id,
                    date=day,
                    session=session,
                    expected=len(students.get(klass.id, [])),
                    zero_report=not rows,
                    submitted_at=submitted,
                    updated_at=submitted,
                )
                checks.append(check)
                plans.append(rows)
    HealthCheck.objects.bulk_create(checks, batch_size=1000)
    findings = []
    for check, rows in zip(checks, plans, strict=True):
        for row in rows:
            row.health_check = check
            findings.append(row)
    HealthCheckFinding.objects.bulk_create(findings, batch_size=1000)


def _certificates(absences: list[SickAbsence], today: dt.date, rng, codes: dict[int, str]) -> None:
    """Half of the absences that needed a certificate are over: approved and numbered."""
    certificates, seq = [], {}
    for a in absences:
        if not a.needs_certificate or a.started_on == today or rng.random() < 0.5:
            continue
        seq[a.school_id] = seq.get(a.school_id, 0) + 1
        a.returned_on = today
        a.outcome = "recovered"
        certificates.append(
            ReturnCertificate(
                absence=a,
                hospital="本溪县人民医院",
                hospital_level="secondary",
                issued_on=today - dt.timedelta(days=1),
                status=CertificateStatus.APPROVED,
                reviewed_at=_at(today, "07:30"),
                return_on=today,
                number=f"FK-{codes[a.school_id]}-{today.year}-{seq[a.school_id]:04d}",
            )
        )
    SickAbsence.objects.bulk_update([c.absence for c in certificates], ["returned_on", "outcome"])
    ReturnCertificate.objects.bulk_create(certificates)
