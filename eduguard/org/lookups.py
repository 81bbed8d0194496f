"""Looking up one person in a user's scope on the hot path (the daily report API)."""

from django.utils import timezone

from eduguard.core.prepared import Prepared
from eduguard.org.models import Person

# What a report needs of its person: placement (its tally unit and scope) and the name, in
# the model's field order, which Model.from_db expects.
_WANTED = {"id", "name", "category", "county_id", "school_id", "school_class_id", "is_active"}
_FIELDS = [f.attname for f in Person._meta.concrete_fields if f.attname in _WANTED]
_VISIBLE = Prepared(
    "visible_person", lambda pk, user: Person.objects.visible_to(user).filter(pk=pk).values_list(*_FIELDS)
)


def visible_person(user, pk: int) -> Person | None:
    """`Person.objects.visible_to(user).get(pk=pk)` with the scope compiled once per user and
    day; the other fields load when first read. None when absent or outside the scope."""
    key = (user.pk, user.is_superuser, user.is_active, timezone.localdate())
    rows = _VISIBLE.rows(key, pk, user)
    return Person.from_db("default", _FIELDS, rows[0]) if rows else None
