"""Rates and changes as the briefing writes them: 82.7%, +4.7 (percentage points), — when missing."""

from django import template

from eduguard.teaching.services.rates import figure

register = template.Library()


@register.filter
def pct(rate) -> str:
    """A rate (0.827) as a percentage with at most two decimals: 82.7%."""
    return "—" if rate is None else f"{figure(rate * 100)}%"


@register.filter
def pp(change) -> str:
    """A change in percentage points with its sign: +4.7, −1.25, 0."""
    if change is None:
        return "—"
    text = figure(abs(change))
    if text == "0":
        return "0"
    return f"+{text}" if change > 0 else f"−{text}"


@register.filter
def row_rate(row, who: str = "students") -> str:
    """A participation row's student (or, with "teachers", teacher) rate."""
    whole, part = getattr(row, f"{who}_enrolled"), getattr(row, f"{who}_taking_part")
    return pct(part / whole if whole else None)
