"""Visitors: registration with ID validation, approvals, the check at the gate, the way out."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.campus.models import Visit, VisitApproval
from eduguard.campus.services.visits import admit, decide_visit, refuse, register_visit, see_out
from eduguard.core.models import RuleValue
from eduguard.notify.models import Message

TODAY = timezone.localdate()
GOOD_ID = "11010519491231002X"


def visit_data(world, **changes):
    data = {
        "name": "赵来访",
        "id_type": "resident",
        "id_number": GOOD_ID,
        "phone": "13912345678",
        "organisation": "县疾控中心",
        "purpose": "指导消毒",
        "host": world.principal,
        "date": TODAY,
    }
    return {**data, **changes}


def at_gate(world, **changes):
    return register_visit(school=world.schools["S1"], data=visit_data(world, **changes), actor=world.guard)


def test_a_visit_registered_at_the_gate_waits_for_its_host_who_is_told(world):
    visit = at_gate(world)
    assert visit.status == "pending" and visit.id_masked == "110105********002X"
    assert visit.phone_masked.endswith("5678") and "13912345678" not in visit.phone_enc
    assert Message.objects.filter(recipient_user=world.principal, kind="visit").count() == 1
    with pytest.raises(ValidationError):
        admit(visit=visit, temperature="36.5", code_colour="green", id_checked=True, actor=world.guard)
    visit = decide_visit(visit=visit, approve=True, note="", actor=world.principal)
    assert visit.status == "approved"


def test_a_host_who_registers_approves_by_doing_so(world):
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    assert visit.status == "approved" and VisitApproval.objects.get().by == world.principal


def test_a_double_sign_off_needs_the_principal_too(world):
    RuleValue.objects.create(
        name="campus.visit_approval_chain", value=["host", "principal"], effective_from=TODAY
    )
    visit = register_visit(
        school=world.schools["S1"], data=visit_data(world, host=world.doctor), actor=world.doctor
    )
    assert visit.status == "pending"
    with pytest.raises(PermissionDenied):
        decide_visit(visit=visit, approve=True, note="", actor=world.doctor)
    assert decide_visit(visit=visit, approve=True, note="", actor=world.principal).status == "approved"


def test_without_the_visitor_rule_no_approval_is_needed(world):
    RuleValue.objects.create(
        name="campus.five_rules",
        value=[{"text": "师生进入校门一律核验身份、监测体温", "check": "identity_temperature"}],
        effective_from=TODAY,
    )
    assert at_gate(world, host=None).status == "approved"


def test_a_declined_visit_is_refused_with_the_reason(world):
    visit = at_gate(world)
    with pytest.raises(ValidationError) as exc:
        decide_visit(visit=visit, approve=False, note="", actor=world.principal)
    assert "note" in exc.value.message_dict
    visit = decide_visit(visit=visit, approve=False, note="今日不接待", actor=world.principal)
    assert visit.status == "refused" and "今日不接待" in visit.refused_reason


def test_a_visitor_comes_in_and_goes_out(world):
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    visit = admit(visit=visit, temperature="36.4", code_colour="green", id_checked=True, actor=world.guard)
    assert visit.status == "inside" and visit.entered_at is not None
    visit = see_out(visit=visit, actor=world.guard)
    assert visit.status == "left" and visit.left_at >= visit.entered_at


def test_an_exit_before_the_entry_is_refused(world):
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    admit(visit=visit, temperature="36.4", code_colour="green", id_checked=True, actor=world.guard)
    with pytest.raises(ValidationError) as exc:
        see_out(visit=visit, actor=world.guard, at=timezone.now() - dt.timedelta(hours=1))
    assert "离校时间不能早于入校时间" in exc.value.message_dict["left_at"][0]
    visit.refresh_from_db()
    assert visit.status == "inside" and visit.left_at is None


def test_an_exit_without_an_entry_is_refused(world):
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    with pytest.raises(ValidationError):
        see_out(visit=visit, actor=world.guard)


@pytest.mark.parametrize(
    ("temperature", "colour", "reason"),
    [
        ("37.6", "green", "体温"),
        ("36.9", "green", "体温"),
        ("36.5", "red", "红码"),
        ("36.5", "yellow", "黄码"),
    ],
)
def test_a_fever_or_a_red_or_yellow_code_refuses_the_visitor_and_is_recorded(
    world, temperature, colour, reason
):
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    visit = admit(
        visit=visit, temperature=temperature, code_colour=colour, id_checked=True, actor=world.guard
    )
    assert visit.status == "refused" and reason in visit.refused_reason and visit.entered_at is None


def test_a_refusal_by_hand_needs_a_reason(world):
    visit = at_gate(world)
    with pytest.raises(ValidationError):
        refuse(visit=visit, reason=" ", actor=world.guard)
    assert refuse(visit=visit, reason="无关人员", actor=world.guard).status == "refused"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),  # wrong check character
        ({"id_number": "1101051949"}, "id_number"),
        ({"id_type": "none"}, "id_type"),
        ({"phone": "12345"}, "phone"),
        ({"name": " "}, "name"),
        ({"purpose": ""}, "purpose"),
        ({"date": TODAY - dt.timedelta(days=1)}, "date"),
        ({"host": None}, "host"),
    ],
)
def test_bad_visitor_data_is_refused_and_nothing_is_written(world, changes, field):
    with pytest.raises(ValidationError) as exc:
        at_gate(world, **changes)
    assert field in exc.value.message_dict
    assert not Visit.objects.exists()


def test_the_check_character_message_says_what_it_should_be(world):
    with pytest.raises(ValidationError) as exc:
        at_gate(world, id_number="110105194912310021")
    assert "校验位" in exc.value.message_dict["id_number"][0]


def test_a_host_of_another_school_is_refused(world):
    other = world.inspector  # works in S2, not S1
    with pytest.raises(ValidationError) as exc:
        at_gate(world, host=other)
    assert exc.value.message_dict["host"] == ["接待人须为本校教职工"]


def test_a_guard_of_school_a_cannot_register_or_admit_at_school_b(world):
    with pytest.raises(PermissionDenied):
        register_visit(school=world.schools["S2"], data=visit_data(world, host=None), actor=world.guard)
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    visit.school = world.schools["S2"]
    visit.save()
    with pytest.raises(PermissionDenied):
        admit(visit=visit, temperature="36.5", code_colour="green", id_checked=True, actor=world.guard)
    assert Visit.objects.get().status == "approved"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"temperature": ""}, "temperature"),
        ({"temperature": "50"}, "temperature"),
        ({"code_colour": ""}, "code_colour"),
        ({"id_checked": False}, "id_checked"),
    ],
)
def test_the_gate_check_of_a_visitor_needs_every_reading(world, kwargs, field):
    visit = register_visit(school=world.schools["S1"], data=visit_data(world), actor=world.principal)
    args = {"temperature": "36.5", "code_colour": "green", "id_checked": True, **kwargs}
    with pytest.raises(ValidationError) as exc:
        admit(visit=visit, actor=world.guard, **args)
    assert field in exc.value.message_dict
    assert Visit.objects.get().status == "approved"


def test_a_walk_up_turned_away_at_the_gate_is_recorded_as_refused_without_a_host(world):
    visit = at_gate(world, host=None, refused_reason="校外无关人员，无预约")
    assert visit.status == "refused" and visit.refused_reason == "校外无关人员，无预约" and visit.host is None


def test_only_the_gate_turns_a_walk_up_away(world):
    with pytest.raises(ValidationError) as exc:
        register_visit(
            school=world.schools["S1"],
            data=visit_data(world, host=world.head_teacher, refused_reason="不认识"),
            actor=world.head_teacher,
        )
    assert "refused_reason" in exc.value.message_dict and not Visit.objects.exists()
