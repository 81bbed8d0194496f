"""Volunteers and their teams (志愿服务, seed 004): registering a volunteer of the roster or from
outside it, editing one, forming a team and setting its members and leader.

Every record belongs to a unit: a school, or the county when it has none (the bureau's own staff,
outsiders who serve the county, the county team and its township squads). Who may write is the
rule `outreach.volunteer_roles`, held over that unit: over the school (a principal, a school-level
leader, the bureau officer who covers it) or over the county (the bureau). A roster volunteer's
unit is always their own school, so a school cannot enrol another school's staff.

Each writer checks everything before writing, raises all problems by field (ValidationError) or
PermissionDenied, and writes the change-log row in the same transaction. Phones are never logged
in the clear: the change log gets the mask.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.accounts.scope import holds_role_over, role_names, role_scope
from eduguard.audit.services import record_web_change, user_or_none
from eduguard.core import crypto
from eduguard.core.phones import normalise_phone
from eduguard.core.rules import get_rule
from eduguard.org.choices import PersonCategory
from eduguard.org.models import County, Person, School
from eduguard.outreach.models import Shift, Volunteer, VolunteerActivity, VolunteerTeam

RULE = "outreach.volunteer_roles"
MAX_TEXT = {"name": 50, "township": 30, "skills": 100, "note": 200, "place": 60, "summary": 200}


# ---------------------------------------------------------------------------------------------
# Units and who may manage them


@dataclass(frozen=True)
class Unit:
    """Where a record belongs: a school, or the county itself when `school` is None."""

    county: County
    school: School | None = None

    @property
    def label(self) -> str:
        return (
            self.school.name if self.school else gettext("{county}（全县）").format(county=self.county.name)
        )

    @property
    def key(self) -> str:
        """The value a form sends for this unit: s<school id>, or c<county id> for the county."""
        return f"s{self.school.pk}" if self.school else f"c{self.county.pk}"


def unit_of(obj) -> Unit:
    """The unit of a volunteer, team, shift or activity."""
    return Unit(obj.county, obj.school)


def may_manage(user, unit: Unit, day: dt.date | None = None) -> bool:
    roles = get_rule(RULE, day)
    return holds_role_over(user, roles, unit.school or unit.county)


def refuse_unless_manages(user, unit: Unit) -> None:
    if not may_manage(user, unit):
        raise PermissionDenied(
            gettext("{unit}的志愿服务由负责的{roles}管理").format(unit=unit.label, roles=role_names(RULE))
        )


def managed_units(user) -> list[Unit]:
    """The units the user may write to: the county first (when held), then the schools by code."""
    scope = role_scope(user, RULE)
    if scope.everything:
        counties, schools = County.objects.all(), School.objects.all()
    else:
        counties = County.objects.filter(id__in=scope.county_ids)
        schools = School.objects.filter(id__in=scope.school_ids)
    units = [Unit(c) for c in counties.order_by("code")]
    units += [Unit(s.county, s) for s in schools.select_related("county").order_by("code")]
    return units


def led_person_ids(user):
    """The roster people the user is through a 本人 (person-level) assignment: a team leader's own
    account, with which they mark their team's attendance."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ResponsibilityAssignment.objects.none().values("person_id")
    return (
        ResponsibilityAssignment.objects.active()
        .filter(user=user, role=Role.SELF, person__isnull=False)
        .values("person_id")
    )


def is_leader_of(user, team: VolunteerTeam | None) -> bool:
    if team is None or team.leader_id is None or team.leader.person_id is None:
        return False
    return led_person_ids(user).filter(person_id=team.leader.person_id).exists()


# ---------------------------------------------------------------------------------------------
# Small judges shared by the writers


def clean_text(value, name: str, errors: dict, *, required: bool = False, label: str = "") -> str:
    text = " ".join(str(value or "").split())
    limit = MAX_TEXT.get(name, 200)
    if required and not text:
        errors[name] = [gettext("请填写{label}").format(label=label)]
    elif len(text) > limit:
        errors[name] = [gettext("不超过 {n} 字（现有 {len} 字）").format(n=limit, len=len(text))]
    return text


def clean_day(value, name: str, errors: dict, *, today: dt.date) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        errors[name] = [gettext("请填写日期")]
        return None
    if value > today:
        errors[name] = [gettext("日期不能晚于今天")]
    elif value.year < 2000:
        errors[name] = [gettext("日期有误，请核对")]
    return value


