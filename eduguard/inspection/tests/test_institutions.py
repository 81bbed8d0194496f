"""Kindergartens and training institutions: closures, visits, figures per township, bad input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eduguard.inspection.models import ClosureOrder, Institution, InstitutionVisit
from eduguard.inspection.services.institutions import by_township, lift_closure, order_closure, record_visit

TODAY = timezone.localdate()


@pytest.fixture
def places(world):
    make = Institution.objects.create
    return [
        make(
            county=world.county,
            name="阳光幼儿园",
            kind="kindergarten",
            ownership="private",
            township="小市镇",
        ),
        make(
            county=world.county,
            name="县第一幼儿园",
            kind="kindergarten",
            ownership="public",
            township="小市镇",
        ),
        make(
            county=world.county,
            name="启航培训学校",
            kind="training",
            ownership="private",
            township="草河口镇",
        ),
    ]


def visit(world, place, **changes):
    data = {
        "date": TODAY,
        "inspectors": "王、李",
        "people": 2,
        "notices": 1,
        "found_operating": False,
        "note": "",
    }
    return record_visit(institution=place, actor=world.leader, **{**data, **changes})


def test_the_township_figures_come_from_the_records(world, places):
    for p in places:
        order_closure(
            institution=p, ordered_on=TODAY - dt.timedelta(days=20), reason="停园停学通知", actor=world.leader
        )
    visit(world, places[0])
    visit(world, places[0], people=3, notices=2)
    visit(world, places[2], found_operating=True, note="有学生上课")
    rows = {t.name: t for t in by_township(Institution.objects.all(), TODAY)}
    assert (rows["小市镇"].kindergartens, rows["小市镇"].private_kindergartens, rows["小市镇"].closed) == (
        2,
        1,
        2,
    )
    assert (rows["合计"].person_times, rows["合计"].notices, rows["合计"].found_operating) == (7, 4, 1)
    lift_closure(institution=places[1], lifted_on=TODAY, actor=world.leader)
    assert {t.name: t for t in by_township(Institution.objects.all(), TODAY)}["合计"].closed == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "date"),
        ({"people": 0}, "people"),
        ({"people": 500}, "people"),
        ({"notices": -1}, "notices"),
        ({"inspectors": " "}, "inspectors"),
        ({"found_operating": True}, "note"),
    ],
)
def test_a_bad_visit_is_refused_and_nothing_is_written(world, places, changes, field):
    with pytest.raises(ValidationError) as exc:
        visit(world, places[0], **changes)
    assert field in exc.value.message_dict and not InstitutionVisit.objects.exists()


def test_closing_twice_lifting_before_closing_or_without_an_order_is_refused(world, places):
    order_closure(
        institution=places[0], ordered_on=TODAY - dt.timedelta(days=3), reason="通知", actor=world.leader
    )
    with pytest.raises(ValidationError):
        order_closure(institution=places[0], ordered_on=TODAY, reason="通知", actor=world.leader)
    with pytest.raises(ValidationError) as exc:
        lift_closure(institution=places[0], lifted_on=TODAY - dt.timedelta(days=5), actor=world.leader)
    assert "不能早于停办日期" in exc.value.message_dict["lifted_on"][0]
    with pytest.raises(ValidationError):
        lift_closure(institution=places[1], lifted_on=TODAY, actor=world.leader)
    assert ClosureOrder.objects.get().lifted_on is None


def test_only_the_bureau_manages_the_registry(world, places):
    with pytest.raises(PermissionDenied):
        visit_by = record_visit  # a principal has no county-level role
        visit_by(
            institution=places[0],
            date=TODAY,
            inspectors="x",
            people=1,
            notices=0,
            found_operating=False,
            note="",
            actor=world.principal,
        )


def test_the_pages_show_the_totals_and_record_a_visit(world, places, client):
    client.force_login(world.leader)
    page = client.get("/inspection/institutions/")
    assert page.status_code == 200 and page.context["townships"][-1].kindergartens == 2
    bad = client.post(
        f"/inspection/institutions/{places[0].pk}/visits/",
        {"date": TODAY.isoformat(), "inspectors": "王", "people": "x", "notices": "0"},
    )
    assert bad.status_code == 400 and "请填写整数" in bad.content.decode()
    ok = client.post(
        f"/inspection/institutions/{places[0].pk}/visits/",
        {"date": TODAY.isoformat(), "inspectors": "王", "people": "2", "notices": "1"},
    )
    assert ok.status_code == 302 and InstitutionVisit.objects.get().people == 2
    client.force_login(world.principal)
    assert client.get(f"/inspection/institutions/{places[0].pk}/").status_code == 404
