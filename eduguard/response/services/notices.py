"""Who hears of a fever event or an incident, by audience name (the rules say which audiences):
staff through their accounts, guardians on the phone numbers of the roster. Every message goes
through the outbox in the caller's transaction, keyed so that a retry sends nothing twice."""

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.notify.services import enqueue, phone_channel, staff_channel
from eduguard.org.models import Guardian, Person, School

AUDIENCES = (
    "head_teacher",
    "guardian",
    "school_doctor",
    "principal",
    "bureau_staff",
    "bureau_leader",
    "bureau",
)


def _users(assignments) -> list:
    seen, out = set(), []
    for a in assignments.select_related("user").order_by("user_id"):
        if a.user_id not in seen and a.user.is_active:
            seen.add(a.user_id)
            out.append(a.user)
    return out


def staff_of(audience: str, school: School, person: Person | None = None, day=None) -> list:
    """The users an audience names for this school (and this person's class)."""
    active = ResponsibilityAssignment.objects.active(day)
    if audience == "head_teacher":
        if person is None or person.school_class_id is None:
            return []
        return _users(active.filter(role=Role.HEAD_TEACHER, school_class_id=person.school_class_id))
    if audience in ("school_doctor", "principal"):
        return _users(active.filter(role=audience, school=school))
    if audience == "bureau_staff":
        return _users(active.filter(role=Role.BUREAU_STAFF, school=school))
    if audience == "bureau_leader":
        grid = (
            _users(active.filter(role=Role.BUREAU_LEADER, grid_id=school.grid_id)) if school.grid_id else []
        )
        return grid or _users(active.filter(role=Role.BUREAU_LEADER, county_id=school.county_id))
    if audience == "bureau":  # the staff covering the school, else its grid's leader
        return staff_of("bureau_staff", school, person, day) or staff_of("bureau_leader", school, person, day)
    return []


def tell(
    *, audiences, school: School, person: Person | None, kind: str, key: str, body: str, day=None
) -> int:
    """Enqueue `body` to every recipient of `audiences`; returns how many messages are new."""
    count = 0
    for audience in audiences:
        if audience == "guardian":
            count += tell_guardians([person] if person else [], kind=kind, key=key, body=body)
            continue
        for user in staff_of(audience, school, person, day):
            count += enqueue(
                channel=staff_channel(),
                kind=kind,
                dedupe_key=f"{kind}:{key}:u{user.pk}",
                body=body,
                user=user,
                name=str(user),
                school_id=school.pk,
                county_id=school.county_id,
            )
    return count


def tell_guardians(people, *, kind: str, key: str, body: str) -> int:
    """One message per guardian phone of these people (a staff member: their own phone)."""
    count = 0
    for person in people:
        guardians = list(Guardian.objects.filter(person=person).exclude(phone_enc=""))
        phones = [(g.name, g.reveal_phone()) for g in guardians]
        if not phones and person.category != "student" and person.phone_enc:
            phones = [(person.name, person.reveal_phone())]
        for name, phone in dict.fromkeys(phones):
            count += enqueue(
                channel=phone_channel(),
                kind=kind,
                dedupe_key=f"{kind}:{key}:p{person.pk}:{phone[-4:]}",
                body=body,
                phone=phone,
                name=name,
                school_id=person.school_id,
                county_id=person.county_id,
            )
    return count
