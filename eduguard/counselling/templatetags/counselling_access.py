"""`reads_counselling`: whether the navigation shows 心理辅导 to a user (counsellors and readers)."""

from django import template

from eduguard.accounts.scope import holds_any
from eduguard.counselling.models import RULES

register = template.Library()


@register.filter
def reads_counselling(user) -> bool:
    return holds_any(user, *RULES)
