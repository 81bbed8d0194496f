"""Contact tracing from the school's own structure (domain.md §4.1, §5.7 step 8): for a case, the
people who shared the class, the dormitory room, the bus, and the teachers of the class, from a
number of days before onset (rule `response.contact_days_before_onset`, 2 by default in 2020).

The list is what the school knows; the CDC decides who is a close contact. Everyone listed is read
through `Person.objects.visible_to(user)`: contacts outside the user's scope are only counted.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.core.rules import get_rule
from eduguard.logistics.models import Ride
from eduguard.org.models import Person, SchoolClass
from eduguard.response.choices import ContactCategory
from eduguard.response.services.notices import tell_guardians
from eduguard.screening.models import Quarantine, QuarantineKind
from eduguard.screening.services.quarantine import open_quarantine

# An onset further back than this is a typing error: any quarantine of its contacts would be over.
MAX_ONSET_DAYS_BACK = 90
NOTICE_KIND = "response.contact"


ORDER = list(ContactCategory)
# How a quarantine's reason names the tie to the case: "与张三同班、同车".
PHRASES = {
    ContactCategory.CLASS: "同班",
    ContactCategory.DORM: "同宿舍",
    ContactCategory.BUS: "同车",
    ContactCategory.TEACHER: "为师生",
}


@dataclass
class Reason:
    category: str
    text: str  # shown in the list: "同车 02-01 辽E12345 1路 座位3"


@dataclass
class Contact:
    """One contact: a roster person, or a teacher's account with no roster record (not selectable)."""

    category: str
    name: str
    person: Person | None = None
    reasons: list[Reason] = field(default_factory=list)
    quarantine: Quarantine | None = None  # an open one, when the person is already in quarantine

    @property
    def linked(self) -> bool:
        return self.person is not None

    @property
    def selectable(self) -> bool:
        return self.person is not None and self.quarantine is None

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(r.category for r in self.reasons))


@dataclass
class ContactGroup:
    category: str
    contacts: list[Contact]

    @property
    def label(self) -> str:
        return ContactCategory(self.category).label


@dataclass
class ContactList:
    case: Person
    onset: dt.date
    since: dt.date  # onset − days_before
    until: dt.date  # the later of onset and today
    days_before: int
    groups: list[ContactGroup]
    hidden: int  # contacts outside the user's scope, counted and not listed

    @property
    def contacts(self) -> list[Contact]:
        return [c for g in self.groups for c in g.contacts]

    @property
    def people(self) -> list[Person]:
        return [c.person for c in self.contacts if c.person is not None]

    @property
    def selectable(self) -> int:
        return sum(c.selectable for c in self.contacts)

    def get(self, person_id: int) -> Contact | None:
        return next((c for c in self.contacts if c.person is not None and c.person.pk == person_id), None)


def check_onset(onset: dt.date, today: dt.date) -> None:
    if onset > today:
        raise ValidationError({"onset": ["发病日期不能晚于今天"]})
    if onset < today - dt.timedelta(days=MAX_ONSET_DAYS_BACK):
        raise ValidationError({"onset": [f"发病日期不能早于{MAX_ONSET_DAYS_BACK}天前"]})


def days_before(day: dt.date) -> int:
    try:
        return max(0, int(get_rule("response.contact_days_before_onset", day)))
    except (TypeError, ValueError):  # a malformed admin value: the 2020 default, not a 500
        return 2


def _overlapping(since: dt.date, until: dt.date):
    """Assignments in force on any day of [since, until]."""
    return ResponsibilityAssignment.objects.filter(
        Q(valid_from__lte=until), Q(valid_to__isnull=True) | Q(valid_to__gte=since)
    )


