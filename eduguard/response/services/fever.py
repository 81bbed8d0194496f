"""发热师生处置 (domain.md §5.6–5.7): the state machine of a fever event.

    detected ─isolate→ isolated ─retest→ retested ─clear→ cleared (back to class)
                                          │  └retest (again)
                                          └refer→ referred ─exclude→ excluded ─return→ returned
                                                           └confirm→ confirmed (incident T2)

Found at home (a daily report), there is no isolation: detected ─retest→ retested, or
detected ─refer→ referred. Each step records its time and actor (FeverStep) and tells the people
the rule `response.fever_notify` names. A referral registers the student's sick absence (which
then needs a return certificate, §3.4) and, per `response.referral_trigger`, opens an incident;
a confirmation opens (or raises the open one to) `response.confirmed_trigger`.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.campus.models import DisinfectionLog, Place, PlaceKind
from eduguard.core.rules import get_rule
from eduguard.health.choices import AbsenceKind, Infectious
from eduguard.health.models import SickAbsence
from eduguard.health.services.absences import register_absence, update_absence
from eduguard.health.services.values import parse_temperature
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person
from eduguard.response.choices import FeverSource, FeverStatus, ReadingMethod, Transport
from eduguard.response.models import FeverEvent, FeverReading, FeverStep
from eduguard.response.services.clusters import schedule_detection
from eduguard.response.services.incidents import CaseIn, open_or_merge, trigger, unit_of_person
from eduguard.response.services.notices import tell

S = FeverStatus
# action → (states it may start from, state it leads to)
TRANSITIONS = {
    "isolate": ({S.DETECTED}, S.ISOLATED),
    "retest": ({S.ISOLATED, S.RETESTED}, S.RETESTED),
    "clear": ({S.RETESTED}, S.CLEARED),
    "refer": ({S.RETESTED}, S.REFERRED),
    "exclude": ({S.REFERRED}, S.EXCLUDED),
    "confirm": ({S.REFERRED}, S.CONFIRMED),
    "return": ({S.EXCLUDED}, S.RETURNED),
}
AT_HOME = {"retest": {S.DETECTED}, "refer": {S.DETECTED}}  # found at home: nothing to isolate
ACTION_LABELS = {
    "isolate": "带至临时隔离室",
    "retest": "复测体温",
    "clear": "复测正常，回班",
    "refer": "转诊发热门诊",
    "exclude": "排除传染病",
    "confirm": "确诊/疑似传染病",
    "return": "复课",
}


def allowed(event: FeverEvent) -> list[str]:
    """The actions open to the event in its state."""
    out = []
    for action, (starts, _) in TRANSITIONS.items():
        at_home = event.source == FeverSource.DAILY_REPORT and event.status in AT_HOME.get(action, set())
        if event.status in starts or at_home:
            out.append(action)
    if event.source == FeverSource.DAILY_REPORT and "isolate" in out:
        out.remove("isolate")
    return out


def may_detect(user, person: Person, day=None) -> bool:
    return holds_role_over(user, get_rule("response.fever_detect_roles", day), person)


def may_handle(user, event: FeverEvent, day=None) -> bool:
    return holds_role_over(user, get_rule("response.fever_handle_roles", day), event.person)


def _snapshot(e: FeverEvent) -> dict:
    return {
        "status": e.status,
        "temperature": str(e.temperature),
        "symptoms": e.symptoms,
        "room": e.room_id,
        "referred_to": e.referred_to,
        "transport": e.transport,
        "diagnosis": e.diagnosis,
    }


def threshold(day) -> Decimal:
    """The fever threshold in force on `day` (rule health.fever_threshold)."""
    return Decimal(str(get_rule("health.fever_threshold", day)))


def _temperature(raw, day, errors: dict, missing: str) -> Decimal | None:
    """The reading, or None with its message added to `errors` (required, within the rules' range)."""
    try:
        value = parse_temperature(raw, day)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None
    if value is None:
        errors["temperature"] = [missing]
    return value


def _notify(event: FeverEvent, step: str, body: str) -> None:
    audiences = get_rule("response.fever_notify").get(step, [])
    tell(
        audiences=audiences,
        school=event.school,
        person=event.person,
        kind=f"response.fever.{step}",
        key=f"{event.pk}:{step}",
        body=body,
    )


def _who(event: FeverEvent) -> str:
    klass = f"{event.school_class.name}" if event.school_class_id else ""
    return f"{event.school.name}{klass}{event.person.name}"


@transaction.atomic
def detect_fever(
    *,
    person: Person,
    source: str,
    temperature,
    actor,
    symptoms=(),
    place: str = "",
    at: dt.datetime | None = None,
    finding=None,
    report=None,
    automatic: bool = False,
) -> FeverEvent:
    """Record a fever found at the gate, a check, an observation or in a daily report. One open
    event per person: a second finding while one is open is refused (by hand) or joins it
    (automatic, from a check or a report)."""
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    if not automatic and not may_detect(actor, person, day):
        raise PermissionDenied(f"登记发热须由负责此人的{role_names('response.fever_detect_roles', day)}办理")
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("school", "school_class")
        .get(pk=person.pk)
    )
    errors: dict[str, list[str]] = {}
    if source not in FeverSource.values:
        errors["source"] = ["请选择发现途径"]
    if person.school_id is None:
        errors["person"] = ["只能为在校师生登记"]
    value = _temperature(temperature, day, errors, "请填写体温")
    symptoms = sorted(set(symptoms or []))
    if value is not None and value < threshold(day) and not symptoms:
        errors["temperature"] = [f"体温低于{threshold(day)}℃且无症状，无需登记发热"]
    if at > timezone.now() + dt.timedelta(minutes=5):
        errors["at"] = ["发现时间不能晚于现在"]
    if errors:
        raise ValidationError(errors)
    current = FeverEvent.objects.open().filter(person=person).first()
    if current is not None:
        if automatic:
            return current
        raise ValidationError(
            {"person": [f"{person.name}已有处置中的发热事件（{current.get_status_display()}）"]}
        )
    event = FeverEvent.objects.create(
        person=person,
        school_id=person.school_id,
        school_class_id=person.school_class_id,
        source=source,
        detected_at=at,
        detected_by=user_or_none(actor),
        temperature=value,
        symptoms=symptoms,
        place=(place or "").strip()[:60],
        finding=finding,
        report=report,
    )
    FeverStep.objects.create(
        event=event, to_status=S.DETECTED, at=at, by=user_or_none(actor), note=place[:200]
    )
    record_web_change(actor=actor, obj=event, before=None, after=_snapshot(event))
    _notify(
        event,
        "detected",
        f"【发热】{_who(event)} {FeverSource(source).label}体温{value}℃，请校医立即处置（{timezone.localtime(at):%H:%M}）",
    )
    schedule_detection(event.school_id, day)
    return event


