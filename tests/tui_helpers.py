"""Helpers for driving the TUI in tests."""

from __future__ import annotations

from textual.pilot import Pilot

from secboard.domain.model import Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.board import BoardScreen


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker (database calls included) has finished and the UI caught up."""
    app = pilot.app
    for _ in range(10):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press each key in turn, letting the app settle after each (dialogs open, saves land)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def board(app: SecboardApp) -> BoardScreen:
    """The board screen (the base of the board mode)."""
    screen = app.get_screen_stack("board")[0]
    assert isinstance(screen, BoardScreen)
    return screen


def column_ids(app: SecboardApp, status: Status) -> list[int]:
    """The ids of the cards shown in a board column, top to bottom."""
    return [card.id for card in board(app).columns[status].cards.cards]


def screen_text(app: SecboardApp) -> str:
    """Everything on screen as plain text (what a person would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def selected_id(app: SecboardApp) -> int:
    """The id of the card under the board's cursor."""
    card = board(app).selected_card()
    assert card is not None
    return card.id
