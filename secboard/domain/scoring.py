"""RICE prioritisation: reach × impact × confidence ÷ effort, shown with its breakdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Scored(Protocol):
    """Anything carrying RICE inputs: a request or a board card."""

    @property
    def reach(self) -> int | None: ...
    @property
    def impact(self) -> float | None: ...
    @property
    def confidence(self) -> int | None: ...
    @property
    def estimate_weeks(self) -> float | None: ...
    @property
    def planned_weeks(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    """The inputs of a RICE score and the score itself (None when it cannot be computed)."""

    reach: int | None
    impact: float | None
    confidence: int | None
    effort_weeks: float | None
    effort_is_planned: bool
    score: float | None

    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the inputs that keep the score from being computed."""
        names = []
        if self.reach is None:
            names.append("reach")
        if self.impact is None:
            names.append("impact")
        if self.confidence is None:
            names.append("confidence")
        if self.effort_weeks is None:
            names.append("effort")
        elif self.effort_weeks == 0:
            names.append("effort > 0")
        return tuple(names)

    def formula(self) -> str:
        """The breakdown as one line, e.g. ``400 × 2 × 80% ÷ 4w (planned) = 160``."""

        def shown(value: float | None, suffix: str = "") -> str:
            return "?" if value is None else f"{value:g}{suffix}"

        effort_kind = "planned" if self.effort_is_planned else "estimate"
        left = (
            f"{shown(self.reach)} × {shown(self.impact)} × {shown(self.confidence, '%')}"
            f" ÷ {shown(self.effort_weeks, 'w')} ({effort_kind})"
        )
        if self.score is None:
            return f"{left} = no score (needs {', '.join(self.missing)})"
        return f"{left} = {format_score(self.score)}"


def rice_score(
    reach: int | None,
    impact: float | None,
    confidence: int | None,
    effort_weeks: float | None,
) -> float | None:
    """The RICE score, or None when an input is missing or the effort is zero."""
    if reach is None or impact is None or confidence is None or not effort_weeks:
        return None
    return reach * impact * (confidence / 100) / effort_weeks


def breakdown(request: Scored) -> ScoreBreakdown:
    """The score of a request (or card) with every input that went into it."""
    planned = request.planned_weeks
    effort = planned if planned is not None else request.estimate_weeks
    return ScoreBreakdown(
        reach=request.reach,
        impact=request.impact,
        confidence=request.confidence,
        effort_weeks=effort,
        effort_is_planned=planned is not None,
        score=rice_score(request.reach, request.impact, request.confidence, effort),
    )


def format_score(score: float | None) -> str:
    """A score for display: ``–`` when absent, otherwise up to one decimal place."""
    if score is None:
        return "–"
    if score >= 100:
        return f"{score:,.0f}"
    return f"{score:.1f}"