def _start(event: FeverEvent, action: str, actor) -> FeverEvent:
    """Lock the event and check that the actor may take `action` in its state."""
    if not may_handle(actor, event):
        raise PermissionDenied(f"发热处置须由负责此人的{role_names('response.fever_handle_roles')}办理")
    event = (
        FeverEvent.objects.select_for_update(of=("self",))
        .select_related("person", "school", "school_class")
        .get(pk=event.pk)
    )
    if action not in allowed(event):
        raise ValidationError(
            {"__all__": [f"当前状态为「{event.get_status_display()}」，不能{ACTION_LABELS[action]}"]}
        )
    return event


def _step(event: FeverEvent, to: str, actor, note: str = "", before: dict | None = None) -> None:
    FeverStep.objects.create(
        event=event,
        from_status=event.status,
        to_status=to,
        at=timezone.now(),
        by=user_or_none(actor),
        note=note[:200],
    )
    event.status = to
    event.save()
    record_web_change(actor=actor, obj=event, before=before, after=_snapshot(event))


def room_state(room: Place, now: dt.datetime | None = None) -> tuple[int, bool]:
    """(people in the room now, whether it has been disinfected since it was last left)."""
    inside = FeverEvent.objects.in_room().filter(room=room).count()
    last_out = (
        FeverEvent.objects.filter(room=room, left_room_at__isnull=False)
        .order_by("-left_room_at")
        .values_list("left_room_at", flat=True)
        .first()
    )
    if last_out is None:
        return inside, True
    log = (
        DisinfectionLog.objects.filter(place=room)
        .order_by("-date", "-time")
        .values_list("date", "time")
        .first()
    )
    if log is None:
        return inside, False
    done = timezone.make_aware(dt.datetime.combine(*log))
    # Logs are typed to the minute: one in the minute the room was left counts.
    return inside, done >= last_out.replace(second=0, microsecond=0)


