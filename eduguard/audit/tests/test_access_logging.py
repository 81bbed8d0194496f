"""Every export (a file of the platform's data) and every unmasking writes an access-log row
(DESIGN principle 5; issue 14). A table of the download and unmask routes, each requested here;
and a walk over the URL resolver, so a new download or unmask route fails until it is in the table."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from eduguard.audit.models import AccessAction, AccessLog
from eduguard.core.views import StoredFileView
from eduguard.screening.services.campaigns import create_campaign

TODAY = timezone.localdate()


def _liaison(w):
    from eduguard.command.services import joint

    dept = joint.add_department(actor=w.leader, county=w.county, kind="cdc", name="县疾控中心")
    return joint.add_liaison(actor=w.leader, department=dept, name="孙主任", phone="13912345678").pk


def _campaign(w):
    return create_campaign(county=w.county, name="全员大排查", opened_on=TODAY, deadline=TODAY).pk


# name → (persona, how to build the URL, HTTP method, the action logged)
CASES = {
    "org:roster-export": ("principal", lambda w: reverse("org:roster-export"), "get", AccessAction.EXPORT),
    "screening:export": (
        "leader",
        lambda w: reverse("screening:export", args=[_campaign(w)]),
        "get",
        AccessAction.EXPORT,
    ),
    "screening:import-template": (
        "leader",
        lambda w: reverse("screening:import-template", args=[_campaign(w)]),
        "get",
        AccessAction.EXPORT,
    ),
    "teaching:template": ("principal", lambda w: reverse("teaching:template"), "get", AccessAction.EXPORT),
    "briefing:briefing": (
        "leader",
        lambda w: f"{reverse('briefing:briefing')}?format=md&date={TODAY.isoformat()}",
        "get",
        AccessAction.EXPORT,
    ),
    "briefing:table": (
        "leader",
        lambda w: (
            f"{reverse('briefing:table', args=['all'])}?date={TODAY.isoformat()}&unit=county:{w.county.pk}"
        ),
        "get",
        AccessAction.EXPORT,
    ),
    "campus:class-cards": (
        "principal",
        lambda w: reverse("campus:class-cards", args=[w.classes["S1C1"].pk]),
        "get",
        AccessAction.EXPORT,
    ),
    "campus:staff-cards": (
        "principal",
        lambda w: reverse("campus:staff-cards", args=[w.schools["S1"].pk]),
        "get",
        AccessAction.EXPORT,
    ),
    "command:liaison-unmask": (
        "leader",
        lambda w: reverse("command:liaison-unmask", args=[_liaison(w)]),
        "post",
        AccessAction.UNMASK,
    ),
    "org:person-unmask": (
        "doctor",
        lambda w: reverse("org:person-unmask", args=[w.people["S1C1A"].pk]),
        "post",
        AccessAction.UNMASK,
    ),
}

# Routes whose records take more set-up than belongs here: each names the test that asserts its row.
COVERED_ELSEWHERE = {
    "health:certificate-file": "health/tests/test_absences.py",
    "screening:quarantine-document": "screening/tests/test_quarantine_pages.py",
    "command:member-unmask": "command/tests/test_task_forces.py",
    "logistics:trip": "logistics/tests/test_planning.py",  # the roster shows guardians' phones unmasked
}

# What a download or unmask route looks like; StoredFileView routes are checked by their class.
DOWNLOADISH = re.compile(
    r"(\.(xlsx|docx|csv|md|pdf)$|/(file|document)/$|attachments/|gate-cards/$|unmask/$|export)"
)


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), f"{namespace}{p.name}", p.callback


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _download_routes():
    for route, name, callback in _walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue
        view = _view_class(callback)
        if view is not None and issubclass(view, StoredFileView):
            continue  # logged by the base class: test_stored_files_log_through_the_base_class
        if DOWNLOADISH.search(route):
            yield name


def test_every_download_and_unmask_route_is_in_the_table():
    found = set(_download_routes())
    assert {"org:roster-export", "screening:export", "campus:class-cards", "org:person-unmask"} <= found
    missing = found - set(CASES) - set(COVERED_ELSEWHERE)
    assert not missing, f"add these routes to CASES in {Path(__file__).name}: {sorted(missing)}"
    stale = (set(CASES) | set(COVERED_ELSEWHERE)) - found - {"briefing:briefing", "logistics:trip"}
    assert not stale, f"no such download routes any more: {sorted(stale)}"


def test_the_tests_named_for_the_other_routes_assert_their_log_rows():
    for name, test in COVERED_ELSEWHERE.items():
        text = (Path(settings.BASE_DIR) / test).read_text(encoding="utf-8")
        assert "AccessLog" in text, f"{test} should assert the access-log row of {name}"


def test_stored_files_log_through_the_base_class():
    views = [
        _view_class(cb)
        for _, _, cb in _walk(get_resolver().url_patterns)
        if _view_class(cb) is not None and issubclass(_view_class(cb), StoredFileView)
    ]
    assert len(views) >= 5  # documents, plans, drills, attachments, minutes
    for view in views:  # none replaces the GET that writes the row (tested in response/tests)
        assert view.get is StoredFileView.get, view


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_download_and_unmask_writes_an_access_log_row(world, client, name):
    persona, url_of, method, action = CASES[name]
    user = getattr(world, persona)
    if action == AccessAction.UNMASK:
        user.user_permissions.add(Permission.objects.get(codename="unmask_person"))
    client.force_login(user)
    url = url_of(world)
    before = AccessLog.objects.filter(action=action).count()
    response = getattr(client, method)(url, REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="pytest-agent")
    assert response.status_code == 200, (name, response.status_code)
    rows = AccessLog.objects.filter(action=action).order_by("id")
    assert rows.count() == before + 1, name
    row = rows.last()
    assert (row.actor, row.actor_name) == (user, user.get_username())
    assert (row.ip, row.user_agent) == ("10.9.8.7", "pytest-agent")


@pytest.mark.django_db
def test_a_refused_export_or_unmask_writes_no_row(world, client):
    client.force_login(world.outsider)
    assert client.get(reverse("campus:class-cards", args=[world.classes["S1C1"].pk])).status_code == 404
    client.force_login(world.head_teacher)  # no unmask permission
    assert client.post(reverse("org:person-unmask", args=[world.people["S1C1A"].pk])).status_code == 403
    assert client.get(f"{reverse('org:roster-export')}?school=abc").status_code == 400
    assert not AccessLog.objects.filter(action__in=[AccessAction.EXPORT, AccessAction.UNMASK]).exists()
