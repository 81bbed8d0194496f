"""A small county with a user for every role of the chain, shared by the tests of every app.

Names are unique so a test can assert that a name outside a user's scope never appears in a page.
"""

import datetime as dt
import itertools
from types import SimpleNamespace

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment, User
from eduguard.core.identity import build_id_number
from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, SchoolType
from eduguard.org.models import County, Grade, Grid, Guardian, Person, School, SchoolClass

PASSWORD = "pass-1234-word"
_seq = itertools.count(1)  # per test process; a long run builds many worlds


def make_person(
    school, klass=None, *, name, category=PersonCategory.STUDENT, county=None, phone="+8613800000000"
):
    seq = next(_seq)
    birth = (
        dt.date(2008, 1, 1) + dt.timedelta(days=seq % 3000)
        if category == PersonCategory.STUDENT
        else dt.date(1980, 1, 1)
    )
    person = Person(
        county=county or school.county,
        school=school,
        school_class=klass,
        category=category,
        staff_type="" if category == PersonCategory.STUDENT else "teacher",
        name=name,
        sex="M" if seq % 2 else "F",
        birth_date=birth,
    )
    number = build_id_number("210521", birth, seq * 2 + (1 if seq % 2 else 0))
    person.set_id_number(IdType.RESIDENT, number)
    person.set_phone(f"+86138{seq:08d}" if phone else "")
    person.set_address(f"测试路{seq}号")
    person.save()
    return person


def make_user(username, role=None, target=None, **extra):
    user = User.objects.create_user(username, password=PASSWORD, full_name=username, **extra)
    if role is not None:
        field = {
            County: "county",
            Grid: "grid",
            School: "school",
            Grade: "grade",
            SchoolClass: "school_class",
            Person: "person",
        }[type(target)]
        ResponsibilityAssignment.objects.create(user=user, role=role, **{field: target})
    return user


def build_world() -> SimpleNamespace:
    """County → 2 grids → 3 schools → 1 grade → 2 classes → 2 students, 2 staff per school."""
    w = SimpleNamespace(people={}, schools={}, classes={}, grades={})
    w.county = County.objects.create(code="210521", name="测试县", bureau_name="测试县教育局")
    w.grid1 = Grid.objects.create(county=w.county, code="G1", name="第一网格")
    w.grid2 = Grid.objects.create(county=w.county, code="G2", name="第二网格")
    for key, grid in (("S1", w.grid1), ("S2", w.grid1), ("S3", w.grid2)):
        school = School.objects.create(
            county=w.county, grid=grid, code=f"T{key}", name=f"测试{key}中学", type=SchoolType.JUNIOR
        )
        w.schools[key] = school
        grade = Grade.objects.create(school=school, name="七年级", level=7)
        w.grades[key] = grade
        for n in (1, 2):
            klass = SchoolClass.objects.create(grade=grade, number=n, name=f"七({n})班")
            w.classes[f"{key}C{n}"] = klass
            for letter in "AB":
                pkey = f"{key}C{n}{letter}"
                w.people[pkey] = make_person(school, klass, name=f"生{pkey}")
        for letter in "AB":
            pkey = f"{key}T{letter}"
            w.people[pkey] = make_person(school, name=f"师{pkey}", category=PersonCategory.STAFF)
    w.people["BUREAU"] = make_person(None, name="局机关员工", category=PersonCategory.STAFF, county=w.county)
    Guardian.objects.create(person=w.people["S1C1A"], name="家长S1C1A", relation=GuardianRelation.MOTHER)

    w.admin = make_user("admin", is_superuser=True, is_staff=True)
    w.leader = make_user("leader", Role.BUREAU_LEADER, w.county)
    w.grid_leader = make_user("gridleader", Role.BUREAU_LEADER, w.grid1)
    w.bureau_staff = make_user("staff", Role.BUREAU_STAFF, w.schools["S1"])
    w.inspector = make_user("inspector", Role.INSPECTOR, w.schools["S2"])
    w.principal = make_user("principal", Role.PRINCIPAL, w.schools["S1"])
    w.school_leader = make_user("gradeleader", Role.SCHOOL_LEADER, w.grades["S1"])
    w.doctor = make_user("doctor", Role.SCHOOL_DOCTOR, w.schools["S1"])
    w.head_teacher = make_user("headteacher", Role.HEAD_TEACHER, w.classes["S1C1"])
    w.subject_teacher = make_user("subjectteacher", Role.SUBJECT_TEACHER, w.people["S1C2A"])
    w.guard = make_user("guard", Role.GATE_GUARD, w.schools["S1"])
    w.parent = make_user("parent", Role.GUARDIAN, w.people["S1C1A"])
    w.counsellor = make_user("counsellor", Role.COUNSELLOR, w.schools["S1"])
    w.outsider = make_user("outsider")
    return w


