"""Routes of the scope leak test (DESIGN principle 1): every URL and API route, as every persona.

Routes are found by walking the URL resolver, so a new route is covered the day it is added:
a detail route's model is read from its view, and a route the walker cannot fill in fails
with a message saying where to add a case. Expectations come from the oracles in
eduguard/core/testing.py, which are written from the rules of the chain, not from the code.
"""

import io
import re

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from eduguard.core.testing import (
    expected_gates,
    expected_ids,
    expected_workplaces,
)

# Routes with no per-user data behind them, each with the reason it is not walked.
NOT_WALKED = {
    "login": "the log-in form",
    "logout": "POST-only session end",
    "set_language": "language switch (POST)",
    "api-token": "token exchange; covered by the API tests",
    "api-schema": "the OpenAPI schema, the same for everyone",
    "api-docs": "Swagger UI shell, the same for everyone",
    "health:link-start": "public phone page scoped by its class token (eduguard/health/tests/test_link_pages.py)",
    "health:link-report": "public phone page scoped by its class token (eduguard/health/tests/test_link_pages.py)",
}
# Routes whose main verb is POST: walked with POST, after granting the permission they need.
POST_ROUTES = {
    "org:person-unmask": "org.unmask_person",
    "campus:upload": None,
    "campus:review": None,
    "campus:place-new": None,
    "campus:disinfection-new": None,
    "campus:ventilation-new": None,
    "health:chain": None,
    "health:class-zero": None,
    "health:follow-up-close": None,
    "screening:decide": None,
    "screening:quarantine-observe": None,
    "screening:quarantine-release": None,
    "health:absence-edit": None,
    "health:absence-follow-up": None,
    "health:absence-return": None,
    "health:certificate-new": None,
    "health:certificate-review": None,
    "response:fever-isolate": None,
    "response:fever-retest": None,
    "response:fever-clear": None,
    "response:fever-refer": None,
    "response:fever-outcome": None,
    "response:fever-return": None,
    "response:incident-report": None,
    "response:incident-close": None,
    "response:drill-new": None,
    "response:contacts-quarantine": None,
    "campus:gate-entry": None,
    "campus:visit-approve": None,
    "campus:visit-admit": None,
    "campus:visit-leave": None,
    "campus:visit-refuse": None,
    "campus:leave-pass-cancel": None,
    "inspection:start": None,
    "inspection:approve": None,
    "inspection:open": None,
    "inspection:result": None,
    "inspection:submit": None,
    "inspection:fix-close": None,
    "inspection:institution-visit": None,
    "inspection:institution-close": None,
    "inspection:institution-lift": None,
    "inspection:posting-new": None,
    "inspection:plan-review": None,
    "inspection:case-investigate": None,
    "inspection:case-conclude": None,
    "logistics:publish": None,
    "logistics:board": None,
    "supplies:receive": None,
    "supplies:transfer": None,
    "supplies:take-out": None,
    "supplies:count": None,
    "supplies:deliver": None,
    "supplies:close": None,
    "teaching:enter": None,
    "outreach:document-receive": None,
    "outreach:document-remind": None,
    "outreach:volunteer-edit": None,
    "outreach:team-members": None,
    "outreach:shift-attendance": None,
    "command:task-force-edit": None,
    "command:member-add": None,
    "command:member-unmask": "org.unmask_person",
    "command:action-add": None,
    "command:action-close": None,
    "command:remind": None,
    "command:liaison-add": None,
    "command:liaison-unmask": "org.unmask_person",
    "concerns:concern-respond": None,
    "concerns:concern-close": None,
    "counselling:follow-up": None,
}
# POST routes walked with an empty form: in scope they answer 400 (the form's errors), out of scope 404.
EMPTY_FORM_POSTS = {
    "screening:decide",
    "screening:quarantine-observe",
    "screening:quarantine-release",
    "health:absence-edit",
    "health:absence-follow-up",
    "health:absence-return",
    "health:certificate-new",
    "health:certificate-review",
    "campus:upload",
    "campus:review",
    "campus:place-new",
    "campus:disinfection-new",
    "campus:ventilation-new",
    "response:fever-isolate",
    "response:fever-retest",
    "response:fever-clear",
    "response:fever-refer",
    "response:fever-outcome",
    "response:fever-return",
    "response:incident-report",
    "response:incident-close",
    "response:drill-new",
    "response:contacts-quarantine",
    "campus:gate-entry",
    "campus:visit-approve",
    "campus:visit-admit",
    "campus:visit-leave",
    "campus:visit-refuse",
    "campus:leave-pass-cancel",
    "inspection:start",
    "inspection:approve",
    "inspection:open",
    "inspection:result",
    "inspection:submit",
    "inspection:fix-close",
    "inspection:institution-visit",
    "inspection:institution-close",
    "inspection:institution-lift",
    "inspection:posting-new",
    "inspection:plan-review",
    "inspection:case-investigate",
    "inspection:case-conclude",
    "logistics:publish",
    "logistics:board",
    "supplies:receive",
    "supplies:transfer",
    "supplies:take-out",
    "supplies:count",
    "supplies:deliver",
    "supplies:close",
    "teaching:enter",
    "outreach:document-receive",
    "outreach:document-remind",
    "outreach:volunteer-edit",
    "outreach:team-members",
    "outreach:shift-attendance",
    "command:task-force-edit",
    "command:member-add",
    "command:action-add",
    "command:action-close",
    "command:remind",
    "command:liaison-add",
    "concerns:concern-respond",
    "concerns:concern-close",
    "counselling:follow-up",
}
# Routes that take the object in the query string: route name → (model, query for one object).
QUERY_ROUTES = {
    "rollcall": ("org.SchoolClass", lambda obj, day: {"class": obj.pk, "date": day}),
    "screening:quarantine-new": ("org.Person", lambda obj, day: {"person": obj.pk}),
    "health:absence-new": ("org.Person", lambda obj, day: {"person": obj.pk}),
    "response:fever-new": ("org.Person", lambda obj, day: {"person": obj.pk}),
}
# Detail routes that also need a query string (the student a head teacher reports for).
PK_QUERIES = {
    "health:class-entry": lambda obj: {"person": obj.people.order_by("id").first().pk},
    "screening:class-sheet": lambda obj: {"campaign": _campaign_id()},
}


