"""Properties of the return-to-school decision (domain.md §4.5; services.entry.decide).

test_entry.py walks the table row by row through the records; here the facts are drawn freely
(quarantines in every state, trips, the latest reports, sick absences) and the table's sentences
are held over all of them: the most severe reason wins, a person in quarantine or waiting for a
return certificate is never allowed, and a return from outside the county defers until day 15.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eduguard.health.models import DailyReport, SickAbsence
from eduguard.screening.models import Quarantine
from eduguard.screening.models.quarantine import QuarantineKind, QuarantineState
from eduguard.screening.services.entry import SEVERITY, Decision, Facts, decide

DAY = dt.date(2026, 11, 23)
QUARANTINE_DAYS = 14  # the default of screening.quarantine_days (domain.md §4.3)
pytestmark = pytest.mark.django_db  # the checks in force are a rule, read once and cached


def ago(n: int) -> dt.date:
    return DAY - dt.timedelta(days=n)


@st.composite
def quarantines(draw, state=None):
    started = ago(draw(st.integers(-3, 30)))
    period = Quarantine(
        kind=draw(st.sampled_from(QuarantineKind.values)),
        started_on=started,
        planned_days=draw(st.integers(1, 21)),
    )
    if draw(st.booleans()):
        period.released_on = started + dt.timedelta(days=draw(st.integers(0, 25)))
    if state is not None and period.state_on(DAY) != state:
        period.released_on = None
        period.started_on = DAY - dt.timedelta(days=period.planned_days // 2)  # mid-way: active
    return period


reports = st.builds(
    lambda back, temperature, symptoms, code: DailyReport(
        date=ago(back),
        temperature=temperature,
        fever=temperature >= Decimal("37.3"),
        symptoms=symptoms,
        health_code=code,
    ),
    st.integers(0, 1),
    st.decimals(Decimal("35.5"), Decimal("40.0"), places=1),
    st.lists(st.sampled_from(["cough", "fatigue", "diarrhea"]), max_size=2, unique=True),
    st.sampled_from(["green", "yellow", "red", "none"]),
)
absences = st.builds(
    lambda back, disease: SickAbsence(started_on=ago(back), disease=disease, needs_certificate=True),
    st.integers(0, 20),
    st.sampled_from(["水痘", "流感", ""]),
)


@st.composite
def facts(draw):
    f = Facts(
        quarantines=draw(st.lists(quarantines(), max_size=2)),
        reports=sorted(draw(st.lists(reports, max_size=2)), key=lambda r: r.date, reverse=True),
        absences=draw(st.lists(absences, max_size=1)),
    )
    trip = draw(st.sampled_from(["none", "back", "away"]))
    if trip == "back":
        f.back_on = ago(draw(st.integers(0, 30)))
    elif trip == "away":
        f.away_since = ago(draw(st.integers(0, 30)))
    return f


@given(facts())
def test_the_most_severe_reason_decides_and_no_reason_means_allowed(f):
    status = decide(f, DAY)
    worst = max((SEVERITY[r.decision] for r in status.reasons), default=SEVERITY[Decision.ALLOW])
    assert SEVERITY[status.decision] == worst
    assert status.cleared == (not status.reasons)


@given(facts(), quarantines(state=QuarantineState.ACTIVE))
def test_a_person_in_quarantine_is_never_allowed_whatever_else_is_true(f, period):
    assert period.state_on(DAY) == QuarantineState.ACTIVE
    f.quarantines.insert(0, period)
    status = decide(f, DAY)
    assert status.decision == Decision.DENY
    assert "in_quarantine" in [r.code for r in status.reasons]


@given(facts(), absences)
def test_an_absence_waiting_for_its_return_certificate_is_never_allowed(f, absence):
    f.absences.insert(0, absence)
    status = decide(f, DAY)
    assert status.decision == Decision.DENY and "return_certificate" in [r.code for r in status.reasons]


@given(facts(), reports)
def test_the_latest_report_holds_back_by_its_code_and_its_fever(f, latest):
    latest.date = DAY
    f.reports.insert(0, latest)
    status = decide(f, DAY)
    if latest.health_code == "red":
        assert status.decision == Decision.DENY
    elif latest.health_code == "yellow" or latest.fever or latest.symptoms:
        assert status.decision != Decision.ALLOW


@given(st.integers(0, 40))
def test_a_return_from_outside_defers_until_day_fifteen(days_back):
    f = Facts(back_on=ago(days_back))  # the arrival day is day 0
    status = decide(f, DAY)
    assert status.cleared == (days_back > QUARANTINE_DAYS)
    if not status.cleared:
        assert status.decision == Decision.DEFER
        assert status.until == f.back_on + dt.timedelta(days=QUARANTINE_DAYS + 1)


@given(st.integers(0, 40), quarantines())
def test_a_completed_quarantine_since_the_return_clears_it_and_monitoring_does_not(days_back, period):
    f = Facts(back_on=ago(days_back), quarantines=[period])
    completed = (
        period.kind != QuarantineKind.MONITORING
        and period.released_on is not None
        and period.released_on <= DAY
        and period.started_on >= f.back_on
    )
    codes = [r.code for r in decide(f, DAY).reasons]
    assert ("recent_return" in codes) == (days_back <= QUARANTINE_DAYS and not completed)
