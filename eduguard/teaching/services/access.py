"""Who may enter what (rules teaching.school_roles and teaching.bureau_roles).

A school's participation and its events are entered by the school's leaders (school level) or by
the bureau's roles over the school (包校 staff, a grid's or the county's leaders). Periods and
county-wide events need a bureau role over the county itself."""

from django.db.models import Q

from eduguard.accounts.scope import holds_role_over, role_scope
from eduguard.core.rules import get_rule
from eduguard.org.models import School

RULES = ("teaching.school_roles", "teaching.bureau_roles")


def may_enter(user, school: School) -> bool:
    return any(holds_role_over(user, get_rule(rule), school) for rule in RULES)


def enterable_schools(user):
    """The schools whose participation and events the user may enter, as one queryset."""
    if user is None or not user.is_authenticated or not user.is_active:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    q = Q()
    for rule in RULES:
        q |= School.objects.all().scope_q(role_scope(user, rule))
    return School.objects.filter(q)


def may_manage_county(user, county) -> bool:
    """Periods and county-wide events: a bureau role over the county."""
    return holds_role_over(user, get_rule("teaching.bureau_roles"), county)
