"""The roadmap as data: committed work in Now / Next / Later, grouped by objective.

Requests with no objective are grouped apart, first, so unlinked work is seen: work
that serves no business objective is the smell a roadmap exists to expose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from secboard.domain.board import SortOrder, sort_cards
from secboard.domain.model import Card, Horizon, Objective, ObjectiveStatus, Status
from secboard.domain.text import REDACTED, format_money

RECENTLY_SHIPPED_DAYS = 14
"""Shipped requests stay ticked at the bottom of Now for this long."""

HORIZON_ORDER: tuple[Horizon, ...] = (Horizon.NOW, Horizon.NEXT, Horizon.LATER)
ON_ROADMAP = frozenset({Status.COMMITTED, Status.IN_PROGRESS})


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an objective has come: requests shipped of those linked, and ARR tied."""

    linked: int
    shipped: int
    arr: int | None
    """ARR of the linked requests; None when the workspace's ARR was redacted."""

    @property
    def label(self) -> str:
        """E.g. ``3/5 shipped``."""
        return f"{self.shipped}/{self.linked} shipped"

    @property
    def arr_label(self) -> str:
        """E.g. ``$120k tied``; ``ARR redacted`` when it is unknown, which is not $0."""
        return f"ARR {REDACTED}" if self.arr is None else f"{format_money(self.arr)} tied"


@dataclass(frozen=True, slots=True)
class Group:
    """The requests of one lane serving one objective (None: no objective)."""

    objective: Objective | None
    cards: tuple[Card, ...]

    @property
    def arr(self) -> int:
        """ARR tied to the group's requests."""
        return sum(card.arr or 0 for card in self.cards)


@dataclass(frozen=True, slots=True)
class Lane:
    """One horizon: its groups, and (for Now) what shipped recently."""

    horizon: Horizon
    groups: tuple[Group, ...]
    shipped: tuple[Card, ...] = field(default=())

    @property
    def count(self) -> int:
        """Requests planned in this lane (shipped ones not counted)."""
        return sum(len(group.cards) for group in self.groups)


def effective_horizon(card: Card) -> Horizon:
    """Where a card sits: its horizon, else Now when in progress and Next when committed."""
    if card.horizon is not None:
        return card.horizon
    return Horizon.NOW if card.status is Status.IN_PROGRESS else Horizon.NEXT


def neighbour_horizon(horizon: Horizon, step: int) -> Horizon | None:
    """The horizon ``step`` lanes away (negative: towards Now), or None past either end."""
    index = HORIZON_ORDER.index(horizon) + step
    return HORIZON_ORDER[index] if 0 <= index < len(HORIZON_ORDER) else None


def progress(
    objective: Objective, cards: Iterable[Card], *, arr_redacted: bool = False
) -> Progress:
    """Requests linked to ``objective``: how many, how many shipped, the ARR tied.

    With ``arr_redacted`` (a redacted snapshot) the ARR tied is unknown: None.
    """
    linked = [card for card in cards if card.objective == objective.key]
    return Progress(
        linked=len(linked),
        shipped=sum(card.status is Status.SHIPPED for card in linked),
        arr=None if arr_redacted else sum(card.arr or 0 for card in linked),
    )


def build_lanes(
    cards: Sequence[Card],
    objectives: Sequence[Objective],
    now: datetime,
    *,
    order: SortOrder = SortOrder.SCORE,
) -> tuple[Lane, ...]:
    """The three lanes of the roadmap, groups in objective order, cards in ``order``."""
    by_key = {objective.key: objective for objective in objectives}
    ranked = sorted(
        objectives, key=lambda o: (o.status is not ObjectiveStatus.ACTIVE, objectives.index(o))
    )
    planned: dict[Horizon, list[Card]] = {horizon: [] for horizon in HORIZON_ORDER}
    for card in cards:
        if card.status in ON_ROADMAP:
            planned[effective_horizon(card)].append(card)
    since = now - timedelta(days=RECENTLY_SHIPPED_DAYS)
    shipped = sort_cards(
        [c for c in cards if c.status is Status.SHIPPED and c.updated_at >= since],
        SortOrder.UPDATED,
    )
    lanes = []
    for horizon in HORIZON_ORDER:
        groups: list[Group] = []
        unlinked = [c for c in planned[horizon] if c.objective not in by_key]
        if unlinked:
            groups.append(Group(None, tuple(sort_cards(unlinked, order))))
        for objective in ranked:
            linked = [c for c in planned[horizon] if c.objective == objective.key]
            if linked:
                groups.append(Group(objective, tuple(sort_cards(linked, order))))
        lanes.append(Lane(horizon, tuple(groups), tuple(shipped) if horizon is Horizon.NOW else ()))
    return tuple(lanes)
