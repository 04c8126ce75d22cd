"""The board as data: cards grouped into columns, filtered and sorted.

Kept apart from the widgets so the rules (what a filter matches, how each sort orders
cards, which columns a change touches) are plain functions with plain tests, and so a
change to one card re-sorts one or two columns instead of rebuilding the board.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any, Protocol

from secboard.domain.asks import Importance
from secboard.domain.model import STATUS_ORDER, Card, Decision, Status
from secboard.domain.text import format_money

DUE_SOON_DAYS = 14
"""A due date this close (or past) marks the card."""


class SortOrder(StrEnum):
    """How cards are ordered within a column."""

    UPDATED = "updated"
    SCORE = "score"
    ARR = "arr"
    ACCOUNTS = "accounts"
    DUE = "due"
    AGE = "age"

    @property
    def label(self) -> str:
        """How the board header names this order."""
        return {
            SortOrder.UPDATED: "recently updated",
            SortOrder.SCORE: "score (RICE)",
            SortOrder.ARR: "ARR at stake",
            SortOrder.ACCOUNTS: "accounts asking",
            SortOrder.DUE: "due date",
            SortOrder.AGE: "oldest first",
        }[self]

    def following(self) -> SortOrder:
        """The next order in the cycle."""
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


_FAR_FUTURE = date.max
_ORDER_KEYS: dict[SortOrder, Callable[[Card], Any]] = {
    SortOrder.UPDATED: attrgetter("updated_at"),
    SortOrder.SCORE: lambda c: (c.score is None, -(c.score or 0.0)),
    SortOrder.ARR: lambda c: (c.arr is None, -(c.arr or 0)),
    # Most accounts first; among as many, the most ARR at stake.
    SortOrder.ACCOUNTS: lambda c: (-c.accounts, -(c.arr or 0)),
    SortOrder.DUE: lambda c: c.due or _FAR_FUTURE,
    SortOrder.AGE: attrgetter("created_at"),
}
"""What each order sorts by, before the id that breaks ties."""
_BY_ID = attrgetter("id")


def _sort_key(order: SortOrder) -> Callable[[Card], Any]:
    """The whole key of ``order``: what it sorts by, then the id."""
    key = _ORDER_KEYS[order]
    return lambda card: (key(card), card.id)


_NEWEST_FIRST = frozenset({SortOrder.UPDATED})


def sort_cards(cards: Iterable[Card], order: SortOrder) -> list[Card]:
    """``cards`` in the given order (ties broken by id).

    Sorted twice, by id and then (stably) by the order's own key: the same order as one
    sort by both, but comparing plain values instead of tuples is several times quicker,
    and cards read in id order are already sorted for the first pass.
    """
    reverse = order in _NEWEST_FIRST
    ordered = sorted(cards, key=_BY_ID, reverse=reverse)
    ordered.sort(key=_ORDER_KEYS[order], reverse=reverse)
    return ordered


@dataclass(frozen=True, slots=True)
class _Descending:
    """A sort key that orders the other way round (for bisecting a newest-first column)."""

    key: Any

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.key < self.key)


def _position_key(order: SortOrder) -> Callable[[Card], Any]:
    """A key that increases along a column sorted by ``order`` (what bisect needs)."""
    key = _sort_key(order)
    if order in _NEWEST_FIRST:
        return lambda card: _Descending(key(card))
    return key


INCREMENTAL_LIMIT = 64
"""Up to this many changed cards in a column are placed one by one; more re-sort it."""


REVISIT_WORD = "revisit"
"""The word a card due for revisit shows and a filter finds it by."""


class Deferrable(Protocol):
    """A request or card: what deciding whether to look at it again needs."""

    @property
    def decision(self) -> Decision | None: ...
    @property
    def revisit(self) -> date | None: ...
    @property
    def status(self) -> Status: ...


def due_for_revisit(item: Deferrable, today: date) -> bool:
    """True for a deferred request, not shipped, whose revisit date has come."""
    return (
        item.decision is Decision.DEFER
        and item.revisit is not None
        and item.revisit <= today
        and item.status is not Status.SHIPPED
    )


def revisit_warning(revisit: date | None, today: date) -> str | None:
    """What to say when a deferral is given a revisit date that has already passed."""
    if revisit is None or revisit >= today:
        return None
    return f"the revisit date {revisit.isoformat()} is in the past: it is due for revisit now"


def haystack(card: Card, today: date | None = None) -> str:
    """The lower-cased text a filter searches: id, title, customer, requester, source, tags.

    With ``today``, a card due for revisit also holds the word ``revisit``, so the filter
    finds what its badge shows.
    """
    parts = [
        f"#{card.id}",
        card.title,
        card.customer or "",
        card.requester or "",
        card.source.value,
    ]
    parts.extend(card.tags)
    if today is not None and due_for_revisit(card, today):
        parts.append(REVISIT_WORD)
    return " ".join(parts).casefold()


class WithDemand(Protocol):
    """A request or card: what its one-line demand needs."""

    @property
    def accounts(self) -> int: ...
    @property
    def customer(self) -> str | None: ...
    @property
    def requester(self) -> str | None: ...
    @property
    def arr(self) -> int | None: ...
    @property
    def importance(self) -> Importance | None: ...


def demand_line(item: WithDemand) -> str:
    """Who asks and how much it is worth, in a few words.

    ``3 accounts · $1.2M · blocker`` for several accounts; the account's name for one
    (``Acme · $120k · critical``); the requester (a team) for an internal ask; ``–`` when
    nobody asked. The text is raw: whoever shows it makes it printable.
    """
    if item.accounts > 1:
        who = f"{item.accounts:,} accounts"
    elif item.accounts == 1 and item.customer:
        who = item.customer
    else:
        who = item.requester or ""
    parts = [who] if who else []
    if item.arr is not None:
        parts.append(format_money(item.arr))
    if item.importance is not None:
        parts.append(item.importance.value)
    return " · ".join(parts) or "–"


def same_person(name: str | None, other: str) -> bool:
    """True when ``name`` is ``other``, case and surrounding space aside."""
    return name is not None and name.strip().casefold() == other.strip().casefold()


def matches(words: list[str], text: str) -> bool:
    """True when every filter word occurs in ``text``."""
    return all(word in text for word in words)


def due_state(card: Card, today: date) -> str | None:
    """``"overdue"``, ``"soon"`` or None, for cards still open."""
    if card.due is None or card.status in (Status.SHIPPED, Status.CLOSED):
        return None
    days = (card.due - today).days
    if days < 0:
        return "overdue"
    if days <= DUE_SOON_DAYS:
        return "soon"
    return None


class BoardModel:
    """Every card, and the filtered, sorted column each one belongs in."""

    def __init__(
        self,
        cards: Iterable[Card] = (),
        *,
        order: SortOrder = SortOrder.UPDATED,
        today: date | None = None,
    ) -> None:
        self.order = order
        self.today = today
        """The day "due for revisit" is judged on (None: never)."""
        self.filter_text = ""
        self.owner: str | None = None
        """Show only the cards this person owns (None: everyone's)."""
        self._words: list[str] = []
        self._cards: dict[int, Card] = {}
        self._by_status: dict[Status, dict[int, Card]] = {s: {} for s in STATUS_ORDER}
        self._haystacks: dict[int, str] = {}
        self.columns: dict[Status, list[Card]] = {status: [] for status in STATUS_ORDER}
        """The cards shown in each column: filtered and sorted."""
        self.totals: dict[Status, int] = dict.fromkeys(STATUS_ORDER, 0)
        """How many cards each status holds, before filtering."""
        self.replace_all(cards)

    @property
    def total(self) -> int:
        """How many cards the board holds (before filtering)."""
        return len(self._cards)

    def all_cards(self) -> list[Card]:
        """Every card, newest first (the order a search lists them in)."""
        return sorted(self._cards.values(), key=lambda card: -card.id)

    def card(self, card_id: int) -> Card | None:
        """The card with this id, if any."""
        return self._cards.get(card_id)

    def set_today(self, today: date) -> None:
        """Judge "due for revisit" on ``today`` from now on (a new day re-filters)."""
        if today != self.today:
            self.today = today
            self._haystacks.clear()
            if self._words:
                self._rebuild(STATUS_ORDER)

    def replace_all(self, cards: Iterable[Card]) -> None:
        """Start over with ``cards``."""
        self._cards = {card.id: card for card in cards}
        self._by_status = {status: {} for status in STATUS_ORDER}
        for card in self._cards.values():
            self._by_status[card.status][card.id] = card
        self._haystacks.clear()
        self._rebuild(STATUS_ORDER)

    def update(self, cards: Iterable[Card], removed: Iterable[int] = ()) -> set[Status]:
        """Apply changed and removed cards; returns the columns whose content changed.

        A few changed cards are taken out of and placed into their sorted columns one by
        one, so a card move costs the same on a board of any size.
        """
        leaving: dict[Status, list[Card]] = {}
        arriving: dict[Status, list[Card]] = {}
        for card_id in removed:
            old = self._cards.pop(card_id, None)
            self._haystacks.pop(card_id, None)
            if old is not None:
                leaving.setdefault(old.status, []).append(old)
                del self._by_status[old.status][card_id]
        for card in {card.id: card for card in cards}.values():
            old = self._cards.get(card.id)
            if old is not None:
                leaving.setdefault(old.status, []).append(old)
                del self._by_status[old.status][card.id]
            arriving.setdefault(card.status, []).append(card)
            self._cards[card.id] = card
            self._by_status[card.status][card.id] = card
            self._haystacks.pop(card.id, None)
        touched = set(leaving) | set(arriving)
        resort: list[Status] = []
        for status in touched:
            gone, new = leaving.get(status, []), arriving.get(status, [])
            if len(gone) + len(new) > INCREMENTAL_LIMIT:
                resort.append(status)
            else:
                self._place(status, gone, new)
        self._rebuild(resort)
        return touched

    def set_filter(self, text: str) -> None:
        """Show only cards matching every word of ``text`` (case-insensitive)."""
        self.filter_text = text
        self._words = text.casefold().split()
        self._rebuild(STATUS_ORDER)

    def set_owner(self, owner: str | None) -> None:
        """Show only the cards ``owner`` owns (case and surrounding space aside); None: all."""
        self.owner = owner
        self._rebuild(STATUS_ORDER)

    def _shown(self, card: Card) -> bool:
        """True when ``card`` passes the owner filter and every filter word."""
        if self.owner is not None and not same_person(card.owner, self.owner):
            return False
        return not self._words or matches(self._words, self._haystack(card))

    def set_order(self, order: SortOrder) -> None:
        """Re-sort every column."""
        self.order = order
        self._rebuild(STATUS_ORDER)

    def _place(self, status: Status, gone: list[Card], new: list[Card]) -> None:
        """Take ``gone`` out of a sorted column and put the shown ones of ``new`` in."""
        column = self.columns[status]
        position = _position_key(self.order)
        for old in gone:
            index = bisect_left(column, position(old), key=position)
            if index < len(column) and column[index].id == old.id:
                del column[index]
        for card in new:
            if not self._shown(card):
                continue
            column.insert(bisect_left(column, position(card), key=position), card)
        self.totals[status] = len(self._by_status[status])

    def _haystack(self, card: Card) -> str:
        text = self._haystacks.get(card.id)
        if text is None:
            text = self._haystacks[card.id] = haystack(card, self.today)
        return text

    def _rebuild(self, statuses: Iterable[Status]) -> None:
        words = self._words
        haystacks = self._haystacks
        if words and len(haystacks) < len(self._cards):
            # Built on the first filter, not at start-up: most sessions never filter.
            for card in self._cards.values():
                if card.id not in haystacks:
                    haystacks[card.id] = haystack(card, self.today)
        for status in set(statuses):
            cards = self._by_status[status]
            self.totals[status] = len(cards)
            shown = (
                [c for c in cards.values() if self._shown(c)]
                if words or self.owner is not None
                else cards.values()
            )
            self.columns[status] = sort_cards(shown, self.order)