def _keys(prefixes):
    return lambda w: {k for k in w.people if any(k.startswith(p) for p in prefixes)}


# The oracle: which people each persona may see, written from the chain's rules, not from the code.
EXPECTED_PEOPLE = {
    "admin": lambda w: set(w.people),
    "leader": lambda w: set(w.people),
    "grid_leader": _keys(["S1", "S2"]),
    "bureau_staff": _keys(["S1"]),
    "inspector": _keys(["S2"]),
    "principal": _keys(["S1"]),
    "school_leader": _keys(["S1C"]),
    "doctor": _keys(["S1"]),
    "head_teacher": _keys(["S1C1"]),
    "subject_teacher": lambda w: {"S1C2A"},
    "guard": lambda w: set(),
    "parent": lambda w: {"S1C1A"},
    "counsellor": lambda w: set(),  # 心理辅导教师: no roster; see COUNSELLED below
    "outsider": lambda w: set(),
}
PERSONAS = list(EXPECTED_PEOPLE)


def _units(schools=(), grades=(), classes=(), grids=(), county=False):
    return {
        "county": county,
        "grids": set(grids),
        "schools": set(schools),
        "grades": set(grades),
        "classes": set(classes),
    }


_ALL = _units(
    ["S1", "S2", "S3"], ["S1", "S2", "S3"], [f"S{s}C{c}" for s in "123" for c in "12"], ["G1", "G2"], True
)
_S1 = _units(["S1"], ["S1"], ["S1C1", "S1C2"])
# The oracle for organisation units, likewise written from the chain's rules.
EXPECTED_UNITS = {
    "admin": _ALL,
    "leader": _ALL,
    "grid_leader": _units(["S1", "S2"], ["S1", "S2"], ["S1C1", "S1C2", "S2C1", "S2C2"], ["G1"]),
    "bureau_staff": _S1,
    "inspector": _units(["S2"], ["S2"], ["S2C1", "S2C2"]),
    "principal": _S1,
    "school_leader": _units([], ["S1"], ["S1C1", "S1C2"]),
    "doctor": _S1,
    "head_teacher": _units(classes=["S1C1"]),
    "subject_teacher": _units(),
    "guard": _units(),
    "parent": _units(),
    "counsellor": _units(),
    "outsider": _units(),
}


def expected_workplaces(world, persona: str) -> set[int]:
    """Schools whose places and hygiene logs the persona may see: the schools they see whole, and
    the school of any grade or class they cover (a head teacher logs their classroom's airing)."""
    units = EXPECTED_UNITS[persona]
    keys = units["schools"] | units["grades"] | {k.split("C")[0] for k in units["classes"]}
    return {world.schools[k].id for k in keys}


# The schools whose gate each persona works: a school-level assignment as guard, principal, school
# leader or doctor (the rule campus.gate_roles); the administrator works every gate.
GATE_WORKERS = {"principal": ["S1"], "doctor": ["S1"], "guard": ["S1"]}


def expected_gates(world, persona: str) -> set[int]:
    if persona == "admin":
        return {s.id for s in world.schools.values()}
    return {world.schools[k].id for k in GATE_WORKERS.get(persona, [])}


def expected_gate_people(world, persona: str) -> set[int]:
    """The people whose names the gate shows a persona (the gate roster of their schools)."""
    gates = expected_gates(world, persona)
    return {p.id for p in world.people.values() if p.school_id in gates}


# Whose counselling records each persona reads: the counsellor and the principal of S1 (the rules
# counselling.counsellor_roles and counselling.reader_roles); the administrator everyone's. The
# counsellor may read the names of S1's people on the counselling pages (to pick whom they counsel).
COUNSELLED = {"counsellor": ["S1"], "principal": ["S1"]}
# Who handles public concerns (concerns.handler_roles: bureau leader, bureau staff, principal): at
# county level all, otherwise those naming a school they see.
CONCERN_HANDLERS = {"admin", "leader", "grid_leader", "bureau_staff", "principal"}


