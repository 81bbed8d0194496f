"""Entering participation: one row per grade and period, replaced not doubled, refused whole on bad
counts (never more taking part than enrolled), and only by the school's leaders or the bureau."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.teaching.models import TeachingParticipation, TeachingPeriod
from eduguard.teaching.services.participation import RowIn, grade_lines, record_participation
from eduguard.teaching.services.periods import create_period, default_name
from eduguard.teaching.tests.conftest import enter


def logs():
    return ChangeLog.objects.filter(object_type="teaching.teachingparticipation").count()


def test_re_entering_the_same_figures_changes_nothing(county):
    w = county
    first = enter(w.period, w.grades["S1"], 40, 30, 4, 3, w.principal)
    again = enter(w.period, w.grades["S1"], 40, 30, 4, 3, w.principal)
    assert (first.created, again.created, again.updated, again.unchanged) == (1, 0, 0, 1)
    assert TeachingParticipation.objects.count() == 1 and logs() == 1


def test_different_figures_replace_the_row_and_are_logged(county):
    w = county
    enter(w.period, w.grades["S1"], 40, 30, 4, 3, w.principal)
    outcome = enter(w.period, w.grades["S1"], 40, 35, 4, 4, w.keeper, source="imported")
    row = TeachingParticipation.objects.get()
    assert outcome.updated == 1 and (row.students_taking_part, row.teachers_taking_part) == (35, 4)
    assert (row.source, row.entered_by) == ("imported", w.keeper)
    entry = ChangeLog.objects.filter(object_type="teaching.teachingparticipation").latest("id")
    assert entry.before["students_taking_part"] == 30 and entry.after["students_taking_part"] == 35


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ((40, 41, 4, 3), "参与学生数不能超过在籍学生数（40人）"),
        ((40, 30, 4, 5), "参与教师数不能超过教师数（4人）"),
        ((40, -1, 4, 3), "参与学生数不能为负数"),
        ((-40, 0, 4, 3), "在籍学生数不能为负数"),
        ((40, "30", 4, 3), "参与学生数请填写整数"),
        ((400_000, 30, 4, 3), "在籍学生数数字过大，请核对"),
    ],
)
def test_bad_counts_are_refused_with_a_clear_message_and_nothing_written(county, counts, message):
    w = county
    good = RowIn(w.grades["S2"], 10, 5, 2, 1)
    with pytest.raises(ValidationError) as refused:
        record_participation(period=w.period, rows=[good, RowIn(w.grades["S1"], *counts)], actor=w.admin)
    assert f"测试S1中学七年级：{message}" in refused.value.messages
    assert not TeachingParticipation.objects.exists()


def test_the_database_itself_refuses_more_taking_part_than_enrolled(county):
    w = county
    row = TeachingParticipation(
        period=w.period,
        school=w.schools["S1"],
        grade=w.grades["S1"],
        students_enrolled=10,
        students_taking_part=11,
        teachers_enrolled=1,
        teachers_taking_part=1,
        entered_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


@pytest.mark.parametrize(
    ("persona", "school", "allowed"),
    [
        ("principal", "S1", True),
        ("bureau_staff", "S1", True),
        ("leader", "S3", True),
        ("grid_leader", "S2", True),
        ("principal", "S2", False),
        ("school_leader", "S1", False),  # a grade's leader: the school's figures are the school's
        ("doctor", "S1", False),
        ("head_teacher", "S1", False),
        ("inspector", "S2", False),
        ("outsider", "S1", False),
    ],
)
def test_only_the_schools_leaders_and_the_bureau_enter(county, persona, school, allowed):
    w = county
    actor = getattr(w, persona)
    if allowed:
        assert enter(w.period, w.grades[school], 10, 5, 2, 1, actor).created == 1
    else:
        with pytest.raises(PermissionDenied):
            enter(w.period, w.grades[school], 10, 5, 2, 1, actor)
        assert not TeachingParticipation.objects.exists()


def test_a_period_that_has_not_started_and_a_grade_twice_are_refused(county):
    w = county
    later = TeachingPeriod.objects.create(
        county=w.county,
        name="下期",
        start=w.period.end + dt.timedelta(days=1),
        end=w.period.end + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError, match="尚未开始"):
        enter(later, w.grades["S1"], 10, 5, 2, 1, w.admin)
    twice = [RowIn(w.grades["S1"], 10, 5, 2, 1), RowIn(w.grades["S1"], 10, 6, 2, 1)]
    with pytest.raises(ValidationError, match="同一年级填报了多次"):
        record_participation(period=w.period, rows=twice, actor=w.admin)


def test_a_grade_not_entered_starts_from_the_roster(county):
    w = county
    lines = {line.grade.name: line for line in grade_lines(w.schools["S1"], w.period)}
    # 4 students in 七年级 on the roll, none in 一年级; the school's 2 teachers go where the students are.
    assert lines["七年级"].initial == {"students_enrolled": 4, "teachers_enrolled": 2}
    assert lines["一年级"].initial == {"students_enrolled": 0, "teachers_enrolled": 0}
    enter(w.before, w.grades["S1"], 50, 40, 6, 5, w.principal)
    lines = {line.grade.name: line for line in grade_lines(w.schools["S1"], w.period)}
    assert lines["七年级"].initial["teachers_enrolled"] == 6  # the period before's figure
    assert lines["七年级"].previous.students_taking_part == 40
    enter(w.period, w.grades["S1"], 45, 44, 6, 6, w.principal)
    line = grade_lines(w.schools["S1"], w.period)[1]
    assert line.row is not None and line.initial["students_taking_part"] == 44


def test_periods_are_set_by_the_bureau_named_by_their_dates_and_never_overlap(county):
    w = county
    start = w.period.end + dt.timedelta(days=1)
    assert default_name(dt.date(2020, 3, 1), dt.date(2020, 3, 31)) == "2020年3月"
    assert default_name(dt.date(2020, 3, 1), dt.date(2020, 3, 19)) == "2020年3月1日至3月19日"
    period = create_period(county=w.county, start=start, end=start + dt.timedelta(days=9), actor=w.keeper)
    assert period.previous() == w.period
    with pytest.raises(ValidationError, match="重叠"):
        create_period(county=w.county, start=start, end=start, actor=w.keeper)
    with pytest.raises(ValidationError, match="结束日期"):
        create_period(county=w.county, start=start + dt.timedelta(days=20), end=start, actor=w.keeper)
    with pytest.raises(PermissionDenied):
        create_period(
            county=w.county,
            start=start + dt.timedelta(days=40),
            end=start + dt.timedelta(days=41),
            actor=w.principal,
        )
