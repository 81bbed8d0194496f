"""Rates are computed from the rows: per stage (义务教育 = grades 1–9), per school, the change from
the period before in percentage points, the schools under the rule teaching.low_rate, and the
briefing's sentence in the words of seed 000."""

import pytest

from eduguard.core.models import RuleValue
from eduguard.core.rules import clear_cache
from eduguard.org.models import School
from eduguard.teaching.services.rates import figure, people, school_lines, sentence, stage_lines
from eduguard.teaching.tests.conftest import enter


@pytest.fixture
def entered(county):
    """Seed 000's figures split over two schools' 七年级; senior high at 96 % and 100 %."""
    w = county
    a = w.admin
    enter(w.before, w.grades["S1"], 57_075, 44_000, 3_553, 3_100, a)
    enter(w.before, w.grades["S2"], 57_075, 45_000, 3_553, 3_000, a)
    enter(w.period, w.grades["S1"], 57_075, 50_000, 3_553, 3_300, a)  # 87.6 %
    enter(w.period, w.grades["S2"], 57_075, 44_400, 3_553, 2_981, a)  # 77.8 %: below 80 %
    enter(w.period, w.grades["S2-10"], 100, 96, 10, 10, a)
    enter(w.period, w.grades["S1-1"], 20, 19, 2, 2, a)
    return w


def test_rates_per_stage_with_the_change_from_the_period_before(entered):
    w = entered
    lines = {line.key: line for line in stage_lines(w.period, School.objects.all())}
    compulsory = lines["compulsory"].now
    assert (compulsory.students_enrolled, compulsory.students_taking_part) == (114_170, 94_419)
    assert lines["junior"].now.students_taking_part == 94_400
    assert lines["junior"].now.students_enrolled == 114_150
    assert lines["primary"].now.student_rate == pytest.approx(0.95)
    assert lines["senior"].now.student_rate == pytest.approx(0.96)
    assert lines["senior"].before.rows == 0 and lines["senior"].student_change is None
    # 初中: 82.70 % now against 77.97 % before, +4.73 points; teachers 88.39 % against 85.84 %.
    assert lines["junior"].student_change == pytest.approx((94_400 - 89_000) / 114_150 * 100)
    assert figure(lines["junior"].teacher_change) == "2.55"
    assert lines["total"].now.rows == 4


def test_schools_below_the_line_are_flagged_and_the_line_is_a_rule(entered):
    w = entered
    lines = school_lines(w.period, School.objects.all())
    assert [line.label for line in lines] == ["测试S2中学", "测试S1中学", "测试S3中学"]  # lowest first
    assert [line.below for line in lines] == [True, False, False]
    assert not lines[2].reported
    RuleValue.objects.create(name="teaching.low_rate", value=0.75, effective_from=w.period.start)
    clear_cache()
    assert not any(line.below for line in school_lines(w.period, School.objects.all()))


def test_a_principal_sees_the_rates_of_their_school_only(entered):
    w = entered
    mine = School.objects.visible_to(w.principal)
    lines = {line.key: line for line in stage_lines(w.period, mine)}
    assert lines["total"].now.students_enrolled == 57_075 + 20
    assert [line.label for line in school_lines(w.period, mine)] == ["测试S1中学"]


def test_the_sentence_of_the_briefing_comes_from_the_rows(entered):
    w = entered
    w.grades["S1-1"].teaching_rows.all().delete()  # 义务教育 is then exactly seed 000's figures
    assert sentence(w.period) == (
        "全县义务教育学校参与线上学习的学生人数为9.44万人，参与率达82.7%，较上期提高4.73个百分点；"
        "参与线上教学的老师人数6281人，参与率达88.39%；高中师生参与率均达95%以上"
    )


def test_figures_are_written_as_the_briefing_writes_them():
    assert figure(94_400 / 114_150 * 100) == "82.7"
    assert figure(6_281 / 7_106 * 100) == "88.39"
    assert figure(100.0) == "100"
    assert people(94_400) == "9.44万人" and people(6_281) == "6281人" and people(120_000) == "12万人"
