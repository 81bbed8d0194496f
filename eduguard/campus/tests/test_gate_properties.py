"""Properties of the decision at the gate (domain.md §4.5, §5.4; services.gate.judge).

The gate combines the person's return status (screening.services.entry) with what it sees: the
temperature, symptoms and health code. test_gate.py pins the table's rows; here every combination
Hypothesis draws is held to it: deny over defer over allow, nobody held back by their status walks
in, a fever is never let in, and the way out asks a boarder for a pass and nothing else.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eduguard.campus.models import Direction, GateDecision
from eduguard.campus.services.gate import SEVERITY, Reading, judge
from eduguard.screening.services.entry import Decision, EntryStatus, Reason

DAY = dt.date(2026, 11, 23)
FEVER = Decimal("37.3")  # health.fever_threshold
FOREHEAD = Decimal("36.8")  # campus.gate_screen_thresholds["forehead"]
pytestmark = pytest.mark.django_db  # thresholds and the five rules are rules, read once and cached

readings = st.builds(
    Reading,
    temperature=st.one_of(st.none(), st.decimals(Decimal("35.0"), Decimal("41.0"), places=1)),
    method=st.sampled_from(["forehead", "axillary", "wrist"]),
    symptoms=st.lists(st.sampled_from(["fever", "cough", "diarrhea", "rash"]), max_size=2, unique=True),
    code_colour=st.sampled_from(["", "green", "yellow", "red", "none"]),
    id_checked=st.booleans(),
)
statuses = st.one_of(
    st.none(),
    st.lists(
        st.builds(
            Reason,
            decision=st.sampled_from([Decision.DEFER, Decision.DENY]),
            code=st.sampled_from(["in_quarantine", "recent_return", "return_certificate", "fever"]),
            text=st.just("原因"),
        ),
        min_size=1,
        max_size=3,
    ).map(
        lambda reasons: EntryStatus(
            decision=max((r.decision for r in reasons), key=lambda d: SEVERITY[d]), reasons=reasons
        )
    ),
)


@given(readings, statuses)
def test_the_most_severe_reason_decides(reading, status):
    verdict = judge(reading, Direction.IN, DAY, status=status)
    worst = max((SEVERITY[r["decision"]] for r in verdict.reasons), default=0)
    assert SEVERITY[verdict.decision] == worst


@given(readings, statuses)
def test_nobody_held_back_by_their_status_is_let_in_and_a_denial_stays_a_denial(reading, status):
    verdict = judge(reading, Direction.IN, DAY, status=status)
    if status is not None:
        assert verdict.decision != GateDecision.ALLOW
        assert SEVERITY[verdict.decision] >= (2 if status.decision == Decision.DENY else 1)


@given(readings, statuses)
def test_a_fever_at_the_gate_is_never_let_in_and_opens_a_fever_event(reading, status):
    verdict = judge(reading, Direction.IN, DAY, status=status)
    if reading.temperature is not None and reading.temperature >= FEVER:
        assert verdict.decision != GateDecision.ALLOW and verdict.fever
    if reading.temperature is not None and reading.method == "forehead" and reading.temperature >= FOREHEAD:
        assert verdict.decision != GateDecision.ALLOW  # the forehead screen's lower threshold
    if reading.code_colour == "red":
        assert verdict.decision == GateDecision.DENY


@given(readings, statuses, st.decimals(Decimal("0.1"), Decimal("3.0"), places=1), st.sampled_from(["cough"]))
def test_a_higher_temperature_or_a_symptom_never_makes_the_decision_milder(reading, status, rise, symptom):
    before = judge(reading, Direction.IN, DAY, status=status).decision
    warmer = Reading(**{**reading.__dict__, "temperature": (reading.temperature or Decimal("36.0")) + rise})
    sicker = Reading(**{**reading.__dict__, "symptoms": sorted({*reading.symptoms, symptom})})
    for worse in (warmer, sicker):
        assert SEVERITY[judge(worse, Direction.IN, DAY, status=status).decision] >= SEVERITY[before]


@given(readings, statuses, st.booleans(), st.booleans())
def test_the_way_out_asks_a_boarder_for_a_pass_and_nothing_else(reading, status, boarder, has_pass):
    verdict = judge(reading, Direction.OUT, DAY, status=status, boarder=boarder, has_pass=has_pass)
    expected = GateDecision.DENY if boarder and not has_pass else GateDecision.ALLOW
    assert verdict.decision == expected and not verdict.fever
