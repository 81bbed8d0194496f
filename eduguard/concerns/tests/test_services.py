"""The concerns register's services: deadlines from the rule, who sees and handles what, responding
and closing; a petition closed without a response is refused and writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.concerns.models import Concern, ConcernStatus, ConcernStep
from eduguard.concerns.services.concerns import close_concern, respond
from eduguard.concerns.services.counts import briefing_sentence
from eduguard.concerns.tests.helpers import concern
from eduguard.core.models import RuleValue

TODAY = timezone.localdate()


def test_it_defaults_the_deadline_by_kind_from_the_rule(world):
    assert concern(world, kind="petition").deadline == TODAY + dt.timedelta(days=15)
    assert concern(world, kind="rumour").deadline == TODAY + dt.timedelta(days=1)
    RuleValue.objects.create(
        name="concerns.deadline_days", value={"petition": 10}, effective_from=TODAY - dt.timedelta(days=1)
    )
    from eduguard.core.rules import clear_cache

    clear_cache()
    assert concern(world, kind="petition").deadline == TODAY + dt.timedelta(days=10)


def test_it_writes_the_item_its_step_and_the_change_log_in_one_go(world):
    c = concern(world, owner=world.principal)
    assert c.owner == world.principal and c.status == ConcernStatus.OPEN
    assert ConcernStep.objects.filter(concern=c).count() == 1
    assert ChangeLog.objects.filter(object_type="concerns.concern", object_id=str(c.pk)).count() == 1


def test_it_refuses_to_close_a_petition_without_a_response_and_writes_nothing(world):
    c = concern(world, kind="petition")
    logs, steps = ChangeLog.objects.count(), ConcernStep.objects.count()
    with pytest.raises(ValidationError) as exc:
        close_concern(concern=c, actor=world.leader)
    assert "须答复后才能办结" in exc.value.message_dict["response"][0]
    c.refresh_from_db()
    assert c.status == ConcernStatus.OPEN and c.closed_at is None
    assert (ChangeLog.objects.count(), ConcernStep.objects.count()) == (logs, steps)


def test_it_closes_a_petition_with_the_response_given_at_closing(world):
    c = close_concern(concern=concern(world), actor=world.leader, response="已书面答复，按规定退费")
    assert c.status == ConcernStatus.CLOSED and c.response and c.responded_at and c.closed_at
    assert [s.status for s in c.steps.all()] == ["open", "responded", "closed"]


def test_it_closes_a_rumour_without_a_response_and_refuses_a_second_closing(world):
    c = close_concern(concern=concern(world, kind="rumour"), actor=world.leader)
    assert c.status == ConcernStatus.CLOSED
    with pytest.raises(ValidationError, match="已办结"):
        close_concern(concern=c, actor=world.leader, response="x")
    with pytest.raises(ValidationError, match="已办结"):
        respond(concern=c, actor=world.leader, response="x")


def test_a_response_is_recorded_and_may_be_replaced_until_closing(world):
    c = respond(concern=concern(world), actor=world.principal, response="初步答复")
    c = respond(concern=c, actor=world.principal, response="正式答复")
    assert c.status == ConcernStatus.RESPONDED and c.response == "正式答复"
    with pytest.raises(ValidationError):
        respond(concern=c, actor=world.principal, response="  ")
    c = close_concern(concern=c, actor=world.principal)
    assert c.status == ConcernStatus.CLOSED


def test_each_handler_sees_the_items_of_their_schools_and_the_county_sees_all(world):
    s1, s2, s3 = (concern(world, keys=[k]) for k in ("S1", "S2", "S3"))
    county_wide = concern(world, keys=[], kind="media")

    def seen(user):
        return set(Concern.objects.visible_to(user))

    assert seen(world.leader) == seen(world.admin) == {s1, s2, s3, county_wide}
    assert seen(world.grid_leader) == {s1, s2}
    assert seen(world.principal) == seen(world.bureau_staff) == {s1}
    for user in (world.head_teacher, world.doctor, world.school_leader, world.inspector, world.counsellor):
        assert not seen(user)


def test_only_the_county_level_registers_a_county_wide_item(world):
    with pytest.raises(PermissionDenied):
        concern(world, actor=world.principal, keys=[])
    with pytest.raises(PermissionDenied):
        concern(world, actor=world.principal, keys=["S1", "S2"])  # not their school
    with pytest.raises(PermissionDenied):
        concern(world, actor=world.head_teacher)
    assert concern(world, actor=world.principal).schools.get() == world.schools["S1"]


def test_it_refuses_bad_input_with_a_message_per_field(world):
    with pytest.raises(ValidationError) as exc:
        concern(
            world,
            subject=" ",
            description="",
            kind="gossip",
            received_at=timezone.now() + dt.timedelta(hours=2),
            owner=world.head_teacher,
        )
    assert set(exc.value.message_dict) == {"subject", "description", "kind", "received_at", "owner"}
    with pytest.raises(ValidationError) as exc:
        concern(world, deadline=TODAY - dt.timedelta(days=3))
    assert "办理期限" in exc.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError):
        concern(world, keys=[], owner=world.principal)  # a county-wide item needs a county-level owner
    assert not Concern.objects.exists()


def test_someone_who_cannot_see_an_item_cannot_act_on_it(world):
    c = concern(world, keys=["S2"])
    with pytest.raises(PermissionDenied):
        respond(concern=c, actor=world.principal, response="答复")
    with pytest.raises(PermissionDenied):
        close_concern(concern=c, actor=world.principal, response="答复")


def test_overdue_items_are_the_open_ones_past_their_deadline(world):
    late = concern(world, kind="rumour", ago_days=3)
    done = close_concern(concern=concern(world, kind="rumour", ago_days=3), actor=world.leader)
    concern(world, kind="petition", ago_days=3)
    assert list(Concern.objects.overdue(TODAY)) == [late]
    assert not done.is_overdue(TODAY) and late.is_overdue(TODAY)


def test_the_briefing_sentence_counts_by_kind_and_status_with_small_counts_suppressed(world):
    assert briefing_sentence(world.county, None, TODAY) == ""
    for _ in range(3):
        concern(world, kind="rumour")
    close_concern(concern=concern(world, kind="petition"), actor=world.leader, response="已答复")
    text = briefing_sentence(world.county, None, TODAY)
    assert text == "受理舆情信访事项4件（谣言3件、信访1件），已办结1件、办理中3件"
    RuleValue.objects.create(name="briefing.suppress_below", value=3, effective_from=TODAY)
    from eduguard.core.rules import clear_cache

    clear_cache()
    text = briefing_sentence(world.county, None, TODAY)
    assert text == "受理舆情信访事项4件（谣言3件、信访不足3件），已办结不足3件、办理中3件"
