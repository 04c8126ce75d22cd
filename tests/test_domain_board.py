"""The board model: columns, filters, sort orders and incremental updates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from secboard.domain.asks import Importance
from secboard.domain.board import (
    BoardModel,
    SortOrder,
    demand_line,
    due_state,
    haystack,
    sort_cards,
)
from secboard.domain.model import STATUS_ORDER, Card, Source, Status
from tests.conftest import NOW


def card(card_id: int, status: Status = Status.INTAKE, **fields: object) -> Card:
    base = Card(
        id=card_id, title=f"Request {card_id}", source=Source.CUSTOMER, status=status,
        created_at=NOW - timedelta(days=card_id), updated_at=NOW - timedelta(hours=card_id),
        requester=None, customer=None, arr=None, due=None, tags=(), estimate_weeks=None,
        planned_weeks=None, reach=None, impact=None, confidence=None, score=None,
        decision=None, horizon=None, objective=None, checklist_done=0, checklist_total=0,
        version=1,
    )  # fmt: skip
    return base._replace(**fields)


def test_cards_land_in_the_column_of_their_status_newest_update_first() -> None:
    model = BoardModel([card(1), card(2), card(3, Status.SHIPPED)])
    assert [c.id for c in model.columns[Status.INTAKE]] == [1, 2]
    assert [c.id for c in model.columns[Status.SHIPPED]] == [3]
    assert model.totals[Status.INTAKE] == 2
    assert model.total == 3


def test_an_update_moves_a_card_and_reports_both_columns() -> None:
    model = BoardModel([card(1), card(2)])
    touched = model.update([card(2, Status.DISCOVERY, updated_at=NOW)])
    assert touched == {Status.INTAKE, Status.DISCOVERY}
    assert [c.id for c in model.columns[Status.INTAKE]] == [1]
    assert [c.id for c in model.columns[Status.DISCOVERY]] == [2]
    assert model.totals[Status.INTAKE] == 1


def test_a_removed_card_leaves_its_column() -> None:
    model = BoardModel([card(1), card(2)])
    assert model.update([], removed=[1]) == {Status.INTAKE}
    assert [c.id for c in model.columns[Status.INTAKE]] == [2]
    assert model.card(1) is None


def test_filter_needs_every_word_and_counts_stay_unfiltered() -> None:
    model = BoardModel([card(1, customer="Acme", tags=("sso",)), card(2, customer="Acme"), card(3)])
    model.set_filter("ACME sso")
    assert [c.id for c in model.columns[Status.INTAKE]] == [1]
    assert model.totals[Status.INTAKE] == 3
    model.set_filter("#3")
    assert [c.id for c in model.columns[Status.INTAKE]] == [3]


def test_sort_orders() -> None:
    cards = [
        card(1, score=2.0, arr=10, due=date(2027, 1, 5), accounts=1),
        card(2, score=None, arr=None, due=None, accounts=2),
        card(3, score=9.0, arr=500, due=date(2026, 12, 1), accounts=1),
    ]
    model = BoardModel(cards)
    expected = {
        SortOrder.UPDATED: [1, 2, 3],
        SortOrder.SCORE: [3, 1, 2],
        SortOrder.ARR: [3, 1, 2],
        SortOrder.ACCOUNTS: [2, 3, 1],
        SortOrder.DUE: [3, 1, 2],
        SortOrder.AGE: [3, 2, 1],
    }
    for order, ids in expected.items():
        model.set_order(order)
        assert [c.id for c in model.columns[Status.INTAKE]] == ids, order


_SPELLED_OUT = {
    SortOrder.UPDATED: (lambda c: (c.updated_at, c.id), True),
    SortOrder.SCORE: (lambda c: (c.score is None, -(c.score or 0.0), c.id), False),
    SortOrder.ARR: (lambda c: (c.arr is None, -(c.arr or 0), c.id), False),
    SortOrder.ACCOUNTS: (lambda c: (-c.accounts, -(c.arr or 0), c.id), False),
    SortOrder.DUE: (lambda c: (c.due or date.max, c.id), False),
    SortOrder.AGE: (lambda c: (c.created_at, c.id), False),
}
"""Each order as one sort by a whole key, the id last (newest update first)."""


@settings(max_examples=200, deadline=None)
@given(
    fields=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.one_of(st.none(), st.sampled_from([0.0, 1.5, 7.0])),
            st.one_of(st.none(), st.sampled_from([0, 10, 500])),
            st.one_of(st.none(), st.integers(0, 3)),
        ),
        max_size=30,
    ),
    order=st.sampled_from(list(SortOrder)),
)
def test_each_sort_order_is_its_key_then_the_id_for_ties(
    fields: list[tuple[int, float | None, int | None, int | None]], order: SortOrder
) -> None:
    # Few distinct values, so most cards tie on the order's own key; given newest id first.
    cards: list[Card] = []
    for card_id, (hours, score, arr, due) in reversed(list(enumerate(fields, start=1))):
        moment = NOW - timedelta(hours=hours)
        on = None if due is None else date(2027, 1, 1 + due)
        made = card(
            card_id,
            updated_at=moment,
            created_at=moment,
            score=score,
            arr=arr,
            due=on,
            accounts=card_id % 3,
        )
        cards.append(made)
    key, reverse = _SPELLED_OUT[order]
    assert sort_cards(cards, order) == sorted(cards, key=key, reverse=reverse)


def test_the_demand_line_counts_accounts_or_names_the_one_or_the_team() -> None:
    several = card(1, accounts=3, customer="Acme", arr=1_200_000, importance=Importance.BLOCKER)
    one = card(2, accounts=1, customer="Acme", arr=120_000, importance=Importance.CRITICAL)
    internal = card(3, requester="IT team", importance=Importance.NICE)
    assert demand_line(several) == "3 accounts · $1.2M · blocker"
    assert demand_line(one) == "Acme · $120k · critical"
    assert demand_line(internal) == "IT team · nice"
    assert demand_line(card(4)) == "–"


def test_sort_cycle_visits_every_order_and_returns() -> None:
    order = SortOrder.UPDATED
    seen = []
    for _ in SortOrder:
        seen.append(order)
        order = order.following()
    assert set(seen) == set(SortOrder)
    assert order is SortOrder.UPDATED


def test_due_marks_only_open_requests_due_soon_or_late() -> None:
    today = NOW.date()
    assert due_state(card(1, due=today - timedelta(days=1)), today) == "overdue"
    assert due_state(card(1, due=today + timedelta(days=14)), today) == "soon"
    assert due_state(card(1, due=today + timedelta(days=15)), today) is None
    assert due_state(card(1, Status.SHIPPED, due=today - timedelta(days=3)), today) is None


def test_haystack_holds_id_title_people_source_and_tags() -> None:
    text = haystack(card(7, customer="Globex", requester="Dana", tags=("SSO",)))
    for word in ("#7", "request 7", "globex", "dana", "customer", "sso"):
        assert word in text


_changes = st.lists(
    st.tuples(
        st.integers(1, 30),
        st.sampled_from(STATUS_ORDER),
        st.integers(0, 5),
        st.one_of(st.none(), st.floats(0, 10)),
        st.booleans(),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(
    start=_changes,
    steps=st.lists(_changes, max_size=6),
    order=st.sampled_from(list(SortOrder)),
    text=st.sampled_from(["", "acme", "#1", "sso acme"]),
)
def test_cards_changed_one_by_one_land_where_a_full_sort_puts_them(
    start: list[tuple[int, Status, int, float | None, bool]],
    steps: list[list[tuple[int, Status, int, float | None, bool]]],
    order: SortOrder,
    text: str,
) -> None:
    # Ties in the sort key (the same update time, the same score) are broken by id, so
    # placing a changed card by bisection must give exactly the fully sorted column.
    def made(change: tuple[int, Status, int, float | None, bool]) -> Card:
        card_id, status, hours, score, acme = change
        return card(
            card_id, status, updated_at=NOW - timedelta(hours=hours), score=score,
            customer="Acme" if acme else None, tags=("sso",) if card_id % 2 else (),
        )  # fmt: skip

    model = BoardModel([made(change) for change in start], order=order)
    model.set_filter(text)
    for step in steps:
        removed = [card_id for card_id, _, hours, _, _ in step if hours == 0]
        model.update([made(c) for c in step if c[2] != 0], removed=removed)
    expected = BoardModel(model.all_cards(), order=order)
    expected.set_filter(text)
    assert model.columns == expected.columns
    assert model.totals == expected.totals


def test_the_owner_filter_keeps_only_that_persons_cards_case_and_space_aside() -> None:
    model = BoardModel([card(1, owner=" PM "), card(2, owner="dana"), card(3), card(4, owner="pm")])
    model.set_owner("pm")
    assert [c.id for c in model.columns[Status.INTAKE]] == [1, 4]
    assert model.totals[Status.INTAKE] == 4
    model.set_owner(None)
    assert [c.id for c in model.columns[Status.INTAKE]] == [1, 2, 3, 4]


def test_the_owner_filter_combines_with_the_words_and_follows_updates() -> None:
    model = BoardModel([card(1, owner="pm", customer="Acme"), card(2, owner="pm")])
    model.set_owner("pm")
    model.set_filter("acme")
    assert [c.id for c in model.columns[Status.INTAKE]] == [1]
    model.set_filter("")
    model.update([card(2, owner="dana"), card(3, Status.DISCOVERY, owner="Pm")])
    assert [c.id for c in model.columns[Status.INTAKE]] == [1]
    assert [c.id for c in model.columns[Status.DISCOVERY]] == [3]
