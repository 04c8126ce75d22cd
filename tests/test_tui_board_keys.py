"""The second keys people bring from other tools, pressed on the board."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from secboard.domain.board import SortOrder
from secboard.domain.model import Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.capture import CaptureScreen
from secboard.tui.screens.force_move import ForceMoveScreen
from secboard.tui.screens.help import HelpScreen
from secboard.tui.widgets.key_bar import KeyBar
from secboard.workspace import Workspace
from tests.conftest import FakeClock
from tests.tui_helpers import (
    board,
    column_ids,
    highlighted,
    notifications,
    press,
    screen_text,
    selected_id,
    settle,
)

SIZE = (160, 45)


@pytest.fixture
def small(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """A workspace with two requests in intake."""
    workspace = Workspace.open(tmp_path / "small.db", clock=clock)
    for title in ("SSO for the admin console", "Pen-test letter"):
        clock.advance(minutes=1)
        workspace.add({"title": title, "customer": "Acme"})
    yield workspace
    workspace.close()


def help_line(app: SecboardApp, words: str) -> str:
    """The line of the help screen that holds ``words``."""
    return next(line for line in screen_text(app).splitlines() if words in line)


async def test_square_brackets_switch_columns(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "right_square_bracket", "right_square_bracket")
        assert board(app).active is Status.COMMITTED
        assert highlighted(board(app)) == [board(app).active]
        await press(pilot, "left_square_bracket")
        assert board(app).active is Status.DISCOVERY


async def test_shift_h_and_l_move_the_card_under_the_lifecycle_rules(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        request_id = selected_id(app)
        await press(pilot, "L")
        assert small.request(request_id).status is Status.DISCOVERY
        assert board(app).active is Status.DISCOVERY
        await press(pilot, "L")
        assert isinstance(app.screen, ForceMoveScreen)
        assert "no decision yet" in screen_text(app)
        await press(pilot, "escape", "H")
        assert small.request(request_id).status is Status.INTAKE
        await press(pilot, "H")
        assert small.request(request_id).status is Status.INTAKE
        refusal = notifications(app)[-1]
        assert f"#{request_id} is at the start of the flow" in refusal
        assert "\n" not in refusal


async def test_c_captures_and_ctrl_z_undoes(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press(*"Audit log export")
        await press(pilot, "enter")
        assert "Audit log export" in [card.title for card in small.cards()]
        await press(pilot, "ctrl+z")
        assert "Audit log export" not in [card.title for card in small.cards()]
        assert len(column_ids(app, Status.INTAKE)) == 2


async def test_help_and_palette_show_the_second_keys(small: Workspace) -> None:
    app = SecboardApp(small)
    # Tall enough that help shows the whole board section without scrolling.
    async with app.run_test(size=(160, 90)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "n c" in help_line(app, "Quick capture")
        assert "u ctrl+z" in help_line(app, "Take back the last change")
        assert "l right ] tab" in help_line(app, "Next column")
        # Too long for the key column: the help screen wraps it.
        assert "h left [" in help_line(app, "Previous column")
        assert "shift+tab" in screen_text(app)
        assert "> L" in help_line(app, "Move the request to the next column")
        assert "< H" in help_line(app, "Move the request back a column")
        await press(pilot, "escape", "ctrl+p")
        await pilot.press(*"Right")
        await settle(pilot)
        assert "Next column · key l right ] tab" in screen_text(app)
        await press(pilot, "enter")
        assert board(app).active is Status.DISCOVERY


async def test_a_key_given_to_another_command_in_keys_toml_is_that_command_s(
    small: Workspace,
) -> None:
    app = SecboardApp(small, keymap={"board.sort": "c", "app.undo": "U"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert board(app).model.order is SortOrder.SCORE
        assert not isinstance(app.screen, CaptureScreen)
        await press(pilot, "question_mark")
        assert "n" in help_line(app, "Quick capture").split()
        assert "c" not in help_line(app, "Quick capture").split()
        assert "ctrl+z" not in help_line(app, "Take back the last change")
        await press(pilot, "escape", "greater_than_sign", "ctrl+z")
        assert len([c for c in small.cards() if c.status is Status.DISCOVERY]) == 1
        await press(pilot, "U")
        assert all(card.status is Status.INTAKE for card in small.cards())


async def test_the_first_footer_drawn_shows_the_remapped_keys(small: Workspace) -> None:
    app = SecboardApp(small, keymap={"board.sort": "c", "app.help": "f1"})
    async with app.run_test(size=SIZE) as pilot:
        footer = str(app.screen.query_one(KeyBar).render())
        await settle(pilot)
        assert "c\u00a0Sort" in footer
        assert "f1\u00a0Help" in footer
        assert "s\u00a0Sort" not in footer


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ("ctrl+shift+alt+banana", "'ctrl+shift+alt+banana' is not a key"),
        ("", "no key given"),
        ("f99", "'f99' is not a key"),
        ("c,", "no key given"),
        ("shift+ctrl+s", "'shift+ctrl+s' is never sent in this form; write ctrl+shift+s"),
        ("hyperx+s", "'hyperx' is not a modifier"),
    ],
)
async def test_a_key_that_cannot_be_pressed_is_reported_and_the_default_kept(
    small: Workspace, keys: str, problem: str
) -> None:
    app = SecboardApp(small, keymap={"board.sort": keys, "app.help": "f1"})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        (notice,) = notifications(app)
        assert notice.startswith("1 problem in keys.toml (default keys kept for them); first: ")
        assert problem in notice
        assert "s\u00a0Sort" in str(app.screen.query_one(KeyBar).render())
        await press(pilot, "s")
        assert board(app).model.order is SortOrder.SCORE
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert "s" in help_line(app, "Cycle the order").split()


async def test_a_keymap_full_of_problems_gives_one_short_line(small: Workspace) -> None:
    keymap = {f"board.nope{index}": "x" * 5_000 for index in range(2_000)}
    app = SecboardApp(small, keymap={**keymap, "board.sort": "f99"})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        (notice,) = notifications(app)
        assert notice.startswith("2,001 problems in keys.toml (default keys kept for them); ")
        assert notice.endswith("first: 'board.nope0' is not a command id")
        assert app.keymap == {}


async def test_o_shows_only_my_requests_says_so_and_shows_all_again(
    small: Workspace, tmp_path: Path
) -> None:
    mine, theirs = (card.id for card in sorted(small.cards(), key=lambda card: card.id))
    small.edit(mine, {"owner": " PM "})
    small.edit(theirs, {"owner": "dana"})
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert sorted(column_ids(app, Status.INTAKE)) == [mine, theirs]
        await press(pilot, "o")
        assert column_ids(app, Status.INTAKE) == [mine]
        assert "only mine: pm (o shows all)" in screen_text(app)
    # Remembered for the next start, as the sort and the text filter are.
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert column_ids(app, Status.INTAKE) == [mine]
        await press(pilot, "o")
        assert sorted(column_ids(app, Status.INTAKE)) == [mine, theirs]
        assert "only mine" not in screen_text(app)
