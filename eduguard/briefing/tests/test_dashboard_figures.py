"""The dashboard's figures are the area services' figures for the unit: the same numbers as the
roll-up, the quarantine and incident managers, the gate tally, the batches page, days of cover and
the participation rates, and the counts written down by hand from the scene."""

import pytest

from eduguard.briefing.services.dashboard import Unit, build_dashboard
from eduguard.briefing.tests.dashboard_scene import TODAY, build_scene
from eduguard.campus.services.gate_stats import gate_days, total
from eduguard.health.services.stats import daily_stats
from eduguard.response.models import Incident
from eduguard.screening.models import Quarantine
from eduguard.supplies.services.cover import county_days, cover
from eduguard.teaching.services.rates import stage_lines


@pytest.fixture
def scene(world):
    return build_scene(world)


def board(user, kind, obj):
    return build_dashboard(user, Unit(kind, obj), TODAY)


def test_it_shows_the_roll_up_of_the_unit(scene):
    w = scene
    county = board(w.leader, "county", w.county).reports.stats
    assert county == daily_stats(w.leader, TODAY, "county")[0]
    assert (county.expected, county.reported, county.abnormal, county.fever) == (19, 5, 2, 1)
    grid = board(w.grid_leader, "grid", w.grid1).reports.stats
    assert grid == next(r for r in daily_stats(w.grid_leader, TODAY, "grid") if r.id == w.grid1.pk)
    assert (grid.expected, grid.reported, grid.abnormal, grid.fever) == (12, 3, 2, 1)
    school = board(w.principal, "school", w.schools["S1"]).reports.stats
    assert (school.expected, school.reported, school.abnormal, school.fever, school.missing) == (
        6,
        2,
        1,
        1,
        4,
    )


def test_it_lists_the_units_one_level_down(scene):
    w = scene
    grids = board(w.leader, "county", w.county).children
    assert [c.stats for c in grids] == daily_stats(w.leader, TODAY, "grid", w.county.pk)
    assert [c.stats.name for c in grids] == ["第一网格", "第二网格"]
    schools = board(w.grid_leader, "grid", w.grid1).children
    assert [(c.stats.name, c.stats.reported) for c in schools] == [("测试S1中学", 2), ("测试S2中学", 1)]
    assert f"unit=school%3A{w.schools['S1'].pk}" in schools[0].url
    grades = board(w.principal, "school", w.schools["S1"]).children
    assert [(c.stats.name, c.stats.reported) for c in grades] == [("七年级", 2)]


def test_it_counts_the_quarantines_open_on_the_day(scene):
    w = scene
    q = board(w.leader, "county", w.county).quarantines
    assert q.open == Quarantine.objects.visible_to(w.leader).open_on(TODAY).count() == 4
    assert q.overdue == 1 and q.new == 1
    assert q.by_kind == [("居家隔离", 2), ("集中隔离", 1), ("居家健康监测", 1)]
    grid = board(w.grid_leader, "grid", w.grid1).quarantines
    assert (grid.open, grid.overdue, grid.new) == (2, 0, 1)
    school = board(w.principal, "school", w.schools["S1"]).quarantines
    assert (school.open, school.new) == (1, 1)


def test_it_counts_open_incidents_and_those_past_their_deadline(scene):
    w = scene
    i = board(w.leader, "county", w.county).incidents
    assert i.open == Incident.objects.visible_to(w.leader).open_on(TODAY).count() == 2
    assert i.new == 1
    assert [e.pk for e in i.awaiting] == [
        w.incident_overdue.pk,
        w.incident_today.pk,
    ]  # nearest deadline first
    assert i.overdue == Incident.objects.visible_to(w.leader).overdue().count() == 1
    assert i.soonest[0].url == f"/response/incidents/{w.incident_overdue.pk}/"
    school = board(w.principal, "school", w.schools["S1"]).incidents
    assert (school.open, len(school.awaiting), school.overdue) == (1, 1, 0)


def test_it_takes_the_gate_figures_from_the_gate_tally(scene):
    w = scene
    ids = [s.pk for s in w.schools.values()]
    g = board(w.leader, "county", w.county).gate.day
    expected = total(gate_days(ids, TODAY))
    assert (
        (g.entries, g.admitted, g.refused)
        == (expected.entries, expected.admitted, expected.refused)
        == (4, 2, 2)
    )
    s1 = board(w.principal, "school", w.schools["S1"]).gate
    assert (s1.day.entries, s1.day.refused) == (3, 1)
    assert s1.top_reasons == [("校门测温发热", 1)]


def test_it_counts_each_batch_as_the_batches_page_does(scene):
    w = scene
    rows = board(w.leader, "county", w.county).batches.rows
    assert [(r.batch, r.schools, r.approved, r.opened, r.waiting) for r in rows] == [
        (w.batch1, 2, 1, 1, 1),
        (w.batch2, 1, 0, 0, 1),
    ]
    mine = w.batch1.schools.all()  # the page's own three counts
    assert (mine.count(), mine.filter(opening__isnull=False).count()) == (2, 1)
    grid2 = board(w.admin, "grid", w.grid2).batches.rows
    assert [(r.batch, r.schools) for r in grid2] == [(w.batch2, 1)]
    school = board(w.principal, "school", w.schools["S1"]).batches
    assert school.readiness.school == w.schools["S1"] and school.readiness.approval.opened_on == TODAY


def test_it_gives_the_days_of_cover_of_each_consumable(scene):
    w = scene
    supplies = board(w.leader, "county", w.county).supplies
    assert "thermometer" not in [s.item.code for s in supplies]  # no daily use, no days of cover
    mask = next(s for s in supplies if s.item.code == "mask")
    assert mask.days == county_days(w.mask, w.county, TODAY) == 150 / 16
    assert mask.low and mask.reserve == 14 and mask.url == "/supplies/?item=mask"
    grid = next(s for s in board(w.grid_leader, "grid", w.grid1).supplies if s.item.code == "mask")
    rows = cover(w.mask, w.grid1.schools.all(), TODAY)
    assert grid.days == 40 / 16 and grid.short == sum(r.short for r in rows) == 2
    school = next(s for s in board(w.principal, "school", w.schools["S1"]).supplies if s.item.code == "mask")
    assert (school.days, school.short) == (5.0, 1)
    assert school.url == f"/supplies/stores/{w.stores['S1'].pk}/"


def test_it_gives_online_teaching_participation_of_the_unit(scene):
    w = scene
    t = board(w.leader, "county", w.county).teaching
    line = next(x for x in stage_lines(w.period, w.county.schools.all()) if x.key == "total")
    assert t.period == w.period and t.line.now == line.now
    assert (t.students, t.teachers) == (75.0, 83.3)
    school = board(w.principal, "school", w.schools["S1"]).teaching
    assert (school.students, school.teachers) == (100.0, 66.7)
    assert school.url == f"/teaching/schools/{w.schools['S1'].pk}/?period={w.period.pk}"
