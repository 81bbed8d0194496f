"""CarriesCounty and CountyQuerySet fill the county from the person; E001 names a table without it."""

import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from eduguard.core import county
from eduguard.core.county import CarriesCounty
from eduguard.core.identity import build_id_number
from eduguard.core.testing import make_person
from eduguard.core.tests.county_checks import check_rows_carry_their_persons_county, county_carriers
from eduguard.logistics.models import Ride, Trip
from eduguard.org.forms import PersonForm
from eduguard.org.models import County, Grade, Guardian, Person, School, SchoolClass
from eduguard.org.roster.importer import create_people
from eduguard.org.services import save_person
from eduguard.screening.models import Quarantine

pytestmark = pytest.mark.django_db

# Issue 13: every person-linked table outside health carries the county.
CARRIERS = {
    "org.Guardian",
    "screening.ScreeningResponse",
    "screening.PersonCategory",
    "screening.Quarantine",
    "campus.GateEntry",
    "campus.LeavePass",
    "response.FeverEvent",
    "response.IncidentCase",
    "logistics.Ride",
}


@pytest.fixture
def elsewhere(world):
    """A second county with a school and a student: counties must come from the person, not a default."""
    other = County.objects.create(code="210522", name="邻县", bureau_name="邻县教育局")
    school = School.objects.create(county=other, code="N1", name="邻县一中", type="junior")
    grade = Grade.objects.create(school=school, name="七年级", level=7)
    klass = SchoolClass.objects.create(grade=grade, number=1, name="七(1)班")
    return SimpleNamespace(
        county=other, school=school, school_class=klass, student=make_person(school, klass, name="邻县学生")
    )


def test_it_fills_the_county_on_save_and_keeps_an_explicit_one(world, elsewhere):
    guardian = Guardian.objects.create(person=elsewhere.student, name="邻县家长", relation="mother")
    assert Guardian.objects.get(pk=guardian.pk).county_id == elsewhere.county.id

    kept = Guardian(person=elsewhere.student, county=world.county, name="另记", relation="father")
    kept.save()
    assert Guardian.objects.get(pk=kept.pk).county_id == world.county.id


def test_it_adds_the_county_to_update_fields_when_it_fills_it(world):
    guardian = Guardian.objects.create(person=world.people["S1C1A"], name="家长", relation="mother")
    Guardian.objects.filter(pk=guardian.pk).update(county=None)  # a row from before the column
    guardian.county_id, guardian.name = None, "改名"
    guardian.save(update_fields=["name"])
    assert Guardian.objects.filter(pk=guardian.pk).values_list("name", "county_id").get() == (
        "改名",
        world.county.id,
    )


def test_bulk_create_fills_every_county_with_one_query(world, elsewhere):
    trip = Trip.objects.create(school=world.schools["S1"], date=dt.date(2020, 2, 19), vehicle="辽E·00001")
    riders = [world.people["S1C1A"], world.people["S1C1B"], elsewhere.student]
    rides = [Ride(trip=trip, person_id=p.pk, seat=str(n)) for n, p in enumerate(riders)]
    rides[1].county = elsewhere.county  # given: kept as it is
    with CaptureQueriesContext(connection) as queries:
        Ride.objects.bulk_create(rides)
    assert len(queries) == 2  # the people's counties, then the INSERT
    stored = dict(Ride.objects.values_list("person_id", "county_id"))
    assert stored == {
        riders[0].pk: world.county.id,
        riders[1].pk: elsewhere.county.id,
        elsewhere.student.pk: elsewhere.county.id,
    }
    trip.rides.all().delete()
    with CaptureQueriesContext(connection) as queries:  # all given: no look-up
        Ride.objects.bulk_create([Ride(trip=trip, person=p, county_id=p.county_id) for p in riders])
    assert len(queries) == 1


def test_the_roster_importers_raw_insert_gives_guardians_the_county(world, elsewhere):
    number = build_id_number("210522", dt.date(2013, 5, 6), 321)
    form = PersonForm(
        {
            "school_class": elsewhere.school_class.id,
            "category": "student",
            "name": "赵小红",
            "sex": "M",
            "id_type": "resident",
            "id_number": number,
            "guardian_name": "赵父",
            "guardian_relation": "father",
            "guardian_phone": "13912345678",
        },
        today=dt.date(2026, 11, 23),
    )
    assert form.is_valid(), form.errors
    (person,) = create_people(None, "import", [(form.cleaned_data, elsewhere.county)])
    assert Guardian.objects.get(person=person).county_id == elsewhere.county.id
    assert check_rows_carry_their_persons_county()["org.Guardian.person"] == 2  # and build_world's


def test_a_person_who_moves_county_takes_their_rows_along(world, elsewhere):
    student = world.people["S1C1A"]  # build_world gave them a guardian
    Quarantine.objects.create(
        person=student,
        school=student.school,
        kind="home",
        reason="返乡",
        started_on=dt.date(2020, 2, 1),
        planned_days=14,
    )
    data = {
        "school": elsewhere.school,
        "category": student.category,
        "name": student.name,
        "sex": student.sex,
        "birth_date": student.birth_date,
        "id_type": student.id_type,
        "id_number": student.reveal_id_number(),
        "phone": student.reveal_phone(),
        "address": student.reveal_address(),
    }
    save_person(actor=None, source="web", data=data, county=elsewhere.county, person=student)
    assert Person.objects.get(pk=student.pk).county_id == elsewhere.county.id
    assert Quarantine.objects.get(person=student).county_id == elsewhere.county.id
    assert Guardian.objects.get(person=student).county_id == elsewhere.county.id
    check_rows_carry_their_persons_county()


def test_the_demo_check_finds_a_row_that_lost_its_county(world):
    Guardian.objects.update(county=None)
    with pytest.raises(AssertionError, match=r"org\.Guardian: \(id, county, person's county\)"):
        check_rows_carry_their_persons_county()


def test_every_person_linked_table_here_carries_the_county(db):
    carriers = {m._meta.label for m, _ in county_carriers()}
    assert carriers >= CARRIERS
    assert "accounts.ResponsibilityAssignment" not in carriers  # its county is a unit, empty for a person
    flagged = {e.obj._meta.label for e in county.person_linked_tables_carry_county()}
    assert not flagged & CARRIERS
    for label in CARRIERS:
        assert issubclass(apps.get_model(label), CarriesCounty)


@isolate_apps("eduguard.core")
def test_the_check_names_a_person_linked_model_without_a_county(db):
    class Pass(models.Model):  # noqa: DJ008
        person = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Carried(CarriesCounty):
        person = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Unlinked(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "core"

    registry = SimpleNamespace(get_model=apps.get_model, get_models=lambda: [Pass, Carried, Unlinked])
    with mock.patch.object(county, "apps", registry):
        errors = county.person_linked_tables_carry_county()
    assert [(e.id, e.obj) for e in errors] == [("eduguard.E001", Pass)]
    assert errors[0].msg == "core.Pass links a person (person) but carries no county."
