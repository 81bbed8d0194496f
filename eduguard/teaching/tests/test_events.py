"""Health education events: the 开学第一课 with its speakers and the classes it reached (students
counted from them); seen with their schools, county-wide ones by everyone in the county's schools."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.teaching.models import HealthEducationEvent
from eduguard.teaching.services.events import classes_of, record_event

TODAY = timezone.localdate()


def lesson(w, schools, actor, **kwargs):
    fields = {
        "county": w.county,
        "kind": "first_lesson",
        "title": "开学第一课",
        "theme": "普及防疫知识、弘扬抗疫精神",
        "date": TODAY,
        "schools": schools,
        "classes": classes_of(schools, [7]),
        "topics": ["防疫知识", "心理健康教育"],
        "speakers": [("王建国", "小市镇党委书记")],
        "actor": actor,
    }
    return record_event(**(fields | kwargs))


def test_an_event_reaches_classes_and_counts_their_students(county):
    w = county
    event = lesson(w, [w.schools["S1"], w.schools["S2"]], w.keeper)
    assert event.classes.count() == 4 and event.students_reached() == 8
    assert [str(s) for s in event.speakers.all()] == ["小市镇党委书记王建国"]
    assert event.topics == ["防疫知识", "心理健康教育"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"speakers": []}, "speakers"),
        ({"schools": []}, "schools"),
        ({"title": " "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"topics": ["打麻将"]}, "topics"),
        ({"date": TODAY + dt.timedelta(days=400)}, "date"),
    ],
)
def test_bad_events_are_refused_and_nothing_is_written(county, kwargs, field):
    w = county
    with pytest.raises(ValidationError) as refused:
        lesson(w, kwargs.pop("schools", [w.schools["S1"]]), w.keeper, **kwargs)
    assert field in refused.value.message_dict
    assert not HealthEducationEvent.objects.exists()


def test_classes_outside_the_schools_and_schools_outside_reach_are_refused(county):
    w = county
    with pytest.raises(ValidationError, match="覆盖班级须在所选学校中"):
        lesson(w, [w.schools["S1"]], w.keeper, classes=classes_of([w.schools["S2"]], [7]))
    with pytest.raises(PermissionDenied):
        lesson(w, [w.schools["S2"]], w.principal)
    with pytest.raises(PermissionDenied):
        lesson(w, [], w.principal, county_wide=True, classes=[])
    assert not HealthEducationEvent.objects.exists()


def test_events_are_seen_with_their_schools(county, client):
    w = county
    at_s1 = lesson(w, [w.schools["S1"]], w.principal)
    at_s2 = lesson(w, [w.schools["S2"]], w.keeper, title="S2主题班会", kind="class_meeting")
    county_wide = lesson(w, [], w.keeper, county_wide=True, title="全县健康讲座", classes=[])
    both = lesson(w, [w.schools["S1"], w.schools["S3"]], w.keeper, title="联合第一课")
    client.force_login(w.principal)
    page = client.get("/teaching/events/").content.decode()
    assert "全县健康讲座" in page and "S2主题班会" not in page and "测试S3中学" not in page
    assert client.get(f"/teaching/events/{at_s1.pk}/").status_code == 200
    assert client.get(f"/teaching/events/{county_wide.pk}/").status_code == 200
    assert client.get(f"/teaching/events/{at_s2.pk}/").status_code == 404
    detail = client.get(f"/teaching/events/{both.pk}/").content.decode()
    assert "测试S3中学" not in detail and "另有 1 所学校" in detail and "负责范围外另有 2 个班" in detail
    client.force_login(w.head_teacher)
    assert client.get(f"/teaching/events/{at_s1.pk}/").status_code == 404


def test_the_form_records_an_event_for_the_grades_chosen(county, client):
    w = county
    client.force_login(w.principal)
    form = client.get("/teaching/events/new/").content.decode()
    assert "测试S1中学" in form and "测试S2中学" not in form and "全县统一组织" not in form
    data = {
        "title": "开学第一课",
        "kind": "first_lesson",
        "date": TODAY.isoformat(),
        "schools": [w.schools["S1"].pk],
        "levels": ["7", "9"],
        "topics": ["防疫知识"],
        "speakers": "李志明，小市镇镇长\n张红，县疾控中心医生",
    }
    response = client.post("/teaching/events/new/", data)
    event = HealthEducationEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/teaching/events/{event.pk}/"
    assert event.classes.count() == 2 and [s.name for s in event.speakers.all()] == ["李志明", "张红"]
    page = client.get(response["Location"]).content.decode()
    assert "李志明（小市镇镇长）" in page and '<dd id="students-reached">4</dd>' in page
    refused = client.post("/teaching/events/new/", {**data, "speakers": "", "schools": [w.schools["S2"].pk]})
    assert refused.status_code == 400 and HealthEducationEvent.objects.count() == 1
