"""Looking up one person in a user's scope on the hot path (the daily report API)."""

from django.db.models import Exists
from django.utils import timezone
from rest_framework.authtoken.models import Token

from eduguard.core.prepared import Prepared
from eduguard.org.models import Person

# What a report needs of its person: placement (its tally unit and scope) and the name, in
# the model's field order, which Model.from_db expects.
_WANTED = {"id", "name", "category", "county_id", "school_id", "school_class_id", "is_active"}
_FIELDS = [f.attname for f in Person._meta.concrete_fields if f.attname in _WANTED]
_VISIBLE = Prepared(
    "visible_person", lambda pk, user: Person.objects.visible_to(user).filter(pk=pk).values_list(*_FIELDS)
)
# The same, in the same statement as the check that `key` is still `user`'s token and the user
# still active (and no more or less a superuser than when it was read).
_VISIBLE_BY_TOKEN = Prepared(
    "visible_person_by_token",
    lambda pk, user, key: (
        Person.objects.visible_to(user)
        .filter(pk=pk)
        .filter(
            Exists(
                Token.objects.filter(
                    key=key, user_id=user.pk, user__is_active=True, user__is_superuser=user.is_superuser
                )
            )
        )
        .values_list(*_FIELDS)
    ),
)


def visible_person(user, pk: int) -> Person | None:
    """`Person.objects.visible_to(user).get(pk=pk)` with the scope compiled once per user and
    day; the other fields load when first read. None when absent or outside the scope."""
    key = (user.pk, user.is_superuser, user.is_active, timezone.localdate())
    rows = _VISIBLE.rows(key, pk, user)
    return Person.from_db("default", _FIELDS, rows[0]) if rows else None


def visible_person_by_token(user, pk: int, key: str) -> Person | None:
    """`visible_person`, and in the same round trip the check that the token `key` still
    belongs to `user` as it was read (an earlier read, kept by the caller). None when the
    person is absent or out of scope, or the token no longer holds: the caller then reads both
    afresh to tell which."""
    rows = _VISIBLE_BY_TOKEN.rows((user.pk, user.is_superuser, timezone.localdate(), key), pk, user, key)
    return Person.from_db("default", _FIELDS, rows[0]) if rows else None
