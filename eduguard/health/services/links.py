"""Class report links: issue, revoke, and verify a guardian against the roster without an account."""

import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from eduguard.core.rules import get_rule
from eduguard.health.models import ClassLink
from eduguard.org.choices import PersonCategory
from eduguard.org.models import Person, SchoolClass


@transaction.atomic
def issue_link(*, school_class: SchoolClass, actor) -> ClassLink:
    """A new link for the class; the previous one stops working at once (printed sheets included)."""
    ClassLink.objects.filter(school_class=school_class, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return ClassLink.objects.create(school_class=school_class, token=ClassLink.new_token(), created_by=actor)


def live_link(token: str) -> ClassLink | None:
    return (
        ClassLink.objects.select_related("school_class__school")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def current_link(school_class: SchoolClass, actor) -> ClassLink:
    link = ClassLink.objects.filter(school_class=school_class, revoked_at__isnull=True).first()
    return link or issue_link(school_class=school_class, actor=actor)


def students_of(link: ClassLink):
    return Person.objects.filter(
        school_class=link.school_class, category=PersonCategory.STUDENT, is_active=True
    ).order_by("name", "id")


class TooManyAttempts(Exception):
    pass


def _attempt_key(link: ClassLink, client: str) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"eg:verify:{link.pk}:{client}:{hour}"


def verify_guardian(*, link: ClassLink, person_id: int, last4: str, client: str) -> Person | None:
    """The child, when the last 4 digits match a guardian phone on record; else None.

    Failures are counted per link and client per hour; past the rule's limit every attempt is
    refused, right or wrong. The answer never says whether the child exists.
    """
    key = _attempt_key(link, client)
    limit = get_rule("health.link_attempts_per_hour")
    if cache.get(key, 0) >= limit:
        raise TooManyAttempts
    person = students_of(link).filter(pk=person_id).prefetch_related("guardians").first()
    if person is not None:
        phones = [g.reveal_phone() for g in person.guardians.all()] + [person.reveal_phone()]
        if any(p and p[-4:] == last4 for p in phones):
            return person
    cache.add(key, 0, timeout=3600)
    cache.incr(key)
    return None


def today_for_link() -> dt.date:
    return timezone.localdate()
