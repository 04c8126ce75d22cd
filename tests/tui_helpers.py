"""Helpers for driving the TUI in tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from secboard.domain.model import Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.board import BoardScreen

SETTLE_SECONDS = 60.0
"""How long the app may take to go quiet before a test says so (a busy CI machine is slow)."""


async def settle(pilot: Pilot[None], timeout: float = SETTLE_SECONDS) -> None:
    """Wait until the app is quiet: no worker running and every queued event handled.

    Quiet means two rounds in a row in which, after the screen handled what was queued,
    no worker was running: a key handled in one round may start a worker or post an
    event that only the next round sees. An app that never goes quiet fails the test
    with the names of the workers still running, rather than hanging it or carrying on
    half-settled.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet_rounds = 0
    while quiet_rounds < 2:
        # Polled, not awaited: waiting on a worker and giving up would cancel it.
        await pilot.pause()
        running = [worker.name or repr(worker) for worker in app.workers if worker.is_running]
        quiet_rounds = 0 if running else quiet_rounds + 1
        if running and time.monotonic() > deadline:
            raise AssertionError(
                f"the app did not go quiet within {timeout:g} s; still running: {running}"
            )


async def until(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = SETTLE_SECONDS
) -> None:
    """Wait until ``condition`` holds, handling events meanwhile.

    For a moment when a worker waits on purpose (for the answer to a dialog it opened),
    so the app is never quiet and :func:`settle` would wait in vain.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {timeout:g} s")
        await pilot.pause()


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


def notifications(app: SecboardApp) -> list[str]:
    """The messages of the notifications the app is showing, oldest first."""
    return [str(notification.message) for notification in app._notifications]


def highlighted(screen: BoardScreen) -> list[Status]:
    """The board columns drawn as the current one (there is always exactly one)."""
    return [status for status, column in screen.columns.items() if column.cards.active]
