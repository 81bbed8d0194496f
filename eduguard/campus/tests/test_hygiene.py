"""Places, disinfection and ventilation logs, and compliance with the norms of domain.md §6.3."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.audit.models import ChangeLog
from eduguard.campus.models import DisinfectionLog, Place, VentilationLog
from eduguard.campus.services.hygiene import (
    add_place,
    compliance,
    compliance_by_school,
    log_disinfection,
    log_ventilation,
)
from eduguard.core.models import RuleValue

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)
SIGNED = {"operator": "王老师", "checker": "李校医"}


@pytest.fixture
def room(world):
    return add_place(school=world.schools["S1"], name="七(1)班教室", kind="classroom", actor=world.principal)


@pytest.fixture
def isolation(world):
    return add_place(school=world.schools["S1"], name="临时隔离室", kind="isolation_room", actor=world.doctor)


def air(place, actor, minutes=30, at=dt.time(8), day=YESTERDAY, **kwargs):
    return log_ventilation(
        place=place, date=day, start=at, duration_min=minutes, actor=actor, **{**SIGNED, **kwargs}
    )


def disinfect(place, actor, method="chlorine", mg=500, minutes=30, day=YESTERDAY, **kwargs):
    return log_disinfection(
        place=place,
        date=day,
        time=dt.time(7, 30),
        method=method,
        concentration_mg_l=mg,
        duration_min=minutes,
        actor=actor,
        **{**SIGNED, **kwargs},
    )


def place_day(place, day=YESTERDAY):
    return next(p for p in compliance(place.school, day).places if p.place == place)


def test_a_place_aired_twice_and_disinfected_once_complies(world, room):
    air(room, world.doctor, at=dt.time(8))
    air(room, world.head_teacher, minutes=45, at=dt.time(12))
    disinfect(room, world.doctor)
    day = compliance(world.schools["S1"], YESTERDAY)
    assert (day.compliant, day.total) == (1, 1)
    p = day.places[0]
    assert p.compliant and p.reasons == [] and (p.ventilations_ok, p.disinfections_ok) == (2, 1)
    assert compliance(world.schools["S1"], TODAY).places[0].reasons == ["通风0次，应≥2次", "消毒0次，应≥1次"]


def test_ventilation_needs_the_times_and_the_minutes(world, room):
    air(room, world.doctor)
    disinfect(room, world.doctor)
    assert place_day(room).reasons == ["通风1次，应≥2次"]
    air(room, world.doctor, minutes=20, at=dt.time(12))
    p = place_day(room)
    assert p.reasons == ["通风1次，应≥2次（另有1次不足30分钟）"]
    assert [v.problem for v in p.ventilations] == [None, "通风20分钟，不足30分钟"]


@pytest.mark.parametrize(
    ("mg", "minutes", "problem"),
    [
        (200, 30, "含氯消毒剂浓度200mg/L，低于250"),
        (800, 30, "含氯消毒剂浓度800mg/L，高于500"),
        (250, 20, "作用时间20分钟，不足30分钟"),
        (250, 30, None),
        (500, 60, None),
    ],
)
def test_chlorine_on_surfaces_needs_250_to_500_for_30_minutes(world, room, mg, minutes, problem):
    air(room, world.doctor)
    air(room, world.doctor, at=dt.time(12))
    disinfect(room, world.doctor, mg=mg, minutes=minutes)
    p = place_day(room)
    assert p.disinfections[0].problem == problem
    assert p.reasons == ([] if problem is None else ["消毒0次，应≥1次", problem])


@pytest.mark.parametrize(
    ("method", "mg", "minutes", "problem"),
    [
        ("chlorine", 500, 30, "隔离室含氯消毒剂浓度500mg/L，低于1000"),
        ("chlorine", 1000, 30, None),
        ("chlorine", 2000, 30, None),  # no upper bound for a contaminated room
        ("chlorine", 1000, 10, "作用时间10分钟，不足30分钟"),
        ("uv", None, 30, None),
        ("uv", None, 20, "紫外线照射20分钟，不足30分钟"),
        ("ethanol", None, 5, "隔离室应使用含氯消毒剂（≥1000mg/L）"),
        ("other", None, 60, "其他消毒方法无法按规范核定，不计入"),
    ],
)
def test_an_isolation_room_needs_strong_chlorine_or_uv(world, isolation, method, mg, minutes, problem):
    disinfect(isolation, world.doctor, method=method, mg=mg, minutes=minutes)
    assert place_day(isolation).disinfections[0].problem == problem


def test_uv_and_ethanol_count_in_an_ordinary_room(world, room):
    disinfect(room, world.doctor, method="uv", mg=None, minutes=30)
    disinfect(room, world.doctor, method="ethanol", mg=300, minutes=1)
    p = place_day(room)
    assert [d.problem for d in p.disinfections] == [None, None] and p.disinfections_ok == 2
    assert DisinfectionLog.objects.filter(method="ethanol").get().concentration_mg_l is None


def test_one_good_disinfection_is_enough_despite_a_bad_one(world, room):
    air(room, world.doctor)
    air(room, world.doctor, at=dt.time(12))
    disinfect(room, world.doctor, mg=100)
    disinfect(room, world.doctor, mg=500)
    assert place_day(room).compliant


def test_changed_norms_take_effect_from_their_date(world, room):
    for at in (dt.time(8), dt.time(12)):
        air(room, world.doctor, at=at)
    disinfect(room, world.doctor, mg=300)
    assert place_day(room).compliant
    RuleValue.objects.create(name="campus.ventilation_times_per_day", value=3, effective_from=YESTERDAY)
    RuleValue.objects.create(name="campus.chlorine_mg_l", value=[400, 600], effective_from=YESTERDAY)
    RuleValue.objects.create(name="campus.ventilation_minutes", value=20, effective_from=TODAY)
    assert place_day(room).reasons == ["通风2次，应≥3次", "消毒0次，应≥1次", "含氯消毒剂浓度300mg/L，低于400"]


@pytest.mark.parametrize(
    ("rule", "value", "setup", "reason"),
    [
        ("campus.ventilation_minutes", 45, "air", "通风0次，应≥2次（另有2次不足45分钟）"),
        ("campus.disinfection_times_per_day", 2, "disinfect", "消毒1次，应≥2次"),
        ("campus.chlorine_isolation_mg_l", 1500, "isolation", "隔离室含氯消毒剂浓度1000mg/L，低于1500"),
        ("campus.contact_minutes", 40, "disinfect", "作用时间30分钟，不足40分钟"),
        ("campus.uv_minutes", 60, "uv", "紫外线照射30分钟，不足60分钟"),
    ],
)
def test_each_norm_is_a_rule(world, room, isolation, rule, value, setup, reason):
    RuleValue.objects.create(name=rule, value=value, effective_from=YESTERDAY)
    place = isolation if setup == "isolation" else room
    if setup == "air":
        air(place, world.doctor)
        air(place, world.doctor, at=dt.time(12))
    elif setup == "uv":
        disinfect(place, world.doctor, method="uv", mg=None)
    else:
        disinfect(place, world.doctor, mg=1000 if setup == "isolation" else 500)
    assert reason in place_day(place).reasons


def test_inactive_places_are_not_counted(world, room, isolation):
    assert compliance(world.schools["S1"], YESTERDAY).total == 2
    Place.objects.filter(pk=isolation.pk).update(active=False)
    assert compliance(world.schools["S1"], YESTERDAY).total == 1
    with pytest.raises(ValidationError, match="已停用"):
        air(Place.objects.get(pk=isolation.pk), world.doctor)


def test_a_log_carries_its_place_school_and_is_in_the_change_log(world, room):
    log = air(room, world.head_teacher)
    assert log.school_id == world.schools["S1"].pk and log.recorded_by == world.head_teacher
    assert ChangeLog.objects.filter(object_type="campus.ventilationlog", object_id=str(log.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minutes": 0}, "duration_min", "时长应大于0分钟"),
        ({"minutes": -5}, "duration_min", "时长应大于0分钟"),
        ({"minutes": None}, "duration_min", "请填写时长"),
        ({"minutes": 2000}, "duration_min", "不能超过1440分钟"),
        ({"operator": "张三", "checker": " 张三 "}, "checker", "检查人不能与操作人为同一人"),
        ({"operator": ""}, "operator", "请填写操作人"),
        ({"checker": "  "}, "checker", "请填写检查人"),
        ({"day": TODAY + dt.timedelta(days=1)}, "date", "日期不能晚于今天"),
    ],
)
def test_a_bad_ventilation_is_refused_with_its_reason(world, room, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        air(room, world.doctor, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert not VentilationLog.objects.exists()


def test_a_time_later_today_is_refused(world, room, monkeypatch):
    noon = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    real = timezone.localtime
    monkeypatch.setattr(timezone, "localtime", lambda value=None, tz=None: real(value or noon, tz))
    assert air(room, world.doctor, day=TODAY, at=dt.time(12, 4)).pk  # a phone's clock may run ahead
    with pytest.raises(ValidationError, match="时间不能晚于现在"):
        air(room, world.doctor, day=TODAY, at=dt.time(13))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"mg": None}, "concentration_mg_l", "含氯消毒剂须填写有效氯浓度"),
        ({"mg": 25_000}, "concentration_mg_l", "有效氯浓度应在 1 到 20000 mg/L 之间"),
        ({"mg": 0}, "concentration_mg_l", "有效氯浓度应在"),
        ({"minutes": 0}, "duration_min", "时长应大于0分钟"),
        ({"method": "steam"}, "method", "请选择消毒方法"),
        ({"checker": "王老师"}, "checker", "检查人不能与操作人为同一人"),
    ],
)
def test_a_bad_disinfection_is_refused_with_its_reason(world, room, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        disinfect(room, world.doctor, **changes)
    assert message in " ".join(refused.value.message_dict[field])
    assert not DisinfectionLog.objects.exists()


@pytest.mark.parametrize(
    "persona", ["bureau_staff", "leader", "subject_teacher", "guard", "inspector", "outsider"]
)
def test_only_the_log_roles_working_in_the_school_may_log(world, room, persona):
    with pytest.raises(PermissionDenied):
        air(room, getattr(world, persona))
    assert not VentilationLog.objects.exists()


@pytest.mark.parametrize("persona", ["principal", "school_leader", "doctor", "head_teacher", "admin"])
def test_school_staff_and_head_teachers_may_log(world, room, persona):
    assert air(room, getattr(world, persona)).pk


def test_a_head_teacher_of_another_school_may_not_log(world):
    other = add_place(school=world.schools["S2"], name="八(1)班教室", kind="classroom", actor=world.admin)
    with pytest.raises(PermissionDenied):
        air(other, world.head_teacher)


def test_log_roles_are_a_rule(world, room):
    RuleValue.objects.create(name="campus.log_roles", value=["school_doctor"])
    with pytest.raises(PermissionDenied):
        air(room, world.head_teacher)
    assert air(room, world.doctor).pk


def test_places_are_added_by_school_level_roles_with_unique_names(world, room):
    with pytest.raises(ValidationError, match="本校已有处所"):
        add_place(school=world.schools["S1"], name=" 七(1)班教室 ", kind="classroom", actor=world.doctor)
    with pytest.raises(ValidationError, match="请填写处所名称"):
        add_place(school=world.schools["S1"], name="", kind="classroom", actor=world.doctor)
    with pytest.raises(ValidationError, match="请选择处所类型"):
        add_place(school=world.schools["S1"], name="车库", kind="garage", actor=world.doctor)
    for persona in ("head_teacher", "school_leader", "bureau_staff"):
        with pytest.raises(PermissionDenied):
            add_place(school=world.schools["S1"], name="食堂", kind="canteen", actor=getattr(world, persona))
    same_name = add_place(school=world.schools["S2"], name="七(1)班教室", kind="classroom", actor=world.admin)
    assert same_name.school == world.schools["S2"]


def test_compliance_of_many_schools_reads_in_four_queries(world, room, django_assert_num_queries):
    air(room, world.doctor)
    disinfect(room, world.doctor)
    ids = [s.pk for s in world.schools.values()]
    with django_assert_num_queries(4):  # the seven norms, places, ventilations, disinfections
        figures = compliance_by_school(ids, YESTERDAY)
    assert [(figures[pk].compliant, figures[pk].total) for pk in ids] == [(0, 1), (0, 0), (0, 0)]


def test_a_place_with_logs_is_kept_but_its_school_may_go(world, room):
    from django.db.models import RestrictedError

    from eduguard.org.models import School

    air(room, world.doctor)
    with pytest.raises(RestrictedError):
        room.delete()
    closed = School.objects.create(county=world.county, code="T9", name="撤并学校", type="primary")
    air(add_place(school=closed, name="教室", kind="classroom", actor=world.admin), world.admin)
    closed.delete()
    assert list(Place.objects.all()) == [room] and VentilationLog.objects.count() == 1
