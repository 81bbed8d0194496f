"""Who handles which concerns (rule concerns.handler_roles): at county level the whole county,
including items that name no school; over a grid or a school, the items naming one of its schools."""

from django.db.models import Q

from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.accounts.scope import role_counties, role_names, role_schools
from eduguard.core.rules import get_rule

RULE = "concerns.handler_roles"


def handler_schools(user):
    return role_schools(user, RULE)


def handler_counties(user):
    return role_counties(user, RULE)


def may_handle(user) -> bool:
    return handler_counties(user).exists() or handler_schools(user).exists()


def covers(user, county, schools) -> bool:
    """Whether `user` handles an item of `county` naming `schools` (none: county-wide)."""
    if handler_counties(user).filter(pk=county.pk).exists():
        return True
    ids = [s.pk for s in schools]
    return bool(ids) and handler_schools(user).filter(pk__in=ids).count() == len(set(ids))


def owner_choices(user):
    """Users who may own an item the actor registers: anyone holding a handler role in the
    actor's county (at county level) or over one of the schools the actor handles."""
    from eduguard.accounts.models import User

    counties = handler_counties(user).values("id")
    schools = handler_schools(user)
    active = ResponsibilityAssignment.objects.active().filter(role__in=get_rule(RULE))
    held = active.filter(
        Q(county_id__in=counties)
        | Q(county_id__in=schools.values("county_id"))
        | Q(school_id__in=schools.values("id"))
        | Q(grid_id__in=schools.values("grid_id"))
    )
    return User.objects.filter(is_active=True, id__in=held.values("user_id")).order_by("username")


def refusal() -> str:
    return f"舆情信访事项由{role_names(RULE)}办理"
