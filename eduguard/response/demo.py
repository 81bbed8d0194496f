"""The demo county's emergency response, written through the services so every figure and state
comes out as live records would: at the demo school a fever found at the gate that re-tested
normal, one at the morning check referred to the fever clinic (with its absence, a T3 incident
reported to the CDC, and a bus ride for contact tracing), and one waiting for the doctor. The
class already had coughs and sore throats at its checks (health demo), so the referral completes
a cluster: the incident is merged and raised to T1 and must be reported again; elsewhere a class cluster (T1) reported to both, an incident past
its deadline and escalated, one closed last week; and every school's drills, a few missing one.
Deterministic: no random draws (the seed-demo test asserts the figures)."""

import datetime as dt

from django.utils import timezone

from eduguard.campus.models import Place, PlaceKind
from eduguard.campus.services.hygiene import log_disinfection
from eduguard.health.models import SickAbsence
from eduguard.health.services.checks import Finding, file_check
from eduguard.logistics.models import Ride, Trip
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass
from eduguard.response.choices import DrillScenario
from eduguard.response.models import Drill
from eduguard.response.services import fever
from eduguard.response.services.clusters import detect
from eduguard.response.services.incidents import (
    CaseIn,
    close_incident,
    escalate_overdue,
    open_or_merge,
    record_report,
    trigger,
    unit_of_class,
)

MISSING_DRILLS = {4: ["meals"], 11: ["isolation_room", "fever"], 19: ["meals"]}  # school position → scenarios


def _now(today: dt.date) -> dt.datetime:
    """The demo's present: its day (the seed day in the tests) at the current time of day."""
    return timezone.make_aware(dt.datetime.combine(today, timezone.localtime().time()))


def response_demo(ctx) -> None:
    admin = ctx.users.get("admin")
    doctor = ctx.users.get("doctor") or admin
    school = ctx.schools[ctx.options.profile.demo_school]
    schools = sorted(ctx.schools.values(), key=lambda s: s.code)
    _drills(schools, admin, ctx.options.today)
    _fevers(school, doctor, admin, ctx.options.today)
    others = [s for s in schools if s.pk != school.pk]
    _cluster(others[2], admin, ctx.options.today)
    _overdue(others[6], admin, ctx.options.today)
    _closed(others[9], admin, ctx.options.today)
    escalate_overdue(_now(ctx.options.today))


def _students(klass, n):
    return list(
        Person.objects.filter(school_class=klass, category=PersonCategory.STUDENT, is_active=True).order_by(
            "id"
        )[:n]
    )


def _first_class(school):
    return SchoolClass.objects.filter(school=school).order_by("grade__level", "number").first()


def _fevers(school, doctor, admin, today) -> None:
    room = Place.objects.filter(school=school, kind=PlaceKind.ISOLATION_ROOM).first()
    klass = _first_class(school)
    students = _students(klass, 40)
    gate, referred, waiting = students[3], students[5], students[8]
    # 1. At the gate, re-tested normal, back to class; the room is then disinfected.
    at = _now(today) - dt.timedelta(minutes=30)
    e = fever.detect_fever(
        person=gate, source="gate", temperature="37.5", actor=doctor, place="东门测温点", at=at
    )
    fever.isolate(event=e, room=room, actor=doctor)
    fever.retest(event=e, temperature="36.7", method="axillary", actor=doctor, travel_history="无")
    fever.clear(event=e, actor=doctor, note="复测两次正常")
    now = timezone.localtime()
    log_disinfection(
        place=room,
        date=now.date(),
        time=now.time().replace(second=0, microsecond=0),
        method="chlorine",
        concentration_mg_l=1000,
        duration_min=30,
        operator="后勤 刘师傅",
        checker="校医",
        actor=admin,
    )
    # 2. At the morning check, still feverish on re-test: referred, reported to the CDC so far.
    e = fever.detect_fever(
        person=referred,
        source="check",
        temperature="38.2",
        symptoms=["cough"],
        actor=doctor,
        place=klass.name,
    )
    fever.isolate(event=e, room=room, actor=doctor)
    fever.retest(
        event=e,
        temperature="38.4",
        method="axillary",
        actor=doctor,
        travel_history="无",
        contact_history="无",
    )
    e = fever.refer(event=e, referred_to="县人民医院发热门诊", transport="parent", actor=doctor)
    if today != timezone.localdate():  # a demo of a past day: the absence begins on that day too
        SickAbsence.objects.filter(pk=e.absence_id).update(started_on=today, onset_on=today)
    record_report(
        incident=e.incident,
        kind="initial",
        recipient="cdc",
        reported_at=timezone.now(),
        receiver="县疾控中心 值班室",
        phone="0414-4812345",
        actor=doctor,
    )
    # 3. Found by a teacher a few minutes ago: waiting for the doctor.
    fever.detect_fever(
        person=waiting, source="observation", temperature="37.8", actor=doctor, place="操场", at=_now(today)
    )
    # The bus that brought the referred student back two days ago (contact tracing lists its riders).
    trip = Trip.objects.create(
        school=school, date=today - dt.timedelta(days=1), vehicle="辽E·A1234", route="草河口镇—学校"
    )
    riders = [referred, *students[20:30], *_students(SchoolClass.objects.filter(school=school)[1], 6)]
    Ride.objects.bulk_create(Ride(trip=trip, person=p, seat=str(n + 1)) for n, p in enumerate(riders))


