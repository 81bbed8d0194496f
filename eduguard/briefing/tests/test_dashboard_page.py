"""The dashboard page: where each persona lands, what they may open (a unit outside the scope is
not found, a malformed one is refused with its reason), the links to the lists behind the numbers,
the chart data, and a bounded number of queries."""

import json
import re

import pytest

from eduguard.briefing.tests.dashboard_scene import TODAY, build_scene, days_ago
from eduguard.core.rules import clear_cache

URL = "/dashboard/"


@pytest.fixture
def scene(world):
    return build_scene(world)


def get(client, user, **query):
    client.force_login(user)
    return client.get(URL, query)


def chart_data(response) -> dict:
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', response.text)
    return json.loads(found.group(1))


def test_it_asks_for_a_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "unit", "lands_on"),
    [
        ("leader", "county", "测试县"),
        ("admin", "county", "测试县"),
        ("grid_leader", "grid", "第一网格"),
        ("principal", "school", "测试S1中学"),
        ("bureau_staff", "school", "测试S1中学"),
        ("inspector", "school", "测试S2中学"),
    ],
)
def test_each_persona_lands_on_the_widest_unit_they_see(world, client, persona, unit, lands_on):
    response = get(client, getattr(world, persona))
    board = response.context["board"]
    assert response.status_code == 200 and board.unit.kind == unit and board.unit.name == lands_on
    assert board.day == TODAY


@pytest.mark.parametrize(
    "persona", ["head_teacher", "school_leader", "subject_teacher", "parent", "guard", "outsider"]
)
def test_someone_who_sees_no_whole_school_is_pointed_to_their_own_pages(world, client, persona):
    response = get(client, getattr(world, persona))
    assert response.status_code == 200 and "board" not in response.context
    assert 'id="no-unit"' in response.text


def test_a_grid_leader_sees_only_their_grid_s_schools(scene, client):
    w = scene
    response = get(client, w.grid_leader)
    assert "测试S1中学" in response.text and "测试S2中学" in response.text
    assert "测试S3中学" not in response.text and "第二网格" not in response.text
    assert [u.key for u in response.context["menu"].units] == [
        f"grid:{w.grid1.pk}",
        f"school:{w.schools['S1'].pk}",
        f"school:{w.schools['S2'].pk}",
    ]


def test_a_principal_sees_only_their_school(scene, client):
    w = scene
    response = get(client, w.principal)
    for other in ("测试S2中学", "测试S3中学", "第一网格", "第二网格"):
        assert other not in response.text
    assert 'name="unit" value="school:' in response.text  # one unit: no picker, the unit kept


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("grid_leader", "grid:G2"),
        ("grid_leader", "school:S3"),
        ("grid_leader", "county:C"),
        ("principal", "school:S2"),
        ("principal", "grid:G1"),
        ("head_teacher", "school:S1"),
        ("outsider", "county:C"),
    ],
)
def test_a_unit_outside_the_scope_is_not_found(world, client, persona, unit):
    kind, key = unit.split(":")
    obj = {"G1": world.grid1, "G2": world.grid2, "C": world.county}.get(key) or world.schools.get(key)
    response = get(client, getattr(world, persona), unit=f"{kind}:{obj.pk}")
    assert response.status_code == 404


def test_a_unit_that_does_not_exist_is_not_found(world, client):
    assert get(client, world.admin, unit="school:999999").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"unit": "S1"}, "unit 应为"),
        ({"unit": "class:1"}, "unit 应为"),
        ({"unit": "grid:abc"}, "unit 应为"),
        ({"unit": "grid:0"}, "unit 应为"),
        ({"unit": f"grid:{10**30}"}, "unit 应为"),
        ({"date": "2026-13-01"}, "日期格式应为 YYYY-MM-DD"),
        ({"date": "yesterday"}, "日期格式应为 YYYY-MM-DD"),
        ({"date": "0001-01-01"}, "日期格式应为 YYYY-MM-DD"),
        ({"date": days_ago(-1).isoformat()}, "日期不能晚于今天"),
    ],
)
def test_a_malformed_unit_or_date_is_refused_with_its_reason(world, client, query, message):
    response = get(client, world.leader, **query)
    assert response.status_code == 400 and message in response.text


def test_a_leader_opens_a_grid_and_a_school_and_an_earlier_day(scene, client):
    w = scene
    grid = get(client, w.leader, unit=f"grid:{w.grid1.pk}")
    assert grid.context["board"].unit.obj == w.grid1
    assert [c["label"] for c in grid.context["crumbs"]] == ["测试县", "第一网格"]
    school = get(client, w.leader, unit=f"school:{w.schools['S3'].pk}", date=days_ago(3).isoformat())
    board = school.context["board"]
    assert board.unit.obj == w.schools["S3"] and board.day == days_ago(3)
    assert (board.reports.stats.reported, board.reports.stats.fever) == (1, 1)
    assert [c["label"] for c in school.context["crumbs"]] == ["测试县", "第二网格", "测试S3中学"]


