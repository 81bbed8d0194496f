import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.core.models import RuleValue
from eduguard.health.models import AbnormalRule, DailyReport, DailyReportRevision, DailyTally, FollowUp
from eduguard.health.services import tallies
from eduguard.health.services.reports import close_follow_up, submit_report

DAY = dt.date(2026, 11, 23)


def at(hour, minute=0, day=DAY):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def send(person, now=None, day=DAY, **answers):
    data = {"temperature": "36.5", **answers}
    return submit_report(
        person=person, day=day, data=data, reporter_kind="guardian", source="link", now=now or at(8)
    )


def tally(person, day=DAY):
    return DailyTally.objects.get(date=day, unit=tallies.unit_of(person))


def test_it_records_a_normal_report_on_time(world):
    person = world.people["S1C1A"]
    report, created = send(person)
    assert created and report.on_time and not report.abnormal
    t = tally(person)
    assert (t.expected, t.reported, t.on_time, t.abnormal) == (2, 1, 1, 0)
    assert ChangeLog.objects.filter(object_type="health.dailyreport", action="create").count() == 1


def test_it_keeps_one_report_per_day_and_the_earlier_version_in_history(world):
    person = world.people["S1C1A"]
    first, _ = send(person)
    second, created = send(person, now=at(9), temperature="38.1", symptoms=["cough"])
    assert not created and first.pk == second.pk
    assert DailyReport.objects.filter(person=person, date=DAY).count() == 1
    old = DailyReportRevision.objects.get(report=second)
    assert old.revision == 1 and old.data["temperature"] == "36.5"
    assert second.revision == 2 and second.fever and second.abnormal
    t = tally(person)
    assert (t.reported, t.abnormal, t.fever) == (1, 1, 1)


def test_it_treats_a_double_tap_as_one_report(world):
    person = world.people["S1C1A"]
    send(person)
    report, created = send(person, now=at(8, 1))
    assert not created and report.revision == 1
    assert not DailyReportRevision.objects.exists()
    assert tally(person).reported == 1
    assert ChangeLog.objects.filter(object_type="health.dailyreport").count() == 1


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"temperature": "37.3"}, "体温≥发热阈值"),
        ({"symptoms": ["cough"]}, "有症状"),
        ({"family_symptoms": True}, "家庭成员有发热或症状"),
        ({"left_county": True}, "起算日后离开过本县"),
        ({"in_county": False}, "当前不在本县"),
        ({"contact_three_categories": True}, "接触三类人员"),
        ({"contact_outsiders": True}, "接触县外来人"),
        ({"health_code": "yellow"}, "健康码非绿码"),
    ],
)
def test_it_flags_each_default_rule_and_opens_a_follow_up(world, answers, reason):
    report, _ = send(world.people["S1C1A"], **answers)
    assert report.abnormal and report.abnormal_reasons == [reason]
    assert FollowUp.objects.get(report=report).reasons == [reason]


def test_it_uses_the_threshold_in_force_on_the_day(world):
    RuleValue.objects.create(name="health.fever_threshold", value=37.5, effective_from=DAY)
    before, _ = send(world.people["S1C1A"], day=DAY - dt.timedelta(days=1), temperature="37.4")
    today, _ = send(world.people["S1C1B"], temperature="37.4")
    assert before.fever and not today.fever


def test_a_rule_edited_in_the_admin_changes_the_outcome(world):
    AbnormalRule.objects.filter(code="left_county").update(effective_to=DAY - dt.timedelta(days=1))
    report, _ = send(world.people["S1C1A"], left_county=True)
    assert not report.abnormal


def test_a_normal_resubmission_closes_the_follow_up_and_a_note_closes_it_by_hand(world):
    person = world.people["S1C1A"]
    report, _ = send(person, temperature="38.0")
    send(person, now=at(10))
    assert FollowUp.objects.get(report=report).status == "closed"
    other, _ = send(world.people["S1C1B"], symptoms=["headache"])
    follow_up = FollowUp.objects.get(report=other)
    with pytest.raises(ValidationError):
        close_follow_up(follow_up=follow_up, actor=world.head_teacher, note="  ")
    close_follow_up(follow_up=follow_up, actor=world.head_teacher, note="已电话联系家长，孩子偏头痛")
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.closed_by == world.head_teacher


