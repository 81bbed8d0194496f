"""Recording emergency drills, and the drills a school has done or lacks since a date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.core.models import RuleValue
from eduguard.response.choices import DrillScenario
from eduguard.response.models import Drill
from eduguard.response.services.drills import (
    drills_done,
    may_record,
    missing_scenarios,
    record_drill,
    summary_by_school,
)

TODAY = timezone.localdate()
REQUIRED = ["isolation_room", "temperature", "fever", "meals"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record(world, key="S1", actor=None, **fields):
    data = {"scenario": "fever", "held_on": TODAY, "participants": 40, **fields}
    return record_drill(school=world.schools[key], actor=actor or world.principal, **data)


def test_it_records_a_drill_with_its_file_and_an_audit_entry(world):
    drill = record(
        world,
        scenario="isolation_room",
        held_on=TODAY - dt.timedelta(days=3),
        participants=120,
        problems="  隔离室缺少额温枪  ",
        improvements="已补充两支",
        file=SimpleUploadedFile("演练.jpg", b"\xff\xd8\xff photo"),
    )
    drill.refresh_from_db()
    assert (drill.school, drill.scenario, drill.participants) == (world.schools["S1"], "isolation_room", 120)
    assert (drill.problems, drill.improvements, drill.recorded_by) == (
        "隔离室缺少额温枪",
        "已补充两支",
        world.principal,
    )
    assert drill.file.name.startswith("drills/") and drill.file.read() == b"\xff\xd8\xff photo"
    log = ChangeLog.objects.get(object_type="response.drill", object_id=str(drill.pk))
    assert (log.actor, log.action, log.source) == (world.principal, "create", "web")
    assert log.after["scenario"] == "isolation_room" and log.after["school"] == "TS1"
    assert log.after["file"] == drill.file.name


def test_a_drill_without_a_file_is_recorded(world):
    drill = record(world, actor=world.doctor)
    assert not drill.file and drill.recorded_by == world.doctor


@pytest.mark.parametrize("persona", ["principal", "doctor", "admin"])
def test_it_lets_the_school_level_roles_record(world, persona):
    assert may_record(getattr(world, persona), world.schools["S1"])
    record(world, actor=getattr(world, persona))
    assert Drill.objects.count() == 1


@pytest.mark.parametrize(
    "persona",
    [
        "leader",
        "grid_leader",
        "bureau_staff",
        "inspector",
        "school_leader",
        "head_teacher",
        "guard",
        "outsider",
    ],
)
def test_it_refuses_everyone_else_and_writes_nothing(world, persona):
    # The grade-level school leader covers a grade, not the school: the rule is held over the school.
    assert not may_record(getattr(world, persona), world.schools["S1"])
    with pytest.raises(PermissionDenied, match="登记应急演练须由负责本校的校长"):
        record(world, actor=getattr(world, persona))
    assert not Drill.objects.exists() and not ChangeLog.objects.filter(object_type="response.drill").exists()


def test_a_principal_cannot_record_for_another_school(world):
    with pytest.raises(PermissionDenied):
        record(world, key="S2")
    assert not Drill.objects.exists()


def test_the_roles_are_a_rule(world):
    RuleValue.objects.create(name="response.drill_roles", value=["bureau_staff"], effective_from=TODAY)
    assert may_record(world.bureau_staff, world.schools["S1"])
    assert not may_record(world.principal, world.schools["S1"])
    record(world, actor=world.bureau_staff)
    with pytest.raises(PermissionDenied, match="局机关科室"):
        record(world, scenario="meals")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"scenario": "parade"}, "scenario", "请选择演练科目"),
        ({"scenario": ""}, "scenario", "请选择演练科目"),
        ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on", "演练日期不能晚于今天"),
        ({"held_on": TODAY - dt.timedelta(days=366)}, "held_on", "演练日期不能早于"),
        ({"held_on": None}, "held_on", "请填写演练日期"),
        ({"held_on": "2020-03-01"}, "held_on", "请填写演练日期"),
        ({"participants": 0}, "participants", "参加人数至少为 1 人"),
        ({"participants": -5}, "participants", "参加人数至少为 1 人"),
        ({"participants": 10_001}, "participants", "参加人数不能超过 10000 人"),
        ({"participants": None}, "participants", "请填写参加人数（整数）"),
        ({"participants": "30"}, "participants", "请填写参加人数（整数）"),
        ({"participants": True}, "participants", "请填写参加人数（整数）"),
        ({"problems": "问" * 2001}, "problems", "不超过 2000 字"),
        ({"improvements": "改" * 2001}, "improvements", "不超过 2000 字"),
        ({"file": SimpleUploadedFile("演练.exe", b"MZ")}, "file", "文件应为 PDF 或图片"),
        ({"file": SimpleUploadedFile("演练.docx", b"PK\x03\x04")}, "file", "文件应为 PDF 或图片"),
        (
            {"file": SimpleUploadedFile("演练.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))},
            "file",
            "不能超过 10 MB",
        ),
    ],
)
def test_every_bad_input_has_its_message_and_writes_nothing(world, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        record(world, **fields)
    errors = caught.value.message_dict
    assert list(errors) == [field] and message in errors[field][0]
    assert not Drill.objects.exists() and not ChangeLog.objects.filter(object_type="response.drill").exists()


def test_it_reports_every_problem_at_once(world):
    with pytest.raises(ValidationError) as caught:
        record(world, scenario="x", held_on=TODAY + dt.timedelta(days=2), participants=0)
    assert set(caught.value.message_dict) == {"scenario", "held_on", "participants"}


def test_the_limits_themselves_are_accepted(world):
    record(world, held_on=TODAY - dt.timedelta(days=365), participants=10_000)
    record(world, scenario="other", participants=1, problems="问" * 2000)
    assert Drill.objects.count() == 2


def test_the_same_scenario_on_the_same_day_is_recorded_once(world):
    record(world)
    with pytest.raises(ValidationError) as caught:
        record(world, actor=world.doctor, participants=41)
    assert f"本校 {TODAY.isoformat()} 已登记过“发热师生处置”演练" in caught.value.message_dict["held_on"][0]
    record(world, scenario="meals")  # another scenario that day
    record(world, held_on=TODAY - dt.timedelta(days=1))  # the same scenario another day
    assert Drill.objects.count() == 3


def test_drills_done_names_the_latest_drill_of_each_scenario_since_a_date(world):
    since = TODAY - dt.timedelta(days=30)
    old = record(world, scenario="temperature", held_on=since - dt.timedelta(days=1))
    first = record(world, scenario="fever", held_on=since)  # the first day counts
    latest = record(world, scenario="fever", held_on=TODAY - dt.timedelta(days=2))
    record(world, key="S2", actor=world.admin, scenario="meals")  # another school's
    done = drills_done(world.schools["S1"], since)
    assert list(done) == list(DrillScenario.values)
    assert done["fever"] == latest and done["temperature"] is None and done["meals"] is None
    assert drills_done(world.schools["S1"], since - dt.timedelta(days=1))["temperature"] == old
    assert first.pk not in {d.pk for d in done.values() if d}


def test_missing_scenarios_follow_the_rule_in_its_order(world):
    school, since = world.schools["S1"], TODAY - dt.timedelta(days=90)
    assert missing_scenarios(school, since) == REQUIRED
    record(world, scenario="temperature")
    record(world, scenario="other")
    assert missing_scenarios(school, since) == ["isolation_room", "fever", "meals"]
    assert missing_scenarios(school, since, required=["meals", "temperature"]) == ["meals"]
    assert missing_scenarios(school, TODAY + dt.timedelta(days=1)) == REQUIRED  # nothing after a future date
    RuleValue.objects.create(name="response.required_drills", value=["temperature"], effective_from=TODAY)
    assert missing_scenarios(school, since) == []
    RuleValue.objects.create(
        name="response.required_drills", value=["temperature", "evacuation"], effective_from=TODAY
    )
    assert missing_scenarios(school, since) == ["evacuation"]  # a code the choices lack is never done


def test_summary_by_school_counts_each_school_in_one_query(world, django_assert_num_queries):
    record(world, scenario="temperature")
    record(world, scenario="temperature", held_on=TODAY - dt.timedelta(days=5))
    record(world, key="S2", actor=world.admin, scenario="meals")
    ids = [s.pk for s in world.schools.values()]
    with django_assert_num_queries(1):
        figures = summary_by_school(ids, TODAY - dt.timedelta(days=90), required=REQUIRED)
    s1, s2, s3 = (figures[world.schools[k].pk] for k in ("S1", "S2", "S3"))
    assert (s1.count, s2.count, s3.count) == (2, 1, 0)
    assert (s1.held, s2.held, s3.held) == (1, 1, 0)
    assert s1.missing_labels == ["临时隔离室启用", "发热师生处置", "食堂错峰分餐"]
    assert [label for _, label, drill in s1.items if drill] == ["入校测温"]
