"""Who records and who reads counselling records, and the access log of every reading.

Counsellors (rule counselling.counsellor_roles, 心理辅导教师) record and read the records of the
people of the schools they hold the role for (at county level: the whole county, the bureau's own
staff included), and pick those people by name: their role opens no roster (accounts/choices.py
ROSTER_ROLES). Readers (counselling.reader_roles, the principal) read their school's records.
A reading is logged; an attempt on a record one may not read is refused as not found and logged."""

from django.db.models import Q

from eduguard.accounts.scope import role_names, role_scope
from eduguard.audit.models import AccessAction
from eduguard.audit.services import record_access
from eduguard.org.models import Person

RULE = "counselling.counsellor_roles"


def counselled_people(user):
    """The active people a counsellor may record a session for."""
    s = role_scope(user, RULE)
    people = Person.objects.filter(is_active=True)
    if s.everything:
        return people
    return people.filter(Q(school_id__in=s.school_ids) | Q(county_id__in=s.county_ids))


def may_counsel(user, person=None) -> bool:
    people = counselled_people(user)
    return people.filter(pk=person.pk).exists() if person is not None else people.exists()


def may_read(user) -> bool:
    from eduguard.counselling.models import RULES

    for rule in RULES:
        s = role_scope(user, rule)
        if s.everything:
            return True
        if s.county_ids.exists() or s.school_ids.exists():
            return True
    return False


def refusal() -> str:
    return f"心理辅导记录由{role_names(RULE)}登记和回访"


def log_read(*, user, session, request=None) -> None:
    record_access(
        actor=user,
        action=AccessAction.VIEW,
        obj=session,
        detail={"what": "counselling_session"},
        request=request,
    )


def log_refused(*, user, pk, request=None) -> None:
    """An attempt on a record the user may not read (or that does not exist): logged with the id
    asked for, never with whose record it is."""
    record_access(
        actor=user,
        action=AccessAction.VIEW,
        detail={"what": "counselling_session", "id": str(pk)[:40], "refused": True},
        request=request,
    )
