"""The volunteer pages: the figures and the list in each user's scope, the forms' refusals (400,
the message on the page, nothing written), who may write (403), and outside the scope a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.core.testing import make_user
from eduguard.outreach.models import Shift, ShiftAssignment, Volunteer, VolunteerActivity, VolunteerTeam
from eduguard.outreach.services.volunteer_shifts import mark_attendance, plan_shift, record_activity
from eduguard.outreach.services.volunteers import create_team
from eduguard.outreach.tests.volunteer_world import add_volunteers, at


def typed(hours_from_now: int) -> str:
    """A time as a datetime-local box sends it: local time, no zone."""
    return timezone.localtime(at(hours_from_now)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def crew(world):
    w = add_volunteers(world)
    w.team = create_team(
        unit=w.unit["S1"], name="一校小分队", leader=w.v["S1TB"], members=[w.v["S1TA"]], actor=w.admin
    )
    w.shift = plan_shift(
        unit=w.unit["S1"],
        post="publicity",
        place="校门口",
        township="小市镇",
        starts_at=at(-3),
        ends_at=at(-1),
        volunteers=[w.v["S1TA"], w.v["S1TB"]],
        team=w.team,
        actor=w.admin,
    )
    mark_attendance(shift=w.shift, present=[w.v["S1TA"]], actor=w.admin)
    record_activity(
        unit=w.county_unit,
        date=w.now.date(),
        township="高官镇",
        kind="checkpoint",
        persuaded=7,
        actor=w.admin,
    )
    return w


def page(client, user, name, *args, data=None, query=None):
    client.force_login(user)
    url = reverse(f"outreach:{name}", args=args)
    return client.post(url, data) if data is not None else client.get(url, query or {})


def test_the_bureau_sees_the_county_figures_and_the_sentence(crew, client):
    r = page(client, crew.leader, "volunteers")
    text = r.content.decode()
    assert r.status_code == 200
    assert "教育系统共有5名志愿者参与志愿服务，累计参与疫情防控1人次，劝返未采取防护措施出行人员7人" in text
    rows = {f.township: f for f in r.context["totals"].rows}
    assert (rows["小市镇"].volunteers, rows["小市镇"].person_times, rows["高官镇"].persuaded) == (3, 1, 7)
    assert {v.display_name for v in r.context["object_list"]} == {
        "社会志愿者甲",
        *(crew.people[k].name for k in ("S1TA", "S1TB", "S2TA", "BUREAU")),
    }


def test_a_principal_sees_their_school_only(crew, client):
    r = page(client, crew.principal, "volunteers")
    names = {v.display_name for v in r.context["object_list"]}
    assert names == {crew.people["S1TA"].name, crew.people["S1TB"].name}
    assert r.context["sentence"].startswith("测试S1中学共有2名志愿者")
    assert "社会志愿者甲" not in r.content.decode() and crew.people["S2TA"].name not in r.content.decode()
    assert page(client, crew.principal, "volunteer", crew.v["S2TA"].pk).status_code == 404
    assert page(client, crew.principal, "volunteer", crew.v["BUREAU"].pk).status_code == 404
    assert page(client, crew.principal, "volunteer", crew.v["S1TA"].pk).status_code == 200
    filtered = page(client, crew.principal, "volunteers", query={"kind": "outsider"})
    assert list(filtered.context["object_list"]) == []


def test_head_teachers_and_parents_see_no_volunteers_and_may_not_register(crew, client):
    for user in (crew.head_teacher, crew.parent, crew.subject_teacher):
        r = page(client, user, "volunteers")
        assert r.status_code == 200 and list(r.context["object_list"]) == [] and not r.context["may_register"]
        assert page(client, user, "volunteer-new").status_code == 403
        assert page(client, user, "volunteer", crew.v["S1TA"].pk).status_code == 404


def test_a_principal_registers_a_teacher_and_an_outsider(crew, client):
    w = crew
    form = page(client, w.principal, "volunteer-new")
    assert form.status_code == 200
    labels = dict(form.context["form"].fields["person"].choices)
    assert any(
        w.people["S1TA"].name in str(label) and "已是志愿者" in str(label) for label in labels.values()
    )
    assert not any(w.people["S2TA"].name in str(label) for label in labels.values())
    data = {
        "unit": f"s{w.schools['S1'].pk}",
        "kind": "outsider",
        "name": "家长志愿者王五",
        "phone": "13811112222",
        "township": "小市镇",
        "joined_on": w.now.date().isoformat(),
    }
    r = page(client, w.principal, "volunteer-new", data=data)
    v = Volunteer.objects.get(name="家长志愿者王五")
    assert r.status_code == 302 and r["Location"] == v.get_absolute_url() and v.school == w.schools["S1"]


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"kind": "roster", "person": "S1TA"}, "person", "已登记为志愿者"),
        (
            {"kind": "roster", "person": "S2TB"},
            "person",
            "选择一个有效的选项",
        ),  # not offered: another school's
        ({"kind": "roster", "person": ""}, "person", "请选择在册人员"),
        ({"kind": "outsider", "name": "李四", "phone": "1381111"}, "phone", "手机号应为11位"),
        ({"unit": "s999"}, None, "请选择你负责的单位"),
    ],
)
def test_a_bad_registration_is_a_400_with_its_message_and_nothing_written(
    crew, client, change, field, message
):
    w = crew
    data = {
        "unit": f"s{w.schools['S1'].pk}",
        "township": "小市镇",
        "joined_on": w.now.date().isoformat(),
        **change,
    }
    if data.get("person"):
        data["person"] = w.people[data["person"]].pk
    before = Volunteer.objects.count()
    r = page(client, w.principal, "volunteer-new", data=data)
    assert r.status_code == 400 and message in r.content.decode()
    errors = r.context["form"].errors
    assert any(message in e for e in errors.get(field or "__all__", []))
    assert Volunteer.objects.count() == before


def test_a_shift_ending_before_it_starts_is_refused_on_the_page(crew, client):
    w = crew
    data = {
        "unit": f"s{w.schools['S1'].pk}",
        "post": "checkpoint",
        "place": "北门",
        "township": "小市镇",
        "starts_at": typed(10),
        "ends_at": typed(8),
        "volunteers": [w.v["S1TA"].pk],
    }
    r = page(client, w.principal, "shift-new", data=data)
    assert r.status_code == 400 and "须晚于开始时间" in r.content.decode()
    assert Shift.objects.count() == 1
    overlapping = {**data, "starts_at": typed(-2), "ends_at": typed(0)}
    r = page(client, w.principal, "shift-new", data=overlapping)
    assert r.status_code == 400 and "时间重叠" in r.content.decode()
    foreign = {**data, "ends_at": typed(12), "volunteers": [w.v["S2TA"].pk]}
    r = page(client, w.principal, "shift-new", data=foreign)
    assert r.status_code == 400 and "volunteers" in r.context["form"].errors
    assert Shift.objects.count() == 1 and ShiftAssignment.objects.count() == 2
    good = {**data, "ends_at": typed(12), "team": w.team.pk}
    r = page(client, w.principal, "shift-new", data=good)
    new = Shift.objects.latest("id")
    assert r.status_code == 302 and r["Location"] == new.get_absolute_url() and new.team == w.team


def test_negative_counts_are_refused_on_the_activity_page(crew, client):
    w = crew
    data = {
        "unit": f"s{w.schools['S1'].pk}",
        "date": w.now.date().isoformat(),
        "kind": "publicity",
        "township": "小市镇",
        "banners": "-2",
        "leaflets": "300",
        "persuaded": "0",
        "entered_person_times": "",
    }
    r = page(client, w.principal, "activity-new", data=data)
    assert r.status_code == 400 and "悬挂宣传条幅不能为负数" in r.content.decode()
    assert VolunteerActivity.objects.count() == 1
    r = page(client, w.principal, "activity-new", data={**data, "banners": "2"})
    assert (
        r.status_code == 302
        and VolunteerActivity.objects.filter(school=w.schools["S1"], banners=2, leaflets=300).exists()
    )


def test_those_who_only_see_the_school_may_not_write(crew, client):
    w = crew
    r = page(client, w.doctor, "volunteer", w.v["S1TA"].pk)
    assert r.status_code == 200 and not r.context["may_manage"]
    assert reverse("outreach:volunteer-edit", args=[w.v["S1TA"].pk]) not in r.content.decode()
    r = page(client, w.doctor, "volunteer-edit", w.v["S1TA"].pk, data={"township": "高官镇"})
    assert r.status_code == 403 and Volunteer.objects.get(pk=w.v["S1TA"].pk).township == "小市镇"
    r = page(
        client, w.doctor, "shift-attendance", w.shift.pk, data={"present": [w.v["S1TB"].pk], "confirm": "1"}
    )
    assert r.status_code == 403
    assert page(client, w.doctor, "shift-new").status_code == 403


def test_the_team_leader_marks_attendance_and_the_manager_edits(crew, client):
    w = crew
    leader = make_user("s1tb", Role.SELF, w.people["S1TB"])
    r = page(client, leader, "shift", w.shift.pk)
    assert r.status_code == 200 and r.context["may_mark"] and "保存到岗情况" in r.content.decode()
    r = page(
        client,
        leader,
        "shift-attendance",
        w.shift.pk,
        data={"present": [w.v["S1TA"].pk, w.v["S1TB"].pk], "confirm": "1"},
    )
    assert r.status_code == 302
    assert w.shift.assignments.filter(status="present").count() == 2
    assert (
        page(client, leader, "volunteer-edit", w.v["S1TA"].pk, data={"township": "高官镇"}).status_code == 404
    )
    r = page(
        client, w.principal, "volunteer-edit", w.v["S1TA"].pk, data={"township": "高官镇", "active": "on"}
    )
    assert r.status_code == 302 and Volunteer.objects.get(pk=w.v["S1TA"].pk).township == "高官镇"
    r = page(client, w.principal, "volunteer-edit", w.v["S1TA"].pk, data={"township": ""})
    assert r.status_code == 400


def test_teams_pages_offer_only_the_schools_volunteers(crew, client):
    w = crew
    r = page(client, w.principal, "team", w.team.pk)
    offered = {v.pk for v in r.context["members_form"].fields["members"].queryset}
    assert offered == {w.v["S1TA"].pk, w.v["S1TB"].pk}
    r = page(
        client, w.principal, "team-members", w.team.pk, data={"members": [w.v["S2TA"].pk], "confirm": "1"}
    )
    assert r.status_code == 400 and set(w.team.members.all()) == {w.v["S1TA"], w.v["S1TB"]}
    r = page(
        client,
        w.principal,
        "team-new",
        data={"unit": f"s{w.schools['S1'].pk}", "name": "二分队", "members": [w.v["S1TA"].pk]},
    )
    assert r.status_code == 302 and VolunteerTeam.objects.get(name="二分队").school == w.schools["S1"]
    assert page(client, w.inspector, "team", w.team.pk).status_code == 404
