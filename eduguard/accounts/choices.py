from django.db import models


class Level(models.TextChoices):
    """The unit an assignment covers; the five levels of 五级包联 plus the county itself."""

    COUNTY = "county", "全县"
    GRID = "grid", "网格"
    SCHOOL = "school", "学校"
    GRADE = "grade", "年级"
    CLASS = "class", "班级"
    PERSON = "person", "个人"


class Role(models.TextChoices):
    BUREAU_LEADER = "bureau_leader", "局班子成员"
    BUREAU_STAFF = "bureau_staff", "局机关科室"
    INSPECTOR = "inspector", "督导组"
    PRINCIPAL = "principal", "校长"
    SCHOOL_LEADER = "school_leader", "校领导"
    SCHOOL_DOCTOR = "school_doctor", "校医/疫情报告人"
    HEAD_TEACHER = "head_teacher", "班主任"
    SUBJECT_TEACHER = "subject_teacher", "科任教师"
    GATE_GUARD = "gate_guard", "门卫"
    DISCIPLINE = "discipline", "纪检监察"
    COUNSELLOR = "counsellor", "心理辅导教师"
    GUARDIAN = "guardian", "监护人"
    SELF = "self", "本人"


# Which levels each role may be assigned at (the five-level chain of the seed report).
ROLE_LEVELS: dict[str, set[str]] = {
    Role.BUREAU_LEADER: {Level.COUNTY, Level.GRID},
    Role.BUREAU_STAFF: {Level.COUNTY, Level.SCHOOL},
    Role.INSPECTOR: {Level.SCHOOL},
    Role.PRINCIPAL: {Level.SCHOOL},
    Role.SCHOOL_LEADER: {Level.SCHOOL, Level.GRADE},
    Role.SCHOOL_DOCTOR: {Level.SCHOOL},
    Role.HEAD_TEACHER: {Level.CLASS},
    Role.SUBJECT_TEACHER: {Level.PERSON},
    Role.GATE_GUARD: {Level.SCHOOL},
    Role.DISCIPLINE: {Level.COUNTY, Level.SCHOOL},
    Role.COUNSELLOR: {Level.SCHOOL, Level.COUNTY},
    Role.GUARDIAN: {Level.PERSON},
    Role.SELF: {Level.PERSON},
}

# Roles whose assignment opens the roster of its unit. A gate guard works the gate screen only; a
# discipline officer (纪检监察) sees the tutoring cases of the unit and none of its health records;
# a counsellor (心理辅导教师) sees the counselling records of the unit and picks the people they
# counsel from its roster by name (eduguard/counselling), not its health records.
ROSTER_ROLES = frozenset(set(Role.values) - {Role.GATE_GUARD, Role.DISCIPLINE, Role.COUNSELLOR})
