"""Contact tracing (services.contacts): who shared the class, the dorm room, the bus and the
teachers of the case's class in the window before onset, as the user may see them; quarantining
the chosen ones all or nothing, with one notice per guardian."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment, User
from eduguard.audit.models import ChangeLog
from eduguard.core.models import RuleValue
from eduguard.core.rules import clear_cache
from eduguard.core.testing import make_person, make_user
from eduguard.logistics.models import Ride, Trip
from eduguard.notify.models import Message
from eduguard.org.choices import GuardianRelation
from eduguard.org.models import DormRoom, Guardian, Person
from eduguard.response.services.contacts import find_contacts, quarantine_contacts
from eduguard.screening.models import Quarantine
from eduguard.screening.services.quarantine import open_quarantine

TODAY = timezone.localdate()
ONSET = TODAY - dt.timedelta(days=1)  # the window is [TODAY - 3, TODAY]


def ride(school, day, vehicle, *people, route="1路"):
    trip = Trip.objects.create(school=school, date=day, vehicle=vehicle, route=route)
    for n, person in enumerate(people, 1):
        Ride.objects.create(trip=trip, person=person, seat=str(n))
    return trip


def guardian(person, phone):
    g = Guardian(person=person, name=f"家长{person.name}", relation=GuardianRelation.FATHER)
    g.set_phone(phone)
    g.save()
    return g


@pytest.fixture
def scene(world):
    """Case 生S1C1A: classmate S1C1B (also his dorm-mate), dorm-mate S1C2A, bus-mate S1C2B the day
    before onset, S1TB on a bus 3 days before onset (outside the window), the head teacher linked
    to 师S1TA and a subject teacher of S1C1B with no roster record."""
    p = world.people
    school = world.schools["S1"]
    room = DormRoom.objects.create(school=school, label="1号楼-203")
    for key in ("S1C1A", "S1C1B", "S1C2A"):
        p[key].dorm = room
        p[key].save()
    world.bus = ride(school, ONSET - dt.timedelta(days=1), "辽E12345", p["S1C1A"], p["S1C2B"])
    ride(school, ONSET - dt.timedelta(days=3), "辽E99999", p["S1C1A"], p["S1TB"])
    ResponsibilityAssignment.objects.create(user=world.head_teacher, role=Role.SELF, person=p["S1TA"])
    world.maths = make_user("maths-teacher", Role.SUBJECT_TEACHER, p["S1C1B"])
    guardian(p["S1C1B"], "+8613900000001")
    guardian(p["S1C2A"], "+8613900000002")
    guardian(p["S1C2A"], "+8613900000003")  # two guardians: two messages
    world.case = p["S1C1A"]
    return world


def names(contacts, category):
    group = next(g for g in contacts.groups if g.category == category)
    return [c.name for c in group.contacts]


def test_it_lists_classmates_dormmates_busmates_and_teachers_in_order(scene):
    contacts = find_contacts(scene.case, ONSET, scene.doctor, TODAY)
    assert [g.label for g in contacts.groups] == ["同班", "同宿舍", "同车", "任课教师"]
    assert names(contacts, "class") == ["生S1C1B"]
    assert names(contacts, "dorm") == ["生S1C2A"]
    assert names(contacts, "bus") == ["生S1C2B"]
    assert names(contacts, "teacher") == ["师S1TA", "maths-teacher"]
    bus = contacts.get(scene.people["S1C2B"].pk)
    assert [r.text for r in bus.reasons] == [f"同车 {ONSET - dt.timedelta(days=1):%m-%d} 辽E12345 1路 座位2"]
    head = contacts.get(scene.people["S1TA"].pk)
    assert head.selectable and head.reasons[0].text == "班主任 七(1)班"
    unlinked = contacts.groups[3].contacts[1]
    assert (
        unlinked.person is None and not unlinked.selectable and unlinked.reasons[0].text == "科任教师 七(1)班"
    )
    assert contacts.hidden == 0 and (contacts.since, contacts.until) == (ONSET - dt.timedelta(days=2), TODAY)


def test_a_person_in_two_categories_is_listed_once_under_the_first_with_every_reason(scene):
    ride(scene.schools["S1"], ONSET, "辽E12345", scene.case, scene.people["S1C1B"], scene.people["S1C2A"])
    contacts = find_contacts(scene.case, ONSET, scene.doctor, TODAY)
    listed = [c.name for c in contacts.contacts]
    assert listed.count("生S1C1B") == 1 and listed.count("生S1C2A") == 1
    classmate = contacts.get(scene.people["S1C1B"].pk)
    assert classmate.category == "class" and classmate.categories == ["class", "dorm", "bus"]
    assert contacts.get(scene.people["S1C2A"].pk).category == "dorm"


def test_a_ride_three_days_before_onset_is_outside_the_default_window(scene):
    contacts = find_contacts(scene.case, ONSET, scene.doctor, TODAY)
    assert contacts.days_before == 2 and "师S1TB" not in [c.name for c in contacts.contacts]
    RuleValue.objects.create(name="response.contact_days_before_onset", value=3, effective_from=TODAY)
    wider = find_contacts(scene.case, ONSET, scene.doctor, TODAY)
    assert wider.days_before == 3 and names(wider, "bus") == ["生S1C2B", "师S1TB"]


def test_a_ride_after_onset_up_to_today_counts(scene):
    ride(scene.schools["S1"], TODAY, "辽E55555", scene.case, scene.people["S2C1A"])
    assert "生S2C1A" in names(find_contacts(scene.case, ONSET, scene.leader, TODAY), "bus")
    assert "生S2C1A" not in names(find_contacts(scene.case, ONSET, scene.leader, ONSET), "bus")


def test_it_never_lists_the_case_nor_inactive_people_nor_an_expired_teacher(scene):
    scene.people["S1C2B"].is_active = False
    scene.people["S1C2B"].save()
    ResponsibilityAssignment.objects.filter(user=scene.maths).update(
        valid_from=TODAY - dt.timedelta(days=30), valid_to=ONSET - dt.timedelta(days=3)
    )
    contacts = find_contacts(scene.case, ONSET, scene.doctor, TODAY)
    listed = [c.name for c in contacts.contacts]
    assert "生S1C1A" not in listed and "生S1C2B" not in listed and "maths-teacher" not in listed
    assert contacts.hidden == 0


def test_a_head_teacher_sees_his_class_and_a_count_of_the_rest(scene):
    contacts = find_contacts(scene.case, ONSET, scene.head_teacher, TODAY)
    # 师S1TA is his own roster record (the `self` assignment); the dorm- and bus-mates are counted.
    assert [c.name for c in contacts.contacts] == ["生S1C1B", "师S1TA", "maths-teacher"]
    assert contacts.hidden == 2


def test_a_guardian_sees_no_teacher_accounts_of_a_class_he_does_not_see(scene):
    contacts = find_contacts(scene.case, ONSET, scene.parent, TODAY)
    assert contacts.contacts == [] and contacts.hidden == 5


def test_it_marks_people_already_in_quarantine(scene):
    q = open_quarantine(
        person=scene.people["S1C2A"], kind="home", started_on=ONSET, actor=scene.doctor, reason="返乡"
    )
    contacts = find_contacts(scene.case, ONSET, scene.doctor, TODAY)
    marked = contacts.get(scene.people["S1C2A"].pk)
    assert marked.quarantine == q and not marked.selectable
    assert contacts.selectable == 3  # S1C1B, S1C2B, 师S1TA; not S1C2A nor the unlinked account


def test_a_future_or_far_past_onset_is_refused(scene):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        find_contacts(scene.case, TODAY + dt.timedelta(days=1), scene.doctor, TODAY)
    with pytest.raises(ValidationError, match="不能早于"):
        find_contacts(scene.case, dt.date(1, 1, 1), scene.doctor, TODAY)


def test_a_case_with_no_class_dorm_or_ride_has_no_contacts(scene):
    contacts = find_contacts(scene.people["BUREAU"], ONSET, scene.leader, TODAY)
    assert contacts.contacts == [] and contacts.hidden == 0


def test_it_reads_in_the_same_number_of_queries_for_more_contacts(scene):
    def count():
        clear_cache()  # rules read afresh, and fresh objects: no cached scope, class or dorm
        doctor, case = User.objects.get(pk=scene.doctor.pk), Person.objects.get(pk=scene.case.pk)
        with CaptureQueriesContext(connection) as ctx:
            find_contacts(case, ONSET, doctor, TODAY)
        return len(ctx)

    before = count()
    school, klass = scene.schools["S1"], scene.classes["S1C1"]
    more = [make_person(school, klass, name=f"加{n}") for n in range(6)]
    ride(school, ONSET, "辽E77777", scene.case, *more)
    for n, person in enumerate(more):
        make_user(f"t{n}", Role.SUBJECT_TEACHER, person)
    open_quarantine(person=more[0], kind="home", started_on=ONSET, actor=scene.doctor, reason="返乡")
    assert count() == before <= 12


def test_chosen_contacts_are_quarantined_and_each_guardian_told_once(scene):
    p = scene.people
    opened = quarantine_contacts(
        case_person=scene.case,
        onset=ONSET,
        people=[p["S1C1B"], p["S1C2A"].pk],
        actor=scene.doctor,
        today=TODAY,
    )
    assert [q.person for q in opened] == [p["S1C1B"], p["S1C2A"]]
    first = Quarantine.objects.get(person=p["S1C1B"])
    assert (first.kind, first.started_on, first.planned_days, first.created_by) == (
        "central",
        TODAY,
        14,
        scene.doctor,
    )
    assert first.reason == "密切接触者：与生S1C1A同班、同宿舍（发病前2天起）"
    assert Quarantine.objects.get(person=p["S1C2A"]).reason == "密切接触者：与生S1C1A同宿舍（发病前2天起）"
    assert ChangeLog.objects.filter(object_type="screening.quarantine").count() == 2
    notices = Message.objects.filter(kind="response.contact")
    assert sorted(m.phone_masked for m in notices) == ["139****0001", "139****0002", "139****0003"]
    assert all("生S1C1A" not in m.body and "集中隔离" in m.body for m in notices)  # never names the case
    assert "生S1C1B经排查为密切接触者" in notices.get(phone_masked="139****0001").body


def test_the_kind_comes_from_the_rule_and_a_staff_member_is_told_on_his_own_phone(scene):
    RuleValue.objects.create(name="response.contact_quarantine_kind", value="home", effective_from=TODAY)
    teacher = scene.people["S1TA"]
    [q] = quarantine_contacts(
        case_person=scene.case, onset=ONSET, people=[teacher], actor=scene.principal, today=TODAY
    )
    assert q.kind == "home" and q.reason == "密切接触者：与生S1C1A为师生（发病前2天起）"
    assert Message.objects.get(kind="response.contact").recipient_name == "师S1TA"


def test_it_is_all_or_nothing_and_lists_each_persons_problem(scene):
    p = scene.people
    open_quarantine(person=p["S1C2A"], kind="home", started_on=ONSET, actor=scene.doctor, reason="返乡")
    before = Quarantine.objects.count()
    with pytest.raises(ValidationError) as caught:
        quarantine_contacts(
            case_person=scene.case,
            onset=ONSET,
            people=[p["S1C1B"], p["S1C2A"], p["S2C1A"], 10**9],
            actor=scene.doctor,
            today=TODAY,
        )
    problems = caught.value.message_dict["people"]
    assert problems == [
        f"生S1C2A：已在居家隔离中（{ONSET} 起）",
        f"编号 {p['S2C1A'].pk}：不在本病例的密接名单中",
        "编号 1000000000：不在本病例的密接名单中",
    ]
    assert Quarantine.objects.count() == before and not Message.objects.exists()


def test_a_failure_while_opening_rolls_back_the_periods_opened_before_it(scene, monkeypatch):
    from eduguard.response.services import contacts as service

    real = service.open_quarantine

    def refuse_second(**kwargs):
        if kwargs["person"] == scene.people["S1C2A"]:
            raise ValidationError({"started_on": ["此人已有未解除的居家隔离"]})
        return real(**kwargs)

    monkeypatch.setattr(service, "open_quarantine", refuse_second)
    with pytest.raises(ValidationError, match="生S1C2A：此人已有未解除的居家隔离"):
        quarantine_contacts(
            case_person=scene.case,
            onset=ONSET,
            people=[scene.people["S1C1B"], scene.people["S1C2A"]],
            actor=scene.doctor,
            today=TODAY,
        )
    assert not Quarantine.objects.exists() and not Message.objects.exists()


def test_a_contact_outside_the_actors_role_is_refused(world):
    """An inspector sees the school's people but may not quarantine them."""
    case, classmate = world.people["S2C1A"], world.people["S2C1B"]
    assert find_contacts(case, ONSET, world.inspector, TODAY).get(classmate.pk) is not None
    with pytest.raises(ValidationError, match="生S2C1B：登记隔离须由负责此人的"):
        quarantine_contacts(
            case_person=case, onset=ONSET, people=[classmate], actor=world.inspector, today=TODAY
        )
    assert not Quarantine.objects.exists()


