"""The health block of a school's page (today's checks) and small helpers of the check summary."""

from django import template
from django.utils import timezone

from eduguard.health.models import SickAbsence
from eduguard.health.services.check_summary import school_summary

register = template.Library()


@register.filter
def total(summary, attr: str) -> int:
    return summary.total(attr)


@register.simple_tag
def symptom_cell(row, code: str) -> str:
    """ "today/window" for one class and symptom, "—" when nobody had it."""
    today, window = row.today[code], row.window[code]
    return f"{today}/{window}" if window else "—"


@register.inclusion_tag("health/_school.html", takes_context=True)
def school_checks(context, school):
    user = context["request"].user
    summary = school_summary(user, school, timezone.localdate())
    return {
        "school": school,
        "summary": summary,
        "lacking": SickAbsence.objects.visible_to(user).lacking_certificate().filter(school=school).count(),
    }
