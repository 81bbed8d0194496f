"""The scope leak test (DESIGN principle 1): every URL and API route, as every persona.

Routes are found by walking the URL resolver, so a new route is covered the day it is added:
a detail route's model is read from its view, and a route the walker cannot fill in fails
with a message saying where to add a case. Expectations come from the oracles in
eduguard/core/testing.py, which are written from the rules of the chain, not from the code.
"""

import io
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from eduguard.core.testing import PERSONAS, expected_ids

# Routes with no per-user data behind them, each with the reason it is not walked.
NOT_WALKED = {
    "login": "the log-in form",
    "logout": "POST-only session end",
    "set_language": "language switch (POST)",
    "api-token": "token exchange; covered by the API tests",
    "api-schema": "the OpenAPI schema, the same for everyone",
    "api-docs": "Swagger UI shell, the same for everyone",
}
# Routes whose main verb is POST: walked with POST, after granting the permission they need.
POST_ROUTES = {"org:person-unmask": "org.unmask_person"}
# Views that do not name their model in a class attribute.
MODEL_OF = {"org:person-unmask": "org.Person"}


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
        from django.apps import apps

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
        f"the leak test cannot fill {route}: add a case to test_leaks.py"
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


def test_it_finds_the_routes_it_must_walk():
    names = {name for _, name, _ in routes()}
    assert {"org:home", "org:person", "org:class", "person-list", "person-detail", "school-detail"} <= names


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_leaks_nothing_to_any_persona(world, client, persona):
    from django.contrib.auth.models import Permission

    user = getattr(world, persona)
    for perm in POST_ROUTES.values():
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    client.force_login(user)
    every_name = {p.name for p in world.people.values()}
    allowed_names = {p.name for p in world.people.values() if p.id in expected_ids(world, persona, type(p))}
    forbidden = every_name - allowed_names
    problems = []
    for route, name, callback in routes():
        model = model_of(name, callback)
        if "pk>" in route:
            assert model is not None, f"{route} ({name}): the leak test cannot tell its model; add a case"
            allowed = expected_ids(world, persona, model)
            for obj in model.objects.all():
                url = fill(route, obj.pk)
                response = client.post(url) if name in POST_ROUTES else client.get(url)
                want = 200 if obj.pk in allowed else 404
                if response.status_code != want:
                    problems.append(f"{url}: {response.status_code}, expected {want}")
                elif want == 200:
                    leaked = {n for n in forbidden if n in text_of(response)}
                    if leaked:
                        problems.append(f"{url} shows {sorted(leaked)}")
        else:
            url = fill(route, 0) + ("?page_size=500" if route.startswith("api/") else "")
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{url}: {response.status_code}")
                continue
            leaked = {n for n in forbidden if n in text_of(response)}
            if leaked:
                problems.append(f"{url} shows {sorted(leaked)}")
    assert not problems, f"{persona}:\n" + "\n".join(problems)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin"])
def test_it_keeps_everyone_but_the_administrator_out_of_the_admin(world, client, persona):
    client.force_login(getattr(world, persona))
    response = client.get("/admin/org/person/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
