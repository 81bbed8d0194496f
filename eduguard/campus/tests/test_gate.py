"""The gate: the decision from the rules, recording a passage once, fevers, leave passes, bad input."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eduguard.campus.models import GateEntry, LeavePass
from eduguard.campus.services.gate import (
    card_token,
    initials,
    person_of_card,
    record_entry,
    roster,
)
from eduguard.campus.services.leave import issue_pass
from eduguard.core.models import RuleValue
from eduguard.response.models import FeverEvent
from eduguard.screening.services.quarantine import open_quarantine

TODAY = timezone.localdate()


def entry(person, **changes):
    data = {
        "person": person.pk,
        "direction": "in",
        "temperature": "36.5",
        "method": "forehead",
        "code_colour": "green",
        "id_checked": True,
    }
    return {**data, **changes}


def record(world, person, key="S1", user=None, offline=False, **changes):
    return record_entry(
        school=world.schools[key],
        data=entry(person, **changes),
        operator=user or world.guard,
        offline=offline,
    )


def test_a_cleared_student_is_admitted(world):
    e, created = record(world, world.people["S1C1A"])
    assert created and e.decision == "allow" and e.reasons == [] and e.operator == world.guard


def test_a_student_in_quarantine_is_denied_with_the_reason_in_plain_words(world):
    person = world.people["S1C1B"]
    open_quarantine(person=person, kind="home", started_on=TODAY, actor=world.admin, reason="返乡")
    e, _ = record(world, person)
    assert e.decision == "deny"
    assert e.reasons[0]["code"] == "in_quarantine" and "居家隔离" in e.reasons[0]["text"]


def test_return_approval_is_enforced_only_while_it_is_one_of_the_five_rules(world):
    person = world.people["S1C1B"]
    open_quarantine(person=person, kind="home", started_on=TODAY, actor=world.admin, reason="返乡")
    rules = [{"text": "师生进入校门一律核验身份、监测体温", "check": "identity_temperature"}]
    RuleValue.objects.create(name="campus.five_rules", value=rules, effective_from=TODAY)
    e, _ = record(world, person)
    assert e.decision == "allow"


def test_a_fever_at_the_gate_defers_entry_and_opens_one_fever_event(world):
    person = world.people["S1C2A"]
    e, _ = record(world, person, temperature="38.2")
    assert e.decision == "defer" and e.reasons[0]["code"] == "gate_fever"
    event = FeverEvent.objects.get(person=person)
    assert e.fever_event == event and event.source == "gate" and str(event.temperature) == "38.2"
    again, _ = record(world, person, temperature="38.4")
    assert again.fever_event == event and FeverEvent.objects.filter(person=person).count() == 1


def test_a_forehead_reading_above_the_screening_value_asks_for_a_retest_without_a_fever_event(world):
    person = world.people["S1C2A"]
    e, _ = record(world, person, temperature="36.9")
    assert e.decision == "defer" and e.reasons[0]["code"] == "gate_recheck"
    assert not FeverEvent.objects.exists()
    axillary, _ = record(world, person, temperature="36.9", method="axillary")
    assert axillary.decision == "allow"


def test_a_cough_defers_entry_and_opens_a_fever_event(world):
    person = world.people["S1C2A"]
    e, _ = record(world, person, symptoms=["cough"])
    assert e.decision == "defer" and e.reasons[0]["code"] == "gate_symptoms"
    assert FeverEvent.objects.filter(person=person, symptoms=["cough"]).exists()


def test_a_red_code_is_denied_and_a_yellow_code_deferred(world):
    red, _ = record(world, world.people["S1C1A"], code_colour="red")
    yellow, _ = record(world, world.people["S1C2A"], code_colour="yellow")
    assert (red.decision, yellow.decision) == ("deny", "defer")


def test_a_resent_entry_is_stored_once(world):
    key = str(uuid.uuid4())
    first, created = record(world, world.people["S1C1A"], client_id=key, offline=True)
    second, again = record(world, world.people["S1C1A"], client_id=key, offline=True)
    assert created and not again and first.pk == second.pk
    assert GateEntry.objects.count() == 1


def test_a_client_id_of_another_entry_is_refused(world):
    key = str(uuid.uuid4())
    record(world, world.people["S1C1A"], client_id=key)
    with pytest.raises(ValidationError) as exc:
        record_entry(
            school=world.schools["S1"],
            data=entry(world.people["S1C1A"], client_id=key),
            operator=world.principal,
        )
    assert "client_id" in exc.value.message_dict


def test_an_offline_entry_keeps_its_time_and_notes_a_decision_the_rules_do_not_share(world):
    person = world.people["S1C1B"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)  # in quarantine whichever day `at` is
    open_quarantine(person=person, kind="home", started_on=yesterday, actor=world.admin, reason="返乡")
    at = timezone.now() - dt.timedelta(minutes=5)
    data = entry(person, at=at.isoformat(), shown="allow", client_id=str(uuid.uuid4()))
    e, _ = record_entry(school=world.schools["S1"], data=data, operator=world.guard, offline=True)
    assert e.offline and abs((e.at - at).total_seconds()) < 1
    assert e.decision == "deny" and e.reasons[-1]["code"] == "offline_mismatch"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"temperature": "45.1"}, "temperature"),
        ({"temperature": "abc"}, "temperature"),
        ({"temperature": ""}, "temperature"),
        ({"id_checked": False}, "id_checked"),
        ({"direction": "sideways"}, "direction"),
        ({"code_colour": "purple"}, "code_colour"),
        ({"symptoms": ["sneezing"]}, "symptoms"),
        ({"method": "guess"}, "method"),
        ({"at": "yesterday"}, "at"),
        ({"at": (timezone.now() + dt.timedelta(hours=2)).isoformat()}, "at"),
        ({"at": (timezone.now() - dt.timedelta(days=10)).isoformat()}, "at"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"shown": "maybe"}, "shown"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(world, changes, field):
    with pytest.raises(ValidationError) as exc:
        record(world, world.people["S1C1A"], offline="at" in changes, **changes)
    assert field in exc.value.message_dict
    assert not GateEntry.objects.exists() and not FeverEvent.objects.exists()


def test_a_person_of_another_school_is_not_found(world):
    with pytest.raises(ValidationError) as exc:
        record(world, world.people["S2C1A"])
    assert exc.value.message_dict["person"] == ["本校名册中没有此人"]


def test_a_guard_of_school_a_cannot_register_at_school_b(world):
    with pytest.raises(ValidationError) as exc:
        record(world, world.people["S2C1A"], key="S2")
    assert "school" in exc.value.message_dict
    assert not GateEntry.objects.exists()


def test_leaving_needs_no_temperature(world):
    e, _ = record(world, world.people["S1TA"], direction="out", temperature="", id_checked=False)
    assert e.decision == "allow" and e.temperature is None


def test_a_boarder_without_a_pass_may_not_leave(world, boarder):
    e, _ = record(world, boarder, direction="out")
    assert e.decision == "deny" and e.reasons[0]["code"] == "no_pass"


def test_a_boarder_leaves_with_a_pass_and_comes_back_late(world, boarder):
    back = timezone.now() + dt.timedelta(hours=6)
    leave = issue_pass(
        person=boarder,
        reason="看病",
        leaves_on=timezone.localdate(),
        expected_back=back,
        destination="县医院",
        actor=world.head_teacher,
    )
    out, _ = record(world, boarder, direction="out")
    assert out.decision == "allow" and out.leave_pass == leave
    LeavePass.objects.filter(pk=leave.pk).update(expected_back=out.at)  # due back the moment they left
    back_in, _ = record(world, boarder)
    leave.refresh_from_db()
    assert leave.out_at == out.at and leave.back_at == back_in.at
    assert back_in.decision == "allow" and back_in.reasons[0]["code"] == "late_return"


def test_a_pass_past_its_return_no_longer_lets_a_boarder_out(world, boarder):
    leave = issue_pass(
        person=boarder,
        reason="看病",
        leaves_on=timezone.localdate(),
        expected_back=timezone.now() + dt.timedelta(hours=6),
        destination="",
        actor=world.head_teacher,
    )
    last_week = timezone.localdate() - dt.timedelta(days=7)
    LeavePass.objects.filter(pk=leave.pk).update(
        leaves_on=last_week, expected_back=timezone.now() - dt.timedelta(days=6)
    )
    e, _ = record(world, boarder, direction="out")
    assert e.decision == "deny" and e.leave_pass is None


def test_a_live_entry_happens_now_whatever_the_device_clock_says(world):
    hours_ago = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    e, _ = record(world, world.people["S1C1A"], at=hours_ago)
    assert abs((e.at - timezone.now()).total_seconds()) < 60


def test_a_diagnosis_never_reaches_the_gate(world):
    from eduguard.health.services.absences import register_absence

    person = world.people["S1C2A"]
    register_absence(
        person=person,
        started_on=timezone.localdate(),
        actor=world.admin,
        kind="sick",
        infectious="yes",
        disease="水痘",
    )
    e, _ = record(world, person)
    people = roster(world.schools["S1"], timezone.localdate())["people"]
    row = next(r for r in people if r["id"] == person.pk)
    assert e.decision == "deny" and "复课证明" in e.reasons[0]["text"]
    assert "水痘" not in str(e.reasons) and "水痘" not in str(row)


def test_the_roster_finds_people_by_card_initials_and_id_digits_and_carries_statuses(world):
    person = world.people["S1C1B"]
    open_quarantine(person=person, kind="home", started_on=TODAY, actor=world.admin, reason="返乡")
    data = roster(world.schools["S1"], TODAY)
    rows = {r["id"]: r for r in data["people"]}
    assert set(rows) == {p.pk for k, p in world.people.items() if k.startswith("S1")}
    row = rows[person.pk]
    assert row["status"] == "deny" and "居家隔离" in row["reasons"][0]["text"]
    assert row["py"] == initials(person.name) and row["id4"] == person.id_masked[-4:]
    assert person_of_card(row["card"]) == person.pk and row["card"] == card_token(person.pk)
    assert "status" not in rows[world.people["S1C1A"].pk]
    assert [r["check"] for r in data["rules"]][:4] == [
        "return_approval",
        "visitor_approval",
        "identity_temperature",
        "fever_isolation",
    ]


def test_a_made_up_card_is_nobody(world):
    assert person_of_card("EG1.forged") is None
    assert person_of_card(card_token(7) + "x") is None
    assert initials("张三") == "zs"


def test_a_pass_needs_a_boarder_a_reason_and_a_return_after_leaving(world):
    with pytest.raises(ValidationError) as exc:
        issue_pass(
            person=world.people["S1C1A"],
            reason="",
            leaves_on=TODAY - dt.timedelta(days=1),
            expected_back=timezone.now() - dt.timedelta(days=3),
            destination="",
            actor=world.head_teacher,
        )
    assert set(exc.value.message_dict) == {"person", "reason", "leaves_on", "expected_back"}
    assert not LeavePass.objects.exists()