def test_it_marks_reports_after_the_deadline_late(world):
    report, _ = send(world.people["S1C1A"], now=at(18, 30))
    assert not report.on_time
    assert tally(world.people["S1C1A"]).on_time == 0


@pytest.mark.parametrize(
    ("answers", "day", "field"),
    [
        ({"temperature": "33.9"}, DAY, "temperature"),
        ({"temperature": "43.1"}, DAY, "temperature"),
        ({"temperature": "abc"}, DAY, "temperature"),
        ({"temperature": "NaN"}, DAY, "temperature"),
        ({"symptoms": ["sneezing"]}, DAY, "symptoms"),
        ({"health_code": "blue"}, DAY, "health_code"),
        ({}, DAY + dt.timedelta(days=1), "date"),
        ({}, DAY - dt.timedelta(days=4), "date"),
    ],
)
def test_it_rejects_bad_answers_and_writes_nothing(world, answers, day, field):
    with pytest.raises(ValidationError) as exc:
        send(world.people["S1C1A"], day=day, **answers)
    assert field in exc.value.message_dict
    assert (
        not DailyReport.objects.exists()
        and not ChangeLog.objects.filter(object_type="health.dailyreport").exists()
    )


def test_tallies_equal_a_recount_from_the_reports(world):
    for key, temp in (("S1C1A", "36.5"), ("S1C1B", "38.2"), ("S2C1A", "36.6"), ("S1TA", "36.4")):
        send(world.people[key], temperature=temp)
    send(world.people["S1C1B"], now=at(9), temperature="36.7")
    live = {
        t.unit: (t.expected, t.reported, t.on_time, t.abnormal, t.fever)
        for t in DailyTally.objects.filter(date=DAY)
    }
    tallies.recount(DAY)
    rebuilt = {
        t.unit: (t.expected, t.reported, t.on_time, t.abnormal, t.fever)
        for t in DailyTally.objects.filter(date=DAY)
    }
    assert live == rebuilt
    assert live[f"s{world.schools['S1'].id}"][:2] == (2, 1)


def test_temperature_is_kept_to_one_decimal(world):
    report, _ = send(world.people["S1C1A"], temperature=36.54)
    assert DailyReport.objects.get(pk=report.pk).temperature == Decimal("36.5")


def test_an_emptied_rule_table_falls_back_to_the_defaults(world):
    AbnormalRule.objects.all().delete()
    report, _ = send(world.people["S1C1A"], temperature="38.0")
    assert report.fever and report.abnormal_reasons == ["体温≥发热阈值"]


def test_a_first_report_is_written_with_its_follow_up_log_row_and_count(world):
    # On PostgreSQL one statement writes all four; on SQLite the ORM does: same rows either way.
    person = world.people["S1C1A"]
    report, created = send(person, temperature="38.1", symptoms=["cough"])
    stored = DailyReport.objects.get(pk=report.pk)
    assert created and (stored.fever, stored.abnormal, stored.unit) == (True, True, tallies.unit_of(person))
    assert FollowUp.objects.get().report_id == report.pk
    log = ChangeLog.objects.get(object_type="health.dailyreport")
    assert (log.object_id, log.action, log.source) == (str(report.pk), "create", "web")
    assert log.after["temperature"] == "38.1" and log.after["symptoms"] == ["cough"]
    assert log.object_repr == f"{person.name} {DAY}"
    t = tally(person)
    assert (t.reported, t.abnormal, t.fever, t.on_time) == (1, 1, 1, 1)


def test_a_normal_first_report_opens_no_follow_up(world):
    send(world.people["S1C1A"])
    assert not FollowUp.objects.exists()


def test_a_tally_row_removed_behind_the_process_is_recreated_and_counted(world):
    first, second = world.people["S1C1A"], world.people["S1C1B"]
    send(first)
    DailyTally.objects.filter(date=DAY, unit=tallies.unit_of(first)).delete()  # still "known" here
    send(second, temperature="38.0")
    t = tally(second)
    assert (t.expected, t.reported, t.fever) == (2, 1, 1)  # the lost count of `first` stays lost
    tallies.recount(DAY)
    assert tally(second).reported == 2
