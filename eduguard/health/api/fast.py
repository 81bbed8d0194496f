"""The daily report POST of the morning peak, answered without DRF's per-request machinery.

A well-formed JSON report from a token holder is by far the commonest request the platform
gets. DRF's dispatch (content negotiation, parser and renderer selection, the request
wrapper, the permission and throttle hooks) costs about as much Python as the write itself,
so that one case is answered here with the same services, the same checks and the same
answer (`answer_or_none`). Everything else returns None and goes through the DRF view as
before: a missing, malformed or revoked token, a form or session post, a body that is not a
JSON object, and every refusal, so each error is still worded by the one exception handler.
Nothing is written before the last check that can refuse, so handing over is always safe.
"""

import time

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.utils import json

from eduguard.accounts.authentication import FastTokenAuthentication
from eduguard.health.api import payload
from eduguard.health.api.serializers import report_json
from eduguard.health.services.reporters import reporter_kind_for
from eduguard.health.services.reports import submit_report
from eduguard.org.lookups import visible_person, visible_person_by_token

_AUTH = FastTokenAuthentication()
_RENDER = JSONRenderer().render
# What DRF's Response would add for this view (POST with OPTIONS, JSON only).
_HEADERS = {"Allow": "POST, OPTIONS", "Vary": "Accept"}


def answer_or_none(request) -> HttpResponse | None:
    """201 (new) or 200 (replaced) with the report, as DailyReportView answers; None when the
    request is anything but a well-formed, accepted JSON report from a token holder."""
    key = _token_key(request)
    if key is None or request.content_type != "application/json":
        return None
    try:
        data = json.loads(request.body.decode("utf-8"), parse_constant=json.strict_constant)
        person_id, day, answers = payload.parse(data)
    except (ValueError, ValidationError):  # UnicodeDecodeError and JSON errors are ValueErrors
        return None
    user, person = _user_and_person(key, person_id)
    if person is None:
        return None
    request.user = user
    try:
        report, created = submit_report(
            person=person,
            day=day,
            data=answers,
            reporter_kind=reporter_kind_for(user, person),
            source="api",
            actor=user,
        )
    except ValidationError:  # refused before anything is written
        return None
    response = HttpResponse(_RENDER(report_json(report)), status=201 if created else 200)
    response["Content-Type"] = "application/json"
    for name, value in _HEADERS.items():
        response[name] = value
    return response


def _token_key(request) -> str | None:
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    return parts[1] if len(parts) == 2 and parts[0].lower() == "token" else None


# Token key → (user as read, monotonic expiry). A kept user is only a guess of whom to compile
# the person's scope for: the lookup itself checks, in the same statement, that the token
# still belongs to that user as read, so a revoked token or a deactivated user stops at once.
_USERS: dict[str, tuple] = {}
_KEEP_SECONDS = 60


def _user_and_person(key: str, person_id: int):
    """(user, person in the user's scope) for the token `key`; (None, None) or (user, None)
    when the token does not hold or the person is not in scope."""
    kept = _USERS.get(key)
    if kept is not None and kept[1] > time.monotonic():
        person = visible_person_by_token(kept[0], person_id, key)
        if person is not None:
            return kept[0], person
    _USERS.pop(key, None)
    try:
        user, _token = _AUTH.authenticate_credentials(key)
    except exceptions.AuthenticationFailed:
        return None, None
    if len(_USERS) >= 10_000:
        _USERS.clear()
    _USERS[key] = (user, time.monotonic() + _KEEP_SECONDS)
    return user, visible_person(user, person_id)