def test_a_head_teacher_may_not_quarantine_a_contact_he_does_not_see(scene):
    with pytest.raises(ValidationError, match="不在本病例的密接名单中"):
        quarantine_contacts(
            case_person=scene.case,
            onset=ONSET,
            people=[scene.people["S1C2A"]],
            actor=scene.head_teacher,
            today=TODAY,
        )
    assert not Quarantine.objects.exists()


@pytest.mark.parametrize(
    ("people", "onset", "message"),
    [
        ([], ONSET, "请至少选择一名密接"),
        (["S1C1A"], ONSET, "不在本病例的密接名单中"),  # the case himself
        (["S1C1B"], TODAY + dt.timedelta(days=1), "发病日期不能晚于今天"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(scene, people, onset, message):
    with pytest.raises(ValidationError, match=message):
        quarantine_contacts(
            case_person=scene.case,
            onset=onset,
            people=[scene.people[k] for k in people],
            actor=scene.doctor,
            today=TODAY,
        )
    assert not Quarantine.objects.exists() and not Message.objects.exists()


def test_choosing_a_person_twice_opens_one_period(scene):
    p = scene.people["S1C1B"]
    opened = quarantine_contacts(
        case_person=scene.case, onset=ONSET, people=[p, p.pk], actor=scene.doctor, today=TODAY
    )
    assert len(opened) == 1 and Message.objects.count() == 1
