"""Lifecycle rules: which status changes are allowed, and what each one needs.

``intake → discovery → committed → in_progress → shipped``, plus ``closed`` for requests
declined or deferred. The CLI and the TUI both ask :func:`plan_move` before a move, so
they refuse the same things with the same words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from secboard.domain import checklist as checklists
from secboard.domain.errors import InvalidInput, MoveRefused
from secboard.domain.model import (
    CLOSE_DECISIONS,
    COMMIT_DECISIONS,
    STATUS_ORDER,
    ChecklistItem,
    Decision,
    Request,
    Status,
    StatusEvent,
    TemplateItem,
)

FLOW: tuple[Status, ...] = STATUS_ORDER[:-1]
"""The forward flow, without ``closed``."""

_BEFORE_COMMITMENT = frozenset({Status.INTAKE, Status.DISCOVERY, Status.CLOSED})
_COMMITTED_OR_LATER = frozenset({Status.COMMITTED, Status.IN_PROGRESS, Status.SHIPPED})
_WITHOUT_CHECKLIST = frozenset({Status.INTAKE, Status.CLOSED})


@dataclass(frozen=True, slots=True)
class MovePlan:
    """What an allowed move changes: the checklist to keep and the history note."""

    target: Status
    checklist: tuple[ChecklistItem, ...]
    forced: bool
    note: str


@dataclass(frozen=True, slots=True)
class GateSkip:
    """A recorded move, not forced, that the rules would have refused without force."""

    index: int
    """Where the move is in the history (0 is the creation)."""
    event: StatusEvent
    """The move itself."""
    problems: tuple[str, ...]
    """What kept the gate shut, in the words a refused move uses."""


def starts_checklist(target: Status) -> bool:
    """Whether entering ``target`` starts the discovery checklist, if there is none yet."""
    return target not in _WITHOUT_CHECKLIST


def commit_problems(request: Request) -> list[str]:
    """What keeps ``request`` from being committed; empty when nothing does."""
    problems: list[str] = []
    if request.decision is None:
        problems.append("no decision yet; committing needs build, buy or policy")
    elif request.decision not in COMMIT_DECISIONS:
        problems.append(
            f"decision is {request.decision.value}; committing needs build, buy or policy"
        )
    if not request.checklist:
        problems.append("the discovery checklist has not been started (move it to discovery)")
    open_keys = request.open_questions
    if open_keys:
        noun = "question is" if len(open_keys) == 1 else "questions are"
        problems.append(f"{len(open_keys)} checklist {noun} open: {', '.join(open_keys)}")
    return problems


def close_problems(request: Request) -> list[str]:
    """What keeps ``request`` from being closed; empty when nothing does."""
    problems: list[str] = []
    if request.decision not in CLOSE_DECISIONS:
        current = (
            "no decision yet"
            if request.decision is None
            else f"decision is {request.decision.value}"
        )
        problems.append(f"{current}; closing needs decline or defer")
    if not request.rationale.strip():
        problems.append("closing needs a rationale for the decision")
    return problems


def plan_move(
    request: Request,
    target: Status,
    template: Sequence[TemplateItem],
    *,
    force: bool = False,
    reason: str = "",
) -> MovePlan:
    """Check a move against the rules and say what it changes.

    Raises:
        MoveRefused: the move is not allowed; its message says exactly what is missing.
        InvalidInput: ``force`` was asked for without a reason.
    """
    if target is request.status:
        raise MoveRefused([f"#{request.id} is already in {target.value}"], forceable=False)
    if force and not reason.strip():
        raise InvalidInput("reason", "a forced move needs a reason")
    if target is Status.CLOSED:
        problems = close_problems(request)
        if problems:
            raise MoveRefused(problems, forceable=False)
    forced = False
    if target in _COMMITTED_OR_LATER and request.status in _BEFORE_COMMITMENT:
        problems = commit_problems(request)
        if problems and not force:
            raise MoveRefused(problems, forceable=True)
        forced = bool(problems)
    items = request.checklist
    if starts_checklist(target) and not items:
        items = checklists.instantiate(template)
    return MovePlan(target=target, checklist=items, forced=forced, note=reason.strip())


def gate_skips(request: Request, history: Sequence[StatusEvent]) -> list[GateSkip]:
    """The moves in ``history`` that went through a gate unforced while it was shut.

    A history written by secboard has none; one read from a file may (intake straight to
    shipped with no decision, say). Each move is checked with :func:`plan_move` on the
    request as it then was, as far as the request now shows it: a decision is never taken
    away, so a request with none had none at any move, and the checklist did not exist
    before the first move that starts it. A decision or answer that may have changed
    since is given the benefit of the doubt: only a move refused for want of a decision
    or of a started checklist is reported.
    """
    skips: list[GateSkip] = []
    started = False
    for index, event in enumerate(history):
        origin = event.from_status
        if origin is not None and not event.forced and (request.decision is None or not started):
            then = dataclasses.replace(
                request, status=origin, checklist=request.checklist if started else ()
            )
            try:
                plan_move(then, event.to_status, ())
            except MoveRefused as refusal:
                # Only a gate that force opens can be skipped by a move not forced; closing
                # is never forced, and a rationale may have been written since.
                if refusal.forceable:
                    skips.append(GateSkip(index, event, refusal.problems))
        started = started or starts_checklist(event.to_status)
    return skips


def next_status(request: Request) -> Status | None:
    """The column to the right in the flow, or None at its end (shipped, closed)."""
    if request.status in (Status.SHIPPED, Status.CLOSED):
        return None
    return FLOW[FLOW.index(request.status) + 1]


def previous_status(request: Request, history: Sequence[StatusEvent]) -> Status | None:
    """The column to the left; a closed request goes back to where it was closed from."""
    if request.status is Status.CLOSED:
        for event in reversed(history):
            if event.to_status is Status.CLOSED and event.from_status is not None:
                return event.from_status
        return Status.DISCOVERY
    index = FLOW.index(request.status)
    return FLOW[index - 1] if index else None


def apply_decision(
    request: Request,
    decision: Decision,
    *,
    rationale: str | None,
    planned_weeks: float | None,
    revisit: date | None,
    now: datetime,
) -> Request:
    """``request`` with a decision recorded.

    A rationale or planned effort left as None keeps the current one. Declining or
    deferring plans zero weeks unless told otherwise: that is the effort discovery avoided;
    turning such a decision into build, buy or policy drops those zero weeks again.

    Raises:
        InvalidInput: a revisit date was given for a decision other than defer.
    """
    if revisit is not None and decision is not Decision.DEFER:
        raise InvalidInput("revisit", "a revisit date only applies to defer")
    if planned_weeks is None:
        planned_weeks = request.planned_weeks
        if decision in CLOSE_DECISIONS:
            planned_weeks = 0.0
        elif request.decision in CLOSE_DECISIONS:
            # The zero weeks of a decline no longer apply: fall back to the estimate.
            planned_weeks = None
    return dataclasses.replace(
        request,
        decision=decision,
        rationale=request.rationale if rationale is None else rationale,
        planned_weeks=planned_weeks,
        revisit=revisit if decision is Decision.DEFER else None,
        updated_at=now,
    )
