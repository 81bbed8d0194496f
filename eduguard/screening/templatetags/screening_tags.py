"""The screening block of a person's page: return status, risk categories and quarantines."""

from django import template
from django.utils import timezone

from eduguard.accounts.scope import holds_role_over
from eduguard.core.rules import get_rule
from eduguard.screening.forms import DecisionForm
from eduguard.screening.models import PersonCategory, Quarantine
from eduguard.screening.services.categories import may_decide
from eduguard.screening.services.entry import entry_status, readiness

register = template.Library()


@register.inclusion_tag("screening/_person.html", takes_context=True)
def person_screening(context, person):
    user = context["request"].user
    today = timezone.localdate()
    return {
        "person": person,
        "entry": entry_status(person, user, today),
        "categories": PersonCategory.objects.visible_to(user)
        .current()
        .filter(person=person)
        .select_related("category", "campaign"),
        "quarantines": Quarantine.objects.visible_to(user).filter(person=person),
        "today": today,
        "may_decide": may_decide(user, person),
        "may_quarantine": holds_role_over(user, get_rule("screening.quarantine_roles", today), person),
        "form": context.get("decision_form") or DecisionForm(county=person.county_id),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("screening/_school.html", takes_context=True)
def school_entry(context, school):
    """The school's return-to-school readiness today, within the user's scope."""
    rows, _ = readiness(context["request"].user, timezone.localdate(), school_ids=[school.pk])
    return {"school": school, "row": rows[0] if rows else None}
