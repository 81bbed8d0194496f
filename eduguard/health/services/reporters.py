"""Who is reporting for a person: themselves, their guardian, or a teacher on their behalf."""

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.core.rules import cached
from eduguard.health.choices import ReporterKind


def _personal_roles(user_id: int) -> dict[int, set[str]]:
    """The people a user reports for as themselves or as guardian (cached like the rules: a
    parent submits every day, and these assignments change rarely)."""
    roles: dict[int, set[str]] = {}
    rows = ResponsibilityAssignment.objects.active().filter(
        user_id=user_id, role__in=[Role.SELF, Role.GUARDIAN]
    )
    for person_id, role in rows.values_list("person_id", "role"):
        roles.setdefault(person_id, set()).add(role)
    return roles


def reporter_kind_for(user, person) -> str:
    roles = cached(("personal_roles", user.pk), lambda: _personal_roles(user.pk)).get(person.pk, set())
    if Role.SELF in roles:
        return ReporterKind.SELF
    if Role.GUARDIAN in roles:
        return ReporterKind.GUARDIAN
    return ReporterKind.TEACHER
