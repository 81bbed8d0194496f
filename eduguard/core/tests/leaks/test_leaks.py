"""The scope leak test (DESIGN principle 1): every URL and API route, as every persona.

Routes are found by walking the URL resolver, so a new route is covered the day it is added:
a detail route's model is read from its view, and a route the walker cannot fill in fails
with a message saying where to add a case. Expectations come from the oracles in
eduguard/core/testing.py, which are written from the rules of the chain, not from the code.
"""

import re

import pytest
from django.apps import apps
from django.utils import timezone

from eduguard.core.testing import (
    PERSONAS,
    expected_counselled_people,
    expected_gate_people,
    expected_ids,
)
from eduguard.core.tests.leaks.routes import (
    CODE_ROUTES,
    COUNSELLING_NAMES,
    EMPTY_FORM_POSTS,
    GATE_NAMES,
    LEVEL_ROUTES,
    PK_ORACLES,
    PK_QUERIES,
    POST_ROUTES,
    QUERY_ROUTES,
    REDIRECTS,
    fill,
    forbidden_names,
    model_of,
    routes,
    text_of,
)


def test_it_finds_the_routes_it_must_walk():
    names = {name for _, name, _ in routes()}
    assert {"org:home", "org:person", "org:class", "person-list", "person-detail", "school-detail"} <= names


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_leaks_nothing_to_any_persona(records, client, persona):
    from django.contrib.auth.models import Permission

    world = records
    user = getattr(world, persona)
    for perm in filter(None, POST_ROUTES.values()):
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    client.force_login(user)
    forbidden = forbidden_names(world, persona)
    problems = []
    day = timezone.localdate().isoformat()

    gate_names = {p.name for p in world.people.values() if p.id in expected_gate_people(world, persona)}
    counselled = expected_counselled_people(world, persona)
    counselled_names = {p.name for p in world.people.values() if p.id in counselled}

    def check(url, response, want=None, name=None):
        if want is not None and response.status_code != want:
            problems.append(f"{url}: {response.status_code}, expected {want}")
        elif response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        else:
            shown = forbidden - gate_names if name in GATE_NAMES else forbidden
            if name in COUNSELLING_NAMES:
                shown = shown - counselled_names
            leaked = {n for n in shown if n in text_of(response)}
            if leaked:
                problems.append(f"{url} shows {sorted(leaked)}")

    for route, name, callback in routes():
        model = model_of(name, callback)
        if name in QUERY_ROUTES:
            model_label, make_query = QUERY_ROUTES[name]
            model = apps.get_model(model_label)
            allowed = expected_ids(world, persona, model)
            for obj in model.objects.all():
                url = fill(route, 0)
                response = client.get(url, make_query(obj, day))
                check(f"{url}?{obj.pk}", response, 200 if obj.pk in allowed else 404)
        elif name in LEVEL_ROUTES:
            for query in LEVEL_ROUTES[name]:
                url = fill(route, 0)
                check(f"{url}?{query}", client.get(url, {**query, "date": day}), 200)
        elif name in CODE_ROUTES:
            codes, units = CODE_ROUTES[name]
            for code in codes():
                url = "/" + re.sub(r"<(?:\w+:)?code>", code, route)
                check(url, client.get(url, {"date": day}))
            for unit, reached in units(world, persona):
                check(f"{url}?{unit}", client.get(url, {"date": day, "unit": unit}), 200 if reached else 404)
        elif "pk>" in route:
            assert model is not None, f"{route} ({name}): the leak test cannot tell its model; add a case"
            oracle = PK_ORACLES.get(name)
            allowed = oracle(world, persona) if oracle else expected_ids(world, persona, model)
            for obj in model.objects.all():
                url = fill(route, obj.pk)
                query = PK_QUERIES[name](obj) if name in PK_QUERIES else {}
                response = client.post(url) if name in POST_ROUTES else client.get(url, query)
                ok = 302 if name in REDIRECTS else 400 if name in EMPTY_FORM_POSTS else 200
                check(url, response, ok if obj.pk in allowed else 404, name)
        else:
            url = fill(route, 0) + ("?page_size=500" if route.startswith("api/") else "")
            check(url, client.get(url), name=name)
    assert not problems, f"{persona}:\n" + "\n".join(problems)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin"])
def test_it_keeps_everyone_but_the_administrator_out_of_the_admin(world, client, persona):
    client.force_login(getattr(world, persona))
    response = client.get("/admin/org/person/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_every_detail_route_answers_an_oversized_id_with_404(world, client):
    client.force_login(world.admin)
    problems = []
    for route, name, _ in routes():
        if "pk>" in route:
            url = fill(route, 10**30)
            response = client.post(url) if name in POST_ROUTES else client.get(url)
            if response.status_code != 404:
                problems.append(f"{url}: {response.status_code}")
    assert not problems, problems
