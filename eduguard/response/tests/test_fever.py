"""The fever state machine (domain.md §5.7): each step with its actor and time, the isolation
room's rules, the referral's absence and incident, and who is told."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.campus.services.hygiene import add_place, log_disinfection
from eduguard.health.models import SickAbsence
from eduguard.health.services.checks import Finding, file_check
from eduguard.health.services.reports import submit_report
from eduguard.notify.models import Message
from eduguard.response.models import FeverEvent, Incident
from eduguard.response.services import fever as service

TODAY = timezone.localdate()


@pytest.fixture
def room(world):
    return add_place(
        school=world.schools["S1"], name="临时隔离室1", kind="isolation_room", actor=world.principal
    )


@pytest.fixture
def event(world):
    return service.detect_fever(
        person=world.people["S1C1A"],
        source="observation",
        temperature="37.9",
        actor=world.head_teacher,
        place="教室",
    )


def disinfect(world, room):
    now = timezone.localtime()
    log_disinfection(
        place=room,
        date=now.date(),
        time=now.time().replace(microsecond=0),
        method="chlorine",
        concentration_mg_l=1000,
        duration_min=30,
        operator="保洁甲",
        checker="校医乙",
        actor=world.doctor,
    )


def test_a_head_teacher_records_a_fever_and_the_school_doctor_is_told(world, event):
    assert event.status == "detected" and event.steps.get().by == world.head_teacher
    assert Message.objects.filter(kind="response.fever.detected", recipient_user=world.doctor).count() == 1


def test_from_detection_to_referral(world, event, room):
    guardian = world.people["S1C1A"].guardians.get()
    guardian.set_phone("+8613912345678")
    guardian.save()
    doctor = world.doctor
    service.isolate(event=event, room=room, actor=doctor)
    service.retest(event=event, temperature="38.2", method="axillary", actor=doctor, travel_history="无")
    event = service.refer(event=event, referred_to="县人民医院发热门诊", transport="parent", actor=doctor)
    event.refresh_from_db()
    assert event.status == "referred" and event.left_room_at is not None
    assert [s.to_status for s in event.steps.all()] == ["detected", "isolated", "retested", "referred"]
    assert all(s.by == doctor for s in event.steps.all()[1:])
    absence = SickAbsence.objects.get(person=event.person)
    assert event.absence == absence and absence.kind == "sick" and absence.needs_certificate
    incident = Incident.objects.get()
    assert incident.trigger.code == "T3" and incident.cases.get().person == event.person
    assert incident.deadline - incident.detected_at == dt.timedelta(hours=24)
    # head teacher, guardian (phone), principal and the bureau staff covering S1 hear of the referral
    kinds = Message.objects.filter(kind="response.fever.referred")
    assert kinds.filter(recipient_user=world.head_teacher).exists()
    assert kinds.filter(recipient_user=world.principal).exists()
    assert kinds.filter(recipient_user=world.bureau_staff).exists()
    assert kinds.filter(recipient_user__isnull=True, recipient_name="家长S1C1A").exists()


def test_a_transition_that_skips_a_state_is_refused(world, event):
    with pytest.raises(ValidationError, match="不能转诊发热门诊"):
        service.refer(event=event, referred_to="县医院", transport="parent", actor=world.doctor)
    with pytest.raises(ValidationError, match="不能复测正常"):
        service.clear(event=event, actor=world.doctor)
    with pytest.raises(ValidationError, match="不能复测体温"):
        service.retest(event=event, temperature="37.0", method="axillary", actor=world.doctor)
    event.refresh_from_db()
    assert event.status == "detected" and event.steps.count() == 1


def test_a_second_person_cannot_enter_an_occupied_room_nor_one_not_yet_disinfected(world, event, room):
    service.isolate(event=event, room=room, actor=world.doctor)
    other = service.detect_fever(
        person=world.people["S1C2A"], source="gate", temperature="38.0", actor=world.doctor
    )
    with pytest.raises(ValidationError, match="已有人在隔离观察"):
        service.isolate(event=other, room=room, actor=world.doctor)
    service.retest(event=event, temperature="36.6", method="axillary", actor=world.doctor)
    service.clear(event=event, actor=world.doctor)
    with pytest.raises(ValidationError, match="尚未登记消毒"):
        service.isolate(event=other, room=room, actor=world.doctor)
    disinfect(world, room)
    service.isolate(event=other, room=room, actor=world.doctor)
    assert FeverEvent.objects.in_room().get().person == world.people["S1C2A"]


def test_back_to_class_only_after_a_normal_retest(world, event, room):
    service.isolate(event=event, room=room, actor=world.doctor)
    service.retest(event=event, temperature="37.6", method="axillary", actor=world.doctor)
    with pytest.raises(ValidationError, match="方可回班"):
        service.clear(event=event, actor=world.doctor)
    service.retest(event=event, temperature="36.8", method="axillary", actor=world.doctor)
    assert service.clear(event=event, actor=world.doctor).status == "cleared"
    assert event.readings.count() == 2


def test_excluded_then_returned_only_once_the_absence_has_ended(world, event, room):
    from eduguard.health.services.certificates import review_certificate, submit_certificate

    service.isolate(event=event, room=room, actor=world.doctor)
    service.retest(event=event, temperature="38.5", method="axillary", actor=world.doctor)
    service.refer(event=event, referred_to="县医院", transport="escort", escort="李老师", actor=world.doctor)
    service.exclude(event=event, diagnosis="上呼吸道感染", actor=world.doctor)
    event.refresh_from_db()
    assert event.status == "excluded" and event.absence.diagnosis == "上呼吸道感染"
    with pytest.raises(ValidationError, match="缺勤尚未结束"):
        service.mark_returned(event=event, actor=world.doctor)
    cert = submit_certificate(
        absence=event.absence,
        hospital="县医院",
        hospital_level="secondary",
        issued_on=TODAY,
        actor=world.doctor,
    )
    review_certificate(certificate=cert, approve=True, actor=world.doctor)
    assert service.mark_returned(event=event, actor=world.doctor).status == "returned"


def test_a_confirmed_case_raises_the_referral_incident_to_t2_instead_of_opening_another(world, event, room):
    service.isolate(event=event, room=room, actor=world.doctor)
    service.retest(event=event, temperature="38.5", method="axillary", actor=world.doctor)
    service.refer(event=event, referred_to="定点医院", transport="ambulance", actor=world.doctor)
    incident = Incident.objects.get()
    service.confirm(event=event, diagnosis="疑似病例", disease="新型冠状病毒肺炎", actor=world.doctor)
    assert Incident.objects.count() == 1
    incident.refresh_from_db()
    assert incident.trigger.code == "T2" and incident.disease == "新型冠状病毒肺炎"
    assert incident.deadline <= incident.trigger_set_at + dt.timedelta(minutes=60)
    assert incident.events.filter(kind="raised").exists()
    assert SickAbsence.objects.get().infectious == "yes"


def test_bad_input_writes_nothing(world, event, room):
    with pytest.raises(ValidationError) as exc:
        service.detect_fever(
            person=world.people["S1C1B"], source="gate", temperature="36.5", actor=world.doctor
        )
    assert "无需登记发热" in str(exc.value)
    with pytest.raises(ValidationError, match="体温应在"):
        service.detect_fever(
            person=world.people["S1C1B"], source="gate", temperature="45", actor=world.doctor
        )
    with pytest.raises(ValidationError, match="已有处置中的发热事件"):
        service.detect_fever(
            person=world.people["S1C1A"], source="gate", temperature="38.0", actor=world.doctor
        )
    other_room = add_place(
        school=world.schools["S2"], name="S2隔离室", kind="isolation_room", actor=world.admin
    )
    with pytest.raises(ValidationError, match="本校的临时隔离室"):
        service.isolate(event=event, room=other_room, actor=world.doctor)
    service.isolate(event=event, room=room, actor=world.doctor)
    with pytest.raises(ValidationError, match="体温应为数字"):
        service.retest(event=event, temperature="abc", method="axillary", actor=world.doctor)
    service.retest(event=event, temperature="38.3", method="axillary", actor=world.doctor)
    with pytest.raises(ValidationError) as exc:
        service.refer(event=event, referred_to=" ", transport="escort", actor=world.doctor)
    assert set(exc.value.message_dict) == {"referred_to", "escort"}
    assert (
        FeverEvent.objects.count() == 1 and not SickAbsence.objects.exists() and not Incident.objects.exists()
    )


def test_who_may_act(world, event, room):
    with pytest.raises(PermissionDenied):
        service.detect_fever(
            person=world.people["S2C1A"], source="gate", temperature="38.0", actor=world.doctor
        )
    with pytest.raises(PermissionDenied):  # a head teacher finds a fever but the doctor handles it
        service.isolate(event=event, room=room, actor=world.head_teacher)
    with pytest.raises(PermissionDenied):
        service.isolate(event=event, room=room, actor=world.outsider)


def test_a_fever_at_the_morning_check_or_in_a_daily_report_opens_an_event_once(world, committed):
    klass = world.classes["S1C1"]
    findings = [Finding(person=world.people["S1C1A"], temperature="38.1", symptoms=["fever", "cough"])]
    committed(
        file_check,
        school_class=klass,
        day=TODAY,
        session="morning",
        findings=findings,
        actor=world.head_teacher,
    )
    event = FeverEvent.objects.get()
    assert event.source == "check" and event.symptoms == ["cough", "fever"] and event.finding is not None
    committed(
        submit_report,
        person=world.people["S1C1A"],
        day=TODAY,
        data={"temperature": "38.3"},
        reporter_kind="guardian",
        source="link",
    )
    assert FeverEvent.objects.count() == 1, "the open event takes the report"
    committed(
        submit_report,
        person=world.people["S2C1A"],
        day=TODAY,
        data={"temperature": "38.0"},
        reporter_kind="guardian",
        source="link",
    )
    home = FeverEvent.objects.get(person=world.people["S2C1A"])
    assert home.source == "daily_report" and service.allowed(home) == ["retest", "refer"]
    committed(
        submit_report,
        person=world.people["BUREAU"],
        day=TODAY,
        data={"temperature": "38.0"},
        reporter_kind="self",
        source="link",
    )
    assert not FeverEvent.objects.filter(person=world.people["BUREAU"]).exists(), (
        "bureau staff have no school"
    )