def _cluster(school, admin, today) -> None:
    """Three students of one class with fever and cough at yesterday's morning check: T1."""
    klass = _first_class(school)
    day = today - dt.timedelta(days=1)
    findings = [
        Finding(person=p, temperature="38.0", symptoms=["fever", "cough"]) for p in _students(klass, 3)
    ]
    file_check(school_class=klass, day=day, session="morning", findings=findings, actor=admin, now=_now(day))
    for incident, _ in detect(day, [school.pk], now=_now(day)):
        for recipient, receiver in (("cdc", "县疾控中心 张医生"), ("education", "县教育局 体卫艺科")):
            record_report(
                incident=incident,
                kind="initial",
                recipient=recipient,
                reported_at=timezone.now(),
                receiver=receiver,
                phone="0414-4812345",
                actor=admin,
            )


def _unit_cases(school, n, onset):
    klass = _first_class(school)
    return unit_of_class(klass), [
        CaseIn(p.pk, onset, ["diarrhea", "vomiting"], ["absence"]) for p in _students(klass, n)
    ]


def _overdue(school, admin, today) -> None:
    """Found thirty hours ago and still not reported: past its 24 hours, escalated."""
    detected = _now(today) - dt.timedelta(hours=30)
    unit, cases = _unit_cases(school, 3, timezone.localtime(detected).date())
    open_or_merge(
        unit=unit,
        trigger=trigger("T1"),
        cases=cases,
        source="manual",
        summary="3人腹泻、呕吐，疑似食源性",
        actor=admin,
        now=detected,
    )


def _closed(school, admin, today) -> None:
    detected = _now(today) - dt.timedelta(days=7)
    unit, cases = _unit_cases(school, 3, timezone.localtime(detected).date())
    incident, _ = open_or_merge(
        unit=unit,
        trigger=trigger("T1"),
        cases=cases,
        source="manual",
        summary="3人腹泻",
        actor=admin,
        now=detected,
    )
    for recipient in ("cdc", "education"):
        record_report(
            incident=incident,
            kind="initial",
            recipient=recipient,
            reported_at=detected + dt.timedelta(hours=2),
            receiver="值班室",
            phone="0414-4812345",
            actor=admin,
        )
    close_incident(
        incident=incident, summary="诊断为急性胃肠炎，3人均已痊愈返校；食堂留样检测未见异常", actor=admin
    )


def _drills(schools, admin, today) -> None:
    rows = []
    for position, school in enumerate(schools):
        skip = MISSING_DRILLS.get(position, [])
        for n, scenario in enumerate(s for s in DrillScenario.values if s != "other"):
            if scenario in skip:
                continue
            rows.append(
                Drill(
                    school=school,
                    scenario=scenario,
                    held_on=today - dt.timedelta(days=20 + 3 * n + position % 5),
                    participants=60 + 10 * (position % 7),
                    problems="隔离室转运路线标识不清" if n == 0 and position % 3 == 0 else "",
                    improvements="已补设地面标识" if n == 0 and position % 3 == 0 else "",
                    recorded_by=admin,
                )
            )
    Drill.objects.bulk_create(rows)
