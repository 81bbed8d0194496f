"""API fuzzing (DESIGN.md, Stack: schemathesis): every operation of the OpenAPI schema, as several personas.

The schema is loaded from the app's own /api/schema/ (the committed docs/openapi.yaml is held to
it by test_api_schema.py). Schemathesis generates requests from it, valid ones and ones that break
it, and they are sent in-process to Django's WSGI handler as a bureau leader, bureau staff, a
principal, a head teacher, a school doctor, a parent, an outsider and nobody. Every answer must be
below 500, carry a status the schema documents and a body that conforms to it.

Writes (the daily report, the token) run inside the test's transaction: the handler runs in this
thread on this connection, and it is kept from closing that connection at the end of a request
the way Django's test client does. Half of the valid cases have their IDs, dates and temperature
swapped for ones that exist, so requests also get past "not found" into the rules; dates are drawn
with the calendar's first and last days often.

Reproducible in CI: Hypothesis is derandomized and keeps no example database; the budget is
EXAMPLES cases per operation and generation mode. The run prints one line with the counts and
writes it, with every failure, to test-artifacts/api-fuzz.txt.
"""

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import unregister_string_format
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from eduguard.core.testing import PASSWORD

pytestmark = pytest.mark.fuzz

EXAMPLES = 40  # per operation and generation mode: 12 operations x 2 modes x 40 = 960 cases
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
SUMMARY = Path(__file__).resolve().parents[3] / "test-artifacts" / "api-fuzz.txt"
PERSONAS = [
    "leader",
    "bureau_staff",
    "principal",
    "head_teacher",
    "doctor",
    "parent",
    "outsider",
    None,  # no credentials at all
]


class InTransactionWSGI:
    """Django's WSGI handler for in-process calls inside a test transaction.

    A real request closes its database connection when it finishes (close_old_connections on
    request_started/request_finished); here that connection holds the test's transaction, so the
    two hooks are off for the length of each call, as django.test.Client turns them off.
    """

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


@pytest.fixture
def fuzz_world(world):
    """The shared test county, with an incident, a few reports and a token for every persona."""
    from eduguard.health.services.reports import submit_report
    from eduguard.response.services.incidents import CaseIn, open_or_merge, trigger, unit_of_class

    today = timezone.localdate()
    for key in ("S1C1A", "S1C1B", "S1C2A"):
        submit_report(
            person=world.people[key],
            day=today,
            data={"temperature": "38.2", "symptoms": ["fever", "cough"]},
            reporter_kind="teacher",
            source="web",
            actor=world.admin,
        )
    for unit, keys in (
        (unit_of_class(world.classes["S1C1"]), ("S1C1A", "S1C1B")),
        (unit_of_class(world.classes["S2C1"]), ("S2C1A",)),
    ):
        cases = [CaseIn(world.people[k].pk, today, ["fever"], ["check"]) for k in keys]
        open_or_merge(
            unit=unit, trigger=trigger("T1"), cases=cases, source="manual", summary=f"{len(keys)}例"
        )
    world.tokens = {
        persona: Token.objects.create(user=getattr(world, persona)).key for persona in PERSONAS if persona
    }
    return world


@pytest.fixture
def calendar_edges():
    """Dates (format: date) drawn with the calendar's first and last days often: a day's bounds
    as datetimes overflow there, and the default strategy rarely goes that far."""
    edges = [dt.date.min, dt.date.min + dt.timedelta(days=1), dt.date.max - dt.timedelta(days=1), dt.date.max]
    schemathesis.openapi.format("date", st.one_of(st.sampled_from(edges), st.dates()).map(str))
    yield
    unregister_string_format("date")


def _real_values(world) -> dict:
    """Strategies for the names the API takes IDs, dates and temperatures by, drawn from the world."""
    from eduguard.response.models import Incident

    today = timezone.localdate()
    units = (
        [world.county.pk, world.grid1.pk, world.grid2.pk]
        + [s.pk for s in world.schools.values()]
        + [g.pk for g in world.grades.values()]
        + [c.pk for c in world.classes.values()]
    )
    people = [p.pk for p in world.people.values()]
    return {
        "person": st.sampled_from(people),
        "class": st.sampled_from([c.pk for c in world.classes.values()]),
        "school": st.sampled_from([s.pk for s in world.schools.values()]),
        "grade": st.sampled_from([g.pk for g in world.grades.values()]),
        "grid": st.sampled_from([world.grid1.pk, world.grid2.pk]),
        "parent": st.sampled_from(units),
        "date": st.sampled_from([today - dt.timedelta(days=d) for d in (0, 1, 2, 6)]).map(str),
        "temperature": st.decimals(Decimal("35.0"), Decimal("40.5"), places=1).map(float),
        "username": st.sampled_from(["principal", "parent", "nobody"]),
        "password": st.sampled_from([PASSWORD, "wrong"]),
        "id": {
            "/api/v1/schools/{id}/": st.sampled_from([s.pk for s in world.schools.values()]),
            "/api/v1/classes/{id}/": st.sampled_from([c.pk for c in world.classes.values()]),
            "/api/v1/people/{id}/": st.sampled_from(people),
            "/api/v1/incidents/{id}/": st.sampled_from(list(Incident.objects.values_list("pk", flat=True))),
        },
    }


def _make_real(case, real: dict, draw) -> None:
    """Swap the case's IDs, dates and temperature for values that exist (in place)."""
    for container in (case.path_parameters, case.query, case.body):
        if not isinstance(container, dict):
            continue
        for name in list(container):
            strategy = real.get(name)
            if isinstance(strategy, dict):
                strategy = strategy.get(case.operation.path)
            if strategy is not None:
                container[name] = draw(strategy)


def _fuzz(operation, mode: GenerationMode, world, real: dict, counts: dict) -> None:
    """EXAMPLES cases of one operation in one generation mode, each as a drawn persona."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        persona=st.sampled_from(PERSONAS),
        realistic=st.booleans() if mode is GenerationMode.POSITIVE else st.just(False),
        data=st.data(),
    )
    def run(case, persona, realistic, data):
        counts["cases"] += 1
        if realistic:
            _make_real(case, real, data.draw)
        headers = {"Authorization": f"Token {world.tokens[persona]}"} if persona else {}
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        answer = f"{response.status_code // 100}xx"
        counts[answer] = counts.get(answer, 0) + 1
        if case.method != "GET" and response.status_code < 300:
            counts["writes accepted"] = counts.get("writes accepted", 0) + 1

    run()


def test_it_survives_fuzzing_of_every_operation_as_every_persona(fuzz_world, calendar_edges, capsys):
    app = InTransactionWSGI()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    real = _real_values(fuzz_world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12, [op.label for op in operations]
    counts = {"cases": 0}
    failures = []
    started = time.monotonic()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, fuzz_world, real, counts)
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises a BaseExceptionGroup
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    answers = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "cases")
    summary = (
        f"API fuzz: {len(operations)} operations, {counts['cases']} cases ({answers}), "
        f"{len(failures)} failing operation/mode pairs, {time.monotonic() - started:.1f} s"
    )
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)  # read by people; xdist hides a worker's output
    SUMMARY.write_text("\n\n".join([summary, *failures]) + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\n{summary} ({SUMMARY.relative_to(SUMMARY.parents[1])})")
    assert not failures, "\n\n".join(failures)
