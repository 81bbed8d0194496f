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
from eduguard.org.lookups import visible_person

_AUTH = FastTokenAuthentication()
_RENDER = JSONRenderer().render
# What DRF's Response would add for this view (POST with OPTIONS, JSON only).
_HEADERS = {"Allow": "POST, OPTIONS", "Vary": "Accept"}


def answer_or_none(request) -> HttpResponse | None:
    """201 (new) or 200 (replaced) with the report, as DailyReportView answers; None when the
    request is anything but a well-formed, accepted JSON report from a token holder."""
    user = _token_user(request)
    if user is None or request.content_type != "application/json":
        return None
    try:
        data = json.loads(request.body.decode("utf-8"), parse_constant=json.strict_constant)
        person_id, day, answers = payload.parse(data)
    except (ValueError, ValidationError):  # UnicodeDecodeError and JSON errors are ValueErrors
        return None
    person = visible_person(user, person_id)
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


def _token_user(request):
    """The active user behind `Authorization: Token <key>`, or None (DRF then answers 401)."""
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) != 2 or parts[0].lower() != "token":
        return None
    try:
        user, _token = _AUTH.authenticate_credentials(parts[1])
    except exceptions.AuthenticationFailed:
        return None
    return user
