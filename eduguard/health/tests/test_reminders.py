import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.health.services.reminders import due_steps, run_due
from eduguard.health.services.reports import submit_report
from eduguard.notify.models import Message
from eduguard.org.models import Guardian

DAY = dt.date(2026, 11, 23)


def at(h, m=0):
    return timezone.make_aware(dt.datetime.combine(DAY, dt.time(h, m)))


@pytest.fixture
def school(world):
    """Only S1 has people in this test; everyone else has left."""
    from eduguard.org.models import Person

    Person.objects.exclude(school=world.schools["S1"]).update(is_active=False)
    # The assignments began "today"; the test's fixed day may lie before that (the clock moves on).
    ResponsibilityAssignment.objects.update(valid_from=DAY - dt.timedelta(days=30))
    for key in ("S1C1A", "S1C1B"):
        Guardian.objects.filter(person=world.people[key]).delete()
        g = Guardian(person=world.people[key], name=f"家长{key}", relation="mother")
        g.set_phone("+8613911112222")  # siblings share one phone
        g.save()
    return world


@pytest.mark.django_db
def test_the_schedule_follows_the_rules():
    assert due_steps(DAY, at(8, 19)) == []
    assert due_steps(DAY, at(9, 0)) == ["checks@morning", "reminder@09:00"]
    assert due_steps(DAY, at(19, 0)) == [
        "checks@morning",
        "reminder@09:00",
        "reminder@14:00",
        "checks@noon",
        "escalate_teacher",
        "escalate_leader",
    ]
    assert due_steps(DAY, at(19, 30))[-1] == "checks@evening"


def test_reminders_reach_only_the_missing_and_siblings_get_one_message(school):
    w = school
    submit_report(
        person=w.people["S1C2A"],
        day=DAY,
        data={"temperature": "36.5"},
        reporter_kind="guardian",
        source="link",
        now=at(8),
    )
    run_due(DAY, now=at(9, 1))
    messages = list(Message.objects.filter(kind="health.reminder"))
    names = {m.recipient_name for m in messages}
    assert "生S1C1A、生S1C1B" in names  # one message for the shared phone
    assert not any("生S1C2A" in n for n in names)  # reported: no reminder
    assert all(m.status == "sent" for m in messages)


def test_running_a_step_twice_sends_nothing_twice(school):
    run_due(DAY, now=at(9, 1))
    first = Message.objects.count()
    run_due(DAY, now=at(9, 30))
    assert Message.objects.count() == first


def test_after_the_deadline_head_teachers_then_grade_leaders_are_told(school):
    w = school
    run_due(DAY, now=at(18, 1))
    to_teacher = Message.objects.get(kind="health.escalate_teacher")
    assert to_teacher.recipient_user == w.head_teacher and "七(1)班仍有2人未报" in to_teacher.body
    assert not Message.objects.filter(kind="health.escalate_leader").exists()
    run_due(DAY, now=at(19, 1))
    to_leader = Message.objects.get(kind="health.escalate_leader")
    assert to_leader.recipient_user == w.school_leader and "七年级仍有4人未报" in to_leader.body


def test_without_a_grade_leader_the_principal_is_told(school):
    ResponsibilityAssignment.objects.filter(role=Role.SCHOOL_LEADER).delete()
    run_due(DAY, now=at(19, 1))
    assert Message.objects.get(kind="health.escalate_leader").recipient_user == school.principal


def test_the_command_runs_one_step_and_rejects_bad_input(school, capsys):
    call_command("send-reminders", "--date", DAY.isoformat(), "--step", "reminder@14:00")
    assert "reminder@14:00:" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a date"):
        call_command("send-reminders", "--date", "23/11/2026")
    with pytest.raises(CommandError, match="not one of"):
        call_command("send-reminders", "--date", DAY.isoformat(), "--step", "panic")


def test_the_day_can_be_opened_ahead_of_the_first_report(world):
    from eduguard.health.models import DailyTally
    from eduguard.health.tasks import open_day

    open_day.delay()
    tallies = DailyTally.objects.filter(date=timezone.localdate())
    assert tallies.get(unit=f"c{world.classes['S1C1'].pk}").expected == 2
    assert tallies.get(unit=f"b{world.county.pk}").expected == 1
