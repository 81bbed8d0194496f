"""The 14-day series: each day's point is what the area's service says for that day alone, and a
series is one query however many days it covers."""

import pytest
from django.utils import timezone

from eduguard.briefing.services import dashboard_series as series
from eduguard.briefing.services.dashboard import Unit, series_days
from eduguard.briefing.tests.dashboard_scene import TODAY, build_scene, days_ago, gate_entry, moment
from eduguard.campus.services.gate_stats import gate_days, total
from eduguard.health.services.stats import daily_stats
from eduguard.response.models import Incident
from eduguard.screening.models import Quarantine

DAYS = series_days(TODAY)


@pytest.fixture
def scene(world):
    return build_scene(world)


def test_it_covers_fourteen_days_ending_on_the_day():
    assert len(DAYS) == 14 and DAYS[-1] == TODAY and DAYS[0] == days_ago(13)


def test_a_day_without_any_report_is_a_gap_not_a_zero(scene):
    w = scene
    points = series.report_series(Unit("county", w.county), DAYS)
    reported = {DAYS[k] for k, v in enumerate(points["completion"]) if v is not None}
    assert reported == {TODAY, days_ago(3)}
    assert points["fever"][-4:] == [1, None, None, 1]


@pytest.mark.parametrize("kind", ["county", "grid", "school"])
def test_each_report_point_is_the_roll_up_of_its_day(scene, kind):
    w = scene
    obj = {"county": w.county, "grid": w.grid1, "school": w.schools["S1"]}[kind]
    points = series.report_series(Unit(kind, obj), DAYS)  # before daily_stats opens the other days
    for day in (TODAY, days_ago(3)):
        row = next(r for r in daily_stats(w.admin, day, kind) if r.id == obj.pk)
        k = DAYS.index(day)
        assert (points["completion"][k], points["abnormal"][k], points["fever"][k]) == (
            row.completion_rate,
            row.abnormal,
            row.fever,
        )


@pytest.mark.parametrize("kind", ["county", "grid", "school"])
def test_each_refusal_point_is_the_gate_tally_of_its_day(scene, kind):
    w = scene
    obj = {"county": w.county, "grid": w.grid1, "school": w.schools["S1"]}[kind]
    ids = list(Unit(kind, obj).schools(w.admin).values_list("id", flat=True))
    assert series.refusal_series(ids, DAYS) == [total(gate_days(ids, day)).refused for day in DAYS]


def test_it_counts_a_refused_person_once_a_day_by_their_last_passage_in(scene):
    w = scene
    ids = [s.pk for s in w.schools.values()]
    assert series.refusal_series(ids, DAYS)[-3:] == [1, 1, 2]
    # Refused at one school and admitted at another: still refused at the first.
    gate_entry(w, "S2", "S1C1B", moment(TODAY, 9, 0))
    # Refused just before midnight, admitted just after: a refusal on the first day.
    gate_entry(w, "S1", "S1C2A", moment(days_ago(5), 23, 59), "defer")
    gate_entry(w, "S1", "S1C2A", moment(days_ago(4), 0, 1))
    points = series.refusal_series(ids, DAYS)
    assert points[-3:] == [1, 1, 2] and points[DAYS.index(days_ago(5))] == 1
    assert points == [total(gate_days(ids, day)).refused for day in DAYS]


def test_new_quarantines_and_incidents_are_counted_on_the_day_they_began(scene):
    w = scene
    unit = Unit("county", w.county)
    quarantines = series.quarantine_series(w.leader, unit, DAYS)
    began = Quarantine.objects.visible_to(w.leader)
    assert quarantines == [began.filter(started_on=day).count() for day in DAYS]
    assert sum(quarantines) == 3  # the 16- and 20-day-old periods began before the window
    incidents = series.incident_series(w.leader, unit, DAYS)
    detected = [i.detected_at for i in Incident.objects.visible_to(w.leader)]
    assert incidents == [sum(timezone.localtime(d).date() == day for d in detected) for day in DAYS]
    assert incidents[-1] == 1 and incidents[DAYS.index(days_ago(5))] == 1


def test_a_grid_leader_s_series_hold_only_their_grid(scene):
    w = scene
    grid = Unit("grid", w.grid1)
    assert sum(series.quarantine_series(w.grid_leader, grid, DAYS)) == 2
    assert sum(series.incident_series(w.grid_leader, grid, DAYS)) == 2


@pytest.mark.parametrize("name", ["report_series", "quarantine_series", "incident_series", "refusal_series"])
def test_each_series_is_one_query(scene, name, django_assert_num_queries):
    w = scene
    unit = Unit("county", w.county)
    args = {
        "report_series": (unit, DAYS),
        "quarantine_series": (w.leader, unit, DAYS),
        "incident_series": (w.leader, unit, DAYS),
        "refusal_series": ([s.pk for s in w.schools.values()], DAYS),
    }[name]
    with django_assert_num_queries(1):
        getattr(series, name)(*args)
