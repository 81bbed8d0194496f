"""晨午晚检: filing, correcting, bad input, the absence register it keeps, summaries and reminders."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.core.models import RuleValue
from eduguard.core.rules import clear_cache
from eduguard.health.models import HealthCheck, HealthCheckFinding, SickAbsence
from eduguard.health.services.absences import register_absence
from eduguard.health.services.check_reminders import report_missing_checks
from eduguard.health.services.check_summary import school_summary
from eduguard.health.services.checks import Finding, file_check, sessions_for
from eduguard.notify.models import Message
from eduguard.org.models import Guardian

TODAY = timezone.localdate()


def at(hour, minute=0, day=TODAY):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def check(w, klass="S1C1", findings=(), session="morning", actor=None, day=TODAY, now=None):
    return file_check(
        school_class=w.classes[klass],
        day=day,
        session=session,
        findings=list(findings),
        actor=actor or w.head_teacher,
        now=now or at(8),
    )


def test_a_class_with_nothing_to_report_files_an_explicit_zero_report(world):
    c = check(world)
    assert c.zero_report and c.expected == 2 and c.findings.count() == 0
    assert ChangeLog.objects.filter(object_type="health.healthcheck", object_id=str(c.pk)).count() == 1


def test_a_second_morning_check_updates_the_first_and_keeps_the_history(world):
    w = world
    first = check(w, findings=[Finding(w.people["S1C1A"], temperature="37.9", symptoms=["fever", "cough"])])
    second = check(w, findings=[Finding(w.people["S1C1A"], temperature="36.6")], now=at(8, 10))
    assert first.pk == second.pk and HealthCheck.objects.count() == 1
    assert second.revision == 2 and second.submitted_at == at(8)  # lateness counts from the first filing
    finding = HealthCheckFinding.objects.get()
    assert str(finding.temperature) == "36.6" and finding.symptoms == []
    log = ChangeLog.objects.filter(object_type="health.healthcheck").order_by("id").last()
    assert log.before["findings"][0]["temperature"] == "37.9"


def test_only_someone_covering_the_class_may_file(world):
    with pytest.raises(PermissionDenied):
        check(world, klass="S1C2")  # the head teacher of S1C1
    with pytest.raises(PermissionDenied):
        check(world, actor=world.subject_teacher)
    check(world, klass="S1C2", actor=world.doctor)
    assert HealthCheck.objects.count() == 1


@pytest.mark.parametrize(
    "finding, message",
    [
        (lambda w: Finding(w.people["S1C2A"], present=False), "不是本班在册学生"),
        (lambda w: Finding(w.people["S1C1A"], temperature="3x"), "生S1C1A：体温应为数字"),
        (lambda w: Finding(w.people["S1C1A"], temperature="45.0"), "体温应在"),
        (lambda w: Finding(w.people["S1C1A"], symptoms=["sneezing"]), "未知的症状"),
        (lambda w: Finding(w.people["S1C1A"], action="shout"), "未知的处理措施"),
    ],
)
def test_bad_findings_are_refused_and_nothing_is_written(world, finding, message):
    w = world
    good = Finding(w.people["S1C1B"], present=False)
    with pytest.raises(ValidationError) as exc:
        check(w, findings=[good, finding(w)])
    assert any(message in m for m in exc.value.messages)
    assert (
        not HealthCheck.objects.exists() and not SickAbsence.objects.exists() and not Message.objects.exists()
    )


def test_dates_and_sessions_outside_the_rules_are_refused(world):
    with pytest.raises(ValidationError, match="检查日期"):
        check(world, day=TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不需要"):
        check(world, session="evening")  # no boarders in the class
    assert sessions_for(world.classes["S1C1"], TODAY) == ["morning", "noon"]
    world.people["S1C1A"].boarding = True
    world.people["S1C1A"].save()
    assert check(world, session="evening").session == "evening"


def test_an_unexplained_absence_is_registered_and_chased_at_once(world):
    w = world
    guardian = Guardian.objects.get(person=w.people["S1C1A"])
    guardian.set_phone("+8613912345678")
    guardian.save()
    check(w, findings=[Finding(w.people["S1C1A"], present=False)])
    absence = SickAbsence.objects.get()
    assert (
        absence.kind == "unknown"
        and absence.started_on == TODAY
        and absence.school_class == w.classes["S1C1"]
    )
    to_parent = Message.objects.get(kind="health.absence_chase")
    assert "生S1C1A晨检未到校" in to_parent.body and to_parent.phone_masked.endswith("5678")
    task = Message.objects.get(kind="health.absence_task")
    assert task.recipient_user == w.head_teacher and "生S1C1A" in task.body
    check(
        w, findings=[Finding(w.people["S1C1A"], present=False)], now=at(8, 5)
    )  # corrected: no second message
    assert Message.objects.count() == 2 and SickAbsence.objects.count() == 1


def test_absence_half_days_come_from_the_checks_and_a_return_closes_it(world):
    w = world
    absent = [Finding(w.people["S1C1A"], present=False, absence_kind="sick", symptoms=["vomiting"])]
    check(w, findings=absent)
    check(w, findings=absent, session="noon", now=at(14))
    absence = SickAbsence.objects.get()
    assert absence.kind == "sick" and absence.half_days == 2 and absence.onset_on == TODAY
    tomorrow = TODAY + dt.timedelta(days=1)
    check(w, day=tomorrow, now=at(8, day=tomorrow))  # back in class, no certificate needed
    absence.refresh_from_db()
    assert absence.returned_on == tomorrow


def test_a_student_lacking_a_return_certificate_cannot_be_marked_present(world):
    w = world
    register_absence(
        person=w.people["S1C1A"],
        started_on=TODAY,
        actor=w.head_teacher,
        kind="sick",
        infectious="yes",
        disease="水痘",
    )
    with pytest.raises(ValidationError, match="复课证明"):
        check(w, findings=[Finding(w.people["S1C1A"], temperature="36.5")])
    c = check(w)  # not listed: recorded absent, and the check is no zero report
    finding = c.findings.get()
    assert not c.zero_report and not finding.present and finding.absence.disease == "水痘"


def test_the_summary_is_computed_from_the_records(world):
    w = world
    yesterday = TODAY - dt.timedelta(days=1)
    check(
        w, day=yesterday, findings=[Finding(w.people["S1C1B"], symptoms=["cough"])], now=at(8, day=yesterday)
    )
    check(
        w,
        findings=[
            Finding(w.people["S1C1A"], present=False, absence_kind="sick", symptoms=["cough", "fever"])
        ],
    )
    check(w, klass="S1C2", actor=w.doctor, now=at(9))  # after the 08:20 deadline: late
    summary = school_summary(w.doctor, w.schools["S1"], TODAY, now=at(15))
    c1, c2 = summary.rows
    assert (c1.expected, c1.present, c1.sick_absences) == (2, 1, 1)
    assert c1.today == {"cough": 1, "fever": 1} and c1.window == {"cough": 2, "fever": 1}
    assert [(c.session, c.state) for c in c1.sessions] == [("morning", "on_time"), ("noon", "missing")]
    assert [(c.session, c.state) for c in c2.sessions] == [("morning", "late"), ("noon", "missing")]
    assert [code for code, *_ in summary.symptom_columns] == ["fever", "cough"]
    head = school_summary(w.head_teacher, w.schools["S1"], TODAY, now=at(15))
    assert [r.school_class for r in head.rows] == [w.classes["S1C1"]]  # scoped


def test_the_deadlines_are_rules(world):
    RuleValue.objects.create(name="health.check_deadlines", value={"morning": "09:40"}, effective_from=TODAY)
    clear_cache()
    c = check(world, now=at(9))
    summary = school_summary(world.doctor, world.schools["S1"], TODAY, now=at(15))
    assert [(x.session, x.state) for x in summary.rows[0].sessions] == [
        ("morning", "zero")
    ]  # on time, no noon
    assert c.session == "morning"


def test_the_reporter_hears_of_missing_checks_once(world):
    w = world
    check(w)
    assert report_missing_checks(TODAY, "morning") == 1  # S1's doctor: only S1C2 is missing
    message = Message.objects.get(kind="health.checks_missing", recipient_user=w.doctor)
    assert "七(2)班" in message.body and "1个班未交" in message.body
    assert report_missing_checks(TODAY, "morning") == 0
    schools_told = {m.dedupe_key.split(":")[3] for m in Message.objects.filter(kind="health.checks_missing")}
    assert schools_told == {str(w.schools["S1"].pk)}  # S2 and S3 have no doctor nor principal
