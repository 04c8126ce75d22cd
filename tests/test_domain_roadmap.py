"""Roadmap lanes, groups and objective progress."""

from __future__ import annotations

from datetime import timedelta

from secboard.domain.board import SortOrder
from secboard.domain.model import Card, Horizon, Objective, ObjectiveStatus, Source, Status
from secboard.domain.roadmap import build_lanes, effective_horizon, neighbour_horizon, progress
from tests.conftest import NOW


def card(card_id: int, status: Status, **fields: object) -> Card:
    base = Card(
        id=card_id,
        title=f"Request {card_id}",
        source=Source.CUSTOMER,
        status=status,
        created_at=NOW - timedelta(days=30),
        updated_at=NOW - timedelta(days=1),
        requester=None,
        customer=None,
        arr=None,
        due=None,
        tags=(),
        estimate_weeks=None,
        planned_weeks=None,
        reach=None,
        impact=None,
        confidence=None,
        score=None,
        decision=None,
        horizon=None,
        objective=None,
        checklist_done=0,
        checklist_total=0,
        version=1,
    )
    return base._replace(**fields)


OBJECTIVES = [
    Objective("O1", "Unblock EMEA deals"),
    Objective("O2", "Old goal", status=ObjectiveStatus.DONE),
    Objective("O3", "FedRAMP"),
]


def test_unplaced_work_sits_in_now_when_in_progress_and_next_when_committed() -> None:
    assert effective_horizon(card(1, Status.IN_PROGRESS)) is Horizon.NOW
    assert effective_horizon(card(2, Status.COMMITTED)) is Horizon.NEXT
    assert effective_horizon(card(3, Status.COMMITTED, horizon=Horizon.LATER)) is Horizon.LATER


def test_neighbour_horizon_stops_at_both_ends() -> None:
    assert neighbour_horizon(Horizon.NEXT, -1) is Horizon.NOW
    assert neighbour_horizon(Horizon.NEXT, 1) is Horizon.LATER
    assert neighbour_horizon(Horizon.NOW, -1) is None
    assert neighbour_horizon(Horizon.LATER, 1) is None


def test_lanes_group_by_objective_with_unlinked_work_first() -> None:
    cards = [
        card(1, Status.COMMITTED, horizon=Horizon.NOW, objective="O3", score=5.0),
        card(2, Status.COMMITTED, horizon=Horizon.NOW, objective="O1", score=1.0),
        card(3, Status.COMMITTED, horizon=Horizon.NOW, objective="O1", score=9.0),
        card(4, Status.IN_PROGRESS, horizon=Horizon.NOW),
        card(5, Status.INTAKE, horizon=Horizon.NOW, objective="O1"),
    ]
    now, _next, _later = build_lanes(cards, OBJECTIVES, NOW)
    assert [g.objective.key if g.objective else None for g in now.groups] == [None, "O1", "O3"]
    assert [c.id for c in now.groups[1].cards] == [3, 2]
    assert now.count == 4


def test_active_objectives_come_before_closed_ones() -> None:
    cards = [
        card(1, Status.COMMITTED, objective="O2"),
        card(2, Status.COMMITTED, objective="O3"),
    ]
    _now, next_lane, _later = build_lanes(cards, OBJECTIVES, NOW)
    assert [g.objective.key for g in next_lane.groups if g.objective] == ["O3", "O2"]


def test_recently_shipped_work_is_ticked_at_the_bottom_of_now_only() -> None:
    cards = [
        card(1, Status.SHIPPED, updated_at=NOW - timedelta(days=3)),
        card(2, Status.SHIPPED, updated_at=NOW - timedelta(days=40)),
    ]
    now, next_lane, later = build_lanes(cards, OBJECTIVES, NOW)
    assert [c.id for c in now.shipped] == [1]
    assert next_lane.shipped == later.shipped == ()


def test_lanes_can_be_ordered_by_arr() -> None:
    cards = [
        card(1, Status.COMMITTED, arr=10, score=9.0),
        card(2, Status.COMMITTED, arr=500, score=1.0),
    ]
    _now, next_lane, _later = build_lanes(cards, OBJECTIVES, NOW, order=SortOrder.ARR)
    assert [c.id for c in next_lane.groups[0].cards] == [2, 1]


def test_objective_progress_counts_shipped_of_linked_and_the_arr_tied() -> None:
    cards = [
        card(1, Status.SHIPPED, objective="O1", arr=100),
        card(2, Status.COMMITTED, objective="O1", arr=50),
        card(3, Status.SHIPPED, objective="O3", arr=999),
    ]
    done = progress(OBJECTIVES[0], cards)
    assert (done.linked, done.shipped, done.arr) == (2, 1, 150)
    assert done.label == "1/2 shipped"


def test_objective_progress_of_redacted_arr_is_unknown_not_zero() -> None:
    cards = [card(1, Status.SHIPPED, objective="O1")]

    done = progress(OBJECTIVES[0], cards, arr_redacted=True)

    assert done.arr is None
    assert done.arr_label == "ARR redacted"
    assert progress(OBJECTIVES[0], cards).arr_label == "$0 tied"
