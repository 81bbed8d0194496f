"""The campus panel of a school's page: 两案九制 approved of required, and today's places that met
the disinfection and ventilation norms."""

from django import template
from django.utils import timezone

from eduguard.campus.services.documents import completeness
from eduguard.campus.services.hygiene import compliance

register = template.Library()


@register.inclusion_tag("campus/_school.html")
def school_campus(school):
    """Shown on the school's page, which only those who see the school reach."""
    today = timezone.localdate()
    return {"school": school, "documents": completeness(school, today), "hygiene": compliance(school, today)}