def isolation_rooms(user, school_id: int):
    """The school's isolation rooms in use, as `user` may see them."""
    return (
        Place.objects.visible_to(user)
        .filter(school_id=school_id, kind=PlaceKind.ISOLATION_ROOM)
        .active()
        .order_by("name")
    )


@transaction.atomic
def isolate(*, event: FeverEvent, room: Place | None, actor) -> FeverEvent:
    event = _start(event, "isolate", actor)
    if (
        room is None
        or room.school_id != event.school_id
        or room.kind != PlaceKind.ISOLATION_ROOM
        or not room.active
    ):
        raise ValidationError({"room": ["请选择本校的临时隔离室"]})
    room = Place.objects.select_for_update().get(pk=room.pk)  # one admission at a time
    inside, clean = room_state(room)
    if inside >= get_rule("response.isolation_capacity"):
        raise ValidationError({"room": [f"{room.name}已有人在隔离观察，请换一间或等其离开并消毒"]})
    if not clean:
        raise ValidationError({"room": [f"{room.name}上次使用后尚未登记消毒，消毒后方可再用"]})
    before = _snapshot(event)
    event.room, event.isolated_at = room, timezone.now()
    _step(event, S.ISOLATED, actor, room.name, before)
    _notify(
        event, "isolated", f"【发热】{_who(event)}体温{event.temperature}℃，已带至{room.name}观察，校医将复测"
    )
    return event


