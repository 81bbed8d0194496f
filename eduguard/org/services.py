"""Writing people: each service saves the record and its change-log row in one transaction."""

from django.apps import apps
from django.db import transaction

from eduguard.audit.models import AccessAction, ChangeAction
from eduguard.audit.services import record_access, record_change
from eduguard.core.county import CarriesCounty
from eduguard.org.models import Guardian, Person


def person_snapshot(person: Person) -> dict:
    """What the change log keeps of a person: masked and plain fields, never a decrypted value."""
    guardians = (
        [
            {"name": g.name, "relation": g.relation, "phone": g.phone_masked, "phone_hash": g.phone_hash[:12]}
            for g in person.guardians.all()
        ]
        if person.pk
        else []
    )
    return {
        "name": person.name,
        "category": person.category,
        "staff_type": person.staff_type,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "id_type": person.id_type,
        "id_number": person.id_masked,
        "id_hash": person.id_hash[:12],
        "phone": person.phone_masked,
        "phone_hash": person.phone_hash[:12],
        "school": person.school_id,
        "school_class": person.school_class_id,
        "dorm": person.dorm_id,
        "boarding": person.boarding,
        "household_township": person.household_township,
        "address_set": bool(person.address_enc),
        "is_active": person.is_active,
        "guardians": guardians,
    }


def _apply(person: Person, data: dict, county) -> None:
    person.county = county
    person.school = data.get("school")
    person.school_class = data.get("school_class")
    person.dorm = data.get("dorm")
    person.category = data["category"]
    person.staff_type = data.get("staff_type", "")
    person.name = data["name"]
    person.sex = data["sex"]
    person.birth_date = data["birth_date"]
    person.household_township = data.get("household_township", "")
    person.boarding = bool(data.get("boarding"))
    person.is_active = True
    if data.get("id_number", "") != (person.reveal_id_number() if person.id_number_enc else "") or (
        person.id_type != data["id_type"]
    ):
        person.set_id_number(data["id_type"], data.get("id_number", ""))
    if data.get("phone", "") != (person.reveal_phone() if person.phone_enc else ""):
        person.set_phone(data.get("phone", ""))
    if data.get("address", "") != (person.reveal_address() if person.address_enc else ""):
        person.set_address(data.get("address", ""))


def _apply_guardian(person: Person, data: dict) -> None:
    """Add the row's guardian, or update the person's guardian of that name; save only on change."""
    name = data.get("guardian_name")
    if not name:
        return
    guardian = person.guardians.filter(name=name).first() or Guardian(person=person, name=name)
    changed = guardian.pk is None or guardian.relation != data["guardian_relation"]
    guardian.relation = data["guardian_relation"]
    if data["guardian_phone"] != (guardian.reveal_phone() if guardian.phone_enc else ""):
        guardian.set_phone(data["guardian_phone"])
        changed = True
    if changed:
        guardian.save()


def _fields(snapshot: dict | None) -> dict:
    return {k: v for k, v in (snapshot or {}).items() if k != "guardians"}


@transaction.atomic
def save_person(
    *, actor, source: str, data: dict, county, person: Person | None = None
) -> tuple[Person, str]:
    """Create or update a person from a PersonForm's cleaned data.

    Returns the person and what happened: "created", "updated" or "unchanged". An unchanged
    record is not saved and leaves no change-log row, so importing the same file twice is a no-op.
    """
    created = person is None
    person = person or Person()
    before = None if created else person_snapshot(person)
    was_in = person.county_id
    _apply(person, data, county)
    moved = not created and person.county_id != was_in
    if created or moved or _fields(person_snapshot(person)) != _fields(before):
        person.save()
    if moved:
        _carry_county(person)
    _apply_guardian(person, data)
    after = person_snapshot(person)
    if not created and after == before:
        return person, "unchanged"
    record_change(
        actor=actor,
        source=source,
        action=ChangeAction.CREATE if created else ChangeAction.UPDATE,
        obj=person,
        before=before,
        after=after,
    )
    return person, "created" if created else "updated"


def _carry_county(person: Person) -> None:
    """A person moved to another county: every row that carries their county follows, one UPDATE
    per table (save() only fills a county that is missing; docs/scaling.md)."""
    for model in apps.get_models():
        link = model.county_from if issubclass(model, CarriesCounty) else None
        if link and model._meta.get_field(link).related_model is Person:
            model._base_manager.filter(**{link: person}).update(county_id=person.county_id)


@transaction.atomic
def delete_person(*, actor, source: str, person: Person) -> None:
    before = person_snapshot(person)
    record_change(
        actor=actor, source=source, action=ChangeAction.DELETE, obj=person, before=before, after=None
    )
    person.delete()


def unmask_person(*, actor, person: Person, request=None) -> dict:
    """The plain ID number and phones of one person; allowed by org.unmask_person, always logged."""
    revealed = {
        "id_number": person.reveal_id_number(),
        "phone": person.reveal_phone(),
        "address": person.reveal_address(),
        "guardians": [{"name": g.name, "phone": g.reveal_phone()} for g in person.guardians.all()],
    }
    record_access(actor=actor, action=AccessAction.UNMASK, obj=person, request=request)
    return revealed