def test_every_number_links_to_the_list_behind_it(scene, client):
    w = scene
    day = TODAY.isoformat()
    county = get(client, w.leader).text
    for link in (
        f"/health/stats/?level=school&amp;date={day}",
        "/screening/quarantines/",
        "/response/incidents/?show=open",
        "/response/incidents/?show=overdue",
        f"/response/incidents/{w.incident_overdue.pk}/",
        f"/campus/gate/?date={day}",
        f"/inspection/batches/{w.batch1.pk}/",
        "/supplies/?item=mask",
        f"/teaching/?period={w.period.pk}",
        f"/dashboard/?unit=grid%3A{w.grid1.pk}&amp;date={day}",
    ):
        assert f'href="{link}"' in county, link
    figures = re.findall(r'<a href="([^"]+)" data-figure="([\w-]+)"', county)
    assert len(figures) >= 20 and all(url.startswith("/") for url, _ in figures)
    s1 = w.schools["S1"].pk
    school = get(client, w.principal).text
    for link in (
        f"/health/stats/?level=grade&amp;parent={s1}&amp;date={day}",
        f"/response/incidents/?show=open&amp;school={s1}",
        f"/campus/schools/{s1}/gate/log/?date={day}",
        f"/inspection/schools/{s1}/",
        f"/supplies/stores/{w.stores['S1'].pk}/",
        f"/teaching/schools/{s1}/?period={w.period.pk}",
    ):
        assert f'href="{link}"' in school, link


def test_every_list_a_number_links_to_opens_for_the_user(scene, client):
    w = scene
    for user in (w.leader, w.grid_leader, w.principal):
        text = get(client, user).text
        urls = {
            url.replace("&amp;", "&")
            for url, _ in re.findall(r'<a href="([^"]+)" data-figure="([\w-]+)"', text)
        }
        for url in sorted(urls):
            assert client.get(url).status_code == 200, (user, url)


def test_the_charts_get_fourteen_days_of_every_series(scene, client):
    w = scene
    data = chart_data(get(client, w.leader))
    assert data["dates"][0] == days_ago(13).isoformat() and data["dates"][-1] == TODAY.isoformat()
    for name in ("completion", "abnormal", "fever", "quarantines", "incidents", "refusals"):
        assert len(data[name]) == 14, name
    assert data["refusals"][-3:] == [1, 1, 2] and data["quarantines"][-1] == 1
    assert data["completion"][-1] == round(100 * 5 / 19, 1) and data["completion"][-2] is None
    assert data["labels"]["completion"] == "完成率"
    assert 'src="/static/vendor/echarts.min.js"' in get(client, w.principal).text


def test_the_nav_leads_to_the_dashboard_first_after_home(world, client):
    text = get(client, world.leader).text
    nav = text[text.index('<nav class="nav"') :]
    assert nav.index('href="/dashboard/"') < nav.index('href="/org/people/"')
    assert nav.index('href="/"') < nav.index('href="/dashboard/"')


def count_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)  # the day's tallies are opened once
    clear_cache()  # the rules read afresh, as after a restart
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


# Most of them are the supplies' days of cover: four or five queries of supplies.services.cover per
# consumable item (four in the default list); a school adds its readiness (inspection.acceptance);
# the meetings' open and overdue action items are one more (command.services.todo); the navigation
# reads the user's roles and the rules once, to show 舆情信访 and 心理辅导 only to their roles (two).
@pytest.mark.parametrize(("persona", "ceiling"), [("leader", 47), ("grid_leader", 51), ("principal", 60)])
def test_it_reads_a_bounded_number_of_queries(scene, client, persona, ceiling, django_assert_max_num_queries):
    client.force_login(getattr(scene, persona))
    client.get(URL)
    clear_cache()
    with django_assert_max_num_queries(ceiling):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["leader", "principal"])
def test_the_query_count_does_not_grow_with_the_records(scene, client, persona):
    from eduguard.core.testing import make_person
    from eduguard.org.models import Grade, School, SchoolClass

    w = scene
    client.force_login(getattr(w, persona))
    before = count_queries(client)
    school = School.objects.create(
        county=w.county, grid=w.grid2, code="TS4", name="测试S4中学", type="junior"
    )
    w.batch2.schools.add(school)
    klass = SchoolClass.objects.create(
        grade=Grade.objects.create(school=school, name="七年级", level=7), number=1, name="七(1)班"
    )
    for n in range(3):
        w.people[f"S4C1{n}"] = make_person(school, klass, name=f"生S4C1{n}")
    w.schools["S4"] = school
    build_scene_again(w)
    assert count_queries(client) == before


def build_scene_again(w):
    """More of every record: a second round of gate passages, quarantines and incidents."""
    from eduguard.briefing.tests import dashboard_scene as s

    s.add_gate(w)
    for n in range(3):
        s.gate_entry(w, "S4", f"S4C1{n}", s.moment(days_ago(n), 7), "defer")
    from eduguard.screening.services.quarantine import open_quarantine

    for n in range(3):
        open_quarantine(
            person=w.people[f"S4C1{n}"], kind="home", started_on=days_ago(n), actor=w.admin, reason="返乡"
        )