def _campaign_id() -> int:
    from eduguard.screening.models import Campaign

    return Campaign.objects.get().pk


# Detail routes of a school reached by more than those who see it: the schools one works in
# through a grade or a class too (the disinfection and ventilation pages).
PK_ORACLES = {
    name: expected_workplaces
    for name in ("campus:hygiene", "campus:place-new", "campus:disinfection-new", "campus:ventilation-new")
}
# The gate's pages: the gate screen and its JSON for those who work the gate; the log for them and
# those who see the school; visitors and leave passes also for those who work in the school.
PK_ORACLES.update(
    {
        "campus:gate": expected_gates,
        "campus:gate-roster": expected_gates,
        "campus:gate-entry": expected_gates,
        "campus:gate-log": lambda w, p: expected_ids(w, p, _school()) | expected_gates(w, p),
        "campus:visits": lambda w, p: expected_workplaces(w, p) | expected_gates(w, p),
        "campus:leave-passes": lambda w, p: expected_workplaces(w, p) | expected_gates(w, p),
    }
)
# Routes that show the gate's people to those who work the gate (a guard sees no roster otherwise).
GATE_NAMES = {"campus:gate-roster", "campus:gate-log", "campus:leave-passes", "campus:leave-pass-cancel"}
# Routes that show a counsellor the names of the people they counsel (their role opens no roster).
COUNSELLING_NAMES = {"counselling:sessions", "counselling:session", "counselling:follow-up"}


def _school():
    from eduguard.org.models import School

    return School


# Routes whose POST answers with a redirect on success.
REDIRECTS = {"health:class-zero", "health:follow-up-close", "health:chain"}
# Routes whose rows are units: walked once per level with these queries.
LEVEL_ROUTES = {"stats-daily": [{"level": lvl} for lvl in ("county", "grid", "school", "grade", "class")]}
# Views that do not name their model in a class attribute.
MODEL_OF = {"org:person-unmask": "org.Person"}


def _table_units(world, persona):
    """The upward tables' units (?unit=county:ID|grid:ID|school:ID), each with whether the persona
    reaches it: the county and grids they see, the schools they work in (whole or a grade or class)."""
    from eduguard.org.models import County, Grid, School

    reach = {
        County: expected_ids(world, persona, County),
        Grid: expected_ids(world, persona, Grid),
        School: expected_workplaces(world, persona),
    }
    for model, level in ((County, "county"), (Grid, "grid"), (School, "school")):
        for obj in model.objects.all():
            yield f"{level}:{obj.pk}", obj.pk in reach[model]


def _table_codes():
    from eduguard.briefing.services.tables import CODES

    return CODES


# Routes named by a code (path argument `code`): each code walked with no query (today, the user's
# widest unit), and the last code with every unit, 200 where the persona reaches it, else 404.
CODE_ROUTES = {"briefing:table": (_table_codes, _table_units)}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None, p.callback


def routes():
    found = []
    for route, name, callback in _walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "^static", "static/")) or name in NOT_WALKED:
            continue
        found.append((route, name, callback))
    return found


def model_of(name, callback):
    if name in MODEL_OF:
        return apps.get_model(MODEL_OF[name])
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    model = getattr(view, "model", None)
    if model is None and getattr(view, "queryset", None) is not None:
        model = view.queryset.model
    return model


def fill(route: str, pk: int) -> str:
    path = re.sub(r"\(\?P<pk>[^)]+\)", str(pk), route)
    path = re.sub(r"<(?:int:)?pk>", str(pk), path).replace("^", "").replace("$", "").replace("\\.", ".")
    assert "<" not in path and "(?P" not in path, (
        f"the leak test cannot fill {route}: add a case to leaks/routes.py"
    )
    return "/" + path


def text_of(response) -> str:
    """Every character a user could read: HTML/JSON as text, .xlsx cells joined."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
        )
    return content.decode("utf-8", errors="replace")


def forbidden_names(world, persona) -> set[str]:
    """Names the persona must never read: people outside scope, and schools that are neither in
    scope nor the school of something in scope (a head teacher may read their own school's name)."""
    from eduguard.org.models import Person, School, SchoolClass

    people = expected_ids(world, persona, Person)
    names = {p.name for p in world.people.values() if p.id not in people}
    classes = SchoolClass.objects.filter(id__in=expected_ids(world, persona, SchoolClass))
    context = set(classes.values_list("school_id", flat=True)) | set(
        Person.objects.filter(id__in=people).values_list("school_id", flat=True)
    )
    from eduguard.accounts.models import ResponsibilityAssignment

    own = ResponsibilityAssignment.objects.filter(user=getattr(world, persona))
    for path in ("school_id", "grade__school_id", "school_class__school_id", "person__school_id"):
        context |= set(own.values_list(path, flat=True))  # the units of one's own assignments
    visible = expected_ids(world, persona, School) | context
    return names | {s.name for s in world.schools.values() if s.id not in visible}
