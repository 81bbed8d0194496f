"""EARS C1–C3 on school sick-absence rates: the pure functions, with figures worked by hand, and
the school-day series (weekends and holidays skipped)."""

import datetime as dt
import math

import pytest

from eduguard.core.models import RuleValue
from eduguard.core.rules import RULES
from eduguard.response.services.aberration import (
    EarsParams,
    Point,
    c1,
    c2,
    c3,
    daily_series,
    evaluate,
    params_on,
)

P = EarsParams(baseline_days=7, c1=3.0, c2=3.0, c3=2.0, min_sd=0.005)
FLAT = [0.01] * 7


def test_it_reads_the_declared_rule():
    assert EarsParams.from_rule(RULES["response.ears"].default) == P
    assert P.days_needed == 12  # 7 baseline + 2 guard band + C3's 3 days


def test_it_fires_c1_on_a_spike_after_a_varying_week():
    # Baseline 2,1,3,2,1,3,2 %: mean 2 %, squares of deviations 4 × 0.01², sample sd 0.01·√(4/6).
    week = [0.02, 0.01, 0.03, 0.02, 0.01, 0.03, 0.02]
    sd = 0.01 * math.sqrt(4 / 6)  # 0.008165 > min_sd
    assert c1([*week, 0.05], P) == pytest.approx(0.03 / sd)  # 3.674 > 3
    assert c1([*week, 0.04], P) == pytest.approx(0.02 / sd)  # 2.449
    stats = evaluate([*week, 0.05], P)
    assert stats.fired == ("C1",)
    assert (stats.c2, stats.c3) == (None, None)  # 8 school days: not enough for C2 and C3
    assert evaluate([*week, 0.04], P).fired == ()


def test_it_floors_the_sd_of_a_flat_baseline():
    # A flat week has sd 0: min_sd (0.5 percentage points) is used instead of dividing by zero.
    assert c1([*FLAT, 0.01], P) == 0.0
    assert c1([*FLAT, 0.02], P) == pytest.approx(2.0)  # 0.01 / 0.005: not over 3
    assert c1([*FLAT, 0.03], P) == pytest.approx(4.0)
    # An sd below the floor is raised to it too: 1.0/1.1 % alternating has sd ≈ 0.0005.
    wobble = [0.010, 0.011, 0.010, 0.011, 0.010, 0.011, 0.010]
    mean = sum(wobble) / 7
    assert c1([*wobble, 0.03], P) == pytest.approx((0.03 - mean) / 0.005)
    wider = EarsParams(baseline_days=7, c1=3.0, c2=3.0, c3=2.0, min_sd=0.01)
    assert c1([*FLAT, 0.03], wider) == pytest.approx(2.0)


def test_c2_keeps_the_first_days_of_a_rise_out_of_its_baseline():
    # 7 days at 1 %, then 5 % for the two guard days and the day examined.
    series = [*FLAT, 0.05, 0.05, 0.05]
    # C1's baseline takes in the two raised days: mean 0.15/7, sample sd √(2.2857e-3/6) = 0.019518.
    mean = 0.15 / 7
    sd = math.sqrt((5 * (0.01 - mean) ** 2 + 2 * (0.05 - mean) ** 2) / 6)
    assert sd == pytest.approx(0.019518, abs=1e-6)
    assert c1(series, P) == pytest.approx((0.05 - mean) / sd)  # 1.464: the rise hides itself
    # C2's baseline is school days t−9 … t−3: the flat week only. (0.05 − 0.01) / 0.005 = 8.
    assert c2(series, P) == pytest.approx(8.0)
    assert evaluate(series, P).fired == ("C2",)


def test_c2_ignores_what_happens_in_the_guard_band():
    # Whatever the two guard days hold, C2 compares the day with the same flat week.
    for guard in ([0.01, 0.01], [0.2, 0.0], [0.0, 0.5]):
        assert c2([*FLAT, *guard, 0.03], P) == pytest.approx(4.0)


def test_c3_adds_up_a_modest_rise_over_three_days():
    # 9 days at 1 %, then three at 2 %: each day's C2 is (0.02 − 0.01)/0.005 = 2, over 1 by 1.
    series = [0.01] * 9 + [0.02] * 3
    assert c3(series, P) == pytest.approx(3 * (2.0 - 1.0))
    stats = evaluate(series, P)
    # C1's baseline (1,1,1,1,1,2,2 %) has sd 0.00488 < min_sd: (0.02 − 0.09/7) / 0.005 = 1.43.
    assert stats.c1 == pytest.approx((0.02 - 0.09 / 7) / 0.005)
    assert stats.c2 == pytest.approx(2.0)
    assert stats.fired == ("C3",)  # none of the three days alone was a warning


