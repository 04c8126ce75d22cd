"""Recording a decision: what it keeps, what it defaults, what it refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from secboard.domain.errors import InvalidInput
from secboard.domain.lifecycle import apply_decision
from secboard.domain.model import Decision
from tests.builders import CREATED, make_request

LATER = datetime(2026, 10, 5, 8, 30, tzinfo=UTC)


def decide(request, decision, *, rationale=None, planned_weeks=None, revisit=None):
    return apply_decision(
        request,
        decision,
        rationale=rationale,
        planned_weeks=planned_weeks,
        revisit=revisit,
        now=LATER,
    )


def test_decision_is_recorded_with_its_rationale_and_time():
    decided = decide(make_request(), Decision.BUILD, rationale="Two renewals blocked")

    assert decided.decision is Decision.BUILD
    assert decided.rationale == "Two renewals blocked"
    assert decided.updated_at == LATER
    assert decided.created_at == CREATED


@pytest.mark.parametrize("decision", [Decision.DECLINE, Decision.DEFER])
def test_decline_and_defer_plan_zero_weeks_by_default(decision):
    request = make_request(estimate_weeks=6.0, planned_weeks=4.0)

    assert decide(request, decision, rationale="no").planned_weeks == 0.0


@pytest.mark.parametrize("decision", [Decision.DECLINE, Decision.DEFER])
def test_decline_and_defer_keep_an_explicit_planned_effort(decision):
    assert decide(make_request(), decision, planned_weeks=0.5).planned_weeks == 0.5


@pytest.mark.parametrize("decision", [Decision.BUILD, Decision.BUY, Decision.POLICY])
def test_build_buy_and_policy_keep_the_planned_effort_unless_given(decision):
    request = make_request(planned_weeks=3.0)

    assert decide(request, decision).planned_weeks == 3.0
    assert decide(request, decision, planned_weeks=1.5).planned_weeks == 1.5
    assert decide(make_request(), decision).planned_weeks is None


def test_rationale_left_out_keeps_the_current_one():
    request = make_request(decision=Decision.BUILD, rationale="evidence from three customers")

    assert decide(request, Decision.BUY).rationale == "evidence from three customers"
    assert decide(request, Decision.BUY, rationale="").rationale == ""


def test_revisit_date_is_kept_for_defer():
    decided = decide(make_request(), Decision.DEFER, revisit=date(2027, 3, 1))

    assert decided.revisit == date(2027, 3, 1)


@pytest.mark.parametrize(
    "decision", [Decision.BUILD, Decision.BUY, Decision.POLICY, Decision.DECLINE]
)
def test_revisit_date_is_refused_for_anything_but_defer(decision):
    with pytest.raises(InvalidInput) as caught:
        decide(make_request(), decision, revisit=date(2027, 3, 1))

    assert str(caught.value) == "revisit: a revisit date only applies to defer"


def test_changing_a_deferral_into_another_decision_drops_the_revisit_date():
    deferred = make_request(decision=Decision.DEFER, revisit=date(2027, 3, 1))

    assert decide(deferred, Decision.BUILD).revisit is None
    assert decide(deferred, Decision.DECLINE).revisit is None


def test_deciding_does_not_move_the_request():
    request = make_request()

    assert decide(request, Decision.DECLINE, rationale="no").status is request.status


def test_deciding_to_build_after_a_decline_drops_the_zero_planned_weeks() -> None:
    declined = apply_decision(
        make_request(estimate_weeks=4.0),
        Decision.DECLINE,
        rationale="no",
        planned_weeks=None,
        revisit=None,
        now=CREATED,
    )
    assert declined.planned_weeks == 0
    built = apply_decision(
        declined, Decision.BUILD, rationale="yes", planned_weeks=None, revisit=None, now=CREATED
    )
    assert built.planned_weeks is None
    assert built.effort_weeks == 4.0
