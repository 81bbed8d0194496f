"""Who is reporting for a person: themselves, their guardian, or a teacher on their behalf."""

from eduguard.accounts.choices import Role
from eduguard.accounts.models import ResponsibilityAssignment
from eduguard.health.choices import ReporterKind


def reporter_kind_for(user, person) -> str:
    roles = set(
        ResponsibilityAssignment.objects.active()
        .filter(user=user, person=person)
        .values_list("role", flat=True)
    )
    if Role.SELF in roles:
        return ReporterKind.SELF
    if Role.GUARDIAN in roles:
        return ReporterKind.GUARDIAN
    return ReporterKind.TEACHER