def _snapshot(v: Volunteer) -> dict:
    return {
        "county": v.county_id,
        "school": v.school.code if v.school_id else None,
        "person": v.person_id,
        "name": v.name,
        "phone": v.phone_masked,
        "township": v.township,
        "skills": v.skills,
        "note": v.note,
        "active": v.active,
        "joined_on": v.joined_on.isoformat() if v.joined_on else None,
    }


# ---------------------------------------------------------------------------------------------
# Volunteers


@transaction.atomic
def register_volunteer(
    *,
    unit: Unit,
    township: str,
    person: Person | None = None,
    name: str = "",
    phone: str = "",
    skills: str = "",
    note: str = "",
    joined_on: dt.date | None = None,
    actor,
) -> Volunteer:
    """Register a volunteer: a person of the roster (staff or temporary worker) or an outsider.

    1. A roster person belongs to their own school (or to the county for the bureau's staff): the
       unit asked for must be that one. Students are not enrolled. A person is a volunteer once.
    2. An outsider has a name and a phone; the same phone twice in a county is the same person.
    3. The actor must hold `outreach.volunteer_roles` over the unit (PermissionDenied).
    4. The volunteer and its change-log row are written together; a second registration of the
       same person at the same moment fails on the unique key and gets the same message.
    """
    refuse_unless_manages(actor, unit)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    township = clean_text(township, "township", errors, required=True, label=gettext("服务乡镇"))
    skills = clean_text(skills, "skills", errors)
    note = clean_text(note, "note", errors)
    joined_on = clean_day(joined_on or today, "joined_on", errors, today=today)
    stored_phone = ""
    if person is not None:
        if person.county_id != unit.county.pk or person.school_id != (
            unit.school.pk if unit.school else None
        ):
            errors["person"] = [gettext("{name}不是{unit}的人员").format(name=person.name, unit=unit.label)]
        elif person.category == PersonCategory.STUDENT:
            errors["person"] = [gettext("学生不登记为志愿者")]
        elif not person.is_active:
            errors["person"] = [gettext("{name}已不在册").format(name=person.name)]
        elif Volunteer.objects.filter(person=person).exists():
            errors["person"] = [gettext("{name}已登记为志愿者").format(name=person.name)]
        name = ""
    else:
        name = clean_text(name, "name", errors, required=True, label=gettext("姓名"))
        try:
            stored_phone = normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
        else:
            twin = Volunteer.objects.filter(county=unit.county, person__isnull=True)
            twin = twin.filter(phone_hash=_phone_hash(stored_phone)).first()
            if twin is not None:
                errors["phone"] = [gettext("该手机号已登记为志愿者（{name}）").format(name=twin.name)]
    if errors:
        raise ValidationError(errors)
    volunteer = Volunteer(
        county=unit.county,
        school=unit.school,
        person=person,
        name=name,
        township=township,
        skills=skills,
        note=note,
        joined_on=joined_on,
        created_by=user_or_none(actor),
    )
    if stored_phone:
        volunteer.set_phone(stored_phone)
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        raise ValidationError(
            {"person": [gettext("{name}已登记为志愿者").format(name=person.name if person else name)]}
        ) from None
    record_web_change(actor=actor, obj=volunteer, before=None, after=_snapshot(volunteer))
    return volunteer


def _phone_hash(stored: str) -> str:
    return crypto.lookup_hash(stored)


