"""RICE scoring: the formula, which effort it uses, when there is no score, how it reads."""

from __future__ import annotations

import pytest

from secboard.domain.scoring import breakdown, format_score, rice_score
from tests.builders import make_request


def scored(**fields):
    inputs = {"reach": 400, "impact": 2.0, "confidence": 80, "estimate_weeks": 4.0}
    return make_request(**{**inputs, **fields})


def test_rice_score_is_reach_times_impact_times_confidence_over_effort():
    assert rice_score(400, 2.0, 80, 4.0) == pytest.approx(160.0)
    assert rice_score(30, 0.25, 50, 0.5) == pytest.approx(7.5)


def test_zero_reach_or_confidence_scores_zero_not_nothing():
    assert rice_score(0, 2.0, 80, 4.0) == 0
    assert rice_score(400, 2.0, 0, 4.0) == 0


@pytest.mark.parametrize(
    "inputs",
    [
        (None, 2.0, 80, 4.0),
        (400, None, 80, 4.0),
        (400, 2.0, None, 4.0),
        (400, 2.0, 80, None),
    ],
)
def test_missing_input_gives_no_score(inputs):
    assert rice_score(*inputs) is None


def test_zero_effort_gives_no_score():
    assert rice_score(400, 2.0, 80, 0.0) is None


def test_planned_effort_overrides_the_estimate():
    result = breakdown(scored(estimate_weeks=10.0, planned_weeks=4.0))

    assert result.effort_weeks == 4.0
    assert result.effort_is_planned is True
    assert result.score == pytest.approx(160.0)


def test_estimate_is_used_until_effort_is_planned():
    result = breakdown(scored(estimate_weeks=8.0))

    assert result.effort_weeks == 8.0
    assert result.effort_is_planned is False
    assert result.score == pytest.approx(80.0)


def test_planned_zero_weeks_overrides_the_estimate_and_leaves_no_score():
    result = breakdown(scored(estimate_weeks=8.0, planned_weeks=0.0))

    assert result.score is None
    assert result.missing == ("effort > 0",)


def test_missing_lists_every_absent_input():
    result = breakdown(make_request())

    assert result.score is None
    assert result.missing == ("reach", "impact", "confidence", "effort")


def test_formula_shows_the_breakdown_and_the_score():
    assert breakdown(scored(planned_weeks=4.0)).formula() == ("400 × 2 × 80% ÷ 4w (planned) = 160")
    assert breakdown(scored(estimate_weeks=3.0, impact=0.5)).formula() == (
        "400 × 0.5 × 80% ÷ 3w (estimate) = 53.3"
    )


def test_formula_says_what_the_score_needs_when_there_is_none():
    assert breakdown(scored(reach=None)).formula() == (
        "? × 2 × 80% ÷ 4w (estimate) = no score (needs reach)"
    )
    assert breakdown(scored(estimate_weeks=0.0)).formula() == (
        "400 × 2 × 80% ÷ 0w (estimate) = no score (needs effort > 0)"
    )
    assert breakdown(make_request()).formula() == (
        "? × ? × ? ÷ ? (estimate) = no score (needs reach, impact, confidence, effort)"
    )


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (None, "–"),
        (0.0, "0.0"),
        (7.25, "7.2"),
        (99.94, "99.9"),
        (160.0, "160"),
        (12345.4, "12,345"),
    ],
)
def test_format_score(score, shown):
    assert format_score(score) == shown
