"""`handles_concerns`: whether the navigation shows 舆情信访 to a user (the handler roles only)."""

from django import template

from eduguard.accounts.scope import holds_any

register = template.Library()


@register.filter
def handles_concerns(user) -> bool:
    return holds_any(user, "concerns.handler_roles")