@transaction.atomic
def update_volunteer(
    *,
    volunteer: Volunteer,
    township: str,
    skills: str = "",
    note: str = "",
    active: bool = True,
    name: str | None = None,
    phone: str | None = None,
    actor,
) -> Volunteer:
    """Change where a volunteer serves, their skills, note and whether they are on duty; an
    outsider's name and phone too (blank phone: unchanged). A roster person's name and phone are
    the roster's, changed there."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    refuse_unless_manages(actor, unit_of(volunteer))
    before = _snapshot(volunteer)
    errors: dict[str, list[str]] = {}
    volunteer.township = clean_text(township, "township", errors, required=True, label=gettext("服务乡镇"))
    volunteer.skills = clean_text(skills, "skills", errors)
    volunteer.note = clean_text(note, "note", errors)
    volunteer.active = bool(active)
    if volunteer.is_outsider:
        if name is not None:
            volunteer.name = clean_text(name, "name", errors, required=True, label=gettext("姓名"))
        if phone:
            try:
                stored = normalise_phone(phone)
            except ValidationError as exc:
                errors["phone"] = exc.messages
            else:
                twin = (
                    Volunteer.objects.filter(county=volunteer.county, person__isnull=True)
                    .filter(phone_hash=_phone_hash(stored))
                    .exclude(pk=volunteer.pk)
                    .first()
                )
                if twin is not None:
                    errors["phone"] = [gettext("该手机号已登记为志愿者（{name}）").format(name=twin.name)]
                else:
                    volunteer.set_phone(stored)
    if errors:
        raise ValidationError(errors)
    volunteer.save()
    record_web_change(actor=actor, obj=volunteer, before=before, after=_snapshot(volunteer))
    return volunteer


# ---------------------------------------------------------------------------------------------
# Teams


def _members_fit(unit: Unit, volunteers, errors: dict, field: str) -> None:
    """A school team takes its school's volunteers; a county team any volunteer of the county."""
    for v in volunteers:
        if v.county_id != unit.county.pk or (unit.school is not None and v.school_id != unit.school.pk):
            errors.setdefault(field, []).append(
                gettext("{name}不是{unit}的志愿者").format(name=v.display_name, unit=unit.label)
            )


def _team_snapshot(team: VolunteerTeam) -> dict:
    return {
        "name": team.name,
        "school": team.school.code if team.school_id else None,
        "township": team.township,
        "leader": team.leader_id,
        "members": sorted(team.members.values_list("id", flat=True)),
    }


@transaction.atomic
def create_team(
    *,
    unit: Unit,
    name: str,
    township: str = "",
    leader: Volunteer | None = None,
    members=(),
    actor,
) -> VolunteerTeam:
    """Form a team of `unit` (the leader is a member too); its name is unique in the county."""
    refuse_unless_manages(actor, unit)
    errors: dict[str, list[str]] = {}
    name = clean_text(name, "name", errors, required=True, label=gettext("队名"))
    township = clean_text(township, "township", errors)
    members = list(dict.fromkeys(members))
    if leader is not None and leader not in members:
        members.append(leader)
    _members_fit(unit, members, errors, "members")
    if "name" not in errors and VolunteerTeam.objects.filter(county=unit.county, name=name).exists():
        errors["name"] = [gettext("已有名为“{name}”的服务队").format(name=name)]
    if errors:
        raise ValidationError(errors)
    team = VolunteerTeam(
        county=unit.county,
        school=unit.school,
        name=name,
        township=township,
        leader=leader,
        created_by=user_or_none(actor),
    )
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise ValidationError({"name": [gettext("已有名为“{name}”的服务队").format(name=name)]}) from None
    team.members.set(members)
    record_web_change(actor=actor, obj=team, before=None, after=_team_snapshot(team))
    return team


@transaction.atomic
def set_members(*, team: VolunteerTeam, members, leader: Volunteer | None, actor) -> VolunteerTeam:
    """Replace a team's members and leader (the leader is kept among the members)."""
    team = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
    unit = unit_of(team)
    refuse_unless_manages(actor, unit)
    errors: dict[str, list[str]] = {}
    members = list(dict.fromkeys(members))
    if leader is not None and leader not in members:
        members.append(leader)
    _members_fit(unit, members, errors, "members")
    if errors:
        raise ValidationError(errors)
    before = _team_snapshot(team)
    team.leader = leader
    team.save(update_fields=["leader"])
    team.members.set(members)
    record_web_change(actor=actor, obj=team, before=before, after=_team_snapshot(team))
    return team


def known_townships(county_ids) -> list[str]:
    """The township names a box suggests: those the counties' volunteers, teams, shifts and
    activities already use, and the townships of the roster's household registrations."""
    names: set[str] = set()
    for model in (Volunteer, VolunteerTeam, Shift, VolunteerActivity):
        names.update(
            model.objects.filter(county_id__in=county_ids).values_list("township", flat=True).distinct()
        )
    people = Person.objects.filter(county_id__in=county_ids).exclude(household_township="")
    names.update(people.order_by().values_list("household_township", flat=True).distinct())
    names.discard("")
    return sorted(names)
