"""A user's scope: the units their active responsibility assignments cover.

Every scoped manager's `visible_to(user)` builds its filter from this one object. Each part is a
subquery of unit IDs (not a Python list), so the database does the work and a county-wide
scope costs the same as a class-wide one.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from eduguard.accounts.choices import ROSTER_ROLES, Level


@dataclass
class Scope:
    everything: bool
    county_ids: QuerySet | None = None
    grid_ids: QuerySet | None = None
    school_ids: QuerySet | None = None  # schools seen whole (from county, grid or school level)
    grade_ids: QuerySet | None = None
    class_ids: QuerySet | None = None
    person_ids: QuerySet | None = None


def scope_for(user) -> Scope:
    """The user's roster scope, cached on the user object for the request."""
    cached = getattr(user, "_eduguard_scope", None)
    if cached is not None:
        return cached
    scope = _compute(user)
    if user is not None:
        user._eduguard_scope = scope
    return scope


def holds_role_over(user, roles, target) -> bool:
    """Whether one of the user's active assignments in one of `roles` covers `target` (a person,
    class, grade or school: any row of a scoped model): the check behind actions that need a
    role and not only sight of the record (releasing a quarantine early, deciding a risk
    category, filing a class's morning check). The administrator holds every role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    scope = _compute(user, roles=frozenset(roles) & ROSTER_ROLES)
    model = type(target)
    return model.objects.filter(model.objects.all().scope_q(scope), pk=target.pk).exists()


def role_names(rule: str, day=None) -> str:
    """The roles a rule names, as people read them (校医、校长), for a refusal's message."""
    from eduguard.accounts.choices import Role
    from eduguard.core.rules import get_rule

    labels = dict(Role.choices)
    return "、".join(labels.get(r, r) for r in get_rule(rule, day))


def role_scope(user, rule: str) -> Scope:
    """The units the user covers in one of the roles a rule names, whether or not they are roster
    roles: the scope of records only those roles may read (tutoring cases for 纪检监察)."""
    from eduguard.core.rules import get_rule

    return _compute(user, roles=frozenset(get_rule(rule)))


def role_schools(user, rule: str):
    """The schools the user covers in one of the roles `rule` names (every school: administrator)."""
    from eduguard.org.models import School

    s = role_scope(user, rule)
    return School.objects.all() if s.everything else School.objects.filter(id__in=s.school_ids)


def role_counties(user, rule: str):
    """The counties the user covers whole in one of the roles `rule` names."""
    from eduguard.org.models import County

    s = role_scope(user, rule)
    return County.objects.all() if s.everything else County.objects.filter(id__in=s.county_ids)


def _compute(user, roles=ROSTER_ROLES) -> Scope:
    from eduguard.accounts.models import ResponsibilityAssignment
    from eduguard.org.models import School

    if user is None or not user.is_authenticated or not user.is_active:
        none = ResponsibilityAssignment.objects.none().values("id")
        return Scope(False, none, none, none, none, none, none)
    if user.is_superuser:
        return Scope(True)

    active = ResponsibilityAssignment.objects.active().filter(user=user, role__in=roles)

    def ids(level: str, field: str) -> QuerySet:
        return active.filter(level=level).values(f"{field}_id")

    county_ids = ids(Level.COUNTY, "county")
    grid_ids = ids(Level.GRID, "grid")
    school_ids = School.objects.filter(
        Q(county_id__in=county_ids) | Q(grid_id__in=grid_ids) | Q(id__in=ids(Level.SCHOOL, "school"))
    ).values("id")
    return Scope(
        everything=False,
        county_ids=county_ids,
        grid_ids=grid_ids,
        school_ids=school_ids,
        grade_ids=ids(Level.GRADE, "grade"),
        class_ids=ids(Level.CLASS, "school_class"),
        person_ids=ids(Level.PERSON, "person"),
    )


def active_roles(user) -> frozenset[str]:
    """The roles of the user's active assignments, in one query cached on the user for the request:
    what the navigation asks to show an entry only to the roles of a rule (舆情信访, 心理辅导)."""
    from eduguard.accounts.models import ResponsibilityAssignment

    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_eduguard_roles", None)
    if cached is None:
        rows = ResponsibilityAssignment.objects.active().filter(user=user).values_list("role", flat=True)
        cached = user._eduguard_roles = frozenset(rows)
    return cached


def holds_any(user, *rules: str) -> bool:
    """Whether the user holds, at any level, a role one of `rules` names (the administrator: yes)."""
    from eduguard.core.rules import RULES, get_rules

    if user is not None and user.is_superuser and user.is_active:
        return True
    roles = active_roles(user)
    if not roles:
        return False
    # Every rule is read at once (one query, then cached for the process): the navigation is on
    # every page, and the page itself goes on to read several rules.
    values = get_rules(list(RULES))
    return any(roles & set(values[name]) for name in rules)


def gate_school_ids(user):
    """The schools whose gate the user works: a school-level assignment in one of the roles of the
    rule `campus.gate_roles` (门卫 by default, and the school's leaders and doctor). A gate guard
    sees the gate screen of these schools and nothing of their roster. None for the administrator
    (every school)."""
    from eduguard.accounts.models import ResponsibilityAssignment
    from eduguard.core.rules import get_rule

    if user is None or not user.is_authenticated or not user.is_active:
        return ResponsibilityAssignment.objects.none().values("school_id")
    if user.is_superuser:
        return None
    cached = getattr(user, "_eduguard_gate_schools", None)
    if cached is None:
        cached = (
            ResponsibilityAssignment.objects.active()
            .filter(user=user, level=Level.SCHOOL, role__in=get_rule("campus.gate_roles"))
            .values("school_id")
        )
        user._eduguard_gate_schools = cached
    return cached