def expected_counselled_people(world, persona: str) -> set[int]:
    if persona == "admin":
        return {p.id for p in world.people.values()}
    schools = {world.schools[k].id for k in COUNSELLED.get(persona, [])}
    return {p.id for p in world.people.values() if p.school_id in schools}


def expected_command_ids(world, persona: str, model) -> set[int]:
    """Command records: a school's task force and meetings with the school; the bureau's (no
    school), the departments and their liaisons at county level; a joint action at county level or
    with a school it involved; an action item with its meeting, and by its owner."""
    from eduguard.command.models import ActionItem, JointAction, Meeting, TaskForce, TaskForceMember

    county = EXPECTED_UNITS[persona]["county"]
    schools = expected_ids(world, persona, School)

    def unit_ids(rows):
        return {r.id for r in rows if r.school_id in schools or (r.school_id is None and county)}

    if model in (TaskForce, Meeting):
        return unit_ids(model.objects.all())
    if model is TaskForceMember:
        forces = unit_ids(TaskForce.objects.all())
        return set(TaskForceMember.objects.filter(task_force_id__in=forces).values_list("id", flat=True))
    if model is ActionItem:
        meetings = unit_ids(Meeting.objects.all())
        user = getattr(world, persona)
        return {a.id for a in ActionItem.objects.all() if a.meeting_id in meetings or a.owner_id == user.pk}
    if model is JointAction:
        rows = JointAction.objects.prefetch_related("schools")
        return {a.id for a in rows if county or {s.id for s in a.schools.all()} & schools}
    return set(model.objects.values_list("id", flat=True)) if county else set()  # Department, Liaison


