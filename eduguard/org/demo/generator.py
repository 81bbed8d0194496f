"""Generate the synthetic demo county (`eduguard seed-demo`).

The county is bulk-loaded synthetic data: people are written with `bulk_create` (their ID numbers,
phones and addresses sealed by the model's own `set_*` helpers), so there is no per-row change log;
one summary change-log entry on the county records the load, its profile, seed and counts.

Everything random is drawn from one `random.Random(seed)` (and a Faker seeded with the same seed),
so the same seed gives the same names and ID numbers. Birth dates follow the school year that
contains `today`, so students' ages stay right for their grades whenever the demo is loaded.

Areas added later (daily reports, screening, supplies…) extend the demo with `register_step`;
their steps run in the same transaction, after the organisation and people exist, and read
`ctx.options.days` for how many days of activity to generate.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment, User
from eduguard.audit.models import ChangeAction, ChangeLog, Source
from eduguard.audit.services import record_change
from eduguard.core.identity import build_id_number
from eduguard.org.choices import GuardianRelation, IdType, PersonCategory, SchoolType, Sex, StaffType
from eduguard.org.demo.names import NameMaker
from eduguard.org.demo.profiles import (
    BATCH_ONE_TYPES,
    BOARDER_SHARE,
    BOARDING_FROM_LEVEL,
    CLASS_SIZE,
    DORM_CAPACITY,
    GRADES,
    PROFILES,
    Profile,
    SchoolSpec,
)
from eduguard.org.models import County, DormRoom, Grade, Grid, Guardian, Person, School, SchoolClass

DEMO_PASSWORD = "demo12345"
DEFAULT_SEED = 2020
DEFAULT_DAYS = 14


class DemoRefused(Exception):
    """The database is not empty; the demo county is only loaded into an empty one."""


@dataclass(frozen=True)
class DemoOptions:
    profile: Profile
    seed: int = DEFAULT_SEED
    days: int = DEFAULT_DAYS  # days of activity for the areas that generate it (none yet)
    scale: float = 1.0  # tests only: people counts are multiplied by it
    today: dt.date = field(default_factory=timezone.localdate)


@dataclass(frozen=True)
class Targets:
    students: int
    staff: int
    bureau_staff: int
    temporary: int

    @property
    def staff_with_temporary(self) -> int:
        return self.staff + self.temporary


def targets(profile: Profile, scale: float = 1.0) -> Targets:
    """The exact counts a run of `profile` at `scale` produces."""
    if scale == 1.0:
        return Targets(profile.students, profile.staff, profile.bureau_staff, profile.temporary)
    bureau = max(1, round(profile.bureau_staff * scale))
    return Targets(
        students=round(profile.students * scale),
        staff=max(bureau + len(profile.schools), round(profile.staff * scale)),
        bureau_staff=bureau,
        temporary=round(profile.temporary * scale),
    )


@dataclass
class DemoContext:
    """What a demo step gets: the options, the random generator and the units created so far."""

    options: DemoOptions
    rng: random.Random
    county: County
    grids: dict[str, Grid]
    schools: dict[int, School]
    users: dict[str, User] = field(default_factory=dict)


DemoStep = Callable[[DemoContext], None]
_STEPS: list[DemoStep] = []
_LAST_STEPS: list[DemoStep] = []


def register_step(step: DemoStep, *, last: bool = False) -> DemoStep:
    """Add a step to every later demo load (call from an AppConfig.ready or at module import).
    Steps run in the order they were added; `last` ones after all the others (a step whose
    records the other steps must not see while they make theirs)."""
    steps = _LAST_STEPS if last else _STEPS
    if step not in steps:
        steps.append(step)
    return step


@dataclass
class DemoResult:
    options: DemoOptions
    counts: dict[str, int]
    seconds: float


# ----------------------------------------------------------------------------------------------
# Planning: exact counts apportioned over schools, grades and classes


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties go to the earlier item)."""
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("weights must add up to more than zero")
    raw = [total * w / whole for w in weights]
    shares = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def class_sizes(students: int, school_type: str) -> list[int]:
    """Split a grade into classes whose sizes lie within the bounds of CLASS_SIZE when possible."""
    low, high, usual = CLASS_SIZE.get(school_type, CLASS_SIZE["default"])
    if students <= 0:
        return []
    fewest, most = math.ceil(students / high), max(1, students // low)
    count = min(max(round(students / usual), fewest), most) if fewest <= most else fewest
    count = max(1, count)
    return [students // count + (1 if i < students % count else 0) for i in range(count)]


def school_year_start(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


# ----------------------------------------------------------------------------------------------
# The generator


@dataclass
class _Family:
    township: str
    address: str
    surname: str
    guardians: list[tuple[str, str, str]]  # (name, relation, phone)
    births: list[dt.date] = field(default_factory=list)


class _Builder:
    def __init__(self, options: DemoOptions):
        self.options = options
        self.profile = options.profile
        self.rng = random.Random(options.seed)
        self.names = NameMaker(self.rng, options.seed)
        self.targets = targets(self.profile, options.scale)
        self.today = options.today
        self.used_ids: set[tuple[str, dt.date, int]] = set()
        self.families: dict[str, list[_Family]] = defaultdict(list)
        self.rural = [t for t in self.profile.townships if t not in self.profile.urban_townships]
        area_codes = self.profile.other_area_codes
        self.other_codes = [code for code, _ in area_codes]
        self.other_weights = [weight for _, weight in area_codes]

    # -- people helpers ------------------------------------------------------------------------

    def area_code(self, local_share: float) -> str:
        if not self.other_codes or self.rng.random() < local_share:
            return self.profile.county_code
        return self.rng.choices(self.other_codes, weights=self.other_weights)[0]

    def id_number(self, area: str, birth: dt.date, male: bool) -> str:
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if male else 0)  # odd = male
            key = (area, birth, sequence)
            if key not in self.used_ids:
                self.used_ids.add(key)
                return build_id_number(area, birth, sequence)

    def address(self, township: str) -> str:
        return self.names.address(self.profile.address_prefix, township, self.profile.townships[township])

    def person(
        self, *, category, male, birth, township, local_share, phone, address=None, **fields
    ) -> Person:
        person = Person(
            category=category,
            sex=Sex.MALE if male else Sex.FEMALE,
            birth_date=birth,
            household_township=township,
            **fields,
        )
        person.set_id_number(IdType.RESIDENT, self.id_number(self.area_code(local_share), birth, male))
        person.set_phone(phone)
        person.set_address(address or self.address(township))
        return person

    def adult_birth(self, youngest: int, oldest: int) -> dt.date:
        age_days = self.rng.randrange(youngest * 365, oldest * 365 + 300)
        return self.today - dt.timedelta(days=age_days)

    def staff_township(self, spec: SchoolSpec | None) -> str:
        if spec is None or spec.urban or self.rng.random() < 0.4:
            return self.rng.choice(self.profile.urban_townships or tuple(self.profile.townships))
        return spec.township

    def student_township(self, spec: SchoolSpec) -> str:
        rng = self.rng
        if spec.urban:
            if rng.random() < 0.55 or not self.rural:
                return rng.choice(self.profile.urban_townships)
            return rng.choice(self.rural)
        if rng.random() < 0.92 or not self.rural:
            return spec.township
        return rng.choice(self.rural)

    def new_family(self, township: str) -> _Family:
        rng, names = self.rng, self.names
        father_surname = names.surname()
        father = (names.adult(True, father_surname), GuardianRelation.FATHER, names.mobile())
        mother = (names.adult(False), GuardianRelation.MOTHER, names.mobile())
        shape = rng.random()
        if shape < 0.70:
            guardians = [father, mother]
        elif shape < 0.80:
            guardians = [mother]
        elif shape < 0.88:
            guardians = [father]
        else:  # 留守儿童: a grandparent looks after the child, sometimes with one parent reachable
            paternal = rng.random() < 0.7
            grandparent = (
                names.adult(rng.random() < 0.5, father_surname if paternal else None),
                GuardianRelation.GRANDPARENT if paternal else GuardianRelation.MATERNAL_GRANDPARENT,
                names.mobile(),
            )
            guardians = [grandparent, father] if rng.random() < 0.5 else [grandparent]
        surname = father_surname if rng.random() < 0.95 else mother[0][0]
        family = _Family(township, self.address(township), surname, guardians)
        self.families[township].append(family)
        return family

    def family_for(self, township: str, birth: dt.date) -> _Family:
        """Usually a new family; about one child in ten is a sibling of a child already generated."""
        pool = self.families[township]
        if pool and self.rng.random() < 0.1:
            family = pool[self.rng.randrange(len(pool))]
            if all(abs((birth - other).days) > 330 for other in family.births):
                return family
        return self.new_family(township)

    def student_birth(self, level: int) -> dt.date:
        year = school_year_start(self.today)
        if self.rng.random() < 0.07:  # started late or repeated a year
            year -= 1
        # A child starts 一年级 in September once six by 31 August: aged level + 5 on 31 August.
        start = dt.date(year - level - 6, 9, 1)
        return _random_date(self.rng, start, dt.date(year - level - 5, 8, 31))

    # -- the county --------------------------------------------------------------------------------

    def run(self) -> DemoContext:
        profile = self.profile
        county = County.objects.create(
            code=profile.county_code, name=profile.county_name, bureau_name=profile.bureau_name
        )
        grids = {
            code: Grid.objects.create(county=county, code=code, name=name) for code, name in profile.grids
        }
        specs = {spec.number: spec for spec in profile.schools}
        schools = School.objects.bulk_create(
            [
                School(
                    county=county,
                    grid=grids[spec.grid],
                    code=f"{profile.county_code}{spec.number:04d}",
                    name=spec.name,
                    type=spec.type,
                    boarding=spec.boarding,
                    reopening_batch=1 if spec.type in BATCH_ONE_TYPES else 2,
                    address=self.address(spec.township),
                )
                for spec in profile.schools
            ]
        )
        by_number = dict(zip(specs, schools, strict=True))
        ctx = DemoContext(self.options, self.rng, county, grids, by_number)

        # Grades and classes, sized from the exact county total.
        per_school = apportion(self.targets.students, [spec.approx_students for spec in profile.schools])
        grades: list[Grade] = []
        grade_plan: list[tuple[Grade, int]] = []
        for spec, school, total in zip(profile.schools, schools, per_school, strict=True):
            levels = GRADES[spec.type]
            weights = [1 + self.rng.uniform(-0.08, 0.08) for _ in levels]
            for (name, level), students in zip(levels, apportion(total, weights), strict=True):
                grade = Grade(school=school, name=name, level=level)
                grades.append(grade)
                grade_plan.append((grade, students))
        Grade.objects.bulk_create(grades)
        classes: list[SchoolClass] = []
        class_plan: list[tuple[SchoolClass, int]] = []
        for grade, students in grade_plan:
            short = grade.name.removesuffix("年级")
            for number, size in enumerate(class_sizes(students, grade.school.type), start=1):
                klass = SchoolClass(
                    school=grade.school, grade=grade, number=number, name=f"{short}({number})班"
                )
                classes.append(klass)
                class_plan.append((klass, size))
        SchoolClass.objects.bulk_create(classes)

        students, families = self.students(county, class_plan, specs)
        self.dormitories(students)
        staff = self.staff(county, schools, specs)
        Person.objects.bulk_create(staff + students)
        self.guardians(students, families)
        ctx.users = create_demo_users(ctx)
        return ctx

    def students(self, county, class_plan, specs) -> tuple[list[Person], list[_Family]]:
        spec_by_school = {f"{self.profile.county_code}{n:04d}": s for n, s in specs.items()}
        people, families = [], []
        for klass, size in class_plan:
            school = klass.school
            spec = spec_by_school[school.code]
            level = klass.grade.level
            share = (
                BOARDER_SHARE.get(school.type, 0) if school.boarding and level >= BOARDING_FROM_LEVEL else 0
            )
            for _ in range(size):
                male = self.rng.random() < 0.515
                birth = self.student_birth(level)
                family = self.family_for(self.student_township(spec), birth)
                family.births.append(birth)
                own_phone = level >= 10 and self.rng.random() < 0.6
                student = self.person(
                    category=PersonCategory.STUDENT,
                    male=male,
                    birth=birth,
                    township=family.township,
                    local_share=0.94,
                    phone=self.names.mobile() if own_phone else "",
                    address=family.address,  # a child lives at the family's address
                    county=county,
                    school=school,
                    school_class=klass,
                    name=family.surname + self.names.child_given(male),
                    boarding=self.rng.random() < share,
                )
                people.append(student)
                families.append(family)
        return people, families

    def dormitories(self, students: list[Person]) -> None:
        """Rooms for each boarding school, boys and girls apart, filled class by class."""
        boarders: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for person in students:
            if person.boarding:
                boarders[(person.school.pk, person.sex)].append(person)
        rooms: list[DormRoom] = []
        placement: list[tuple[list[Person], list[DormRoom]]] = []
        for (_, sex), people in boarders.items():
            school = people[0].school
            building = "男生楼" if sex == Sex.MALE else "女生楼"
            needed = math.ceil(len(people) / DORM_CAPACITY)
            count = needed + max(1, needed // 10)  # some spare rooms
            own = [
                DormRoom(
                    school=school, label=f"{building}-{i // 20 + 1}{i % 20 + 1:02d}", capacity=DORM_CAPACITY
                )
                for i in range(count)
            ]
            rooms.extend(own)
            placement.append((people, own))
        DormRoom.objects.bulk_create(rooms)
        for people, own in placement:
            for i, person in enumerate(people):
                person.dorm = own[i // DORM_CAPACITY]

    def staff(self, county, schools, specs) -> list[Person]:
        t = self.targets
        spec_list = [specs[n] for n in specs]
        teaching = apportion(
            t.staff - t.bureau_staff,
            [s.approx_students * (1.0 if s.urban else 1.3) + 10 for s in spec_list],
        )
        temporary = apportion(
            t.temporary, [2 + (6 if s.boarding else 0) + s.approx_students / 400 for s in spec_list]
        )
        people: list[Person] = []
        rng, names = self.rng, self.names
        for _ in range(t.bureau_staff):
            male = rng.random() < 0.55
            people.append(
                self.person(
                    category=PersonCategory.STAFF,
                    staff_type=StaffType.OTHER,
                    male=male,
                    birth=self.adult_birth(26, 58),
                    township=self.staff_township(None),
                    local_share=0.8,
                    phone=names.mobile(),
                    county=county,
                    school=None,
                    name=names.adult(male),
                )
            )
        for spec, school, n_staff, n_temp in zip(spec_list, schools, teaching, temporary, strict=True):
            for i in range(n_staff):
                male = rng.random() < 0.4
                people.append(
                    self.person(
                        category=PersonCategory.STAFF,
                        staff_type=StaffType.TEACHER if i < n_staff * 0.86 else StaffType.OTHER,
                        male=male,
                        birth=self.adult_birth(23, 58),
                        township=self.staff_township(spec),
                        local_share=0.8,
                        phone=names.mobile(),
                        county=county,
                        school=school,
                        name=names.adult(male),
                    )
                )
            for _ in range(n_temp):
                male = rng.random() < 0.5
                people.append(
                    self.person(
                        category=PersonCategory.TEMPORARY,
                        staff_type=StaffType.OTHER,
                        male=male,
                        birth=self.adult_birth(30, 62),
                        township=spec.township,
                        local_share=0.9,
                        phone=names.mobile(),
                        county=county,
                        school=school,
                        name=names.adult(male),
                    )
                )
        return people

    def guardians(self, students: list[Person], families: list[_Family]) -> None:
        sealed: dict[str, tuple[str, str, str]] = {}  # phone → its sealed form, shared by siblings
        rows = []
        for student, family in zip(students, families, strict=True):
            for name, relation, phone in family.guardians:
                guardian = Guardian(person=student, county_id=student.county_id, name=name, relation=relation)
                if phone in sealed:
                    guardian.phone_enc, guardian.phone_hash, guardian.phone_masked = sealed[phone]
                else:
                    guardian.set_phone(phone)
                    sealed[phone] = (guardian.phone_enc, guardian.phone_hash, guardian.phone_masked)
                rows.append(guardian)
        Guardian.objects.bulk_create(rows)


# ----------------------------------------------------------------------------------------------
# Demo login accounts: one per role of the five-level chain


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str | None  # None: the superuser


# Printed in this order. grid2–4 and principal2–4 are the other grids' two grid leaders (双网格长).
ACCOUNTS = (
    AccountSpec("admin", None),
    AccountSpec("leader", Role.BUREAU_LEADER),
    AccountSpec("grid1", Role.BUREAU_LEADER),
    AccountSpec("keshi", Role.BUREAU_STAFF),
    AccountSpec("duban", Role.INSPECTOR),
    AccountSpec("principal", Role.PRINCIPAL),
    AccountSpec("gradelead", Role.SCHOOL_LEADER),
    AccountSpec("doctor", Role.SCHOOL_DOCTOR),
    AccountSpec("banzhuren", Role.HEAD_TEACHER),
    AccountSpec("keren", Role.SUBJECT_TEACHER),
    AccountSpec("guard", Role.GATE_GUARD),
    AccountSpec("parent", Role.GUARDIAN),
    AccountSpec("jijian", Role.DISCIPLINE),
    AccountSpec("xinli", Role.COUNSELLOR),
    AccountSpec("grid2", Role.BUREAU_LEADER),
    AccountSpec("grid3", Role.BUREAU_LEADER),
    AccountSpec("grid4", Role.BUREAU_LEADER),
    AccountSpec("principal2", Role.PRINCIPAL),
    AccountSpec("principal3", Role.PRINCIPAL),
    AccountSpec("principal4", Role.PRINCIPAL),
)
ACCOUNT_NAMES = tuple(a.username for a in ACCOUNTS)
SUBJECT_TEACHER_STUDENTS = 10


def _perm(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="org", codename=codename)


def create_demo_users(ctx: DemoContext) -> dict[str, User]:
    profile = ctx.options.profile
    rng = ctx.rng
    county = ctx.county
    school = ctx.schools[profile.demo_school]
    grade = school.grades.filter(level=7).first() or school.grades.order_by("level").first()
    grade_classes = list(grade.classes.order_by("number"))
    own_class = grade_classes[0]
    other_class = grade_classes[1] if len(grade_classes) > 1 else own_class
    other_students = list(other_class.people.order_by("id").values_list("id", flat=True))
    taught = sorted(rng.sample(other_students, min(SUBJECT_TEACHER_STUDENTS, len(other_students))))
    child = own_class.people.order_by("id").first()
    parent_name = child.guardians.order_by("id").first().name if child else "家长"

    bureau_names = iter(
        Person.objects.filter(county=county, school__isnull=True)
        .order_by("id")
        .values_list("name", flat=True)
    )
    school_names = iter(
        Person.objects.filter(school=school, category=PersonCategory.STAFF)
        .order_by("id")
        .values_list("name", flat=True)
    )

    def principal_school(grid_code: str) -> School:
        in_grid = [s for s in ctx.schools.values() if s.grid_id == ctx.grids[grid_code].pk]
        batch_one = [s for s in in_grid if s.reopening_batch == 1]
        return max(batch_one or in_grid, key=lambda s: (s.type == SchoolType.JUNIOR, -s.pk))

    grid_codes = [code for code, _ in profile.grids]
    other_schools = [s for s in ctx.schools.values() if s.pk != school.pk]
    same_grid = [s for s in other_schools if s.grid_id == school.grid_id]
    keshi_schools = [school, *(same_grid or other_schools)[:2]]
    duban_schools = [school, (other_schools[-1] if other_schools else school)]

    targets: dict[str, list[tuple[str, object, str]]] = {
        "leader": [("county", county, "")],
        "jijian": [("county", county, "局纪检监察，查处在职教师违规补课")],
        "xinli": [("school", school, "学校心理辅导教师")],
        "keshi": [("school", s, "包校") for s in keshi_schools],
        "duban": [("school", s, "督导组") for s in dict.fromkeys(duban_schools)],
        "principal": [("school", school, f"第一责任人；双网格长（{school.grid.name}）")],
        "gradelead": [("grade", grade, "包年级")],
        "doctor": [("school", school, "学校传染病疫情报告人")],
        "banzhuren": [("school_class", own_class, "包班")],
        "keren": [("person_id", pk, "包学生") for pk in taught],
        "guard": [("school", school, "")],
        "parent": [("person", child, "")] if child else [],
    }
    full_names = {
        "admin": "系统管理员",
        "parent": parent_name,
        **{name: next(bureau_names, name) for name in ("leader", "grid1", "grid2", "grid3", "grid4")},
        **{name: next(bureau_names, name) for name in ("keshi", "duban", "jijian")},
        **{
            name: next(school_names, name)
            for name in ("principal", "gradelead", "doctor", "banzhuren", "keren", "guard", "xinli")
        },
    }
    for i, code in enumerate(grid_codes, start=1):
        grid = ctx.grids[code]
        targets[f"grid{i}"] = [("grid", grid, "双网格长（局班子成员包片）")]
        if i > 1:
            other = principal_school(code)
            targets[f"principal{i}"] = [("school", other, f"第一责任人；双网格长（{grid.name}）")]
            full_names[f"principal{i}"] = (
                Person.objects.filter(school=other, category=PersonCategory.STAFF)
                .order_by("id")
                .values_list("name", flat=True)
                .first()
                or ""
            )

    # One hash for every demo account: they share a password that is printed for all to see.
    password = make_password(DEMO_PASSWORD)
    users: dict[str, User] = {}
    assignments = []
    for spec in ACCOUNTS:
        if spec.role is not None and spec.username not in targets:
            continue
        full_name = full_names.get(spec.username, "")
        user = User(
            username=spec.username,
            password=password,
            full_name=full_name,
            is_superuser=spec.role is None,
            is_staff=spec.role is None,
        )
        user.save()
        users[spec.username] = user
        for field_name, target, note in targets.get(spec.username, []):
            assignments.append(
                ResponsibilityAssignment(user=user, role=spec.role, note=note, **{field_name: target})
            )
    for assignment in assignments:
        assignment._set_level()
        assignment.clean()  # the role may cover that level (ROLE_LEVELS)
    ResponsibilityAssignment.objects.bulk_create(assignments)
    users["admin"].user_permissions.add(_perm("unmask_person"))
    users["doctor"].user_permissions.add(_perm("unmask_person"))
    users["principal"].user_permissions.add(
        *(_perm(c) for c in ("add_person", "change_person", "view_person"))
    )
    return users


# ----------------------------------------------------------------------------------------------
# Entry points


def refuse_if_not_empty() -> None:
    county = County.objects.first()
    if county is not None:
        raise DemoRefused(
            f"数据库中已有县「{county.name}」（{county.code}）：演示数据只装入空数据库。"
            f" The database already holds a county ({county.code}); seed-demo only loads into an empty"
            " database — use a fresh EDUGUARD_DATA_DIR or DATABASE_URL."
        )
    taken = list(User.objects.filter(username__in=ACCOUNT_NAMES).values_list("username", flat=True))
    if taken:
        raise DemoRefused(f"演示账号已存在 / demo accounts already exist: {', '.join(sorted(taken))}")


def seed_demo(
    profile: str = "benxi-2020",
    *,
    seed: int = DEFAULT_SEED,
    days: int = DEFAULT_DAYS,
    scale: float = 1.0,
    today: dt.date | None = None,
) -> DemoResult:
    """Load the demo county into an empty database, in one transaction. Raises DemoRefused."""
    if profile not in PROFILES:
        raise ValueError(f"unknown demo profile {profile!r}; known: {', '.join(PROFILES)}")
    if not 0 < scale <= 1:
        raise ValueError("scale must be in (0, 1]")
    options = DemoOptions(
        PROFILES[profile], seed=seed, days=days, scale=scale, today=today or timezone.localdate()
    )
    started = time.perf_counter()
    with transaction.atomic():
        refuse_if_not_empty()
        ctx = _Builder(options).run()
        for step in [*_STEPS, *_LAST_STEPS]:
            step(ctx)
        counts = count_demo(ctx.county)
        record_change(
            actor=None,
            source=Source.COMMAND,
            action=ChangeAction.CREATE,
            obj=ctx.county,
            before=None,
            after={
                "seed_demo": {
                    "profile": profile,
                    "seed": seed,
                    "days": days,
                    "scale": scale,
                    "as_of": options.today.isoformat(),
                    "counts": counts,
                    "note": "bulk-loaded synthetic demo data; people are not logged row by row",
                }
            },
        )
    return DemoResult(options, counts, time.perf_counter() - started)


def count_demo(county: County) -> dict[str, int]:
    people = Person.objects.filter(county=county)
    staff = people.filter(category=PersonCategory.STAFF).count()
    temporary = people.filter(category=PersonCategory.TEMPORARY).count()
    return {
        "grids": Grid.objects.filter(county=county).count(),
        "schools": School.objects.filter(county=county).count(),
        "batch_1_schools": School.objects.filter(county=county, reopening_batch=1).count(),
        "grades": Grade.objects.filter(school__county=county).count(),
        "classes": SchoolClass.objects.filter(school__county=county).count(),
        "students": people.filter(category=PersonCategory.STUDENT).count(),
        "staff": staff,
        "bureau_staff": people.filter(category=PersonCategory.STAFF, school__isnull=True).count(),
        "temporary": temporary,
        "staff_with_temporary": staff + temporary,
        "boarders": people.filter(boarding=True).count(),
        "dorm_rooms": DormRoom.objects.filter(school__county=county).count(),
        "guardians": Guardian.objects.filter(person__county=county).count(),
        "demo_users": User.objects.filter(username__in=ACCOUNT_NAMES).count(),
    }


# ----------------------------------------------------------------------------------------------
# The accounts table printed by seed-demo and demo


def _target_label(assignment: ResponsibilityAssignment) -> str:
    target = assignment.target
    if isinstance(target, Grade):
        return f"{target.school.name} {target.name}"
    if isinstance(target, SchoolClass):
        return f"{target.school.name} {target.name}"
    return str(target)


def is_demo_database() -> bool:
    """Whether seed-demo loaded this database (its summary entry in the change log says so)."""
    return ChangeLog.objects.filter(object_type="org.county", after__has_key="seed_demo").exists()


def describe_accounts() -> list[tuple[str, str, str, str]]:
    """(username, full name, role, scope) of each demo account, if seed-demo loaded this database.

    A database that was not loaded by seed-demo gets no table, even if it has users named like the
    demo accounts: their password is not the demo one.
    """
    if not is_demo_database():
        return []
    users = {
        u.username: u
        for u in User.objects.filter(username__in=ACCOUNT_NAMES).prefetch_related(
            "assignments__county",
            "assignments__grid",
            "assignments__school",
            "assignments__grade__school",
            "assignments__school_class__school",
            "assignments__person__school_class",
            "assignments__person__school",
        )
    }
    rows = []
    for spec in ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            continue
        if user.is_superuser:
            rows.append((user.username, user.full_name, "系统管理员", "全部（超级用户）"))
            continue
        roles, scopes = [], []
        people = [a for a in user.assignments.all() if a.person_id]
        for a in user.assignments.all():
            label = a.get_role_display()
            if label not in roles:
                roles.append(label)
            if not a.person_id:
                scopes.append(_target_label(a))
        if people:
            classes = sorted(
                {f"{a.person.school.name} {a.person.school_class}" for a in people if a.person.school_class}
            )
            what = "学生" if people[0].person.category == PersonCategory.STUDENT else "人"
            scopes.append(f"{len(people)} 名{what}" + (f"（{'、'.join(classes)}）" if classes else ""))
        rows.append((user.username, user.full_name, "、".join(roles), "；".join(scopes)))
    return rows


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_accounts(rows: list[tuple[str, str, str, str]]) -> str:
    """A plain-text table; East Asian characters count as two columns."""
    header = ("用户名", "姓名", "角色", "范围")
    table = [header, *rows]
    widths = [max(display_width(row[i]) for row in table) for i in range(3)]
    lines = []
    for row in table:
        cells = [row[i] + " " * (widths[i] - display_width(row[i])) for i in range(3)]
        lines.append("  ".join([*cells, row[3]]))
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(lines)
