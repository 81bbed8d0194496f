"""The response panel on a person's page: their fever events, and the links to record a fever
and to trace their contacts."""

from django import template
from django.utils import timezone

from eduguard.response.models import FeverEvent
from eduguard.response.services.fever import may_detect

register = template.Library()


@register.inclusion_tag("response/_person.html", takes_context=True)
def person_response(context, person):
    user = context["request"].user
    events = list(FeverEvent.objects.visible_to(user).filter(person=person)[:10])
    return {
        "person": person,
        "events": events,
        "today": timezone.localdate(),
        "may_detect": person.school_id is not None and may_detect(user, person),
    }