def _teachers(klass: SchoolClass, since: dt.date, until: dt.date) -> tuple[list, list[Contact]]:
    """The class's head teachers and the subject teachers of its students in the window: (person
    id, reason) for those whose `self` assignment links them to a roster record, and a contact by
    account name for the others."""
    teaching = (
        _overlapping(since, until)
        .filter(
            Q(role=Role.HEAD_TEACHER, school_class=klass)
            | Q(role=Role.SUBJECT_TEACHER, person__school_class=klass)
        )
        .select_related("user")
        .order_by("role", "user_id")
    )
    teachers: dict[int, tuple] = {}  # user id → (user, role labels)
    for a in teaching:
        if a.user.is_active:
            teachers.setdefault(a.user_id, (a.user, []))[1].append(a.get_role_display())
    if not teachers:
        return [], []
    selves = (
        _overlapping(since, until)
        .filter(role=Role.SELF, user_id__in=list(teachers), person__isnull=False)
        .order_by("user_id", "-valid_from", "-id")
        .values_list("user_id", "person_id")
    )
    self_of: dict[int, int] = {}
    for user_id, person_id in selves:
        self_of.setdefault(user_id, person_id)
    linked, unlinked = [], []
    for user_id, (teacher, labels) in teachers.items():
        reason = Reason(ContactCategory.TEACHER, f"{'、'.join(dict.fromkeys(labels))} {klass.name}")
        if user_id in self_of:
            linked.append((self_of[user_id], reason))
        else:
            unlinked.append(Contact(ContactCategory.TEACHER, str(teacher), None, [reason]))
    return linked, unlinked


def find_contacts(case_person: Person, onset: dt.date, user, today: dt.date | None = None) -> ContactList:
    """The case's contacts by category, as far as `user` may see them.

    1. Gather the candidates' IDs with their reasons: the class, the dorm room, the rides on the
       case's trips dated in the window, the teachers' assignments on the class in the window
       (each teacher's person is the one their `self` assignment points at).
    2. Drop the case and inactive people; read the rest through `visible_to(user)` and count the others.
    3. File each person under the first category that applies, with every reason; mark open quarantines.
    The number of queries does not depend on the number of contacts.
    """
    today = today or timezone.localdate()
    check_onset(onset, today)
    n = days_before(today)  # the definition in force when the tracing is done
    since, until = onset - dt.timedelta(days=n), max(onset, today)
    reasons: dict[int, list[Reason]] = {}

    def add(person_id, reason):
        if person_id != case_person.pk:
            reasons.setdefault(person_id, []).append(reason)

    klass = case_person.school_class
    if klass is not None:
        for pid in Person.objects.filter(school_class=klass).values_list("id", flat=True):
            add(pid, Reason(ContactCategory.CLASS, f"同班 {klass.name}"))
    if case_person.dorm_id:
        dorm = case_person.dorm
        for pid in Person.objects.filter(dorm_id=dorm.pk).values_list("id", flat=True):
            add(pid, Reason(ContactCategory.DORM, f"同宿舍 {dorm.label}"))
    rides = Ride.objects.filter(trip__rides__person=case_person, trip__date__range=(since, until))
    for ride in rides.select_related("trip").order_by("trip__date", "trip__departs_at", "trip_id", "seat"):
        trip = ride.trip
        text = " ".join(
            filter(
                None,
                ["同车", f"{trip.date:%m-%d}", trip.vehicle, trip.route, ride.seat and f"座位{ride.seat}"],
            )
        )
        add(ride.person_id, Reason(ContactCategory.BUS, text))

    unlinked: list[Contact] = []
    if klass is not None:
        linked, unlinked = _teachers(klass, since, until)
        for pid, reason in linked:
            add(pid, reason)
    # A teacher with no roster record is shown by account name only to those who see the class.
    hidden_teachers = 0
    if unlinked and not SchoolClass.objects.visible_to(user).filter(pk=klass.pk).exists():
        hidden_teachers, unlinked = len(unlinked), []

    active = set(Person.objects.filter(pk__in=list(reasons), is_active=True).values_list("id", flat=True))
    visible = list(
        Person.objects.visible_to(user)
        .filter(pk__in=active)
        .select_related("school", "school_class")
        .order_by(
            F("school_class__grade__level").asc(nulls_last=True),
            F("school_class__number").asc(nulls_last=True),
            "category",
            "name",
            "id",
        )
    )
    open_periods = {
        q.person_id: q
        for q in Quarantine.objects.visible_to(user)
        .filter(person_id__in=[p.pk for p in visible], released_on__isnull=True)
        .order_by("started_on", "id")
    }
    groups = {c: [] for c in ORDER}
    for person in visible:
        person_reasons = sorted(reasons[person.pk], key=lambda r: ORDER.index(r.category))
        first = person_reasons[0].category
        groups[first].append(Contact(first, person.name, person, person_reasons, open_periods.get(person.pk)))
    groups[ContactCategory.TEACHER].extend(unlinked)
    return ContactList(
        case=case_person,
        onset=onset,
        since=since,
        until=until,
        days_before=n,
        groups=[ContactGroup(c, groups[c]) for c in ORDER],
        hidden=len(active) - len(visible) + hidden_teachers,
    )


