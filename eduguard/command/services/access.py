"""Who may manage the command records of a unit, and who may own a meeting's action item."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.accounts.scope import holds_role_over, role_names
from eduguard.core.rules import get_rule
from eduguard.org.models import County, School


def unit_of(record) -> County | School:
    """The unit a task force or meeting belongs to: its school, else the bureau's county."""
    return record.school if record.school_id else record.county


def may_manage(user, unit: County | School) -> bool:
    return holds_role_over(user, get_rule("command.manager_roles"), unit)


def require_manager(user, unit: County | School) -> None:
    if not may_manage(user, unit):
        roles = role_names("command.manager_roles")
        raise PermissionDenied(_("须由负责%(unit)s的%(roles)s办理") % {"unit": unit.name, "roles": roles})


def managed_units(user) -> list[County | School]:
    """The county and the schools whose records the user manages, county first."""
    units: list[County | School] = [
        c for c in County.objects.visible_to(user).order_by("code") if may_manage(user, c)
    ]
    units += [s for s in School.objects.visible_to(user).order_by("code") if may_manage(user, s)]
    return units


def owner_q(unit: County | School) -> Q:
    """Active assignments in the chain whose unit lies inside `unit` (the county or one school)."""
    if isinstance(unit, County):
        paths = ("county_id", "grid__county_id", "school__county_id", "grade__school__county_id")
        paths += ("school_class__school__county_id", "person__county_id")
    else:
        paths = ("school_id", "grade__school_id", "school_class__school_id", "person__school_id")
    q = Q()
    for path in paths:
        q |= Q(**{path: unit.pk})
    return q


def eligible_owners(unit: County | School):
    """Users who may own an action item of a meeting of `unit`."""
    held = ResponsibilityAssignment.objects.active().filter(
        owner_q(unit), role__in=get_rule("command.owner_roles")
    )
    return get_user_model().objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("username")
