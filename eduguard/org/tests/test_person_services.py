import datetime as dt

import pytest

from eduguard.audit.models import AccessLog, ChangeLog
from eduguard.core.identity import build_id_number
from eduguard.org.forms import PersonForm
from eduguard.org.models import Person
from eduguard.org.services import delete_person, save_person, unmask_person


@pytest.fixture
def cleaned(world):
    number = build_id_number("210521", dt.date(2013, 5, 6), 123)
    form = PersonForm(
        {
            "school_class": world.classes["S1C1"].id,
            "category": "student",
            "name": "王小明",
            "sex": "M",
            "id_type": "resident",
            "id_number": number,
            "phone": "13812345678",
            "address": "小市镇幸福路1号",
            "guardian_name": "王大明",
            "guardian_relation": "father",
            "guardian_phone": "13912345678",
        },
        today=dt.date(2026, 11, 23),
    )
    assert form.is_valid(), form.errors
    return form.cleaned_data


def test_it_creates_a_sealed_person_and_logs_the_change(world, cleaned):
    person, outcome = save_person(actor=world.principal, source="web", data=cleaned, county=world.county)
    assert outcome == "created"
    stored = Person.objects.filter(pk=person.pk).values("id_number_enc", "phone_enc", "address_enc").get()
    assert cleaned["id_number"] not in str(stored) and "13812345678" not in str(stored)
    assert person.reveal_id_number() == cleaned["id_number"]
    assert person.guardians.get().reveal_phone() == "+8613912345678"
    log = ChangeLog.objects.get(object_id=str(person.pk))
    assert (log.action, log.actor_name, log.source) == ("create", "principal", "web")
    assert log.after["id_number"] == person.id_masked and cleaned["id_number"] not in str(log.after)


def test_it_does_nothing_when_the_same_data_is_saved_again(world, cleaned):
    person, _ = save_person(actor=None, source="import", data=cleaned, county=world.county)
    before = ChangeLog.objects.count()
    again, outcome = save_person(
        actor=None, source="import", data=cleaned, county=world.county, person=person
    )
    assert outcome == "unchanged" and ChangeLog.objects.count() == before


def test_it_logs_before_and_after_on_update_and_delete(world, cleaned):
    person, _ = save_person(actor=None, source="command", data=cleaned, county=world.county)
    cleaned["guardian_phone"] = "+8613700000000"
    _, outcome = save_person(
        actor=world.admin, source="api", data=cleaned, county=world.county, person=person
    )
    assert outcome == "updated"
    update = ChangeLog.objects.filter(action="update").get()
    assert update.before["guardians"][0]["phone"] == "139****5678"
    assert update.after["guardians"][0]["phone"] == "137****0000"
    pk = person.pk
    delete_person(actor=world.admin, source="web", person=person)
    assert not Person.objects.filter(pk=pk).exists()
    assert ChangeLog.objects.filter(action="delete", object_id=str(pk)).get().before["name"] == "王小明"


def test_it_logs_every_unmasking(world):
    person = world.people["S1C1A"]
    revealed = unmask_person(actor=world.admin, person=person)
    assert revealed["id_number"] == person.reveal_id_number()
    entry = AccessLog.objects.get(action="unmask")
    assert (entry.actor_name, entry.object_id) == ("admin", str(person.pk))
