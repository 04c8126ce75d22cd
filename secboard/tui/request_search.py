"""Finding a request from the command palette: type words or ``#id``, Enter opens it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider
from textual.content import Content

from secboard.domain.board import haystack, matches
from secboard.domain.model import Card
from secboard.domain.text import printable

if TYPE_CHECKING:
    from secboard.tui.app import SecboardApp

MAX_HITS = 20


class RequestSearch(Provider):
    """Requests whose id, title, customer, requester, source or tags hold every word typed."""

    async def search(self, query: str) -> Hits:
        words = query.casefold().split()
        if not words:
            return
        app = cast("SecboardApp", self.app)
        board = app.board_model()
        if board is None:
            return
        exact = _exact_id(words)
        if exact is not None and (card := board.card(exact)) is not None:
            yield _hit(app, card, 1.0)
        elif exact is not None:
            # Not on the board: merged into another (its page says which) or gone.
            yield Hit(
                score=1.0,
                match_display=Content.assemble(
                    (f"#{exact} ", "bold"), ("not on the board (merged?)", "$text-muted")
                ),
                command=partial(app.open_request, exact),
                text=f"#{exact}",
            )
        found = 0
        for card in board.all_cards():
            if card.id != exact and matches(words, haystack(card)):
                found += 1
                yield _hit(app, card, 0.9 - found / (MAX_HITS * 2))
                if found == MAX_HITS:
                    return


def _exact_id(words: list[str]) -> int | None:
    """The id asked for as ``#12`` (or ``12``), when the query is just that."""
    if len(words) == 1 and words[0].lstrip("#").isdigit():
        return int(words[0].lstrip("#"))
    return None


def _hit(app: SecboardApp, card: Card, score: float) -> Hit:
    return Hit(
        score=score,
        match_display=_prompt(card),
        command=partial(app.open_request, card.id),
        text=f"#{card.id} {card.title}",
    )


def _prompt(card: Card) -> Content:
    return Content.assemble(
        (f"#{card.id} ", "bold"),
        printable(card.title),
        (f"  {card.status.label.lower()}", "$text-muted"),
    )