def expected_ids(world, persona: str, model) -> set[int]:
    """IDs of `model` rows the persona may see, from the oracles above."""
    from eduguard.concerns.models import Concern
    from eduguard.counselling.models import CounsellingSession
    from eduguard.health.models import ChainImport, FollowUp, ReturnCertificate, SickAbsence
    from eduguard.org.models import Guardian, ImportJob
    from eduguard.screening.models import Campaign, Quarantine

    if model is CounsellingSession:  # follows its person, for counsellors and readers only
        people = expected_counselled_people(world, persona)
        return set(CounsellingSession.objects.filter(person_id__in=people).values_list("id", flat=True))
    if model is Concern:
        if persona not in CONCERN_HANDLERS:
            return set()
        if EXPECTED_UNITS[persona]["county"]:
            return set(Concern.objects.values_list("id", flat=True))
        schools = {world.schools[k].id for k in EXPECTED_UNITS[persona]["schools"]}
        return set(Concern.objects.filter(schools__in=schools).values_list("id", flat=True))

    if model is ChainImport:  # belongs to its class
        classes = expected_ids(world, persona, SchoolClass)
        return set(ChainImport.objects.filter(school_class_id__in=classes).values_list("id", flat=True))
    if model is FollowUp:
        people = expected_ids(world, persona, Person)
        return set(FollowUp.objects.filter(report__person_id__in=people).values_list("id", flat=True))
    from eduguard.campus.models import DisinfectionLog, Place, SchoolDocument, VentilationLog

    if model is SchoolDocument:  # follows its school
        schools = expected_ids(world, persona, School)
        return set(SchoolDocument.objects.filter(school_id__in=schools).values_list("id", flat=True))
    if model in (Place, DisinfectionLog, VentilationLog):  # the schools one sees or works in
        schools = expected_workplaces(world, persona)
        return set(model.objects.filter(school_id__in=schools).values_list("id", flat=True))
    if model is ImportJob:  # a user's own uploads; the administrator sees all
        user = getattr(world, persona)
        jobs = ImportJob.objects.all() if user.is_superuser else ImportJob.objects.filter(user=user)
        return set(jobs.values_list("id", flat=True))
    if model is Person:
        return {world.people[k].id for k in EXPECTED_PEOPLE[persona](world)}
    if model in (SickAbsence, ReturnCertificate):  # follow their person
        people = expected_ids(world, persona, Person)
        path = "person_id__in" if model is SickAbsence else "absence__person_id__in"
        return set(model.objects.filter(**{path: people}).values_list("id", flat=True))
    from eduguard.response.models import Drill, FeverEvent, Incident

    if model is FeverEvent:  # follows its person, like an absence
        people = expected_ids(world, persona, Person)
        return set(FeverEvent.objects.filter(person_id__in=people).values_list("id", flat=True))
    if model is Incident:  # the school's; also its class's or grade's when it is about one
        schools = expected_ids(world, persona, School)
        classes = expected_ids(world, persona, SchoolClass)
        grades = expected_ids(world, persona, Grade)
        return {
            i.id
            for i in Incident.objects.all()
            if i.school_id in schools or i.school_class_id in classes or i.grade_id in grades
        }
    if model is Drill:  # follows its school
        schools = expected_ids(world, persona, School)
        return set(Drill.objects.filter(school_id__in=schools).values_list("id", flat=True))
    from eduguard.campus.models import GateEntry, LeavePass, Visit

    if model in (GateEntry, Visit):  # the school's (seen whole), the gate's, and the visits one hosts
        schools = expected_ids(world, persona, School) | expected_gates(world, persona)
        rows = set(model.objects.filter(school_id__in=schools).values_list("id", flat=True))
        if model is Visit:
            rows |= set(Visit.objects.filter(host=getattr(world, persona)).values_list("id", flat=True))
        return rows
    if model is LeavePass:  # follows its student; the gate uses it
        people = expected_ids(world, persona, Person)
        gates = expected_gates(world, persona)
        return {p.id for p in LeavePass.objects.all() if p.person_id in people or p.school_id in gates}
    from eduguard.inspection.models import (
        Batch,
        Inspection,
        OpeningApproval,
        Rectification,
        ReopeningPlan,
        TutoringCase,
    )

    if model in (Inspection, Rectification, OpeningApproval, ReopeningPlan):  # follow their school
        schools = expected_ids(world, persona, School)
        return set(model.objects.filter(school_id__in=schools).values_list("id", flat=True))
    if model is TutoringCase:  # discipline records: no persona here holds 纪检监察, only the administrator
        return set(TutoringCase.objects.values_list("id", flat=True)) if persona == "admin" else set()
    from eduguard.inspection.models import Institution

    if model is Institution:  # the county's registry: seen at county level
        rows = Institution.objects.values_list("id", flat=True)
        return set(rows) if EXPECTED_UNITS[persona]["county"] else set()
    from eduguard.supplies.models import Order, Store

    if model is Store:  # a school's with the school; the warehouse at county level
        schools = expected_ids(world, persona, School)
        county = EXPECTED_UNITS[persona]["county"]
        return {
            s.id for s in Store.objects.all() if s.school_id in schools or (s.school_id is None and county)
        }
    if model is Order:  # the county's purchasing: county level
        return set(Order.objects.values_list("id", flat=True)) if EXPECTED_UNITS[persona]["county"] else set()
    from eduguard.teaching.models import HealthEducationEvent, TeachingParticipation, TeachingPeriod

    if model is TeachingParticipation:  # a school-level record: with the school seen whole
        schools = expected_ids(world, persona, School)
        return set(TeachingParticipation.objects.filter(school_id__in=schools).values_list("id", flat=True))
    if model in (TeachingPeriod, HealthEducationEvent):
        # At county level; an event at named schools with one of them; a period or a county-wide
        # event with any school of the county (the test county is one county).
        schools = expected_ids(world, persona, School)
        if EXPECTED_UNITS[persona]["county"]:
            return set(model.objects.values_list("id", flat=True))
        if model is TeachingPeriod:
            return set(TeachingPeriod.objects.values_list("id", flat=True)) if schools else set()
        return {
            e.id
            for e in HealthEducationEvent.objects.prefetch_related("schools")
            if (e.county_wide and schools) or {s.id for s in e.schools.all()} & schools
        }
    from eduguard.outreach.models import Attachment, Document, Notice

    if model is Document:  # the county's at county level; a school sees those sent to it
        if EXPECTED_UNITS[persona]["county"]:
            return set(Document.objects.values_list("id", flat=True))
        schools = expected_ids(world, persona, School)
        return set(Document.objects.filter(recipients__school_id__in=schools).values_list("id", flat=True))
    if model is Attachment:  # follows its document
        documents = expected_ids(world, persona, Document)
        return set(Attachment.objects.filter(document_id__in=documents).values_list("id", flat=True))
    if model is Notice:  # the unit written to, narrowest first; and one's own notices
        units, user = EXPECTED_UNITS[persona], getattr(world, persona)
        keys = {v.pk: k for k, v in world.classes.items()}, {v.pk: k for k, v in world.grades.items()}
        schools = {v.pk: k for k, v in world.schools.items()}
        seen = set()
        for n in Notice.objects.all():
            if n.school_class_id:
                ok = keys[0][n.school_class_id] in units["classes"]
            elif n.grade_id:
                ok = keys[1][n.grade_id] in units["grades"]
            elif n.school_id:
                ok = schools[n.school_id] in units["schools"]
            else:
                ok = units["county"]
            if ok or n.created_by_id == user.pk:
                seen.add(n.pk)
        return seen
    from eduguard.outreach.models import Shift, ShiftAssignment, Volunteer, VolunteerActivity, VolunteerTeam

    if model in (Volunteer, VolunteerTeam, Shift, VolunteerActivity, ShiftAssignment):
        # With their school, school-less rows at county level; a roster volunteer also with the
        # person; a team or shift also by its leader's own account; an assignment with its volunteer.
        schools = expected_ids(world, persona, School)
        people = expected_ids(world, persona, Person)
        county = EXPECTED_UNITS[persona]["county"]

        def seen(school_id, person_id=None):
            return school_id in schools or (school_id is None and county) or person_id in people

        if model is Volunteer:
            return {v.id for v in Volunteer.objects.all() if seen(v.school_id, v.person_id)}
        if model is ShiftAssignment:
            return {
                a.id
                for a in ShiftAssignment.objects.select_related("volunteer")
                if seen(a.volunteer.school_id, a.volunteer.person_id)
            }
        if model is VolunteerActivity:
            return {a.id for a in VolunteerActivity.objects.all() if seen(a.school_id)}
        if model is VolunteerTeam:
            rows = VolunteerTeam.objects.select_related("leader")
            return {t.id for t in rows if seen(t.school_id, t.leader.person_id if t.leader else None)}
        rows = Shift.objects.select_related("team__leader")
        return {
            s.id
            for s in rows
            if seen(s.school_id, s.team.leader.person_id if s.team and s.team.leader else None)
        }
    from eduguard.logistics.models import ReturnPlan, Trip

    if model is Trip:  # follows its school
        schools = expected_ids(world, persona, School)
        return set(Trip.objects.filter(school_id__in=schools).values_list("id", flat=True))
    if model is ReturnPlan:  # with its batch: the county or one of the batch's schools
        batches = expected_ids(world, persona, Batch)
        return set(ReturnPlan.objects.filter(batch_id__in=batches).values_list("id", flat=True))
    if model is Batch:  # seen with the county or with one of its schools
        schools = expected_ids(world, persona, School)
        county = EXPECTED_UNITS[persona]["county"]
        return {b.id for b in Batch.objects.all() if county or b.schools.filter(id__in=schools).exists()}
    if model is Quarantine:  # follows its person
        people = expected_ids(world, persona, Person)
        return set(Quarantine.objects.filter(person_id__in=people).values_list("id", flat=True))
    if model is Campaign:  # county-wide: seen by anyone whose scope reaches into the county
        reaches = EXPECTED_PEOPLE[persona](world) or any(EXPECTED_UNITS[persona].values())
        return set(Campaign.objects.values_list("id", flat=True)) if reaches else set()
    if model is Guardian:
        people = expected_ids(world, persona, Person)
        return set(Guardian.objects.filter(person_id__in=people).values_list("id", flat=True))
    from eduguard.command import models as command

    if model in (command.TaskForce, command.TaskForceMember, command.Meeting, command.ActionItem):
        return expected_command_ids(world, persona, model)
    if model in (command.Department, command.Liaison, command.JointAction):
        return expected_command_ids(world, persona, model)
    units = EXPECTED_UNITS[persona]
    if model is County:
        return {world.county.id} if units["county"] else set()
    if model is Grid:
        grids = {"G1": world.grid1, "G2": world.grid2}
        keys = set(grids) if units["county"] else units["grids"]
        return {grids[k].id for k in keys}
    if model is School:
        return {world.schools[k].id for k in units["schools"]}
    if model is Grade:
        return {world.grades[k].id for k in units["grades"]}
    if model is SchoolClass:
        return {world.classes[k].id for k in units["classes"]}
    raise KeyError(f"no oracle for {model.__name__}: add one to eduguard/core/testing.py")