def quarantine_reason(case_person: Person, contact: Contact, days: int) -> str:
    """The reason written on the quarantine: "密切接触者：与张三同班、同车（发病前2天起）"."""
    ties = "、".join(PHRASES[ContactCategory(c)] for c in contact.categories)
    return f"密切接触者：与{case_person.name}{ties}（发病前{days}天起）"


def guardian_notice(quarantine: Quarantine) -> str:
    """What the guardians read. It never names the case (PIPL): only that the child is a contact."""
    person = quarantine.person
    school = quarantine.school.name if quarantine.school_id else "教育局"
    return (
        f"【{school}】{person.name}经排查为密切接触者，学校已安排{quarantine.get_kind_display()}，"
        f"自{quarantine.started_on:%m月%d日}起{quarantine.planned_days}天。"
        "请保持电话畅通，配合学校和疾控部门做好隔离观察，如有发热、咳嗽等症状请及时告知。"
    )


def _ids(people) -> list:
    """Person objects or IDs, in the order given, each once."""
    return list(dict.fromkeys(p.pk if isinstance(p, Person) else p for p in people))


@transaction.atomic
def quarantine_contacts(
    *, case_person: Person, onset: dt.date, people, actor, today: dt.date | None = None
) -> list[Quarantine]:
    """Put the chosen contacts of this case under quarantine and tell their guardians.

    1. Find the case's contacts as the actor sees them; each chosen person must be one of them,
       not already in quarantine, and in the actor's charge for quarantine (`screening.quarantine_roles`).
    2. Open each quarantine through `open_quarantine` (kind: `response.contact_quarantine_kind`,
       from today), with the case and the ties in its reason.
    3. Enqueue one message per guardian phone of each person (kind "response.contact", keyed by
       the quarantine) in the same transaction.
    All or nothing: any problem raises one ValidationError listing each person's problem under
    "people", and nothing is written.
    """
    today = today or timezone.localdate()
    contacts = find_contacts(case_person, onset, actor, today)
    ids = _ids(people)
    if not ids:
        raise ValidationError({"people": ["请至少选择一名密接"]})
    roles = get_rule("screening.quarantine_roles", today)
    problems: list[str] = []
    chosen: list[Contact] = []
    for pid in ids:
        contact = contacts.get(pid)
        if contact is None:  # not a contact, or one the actor may not see: the same answer
            problems.append(f"编号 {pid}：不在本病例的密接名单中")
        elif contact.quarantine is not None:
            q = contact.quarantine
            problems.append(f"{contact.name}：已在{q.get_kind_display()}中（{q.started_on} 起）")
        elif not holds_role_over(actor, roles, contact.person):
            problems.append(
                f"{contact.name}：登记隔离须由负责此人的{role_names('screening.quarantine_roles', today)}办理"
            )
        else:
            chosen.append(contact)
    if problems:
        raise ValidationError({"people": problems})

    kind = get_rule("response.contact_quarantine_kind", today)
    if kind not in QuarantineKind.values:
        raise ValidationError(
            {"people": [f"规则“密接隔离方式”的值 {kind!r} 不是有效的隔离类型，请在管理后台更正"]}
        )
    opened: list[Quarantine] = []
    for contact in chosen:
        try:
            opened.append(
                open_quarantine(
                    person=contact.person,
                    kind=kind,
                    started_on=today,
                    actor=actor,
                    reason=quarantine_reason(case_person, contact, contacts.days_before),
                    today=today,
                )
            )
        except ValidationError as exc:
            problems.append(f"{contact.name}：{'；'.join(exc.messages)}")
        except PermissionDenied as exc:
            problems.append(f"{contact.name}：{exc}")
    if problems:
        raise ValidationError({"people": problems})  # rolls back the periods opened above
    for q in opened:
        tell_guardians([q.person], kind=NOTICE_KIND, key=f"q{q.pk}", body=guardian_notice(q))
    return opened
