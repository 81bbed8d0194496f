"""Counselling records: only counsellors and the person's principal see them; only counsellors
write them; notes are sealed; bad input is refused and writes nothing; the briefing gets a total."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.audit.models import ChangeLog
from eduguard.core.models import RuleValue
from eduguard.core.rules import clear_cache
from eduguard.core.testing import make_user
from eduguard.counselling.models import CounsellingSession, FollowUp
from eduguard.counselling.services.access import counselled_people
from eduguard.counselling.services.sessions import record_follow_up
from eduguard.counselling.tests.helpers import session
from eduguard.org.models import Person

TODAY = timezone.localdate()


def test_it_records_a_session_with_its_note_sealed_and_a_change_log_without_it(world):
    s = session(world)
    assert s.school == world.schools["S1"] and s.counsellor == world.counsellor
    assert "失眠" not in s.note_enc and s.reveal_note() == "担心家人感染，夜间失眠"
    log = ChangeLog.objects.get(object_type="counselling.counsellingsession")
    assert "失眠" not in str(log.after) and log.after["category"] == "anxiety"


def test_only_counsellors_and_the_persons_principal_see_a_record(world):
    s1, s2 = session(world, "S1C1A"), session(world, "S2C1A", actor=world.admin)
    county = make_user("county-counsellor", Role.COUNSELLOR, world.county)
    bureau = session(world, "BUREAU", actor=county)

    def seen(user):
        return set(CounsellingSession.objects.visible_to(user))

    assert seen(world.counsellor) == seen(world.principal) == {s1}
    assert seen(county) == seen(world.admin) == {s1, s2, bureau}
    others = ("leader", "grid_leader", "bureau_staff", "school_leader", "doctor", "head_teacher", "parent")
    for name in (*others, "subject_teacher", "guard", "inspector", "outsider"):
        assert not seen(getattr(world, name)), name
    assert not FollowUp.objects.visible_to(world.head_teacher).exists()


def test_a_counsellor_opens_no_roster_and_picks_only_the_people_of_their_school(world):
    assert not Person.objects.visible_to(world.counsellor).exists()
    people = set(counselled_people(world.counsellor))
    assert people == {p for p in world.people.values() if p.school_id == world.schools["S1"].pk}


def test_the_role_is_held_at_school_or_county_level_only(world):
    from django.core.exceptions import ValidationError as Invalid

    a = ResponsibilityAssignment(
        user=world.outsider, role=Role.COUNSELLOR, school_class=world.classes["S1C1"]
    )
    a._set_level()
    with pytest.raises(Invalid):
        a.clean()


def test_nobody_but_a_counsellor_of_the_person_records_or_follows_up(world):
    for actor in (world.principal, world.head_teacher, world.leader):
        with pytest.raises(PermissionDenied):
            session(world, actor=actor)
    with pytest.raises(PermissionDenied):
        session(world, "S2C1A")  # another school's student
    s = session(world)
    with pytest.raises(PermissionDenied):
        record_follow_up(session=s, actor=world.principal, on=TODAY, outcome="stable")
    assert CounsellingSession.objects.count() == 1 and not FollowUp.objects.exists()


def test_bad_input_is_refused_with_a_message_per_field_and_writes_nothing(world):
    with pytest.raises(ValidationError) as exc:
        session(
            world,
            kind="referral",
            category="nonsense",
            held_at=timezone.now() + dt.timedelta(hours=1),
            follow_up_on=TODAY - dt.timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"hospital", "category", "held_at", "follow_up_on"}
    assert "医院" in exc.value.message_dict["hospital"][0]
    assert not CounsellingSession.objects.exists() and not ChangeLog.objects.exists()


def test_a_follow_up_is_appended_and_moves_the_next_date(world):
    s = session(world, held_at=timezone.now() - dt.timedelta(days=7), follow_up_on=TODAY)
    u = record_follow_up(
        session=s,
        actor=world.counsellor,
        on=TODAY,
        outcome="continuing",
        note="仍有焦虑",
        next_on=TODAY + dt.timedelta(days=7),
    )
    s.refresh_from_db()
    assert s.outcome == "continuing" and s.follow_up_on == TODAY + dt.timedelta(days=7)
    assert u.reveal_note() == "仍有焦虑" and "焦虑" not in u.note_enc
    record_follow_up(session=s, actor=world.counsellor, on=TODAY, outcome="closed")
    s.refresh_from_db()
    assert s.outcome == "closed" and s.follow_up_on is None and s.follow_ups.count() == 2


def test_a_follow_up_with_bad_dates_is_refused(world):
    s = session(world)
    cases = [
        ({"on": TODAY + dt.timedelta(days=1)}, "on"),
        ({"on": TODAY - dt.timedelta(days=3)}, "on"),
        ({"outcome": "closed", "next_on": TODAY + dt.timedelta(days=3)}, "next_on"),
        ({"next_on": TODAY}, "next_on"),
        ({"outcome": "cured"}, "outcome"),
    ]
    for change, field in cases:
        with pytest.raises(ValidationError) as exc:
            record_follow_up(
                session=s, actor=world.counsellor, **{"on": TODAY, "outcome": "stable", **change}
            )
        assert field in exc.value.message_dict, change
    assert not FollowUp.objects.exists()


def test_the_briefing_gets_a_total_of_students_with_small_counts_suppressed(world):
    from eduguard.briefing.services.briefing import build, to_markdown

    session(world, "S1C1A")
    session(world, "S1C1B")
    session(world, "S1TA")  # staff are not counted in the students' figure
    text = to_markdown(build(world.county, TODAY))
    assert "开展学生心理辅导2人次" in text
    RuleValue.objects.create(name="briefing.suppress_below", value=3, effective_from=TODAY)
    clear_cache()
    text = to_markdown(build(world.county, TODAY))
    assert "开展学生心理辅导不足3人次" in text
    assert world.people["S1C1A"].name not in text and "焦虑" not in text
