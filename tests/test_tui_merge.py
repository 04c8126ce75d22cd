"""Merging a request into another from the board and the request screen, with real keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from secboard.domain.model import Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.merge_into import MergeIntoScreen
from secboard.tui.screens.request import RequestScreen
from secboard.workspace import Workspace
from tests.conftest import FakeClock
from tests.tui_helpers import (
    board,
    column_ids,
    notifications,
    press,
    screen_text,
    selected_id,
    settle,
)

SIZE = (160, 45)


@pytest.fixture
def duplicates(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """#1 and #2 are the same ask from two accounts; #3 is something else."""
    workspace = Workspace.open(tmp_path / "merge.db", clock=clock)
    asks = (
        ("SSO/SAML for the admin console", "Acme", "100k"),
        ("SAML single sign-on for admin console", "Globex", "1.2m"),
        ("Pen-test letter", "Initech", "50k"),
    )
    for title, customer, arr in asks:
        clock.advance(minutes=1)
        workspace.add({"title": title, "customer": customer, "arr": arr, "tags": "sso"})
    yield workspace
    workspace.close()


def listed(app: SecboardApp) -> list[int]:
    """The ids the merge dialog lists, top to bottom."""
    targets = app.screen.query_one("#merge-targets", OptionList)
    return [int(targets.get_option_at_index(i).id or 0) for i in range(targets.option_count)]


async def select(pilot: Pilot[None], app: SecboardApp, request_id: int) -> None:
    """Move the board's cursor down to card ``request_id``."""
    while selected_id(app) != request_id:
        await press(pilot, "j")


async def test_merge_from_the_board_moves_the_asks_and_the_card_leaves(
    duplicates: Workspace,
) -> None:
    app = SecboardApp(duplicates)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, app, 2)
        await press(pilot, "M")
        assert isinstance(app.screen, MergeIntoScreen)
        assert "Merge #2 SAML single sign-on for admin console into…" in screen_text(app)
        assert listed(app) == [1, 3]  # the closest title first
        await press(pilot, "enter")
        assert app.screen is board(app)
        assert set(column_ids(app, Status.INTAKE)) == {1, 3}
        assert selected_id(app) == 1
        target = duplicates.request(1)
        assert [ask.account for ask in target.asks] == ["Acme", "Globex"]
        assert duplicates.request(2).merged_into == 1
        assert "Merged #2 into #1 — press u to undo" in notifications(app)
        assert "2 accounts · $1.3M · important" in screen_text(app)
        await press(pilot, "u")
        assert set(column_ids(app, Status.INTAKE)) == {1, 2, 3}
        assert duplicates.request(2).merged_into is None
        assert [ask.account for ask in duplicates.request(1).asks] == ["Acme"]


async def test_the_target_is_found_by_typing_its_words(duplicates: Workspace) -> None:
    app = SecboardApp(duplicates)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, app, 1)
        await press(pilot, "M")
        assert listed(app) == [2, 3]
        await pilot.press(*"pen-test")
        await settle(pilot)
        assert listed(app) == [3]
        await press(pilot, "enter")
        assert duplicates.request(1).merged_into == 3


async def test_merge_into_itself_or_into_a_merged_request_is_one_line_of_refusal(
    duplicates: Workspace,
) -> None:
    duplicates.merge(2, 1)
    app = SecboardApp(duplicates)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, app, 3)
        await press(pilot, "M")
        await pilot.press(*"#2")
        await press(pilot, "enter")
        assert notifications(app) == ["merge: #2 was merged into #1; merge into #1 instead"]
        await press(pilot, "M")
        await pilot.press(*"#3")
        await press(pilot, "enter")
        assert notifications(app)[-1] == "merge: #3 cannot be merged into itself"
        assert duplicates.request(3).merged_into is None
        assert set(column_ids(app, Status.INTAKE)) == {1, 3}


async def test_merge_from_the_request_screen_says_where_it_went(duplicates: Workspace) -> None:
    app = SecboardApp(duplicates)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, app, 2)
        await press(pilot, "enter", "M")
        assert isinstance(app.screen, MergeIntoScreen)
        await pilot.press(*"#1")
        await press(pilot, "enter")
        assert isinstance(app.screen, RequestScreen)
        text = screen_text(app)
        assert "merged into #1" in text
        assert "Its asks moved to #1 with the merge." in text
        await press(pilot, "escape")
        assert 2 not in column_ids(app, Status.INTAKE)


async def test_a_merged_request_found_by_its_id_in_the_palette_says_where_it_went(
    duplicates: Workspace,
) -> None:
    duplicates.merge(2, 1)
    app = SecboardApp(duplicates)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"#2")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RequestScreen)
        assert app.screen.request_id == 2
        assert "merged into #1" in screen_text(app)
