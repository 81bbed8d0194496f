"""The demo county: exact counts of the seed briefing, valid identities, sane classes, real scopes."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment, User
from eduguard.audit.models import ChangeLog
from eduguard.core.identity import age_on, parse_id_number
from eduguard.org.choices import PersonCategory, SchoolType
from eduguard.org.demo import DEMO_PASSWORD, PROFILES, DemoRefused, seed_demo, targets
from eduguard.org.demo.generator import apportion, class_sizes, school_year_start
from eduguard.org.demo.profiles import GRADES
from eduguard.org.models import County, DormRoom, Grade, Grid, Guardian, Person, School, SchoolClass

TODAY = dt.date(2020, 2, 19)  # the day of the county command briefing
PROFILE = PROFILES["benxi-2020"]
TOWNSHIPS = set(PROFILE.townships)


def visible_ids(username: str) -> set[int]:
    return set(Person.objects.visible_to(User.objects.get(username=username)).values_list("id", flat=True))


def ids(queryset) -> set[int]:
    return set(queryset.values_list("id", flat=True))


def test_full_demo_county_matches_the_seed_briefing(db):
    result = seed_demo(today=TODAY)
    people = Person.objects.all()

    # Counts of the briefing (domain.md §9): 28 schools, 2,555 staff (bureau included),
    # 18,657 students, 2,846 staff including 291 temporary workers.
    county = County.objects.get()
    assert (county.code, county.name, county.bureau_name) == ("210521", "本溪县", "本溪县教育局")
    assert School.objects.count() == 28
    assert people.filter(category=PersonCategory.STUDENT).count() == 18_657
    assert people.filter(category=PersonCategory.STAFF).count() == 2_555
    assert people.filter(category=PersonCategory.TEMPORARY).count() == 291
    assert people.exclude(category=PersonCategory.STUDENT).count() == 2_846
    bureau = people.filter(school__isnull=True)
    assert bureau.count() == 60 and set(bureau.values_list("category", flat=True)) == {PersonCategory.STAFF}
    assert result.counts["students"] == 18_657 and result.counts["staff_with_temporary"] == 2_846

    # Seed 004's sweep, counted by the same roll-up the campaign page shows: everyone screened,
    # 37 studying in Wuhan, 66 left the county, 7/2/188 in categories one/two/three, 130 三返.
    from eduguard.accounts.models import User
    from eduguard.screening.models import Campaign
    from eduguard.screening.services.campaigns import campaign_rollup

    admin = User.objects.filter(is_superuser=True).first() or User(is_superuser=True, is_active=True)
    _, total, _ = campaign_rollup(Campaign.objects.get(), admin)
    assert total.expected == total.responded == 18_657 + 2_846
    assert total.categories == {
        "wuhan_study": 37,
        "left_county": 66,
        "class_1": 7,
        "class_2": 2,
        "class_3": 188,
        "sanfan": 130,
    }
    # Their quarantines: done and released for the 176 in a category with quarantine days; in the
    # head teacher's class three students are in home quarantine today and one waits for release.
    from eduguard.screening.models import Quarantine
    from eduguard.screening.services.entry import readiness

    assert Quarantine.objects.filter(released_on__isnull=False).count() == 37 + 7 + 2 + 130
    open_now = Quarantine.objects.filter(released_on__isnull=True)
    assert sorted((TODAY - q.started_on).days for q in open_now) == [3, 8, 13, 16]
    rows, statuses = readiness(admin, TODAY)
    held = {pid for pid, s in statuses.items() if s.reasons[0].code in ("in_quarantine", "awaiting_release")}
    assert held == set(open_now.values_list("person_id", flat=True))
    assert sum(r.expected for r in rows) == 18_657 + 2_846

    # Class checks over the symptom window: every class checked each morning but one today, some
    # sick absences, of which those with a fever or an infectious disease need a certificate; the
    # ones over carry a numbered school certificate, the rest keep the student out.
    from eduguard.health.models import HealthCheck, ReturnCertificate, SickAbsence

    n_classes = SchoolClass.objects.count()
    mornings = HealthCheck.objects.filter(session="morning")
    assert mornings.filter(date=TODAY).count() == n_classes - 1
    assert mornings.filter(date=TODAY - dt.timedelta(days=2)).count() == n_classes
    assert HealthCheck.objects.filter(zero_report=True).count() > 0.8 * HealthCheck.objects.count()
    assert 40 < SickAbsence.objects.count() < 120
    lacking = SickAbsence.objects.lacking_certificate()
    approved = ReturnCertificate.objects.exclude(number="")
    assert lacking.exists() and approved.exists()
    assert lacking.count() + approved.count() == SickAbsence.objects.filter(needs_certificate=True).count()
    assert all(statuses[pid].decision == "deny" for pid in lacking.values_list("person_id", flat=True))

    # Schools: stable codes, four grids, 25 middle schools in the first batch and three in the second.
    schools = list(School.objects.order_by("code"))
    assert [s.code for s in schools] == [f"210521{n:04d}" for n in range(1, 29)]
    assert Grid.objects.count() == 4 and all(s.grid_id for s in schools)
    batch_one = [s for s in schools if s.reopening_batch == 1]
    assert len(batch_one) == 25
    assert {s.type for s in batch_one} == {SchoolType.HIGH, SchoolType.JUNIOR, SchoolType.NINE_YEAR}
    assert {s.type for s in schools if s.reopening_batch == 2} == {
        SchoolType.PRIMARY,
        SchoolType.TEACHING_POINT,
    }
    for school in schools:
        grades = list(school.grades.order_by("level").values_list("name", "level"))
        assert tuple(grades) == GRADES[school.type], school.name

    # Classes: every class within its size bounds, names like 七(2)班, school copied from the grade.
    sizes = Counter(
        people.filter(category=PersonCategory.STUDENT).values_list("school_class", flat=True).order_by()
    )
    for klass in SchoolClass.objects.select_related("grade", "school"):
        low, high = (5, 25) if klass.school.type == SchoolType.TEACHING_POINT else (25, 50)
        assert low <= sizes[klass.id] <= high, (klass.school.name, klass.name, sizes[klass.id])
        assert klass.school_id == klass.grade.school_id
        assert klass.name == f"{klass.grade.name.removesuffix('年级')}({klass.number})班"
    assert not people.filter(category=PersonCategory.STUDENT, school_class__isnull=True).exists()
    assert not people.exclude(category=PersonCategory.STUDENT).filter(school_class__isnull=False).exists()

    # Boarders: only in boarding schools, each with a dorm of their own school, rooms not over capacity.
    boarders = people.filter(boarding=True)
    assert boarders.count() > 1000
    assert not boarders.filter(dorm__isnull=True).exists()
    assert not boarders.filter(school__boarding=False).exists()
    assert not people.filter(boarding=False, dorm__isnull=False).exists()
    for person in boarders.select_related("dorm")[:2000]:
        assert person.dorm.school_id == person.school_id
    occupancy = Counter(boarders.values_list("dorm", flat=True).order_by())
    rooms = {r.id: r for r in DormRoom.objects.all()}
    assert all(n <= rooms[room].capacity for room, n in occupancy.items())
    for person in boarders.select_related("dorm")[:500]:  # boys and girls in separate buildings
        assert person.dorm.label.startswith("男生楼" if person.sex == "M" else "女生楼")

    # Identities: valid numbers that encode the recorded birth date and sex; ages fit the grade.
    sample = random.Random(1).sample(list(people.select_related("school_class__grade")), 600)
    year = school_year_start(TODAY)
    local = 0
    for person in sample:
        parsed = parse_id_number(person.reveal_id_number(), today=TODAY)
        assert (parsed.birth_date, parsed.sex) == (person.birth_date, person.sex)
        assert person.id_masked == parsed.number[:6] + "********" + parsed.number[-4:]
        local += parsed.number.startswith("210521")
        assert person.household_township in TOWNSHIPS
        assert person.reveal_address().startswith("辽宁省本溪市本溪满族自治县" + person.household_township)
        assert 2 <= len(person.name) <= 4
        if person.category == PersonCategory.STUDENT:
            level = person.school_class.grade.level
            assert age_on(person.birth_date, dt.date(year, 8, 31)) - level in (5, 6), person.birth_date
        else:
            assert 22 <= age_on(person.birth_date, TODAY) <= 63
            assert person.phone_masked
    assert local > 0.8 * len(sample)
    assert people.exclude(id_hash="").count() == people.count()  # the unique constraint does the rest

    # Phones: one per adult, distinct; siblings share their guardians' phones.
    phones = list(people.exclude(phone_hash="").values_list("phone_hash", flat=True))
    assert len(phones) == len(set(phones)) >= 2_846
    per_student = Counter(Guardian.objects.values_list("person", flat=True).order_by())
    assert len(per_student) == 18_657 and set(per_student.values()) <= {1, 2}
    shared = Counter(Guardian.objects.values_list("phone_hash", flat=True).order_by())
    assert any(n > 1 for n in shared.values())
    relations = set(Guardian.objects.values_list("relation", flat=True))
    assert {"father", "mother"} <= relations and relations & {"grandparent", "maternal_grandparent"}

    # The load is recorded once in the change log, with the --days it was asked for.
    entry = ChangeLog.objects.get(object_type="org.county")
    assert entry.after["seed_demo"]["days"] == 14 and entry.after["seed_demo"]["counts"]["students"] == 18_657

    check_demo_accounts(county)
    from eduguard.campus.tests.demo_checks import check_campus_demo

    check_campus_demo(TODAY, User.objects.get(username="principal").assignments.get().school)
    from eduguard.campus.tests.demo_checks import check_gate_demo

    check_gate_demo(TODAY, User.objects.get(username="principal").assignments.get().school)
    from eduguard.inspection.tests.demo_checks import check_inspection_demo

    check_inspection_demo(TODAY)
    from eduguard.inspection.tests.demo_checks import check_institutions_demo

    check_institutions_demo(TODAY)
    from eduguard.logistics.tests.demo_checks import check_logistics_demo

    check_logistics_demo(TODAY)
    from eduguard.supplies.tests.demo_checks import check_supplies_demo

    check_supplies_demo(TODAY)
    from eduguard.teaching.tests.demo_checks import check_teaching_demo

    check_teaching_demo(TODAY)
    from eduguard.response.tests.demo_checks import check_response_demo

    check_response_demo(TODAY, User.objects.get(username="principal").assignments.get().school)
    from eduguard.outreach.tests.demo_checks_volunteers import check_volunteers_demo

    check_volunteers_demo(TODAY)
    from eduguard.outreach.tests.demo_checks import check_outreach_demo

    check_outreach_demo(TODAY)
    from eduguard.concerns.tests.demo_checks import check_concerns_demo, check_counselling_demo

    check_concerns_demo(TODAY)
    check_counselling_demo(TODAY)
    from eduguard.health.tests.demo_checks_reports import check_reports_demo

    check_reports_demo(TODAY)
    from eduguard.briefing.tests.demo_checks import check_briefing_demo

    check_briefing_demo(TODAY)
    from eduguard.command.tests.demo_checks import check_command_demo

    check_command_demo(TODAY)
    from eduguard.core.tests.county_checks import check_rows_carry_their_persons_county

    # Sharding by county (docs/scaling.md): every demo writer, raw SQL included, set the county.
    carried = check_rows_carry_their_persons_county()
    assert carried["org.Guardian.person"] > 18_657
    assert carried["screening.ScreeningResponse.person"] == 18_657 + 2_846

    with pytest.raises(DemoRefused):
        seed_demo(today=TODAY)
    with pytest.raises(CommandError, match="210521"):
        call_command("seed-demo", "--scale", "0.01")
    assert County.objects.count() == 1


def check_demo_accounts(county):
    principal = User.objects.get(username="principal")
    school = principal.assignments.get().school
    assert school.type == SchoolType.JUNIOR and school.reopening_batch == 1

    students = Person.objects.filter(category=PersonCategory.STUDENT)
    assert visible_ids("admin") == ids(Person.objects.all())
    assert visible_ids("leader") == ids(Person.objects.filter(county=county))
    grid1 = User.objects.get(username="grid1").assignments.get().grid
    assert visible_ids("grid1") == ids(Person.objects.filter(school__grid=grid1))
    keshi_schools = School.objects.filter(responsibilityassignment__user__username="keshi")
    assert keshi_schools.count() == 3
    assert visible_ids("keshi") == ids(Person.objects.filter(school__in=keshi_schools))
    duban_schools = School.objects.filter(responsibilityassignment__user__username="duban")
    assert duban_schools.count() == 2
    assert visible_ids("duban") == ids(Person.objects.filter(school__in=duban_schools))
    assert visible_ids("principal") == visible_ids("doctor") == ids(Person.objects.filter(school=school))

    grade = User.objects.get(username="gradelead").assignments.get().grade
    assert grade.school_id == school.id
    assert visible_ids("gradelead") == ids(students.filter(school_class__grade=grade))

    klass = User.objects.get(username="banzhuren").assignments.get().school_class
    assert klass.grade_id == grade.id
    assert visible_ids("banzhuren") == ids(students.filter(school_class=klass))

    taught = ResponsibilityAssignment.objects.filter(user__username="keren", role=Role.SUBJECT_TEACHER)
    taught_people = Person.objects.filter(id__in=taught.values("person"))
    assert taught_people.count() == 10
    assert len({p.school_class_id for p in taught_people}) == 1 and taught_people[0].school_class != klass
    assert visible_ids("keren") == ids(taught_people)

    child = User.objects.get(username="parent").assignments.get().person
    assert child.school_class == klass and visible_ids("parent") == {child.id}
    parent = User.objects.get(username="parent")
    assert parent.full_name in set(child.guardians.values_list("name", flat=True))
    assert visible_ids("guard") == set()

    # Double grid leaders: a bureau leader at grid level and a principal in each grid.
    for grid in Grid.objects.all():
        roles = ResponsibilityAssignment.objects.filter(grid=grid).values_list("role", flat=True)
        assert list(roles) == [Role.BUREAU_LEADER]
        assert ResponsibilityAssignment.objects.filter(
            role=Role.PRINCIPAL, school__grid=grid, note__contains="双网格长"
        ).exists()

    assert User.objects.get(username="admin").has_perm("org.unmask_person")
    assert User.objects.get(username="doctor").has_perm("org.unmask_person")
    assert not User.objects.get(username="banzhuren").has_perm("org.unmask_person")
    assert principal.has_perms(["org.add_person", "org.change_person", "org.view_person"])
    # Through the log-in page: the lock-out backend (django-axes) wants the request.
    signed_in = Client().post("/accounts/login/", {"username": "banzhuren", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302


def _first_people(seed: int) -> tuple[list[str], list[str]]:
    with transaction.atomic():
        seed_demo(seed=seed, scale=0.02, today=TODAY)
        first = list(Person.objects.order_by("id")[:20])
        names = [p.name for p in first]
        numbers = [p.reveal_id_number() for p in first]
        transaction.set_rollback(True)
    return names, numbers


def test_the_same_seed_gives_the_same_county(db):
    first = _first_people(7)
    assert _first_people(7) == first
    assert _first_people(8) != first


def test_a_scaled_county_has_exactly_the_scaled_counts(db):
    expected = targets(PROFILE, 0.05)
    counts = seed_demo(scale=0.05, today=TODAY).counts
    assert (counts["students"], counts["staff"], counts["bureau_staff"], counts["temporary"]) == (
        expected.students,
        expected.staff,
        expected.bureau_staff,
        expected.temporary,
    )
    assert counts["schools"] == 28 and Grade.objects.count() == counts["grades"]


def test_seed_demo_command_prints_the_accounts_and_refuses_a_second_run(db, capsys):
    call_command("seed-demo", "--scale", "0.02", "--seed", "3", "--days", "3")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for username in ("admin", "leader", "grid1", "keshi", "duban", "principal", "gradelead", "doctor"):
        assert f"\n{username} " in out
    for username in ("banzhuren", "keren", "guard", "parent"):
        assert f"\n{username} " in out
    assert ChangeLog.objects.get(object_type="org.county").after["seed_demo"]["days"] == 3
    with pytest.raises(CommandError, match="seed-demo only loads into an empty database"):
        call_command("seed-demo", "--scale", "0.02")


def test_seed_demo_help_says_days_has_no_effect_yet(capsys):
    with pytest.raises(SystemExit):
        call_command("seed-demo", "--help")
    out = capsys.readouterr().out
    assert "--days" in out and "no area" in out and "--scale" not in out


def test_apportion_and_class_sizes():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(18_657, [s.approx_students for s in PROFILE.schools])) == 18_657
    for n in range(25, 400):
        sizes = class_sizes(n, SchoolType.JUNIOR)
        assert sum(sizes) == n and all(25 <= s <= 50 for s in sizes), (n, sizes)
    assert class_sizes(12, SchoolType.TEACHING_POINT) == [12]