def test_c3_counts_only_the_excess_over_one_sd():
    # C2 over the last three days: 0 (1 %), 2 (2 %), 4 (3 %) → max(0, −1) + 1 + 3 = 4.
    series = [0.01] * 10 + [0.02, 0.03]
    assert c3(series, P) == pytest.approx(4.0)
    # 1.75 % three days running: C2 = 0.0075/0.005 = 1.5 each, C3 = 3 × 0.5 = 1.5, under 2.
    assert c3([0.01] * 9 + [0.0175] * 3, P) == pytest.approx(1.5)
    assert evaluate([0.01] * 9 + [0.0175] * 3, P).fired == ()


@pytest.mark.parametrize(
    "days, available",
    [
        (0, ()),
        (7, ()),
        (8, ("c1",)),
        (9, ("c1",)),
        (10, ("c1", "c2")),
        (11, ("c1", "c2")),
        (12, ("c1", "c2", "c3")),
    ],
)
def test_it_needs_enough_school_days(days, available):
    stats = evaluate([0.01] * days, P)
    computed = tuple(name for name in ("c1", "c2", "c3") if getattr(stats, name) is not None)
    assert computed == available
    assert stats.insufficient == (days < 8)
    assert stats.fired == ()


def test_too_few_days_never_fire_however_high_the_rate():
    assert evaluate([0.0] * 6 + [0.9], P).fired == ()


def test_a_threshold_is_a_strict_bound():
    # C1 exactly 3 (0.015 over a flat 0 with sd floored at 0.005) is not over 3.
    assert c1([0.0] * 7 + [0.015], P) == pytest.approx(3.0)
    at = EarsParams(baseline_days=7, c1=2.999, c2=3.0, c3=2.0, min_sd=0.005)
    assert evaluate([0.0] * 7 + [0.015], at).fired == ("C1",)


MONDAY = dt.date(2020, 5, 4)


def weekdays(first: dt.date, count: int) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def test_the_series_skips_days_without_a_morning_check():
    school_days = weekdays(MONDAY, 10)  # two school weeks; the weekend between has no check
    friday, monday = dt.date(2020, 5, 8), dt.date(2020, 5, 11)
    # Ill from Friday, back on Tuesday: absent on Friday and Monday, the weekend is not a point.
    absences = [(1, friday, dt.date(2020, 5, 12))]
    series = daily_series(school_days, absences, enrolled=40)
    assert [p.day for p in series] == school_days
    assert all(p.day.weekday() < 5 for p in series)
    counts = {p.day: p.count for p in series}
    assert counts[friday] == counts[monday] == 1
    assert sum(counts.values()) == 2
    assert series[4] == Point(friday, 1, 0.025)
    # So Monday's baseline is the school days before it (Friday back to the previous Monday
    # and beyond), never the Saturday and Sunday in between.
    assert [p.day for p in series[:5]] == weekdays(MONDAY, 5)


def test_the_series_counts_a_student_once_a_day_and_open_absences_to_the_end():
    days = weekdays(MONDAY, 5)
    absences = [
        (1, MONDAY, None),  # still off
        (1, dt.date(2020, 5, 6), dt.date(2020, 5, 7)),  # the same student registered twice
        (2, dt.date(2020, 5, 1), dt.date(2020, 5, 5)),  # from the week before, back on Tuesday
        (3, dt.date(2020, 5, 9), None),  # from a later day: not in this week
    ]
    assert [p.count for p in daily_series(days, absences, enrolled=10)] == [2, 1, 1, 1, 1]
    assert daily_series(days, absences, enrolled=0) == []  # no students, no rate
    assert daily_series([], absences, enrolled=10) == []


@pytest.mark.django_db
def test_a_bureau_value_overrides_the_rule_and_keeps_missing_keys():
    day = dt.date(2020, 5, 15)
    RuleValue.objects.create(
        name="response.ears", value={"baseline_days": 5, "c1": 4.0}, effective_from=dt.date(2020, 5, 1)
    )
    params = params_on(day)
    assert (params.baseline_days, params.c1, params.c2, params.min_sd) == (5, 4.0, 3.0, 0.005)
    assert params_on(dt.date(2020, 4, 30)) == P
