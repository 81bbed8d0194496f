"""The demo county's online teaching and 开学第一课, asserted by the seed-demo test: seed 000's figures
from the records (9.44万 students at 82.7 %, 6,281 teachers at 88.39 %, senior high above 95 %, up
from the month before), schools below the line, one 开学第一课 per township with a batch-1 school."""

import datetime as dt

from eduguard.org.demo import PROFILES
from eduguard.org.demo.profiles import BATCH_ONE_TYPES
from eduguard.org.models import County, School, SchoolClass
from eduguard.teaching.models import HealthEducationEvent, TeachingPeriod
from eduguard.teaching.services.rates import school_lines, sentence, stage_lines

LEADERS = ("党委书记", "镇长", "乡长", "党工委书记", "办事处主任")


def check_participation(county, today: dt.date) -> list:
    latest, before = TeachingPeriod.objects.filter(county=county).order_by("-start")[:2]
    assert (latest.start, latest.end) == (today.replace(day=1), today) and before.end < latest.start
    schools = School.objects.filter(county=county)
    lines = {line.key: line for line in stage_lines(latest, schools)}
    comp, senior = lines["compulsory"], lines["senior"]
    assert (comp.now.students_taking_part, comp.now.students_enrolled) == (94_400, 114_150)
    assert (comp.now.teachers_taking_part, comp.now.teachers_enrolled) == (6_281, 7_106)
    assert comp.student_change > 0 and comp.teacher_change > 0
    text = sentence(latest)
    assert text.startswith("全县义务教育学校参与线上学习的学生人数为9.44万人，参与率达82.7%，较"), text
    assert "提高" in text and "参与线上教学的老师人数6281人，参与率达88.39%" in text, text
    if senior.now.rows:
        assert senior.now.student_rate >= 0.95 and senior.now.teacher_rate >= 0.95
        assert text.endswith("高中师生参与率均达95%以上"), text
    return school_lines(latest, schools)


def check_teaching_demo(today: dt.date) -> None:
    county = County.objects.get()
    lines = check_participation(county, today)
    assert 0 < sum(line.below for line in lines) < len(lines)  # some schools below 80 %, not all
    profile = PROFILES["benxi-2020"]
    townships = {spec.township for spec in profile.schools if spec.type in BATCH_ONE_TYPES}
    events = HealthEducationEvent.objects.filter(county=county, kind="first_lesson")
    assert events.count() == len(townships) == 12
    reached = set()
    for event in events.prefetch_related("speakers", "classes"):
        (speaker,) = event.speakers.all()
        assert event.title.removesuffix("“开学第一课”") in speaker.title and speaker.title.endswith(LEADERS)
        assert event.theme == "普及防疫知识、弘扬抗疫精神" and "心理健康教育" in event.topics
        reached |= {c.pk for c in event.classes.all()}
    expected = SchoolClass.objects.filter(school__reopening_batch=1, grade__level__in=(9, 12))
    assert reached == set(expected.values_list("id", flat=True)) and reached