@transaction.atomic
def retest(
    *,
    event: FeverEvent,
    temperature,
    method: str,
    actor,
    travel_history: str = "",
    contact_history: str = "",
    exposure_history: str = "",
) -> FeverReading:
    event = _start(event, "retest", actor)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    value = _temperature(temperature, today, errors, "请填写复测体温")
    if method not in ReadingMethod.values:
        errors["method"] = ["请选择测量方式"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(event)
    reading = FeverReading.objects.create(
        event=event, at=timezone.now(), temperature=value, method=method, by=user_or_none(actor)
    )
    for name, text in (
        ("travel_history", travel_history),
        ("contact_history", contact_history),
        ("exposure_history", exposure_history),
    ):
        if (text or "").strip():
            setattr(event, name, text.strip()[:200])
    _step(event, S.RETESTED, actor, f"{value}℃ {ReadingMethod(method).label}", before)
    return reading


@transaction.atomic
def clear(*, event: FeverEvent, actor, note: str = "") -> FeverEvent:
    """Back to class: the last re-test is below the threshold and there are no symptoms."""
    event = _start(event, "clear", actor)
    last = event.readings.order_by("-at", "-id").first()
    if last is None or last.temperature >= threshold(timezone.localdate()) or event.symptoms:
        raise ValidationError(
            {"__all__": [f"复测体温须低于{threshold(timezone.localdate())}℃且无症状方可回班，否则请转诊"]}
        )
    before = _snapshot(event)
    if event.room_id and event.left_room_at is None:
        event.left_room_at = timezone.now()
    _step(event, S.CLEARED, actor, note, before)
    _notify(event, "cleared", f"【发热】{_who(event)}复测体温{last.temperature}℃，已回班，后续晨午检继续关注")
    return event


@transaction.atomic
def refer(
    *, event: FeverEvent, referred_to: str, transport: str, actor, escort: str = "", note: str = ""
) -> FeverEvent:
    """To the designated fever clinic: the student is absent from now (sick, with fever, so a
    return certificate is needed) and the referral is reported (rule response.referral_trigger)."""
    event = _start(event, "refer", actor)
    errors: dict[str, list[str]] = {}
    if not (referred_to or "").strip():
        errors["referred_to"] = ["请填写转诊的发热门诊或医院"]
    if transport not in Transport.values:
        errors["transport"] = ["请选择转运方式"]
    if transport == Transport.ESCORT and not (escort or "").strip():
        errors["escort"] = ["学校护送须填写护送人"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(event)
    event.referred_to, event.transport, event.escort = (
        referred_to.strip()[:100],
        transport,
        (escort or "").strip()[:30],
    )
    if event.room_id and event.left_room_at is None:
        event.left_room_at = timezone.now()
    today = timezone.localdate()
    if event.person.category == PersonCategory.STUDENT and event.person.school_class_id:
        event.absence = _absence_for(event, actor, today)
    code = get_rule("response.referral_trigger")
    if code:
        incident, _ = open_or_merge(
            unit=unit_of_person(event.person),
            trigger=trigger(code),
            cases=[CaseIn(event.person_id, today, ["fever", *event.symptoms], ["fever"])],
            source="fever",
            summary=f"{event.person.name}发热{event.temperature}℃，已转诊{event.referred_to}",
            actor=actor,
        )
        event.incident = incident
    _step(event, S.REFERRED, actor, f"{event.referred_to} · {Transport(transport).label}", before)
    _notify(
        event,
        "referred",
        f"【发热】{_who(event)}复测仍发热，已由{Transport(transport).label}转诊{event.referred_to}，请跟进诊断结果",
    )
    return event


def _absence_for(event: FeverEvent, actor, today: dt.date) -> SickAbsence:
    """The student's open absence (marked sick with fever), or a new one from today."""
    symptoms = sorted({"fever", *(s for s in event.symptoms if s)})
    open_one = SickAbsence.objects.open().filter(person=event.person).first()
    if open_one is None:
        return register_absence(
            person=event.person,
            started_on=today,
            actor=actor,
            kind=AbsenceKind.SICK,
            onset_on=today,
            symptoms=symptoms,
            symptom_note=f"发热{event.temperature}℃，转诊{event.referred_to}",
        )
    return update_absence(
        absence=open_one, actor=actor, kind=AbsenceKind.SICK, symptoms=sorted({*open_one.symptoms, *symptoms})
    )


@transaction.atomic
def exclude(
    *, event: FeverEvent, diagnosis: str, actor, infectious: bool = False, disease: str = ""
) -> FeverEvent:
    """The clinic ruled out the epidemic disease: the student recovers at home and comes back
    with a return certificate the school doctor approves (the absence needs one)."""
    event = _start(event, "exclude", actor)
    errors = {}
    if not (diagnosis or "").strip():
        errors["diagnosis"] = ["请填写医院诊断"]
    if infectious and not (disease or "").strip():
        errors["disease"] = ["传染病须填写病名"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(event)
    event.diagnosis = diagnosis.strip()[:100]
    if event.absence_id:
        update_absence(
            absence=event.absence,
            actor=actor,
            seen_doctor=True,
            hospital=event.referred_to,
            diagnosis=event.diagnosis,
            infectious=Infectious.YES if infectious else Infectious.NO,
            disease=(disease or "").strip(),
        )
    _step(event, S.EXCLUDED, actor, event.diagnosis, before)
    _notify(
        event, "excluded", f"【发热】{_who(event)}诊断：{event.diagnosis}。病愈后凭复课证明经校医查验返校"
    )
    return event


@transaction.atomic
def confirm(*, event: FeverEvent, diagnosis: str, disease: str, actor) -> FeverEvent:
    """A confirmed or suspected case of an infectious disease: reported at once (T2 by default),
    merged with the referral's incident."""
    event = _start(event, "confirm", actor)
    errors = {}
    if not (diagnosis or "").strip():
        errors["diagnosis"] = ["请填写诊断（确诊或疑似）"]
    if not (disease or "").strip():
        errors["disease"] = ["请填写病名"]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(event)
    event.diagnosis = f"{diagnosis.strip()}（{disease.strip()}）"[:100]
    if event.absence_id:
        update_absence(
            absence=event.absence,
            actor=actor,
            seen_doctor=True,
            hospital=event.referred_to,
            diagnosis=diagnosis.strip(),
            infectious=Infectious.YES,
            disease=disease.strip(),
        )
    day = timezone.localdate()
    incident, _ = open_or_merge(
        unit=unit_of_person(event.person),
        trigger=trigger(get_rule("response.confirmed_trigger")),
        cases=[CaseIn(event.person_id, day, ["fever", *event.symptoms], ["fever"])],
        source="fever",
        summary=f"{event.person.name}{diagnosis.strip()}：{disease.strip()}",
        disease=disease.strip(),
        actor=actor,
    )
    event.incident = incident
    _step(event, S.CONFIRMED, actor, event.diagnosis, before)
    _notify(event, "confirmed", f"【疫情】{_who(event)}{event.diagnosis}，请立即按应急预案处置并报告")
    return event


@transaction.atomic
def mark_returned(*, event: FeverEvent, actor) -> FeverEvent:
    """Closes the event once the student's absence has ended (certificate approved, back in class)."""
    event = _start(event, "return", actor)
    if event.absence_id and event.absence.returned_on is None:
        raise ValidationError({"__all__": ["缺勤尚未结束：须经校医审核复课证明后登记返校"]})
    before = _snapshot(event)
    _step(event, S.RETURNED, actor, "", before)
    return event
