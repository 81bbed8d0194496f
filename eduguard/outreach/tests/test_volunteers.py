"""Volunteers, teams, shifts and activities through their services: who may write, what fits
together, bad input refused with its message and nothing written, person-times counted from
attendance, and the figures and sentence of the briefing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.audit.models import ChangeLog
from eduguard.core.testing import make_user
from eduguard.outreach.models import (
    Attendance,
    Shift,
    ShiftAssignment,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from eduguard.outreach.services.volunteer_shifts import mark_attendance, plan_shift, record_activity
from eduguard.outreach.services.volunteer_totals import Figures, about, volunteer_sentence, volunteer_totals
from eduguard.outreach.services.volunteers import (
    create_team,
    register_volunteer,
    set_members,
    update_volunteer,
)
from eduguard.outreach.tests.volunteer_world import add_volunteers, at


@pytest.fixture
def crew(world):
    return add_volunteers(world)


def shift(w, unit="S1", volunteers=("S1TA",), start=-3, hours=2, actor=None, **extra):
    unit = w.county_unit if unit == "county" else w.unit[unit]
    return plan_shift(
        unit=unit,
        post=extra.pop("post", "checkpoint"),
        place=extra.pop("place", "东门路口"),
        township=extra.pop("township", "小市镇"),
        starts_at=at(start),
        ends_at=at(start + hours),
        volunteers=[w.v[k] for k in volunteers],
        actor=actor or w.admin,
        **extra,
    )


# ---- volunteers ---------------------------------------------------------------------------


def test_it_registers_roster_people_and_outsiders_with_a_sealed_phone(crew):
    w = crew
    v = Volunteer.objects.get(pk=w.v["OUT"].pk)
    assert v.display_name == "社会志愿者甲" and v.school_id is None and v.person_id is None
    assert v.phone_masked == "139****5678" and "13912345678" not in v.phone_enc
    assert v.reveal_phone() == "+8613912345678"
    staff = Volunteer.objects.get(pk=w.v["S1TA"].pk)
    assert (
        staff.display_name == w.people["S1TA"].name and staff.school == w.schools["S1"] and staff.name == ""
    )
    assert staff.masked_phone == w.people["S1TA"].phone_masked
    logged = ChangeLog.objects.filter(object_type="outreach.volunteer", object_id=str(v.pk)).get()
    assert logged.after["phone"] == "139****5678" and "13912345678" not in str(logged.after)


BAD_REGISTRATIONS = [
    (
        "a roster person twice",
        lambda w: dict(unit=w.unit["S1"], person=w.people["S1TA"]),
        "person",
        "已登记为志愿者",
    ),
    (
        "another school's teacher",
        lambda w: dict(unit=w.unit["S1"], person=w.people["S2TB"]),
        "person",
        "不是",
    ),
    (
        "a student",
        lambda w: dict(unit=w.unit["S1"], person=w.people["S1C1A"]),
        "person",
        "学生不登记为志愿者",
    ),
    (
        "an outsider without a name",
        lambda w: dict(unit=w.unit["S1"], phone="13800001111"),
        "name",
        "请填写姓名",
    ),
    ("an outsider's bad phone", lambda w: dict(unit=w.unit["S1"], name="张三", phone="12345"), "phone", ""),
    (
        "the same outsider's phone",
        lambda w: dict(unit=w.unit["S1"], name="张三", phone="13912345678"),
        "phone",
        "社会志愿者甲",
    ),
    (
        "no township",
        lambda w: dict(unit=w.unit["S1"], person=w.people["S1TB"], township=" "),
        "township",
        "服务乡镇",
    ),
]


@pytest.mark.parametrize("case,args,field,message", BAD_REGISTRATIONS, ids=[c[0] for c in BAD_REGISTRATIONS])
def test_it_refuses_a_bad_registration_and_writes_nothing(crew, case, args, field, message):
    w = crew
    Volunteer.objects.filter(person=w.people.get("S1TB")).delete()  # free for the cases that use them
    before = Volunteer.objects.count()
    with pytest.raises(ValidationError) as e:
        register_volunteer(**{"township": "小市镇", **args(w)}, actor=w.principal)
    assert message in " ".join(e.value.message_dict[field])
    assert Volunteer.objects.count() == before


def test_a_person_is_a_volunteer_once_even_past_the_service(crew):
    w = crew
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.create(
            county=w.county, person=w.people["S1TA"], township="小市镇", joined_on=w.now.date()
        )


def test_only_the_units_managers_register_and_edit(crew):
    w = crew
    for user in (w.doctor, w.head_teacher, w.school_leader, w.inspector, w.outsider, w.parent):
        with pytest.raises(PermissionDenied):
            register_volunteer(unit=w.unit["S1"], person=w.people["S1TB"], township="小市镇", actor=user)
    with pytest.raises(PermissionDenied):  # the principal of S1 does not manage S2 nor the county
        register_volunteer(unit=w.unit["S2"], person=w.people["S2TB"], township="高官镇", actor=w.principal)
    with pytest.raises(PermissionDenied):
        update_volunteer(volunteer=w.v["BUREAU"], township="高官镇", actor=w.principal)
    update_volunteer(
        volunteer=w.v["S1TA"], township="草河口镇", skills="驾驶", active=False, actor=w.bureau_staff
    )
    assert Volunteer.objects.get(pk=w.v["S1TA"].pk).township == "草河口镇"
    update_volunteer(
        volunteer=w.v["OUT"], township="南甸镇", name="社会志愿者乙", phone="13700000000", actor=w.leader
    )
    assert Volunteer.objects.get(pk=w.v["OUT"].pk).phone_masked == "137****0000"


# ---- teams ----------------------------------------------------------------------------------


def test_a_school_team_takes_only_its_own_volunteers(crew):
    w = crew
    with pytest.raises(ValidationError) as e:
        create_team(unit=w.unit["S1"], name="一校队", members=[w.v["S1TA"], w.v["S2TA"]], actor=w.principal)
    assert e.value.message_dict["members"] == [f"{w.people['S2TA'].name}不是测试S1中学的志愿者"]
    assert not VolunteerTeam.objects.exists()
    team = create_team(
        unit=w.unit["S1"], name="一校队", leader=w.v["S1TB"], members=[w.v["S1TA"]], actor=w.principal
    )
    assert set(team.members.all()) == {w.v["S1TA"], w.v["S1TB"]}  # the leader is a member
    county = create_team(
        unit=w.county_unit, name="县队", members=[w.v["S1TA"], w.v["S2TA"], w.v["OUT"]], actor=w.leader
    )
    assert county.members.count() == 3
    with pytest.raises(ValidationError, match="已有名为"):
        create_team(unit=w.unit["S1"], name="县队", actor=w.principal)
    with pytest.raises(ValidationError):
        set_members(team=team, members=[w.v["BUREAU"]], leader=None, actor=w.principal)
    assert set(team.members.all()) == {w.v["S1TA"], w.v["S1TB"]}


# ---- shifts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [0, -1])
def test_a_shift_ending_at_or_before_its_start_is_refused(crew, hours):
    w = crew
    with pytest.raises(ValidationError) as e:
        shift(w, hours=hours)
    assert "须晚于开始时间" in e.value.message_dict["ends_at"][0]
    assert not Shift.objects.exists() and not ShiftAssignment.objects.exists()


def test_the_database_refuses_a_shift_ending_before_it_starts(crew):
    w = crew
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(
            county=w.county,
            post="checkpoint",
            place="卡口",
            township="小市镇",
            starts_at=at(2),
            ends_at=at(1),
        )


def test_a_volunteer_on_an_overlapping_shift_is_refused_by_name(crew):
    w = crew
    first = shift(w, volunteers=("S1TA",), start=-3, hours=4)  # −3h … +1h
    with pytest.raises(ValidationError) as e:
        shift(w, volunteers=("S1TA", "S1TB"), start=0, hours=2)  # overlaps the last hour
    message = e.value.message_dict["volunteers"][0]
    assert (
        message.startswith(w.people["S1TA"].name)
        and "时间重叠" in message
        and "东门路口 · 卡口执勤" in message
    )
    assert Shift.objects.get() == first and ShiftAssignment.objects.count() == 1
    shift(w, volunteers=("S1TA",), start=1, hours=2)  # one that only touches it is fine
    shift(w, unit="county", volunteers=("S1TB", "BUREAU"), start=0, hours=2)  # another volunteer at that time
    assert Shift.objects.count() == 3


def test_a_shift_takes_only_the_units_volunteers_teams_and_activities(crew):
    w = crew
    other_team = create_team(unit=w.unit["S2"], name="二校队", actor=w.admin)
    counted = record_activity(
        unit=w.unit["S1"],
        date=w.now.date(),
        township="小市镇",
        kind="publicity",
        entered_person_times=8,
        actor=w.admin,
    )
    cases = [
        (dict(volunteers=("S1TA", "S2TA")), "volunteers", "不是测试S1中学的志愿者"),
        (dict(team=other_team), "team", "不是测试S1中学的服务队"),
        (dict(activity=counted), "activity", "已按填报的 8 人次计入"),
        (dict(volunteers=()), "volunteers", "请至少安排一名志愿者"),
        (dict(post="sightseeing"), "post", "请选择岗位"),
    ]
    for extra, field, message in cases:
        with pytest.raises(ValidationError) as e:
            shift(w, **extra)
        assert message in " ".join(e.value.message_dict[field]), extra
    w.v["S1TB"].active = False
    w.v["S1TB"].save()
    with pytest.raises(ValidationError, match="已不在岗"):
        shift(w, volunteers=("S1TB",))
    with pytest.raises(PermissionDenied):
        shift(w, actor=w.doctor)
    assert not Shift.objects.exists()
    # The county's shift may take any of its volunteers.
    assert (
        shift(w, unit="county", volunteers=("S1TA", "S2TA", "OUT"), actor=w.leader).assignments.count() == 3
    )


def test_attendance_counts_person_times_and_waits_for_the_start(crew):
    w = crew
    done = shift(w, volunteers=("S1TA", "S1TB"), start=-3)
    later = shift(w, volunteers=("S1TA",), start=5)
    with pytest.raises(ValidationError, match="开始后再登记到岗"):
        mark_attendance(shift=later, present=[w.v["S1TA"]], actor=w.principal)
    with pytest.raises(ValidationError, match="只能登记本班次"):
        mark_attendance(shift=done, present=[w.v["S2TA"]], actor=w.principal)
    with pytest.raises(PermissionDenied):
        mark_attendance(shift=done, present=[w.v["S1TA"]], actor=w.doctor)
    assert mark_attendance(shift=done, present=[w.v["S1TA"]], actor=w.principal) == 1
    statuses = dict(done.assignments.values_list("volunteer_id", "status"))
    assert statuses == {w.v["S1TA"].pk: Attendance.PRESENT, w.v["S1TB"].pk: Attendance.ABSENT}
    assert (
        volunteer_totals(county=w.county).total.person_times == 1
    )  # one came; planned and absent count nothing


def test_a_team_leader_marks_their_shift_on_their_own_account(crew):
    w = crew
    team = create_team(
        unit=w.unit["S1"], name="一校队", leader=w.v["S1TB"], members=[w.v["S1TA"]], actor=w.admin
    )
    done = shift(w, volunteers=("S1TA", "S1TB"), team=team)
    other = shift(w, volunteers=("S1TA",), start=-8)
    teacher = make_user("teacher-s1tb", Role.SELF, w.people["S1TB"])
    assert set(Shift.objects.visible_to(teacher)) == {done}  # their team's shift, not the school's others
    assert mark_attendance(shift=done, present=[w.v["S1TA"], w.v["S1TB"]], actor=teacher) == 2
    with pytest.raises(PermissionDenied):
        mark_attendance(shift=other, present=[w.v["S1TA"]], actor=teacher)


# ---- activities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "counts,field,message",
    [
        ({"banners": -1}, "banners", "悬挂宣传条幅不能为负数"),
        ({"leaflets": -20}, "leaflets", "发放宣传单不能为负数"),
        ({"persuaded": -3}, "persuaded", "劝返人员不能为负数"),
        ({"entered_person_times": -1}, "entered_person_times", "参与人次不能为负数"),
        ({"leaflets": "很多"}, "leaflets", "发放宣传单须为整数"),
        ({"leaflets": 10**7}, "leaflets", "请核对"),
    ],
)
def test_negative_or_absurd_counts_are_refused(crew, counts, field, message):
    w = crew
    with pytest.raises(ValidationError) as e:
        record_activity(
            unit=w.unit["S1"],
            date=w.now.date(),
            township="小市镇",
            kind="publicity",
            actor=w.principal,
            **counts,
        )
    assert e.value.message_dict[field] == [message] or message in e.value.message_dict[field][0]
    assert not VolunteerActivity.objects.exists()


def test_the_database_refuses_a_negative_count(crew):
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerActivity.objects.create(
            county=crew.county, date=crew.now.date(), township="小市镇", kind="publicity", leaflets=-1
        )


def test_an_activity_is_dated_today_or_before_and_belongs_to_its_unit(crew):
    w = crew
    other_team = create_team(unit=w.unit["S2"], name="二校队", actor=w.admin)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        record_activity(
            unit=w.unit["S1"], date=tomorrow, township="", kind="x", team=other_team, actor=w.principal
        )
    assert set(e.value.message_dict) == {"date", "township", "kind", "team"}
    with pytest.raises(PermissionDenied):
        record_activity(
            unit=w.county_unit, date=w.now.date(), township="小市镇", kind="publicity", actor=w.principal
        )


# ---- figures --------------------------------------------------------------------------------


def test_totals_per_township_count_attendance_and_entered_person_times_once(crew):
    w = crew
    today = timezone.localdate()
    act = record_activity(
        unit=w.unit["S1"],
        date=today,
        township="小市镇",
        kind="publicity",
        banners=3,
        leaflets=250,
        actor=w.admin,
    )
    s = shift(w, volunteers=("S1TA", "S1TB"), activity=act)
    mark_attendance(shift=s, present=[w.v["S1TA"], w.v["S1TB"]], actor=w.admin)
    s2 = shift(w, unit="county", volunteers=("BUREAU", "OUT", "S2TA"), township="南甸镇", start=-8)
    mark_attendance(shift=s2, present=[w.v["BUREAU"], w.v["OUT"]], actor=w.admin)
    record_activity(
        unit=w.county_unit,
        date=today,
        township="高官镇",
        kind="checkpoint",
        persuaded=4,
        entered_person_times=12,
        actor=w.admin,
    )
    t = volunteer_totals(county=w.county)
    rows = {r.township: r for r in t.rows}
    assert [r.township for r in t.rows] == sorted(rows)
    assert (
        rows["小市镇"].volunteers,
        rows["小市镇"].person_times,
        rows["小市镇"].banners,
        rows["小市镇"].leaflets,
    ) == (3, 2, 3, 250)
    assert (rows["南甸镇"].volunteers, rows["南甸镇"].person_times) == (1, 2)
    assert (rows["高官镇"].volunteers, rows["高官镇"].person_times, rows["高官镇"].persuaded) == (1, 12, 4)
    assert (
        t.total.volunteers,
        t.total.person_times,
        t.total.banners,
        t.total.leaflets,
        t.total.persuaded,
    ) == (5, 16, 3, 250, 4)
    # A school sees its own: its volunteers' person-times wherever they served, its activities.
    s1 = volunteer_totals(user=w.principal).total
    assert (s1.volunteers, s1.person_times, s1.banners, s1.persuaded) == (2, 2, 3, 0)
    assert volunteer_totals(user=w.head_teacher).total == Figures()
    # The period: nothing before today's activities and shifts; the roster as of a day.
    assert volunteer_totals(county=w.county, since=today + dt.timedelta(days=1)).total.person_times == 0
    assert volunteer_totals(county=w.county, until=today - dt.timedelta(days=1)).total.volunteers == 0


@pytest.mark.parametrize(
    "n,text",
    [
        (0, "0"),
        (7, "7"),
        (75, "75"),
        (99, "99"),
        (100, "100"),
        (106, "100余"),
        (112, "110余"),
        (199, "190余"),
        (3000, "3000"),
        (3046, "3000余"),
        (3099, "3000余"),
        (20_350, "20000余"),
        (20_999, "20000余"),
        (459, "450余"),
    ],
)
def test_about_rounds_down_to_the_leading_digit_like_the_seed(n, text):
    assert about(n) == text


def test_the_sentence_reads_like_the_seed():
    figures = Figures(volunteers=459, person_times=3046, banners=75, leaflets=20_350, persuaded=106)
    assert volunteer_sentence(figures) == (
        "教育系统共有459名志愿者参与志愿服务，累计参与疫情防控3000余人次，悬挂宣传条幅75副，"
        "发放宣传单20000余份，劝返未采取防护措施出行人员100余人"
    )
    assert volunteer_sentence(Figures(volunteers=3, person_times=12), "测试S1中学") == (
        "测试S1中学共有3名志愿者参与志愿服务，累计参与疫情防控12人次"
    )
    assert volunteer_sentence(Figures()) == ""
