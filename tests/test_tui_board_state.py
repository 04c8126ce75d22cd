"""The board's sort and filter are remembered across restarts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from secboard import config
from secboard.domain.board import SortOrder
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.tui_helpers import board, press, screen_text, settle

SIZE = (160, 45)


async def test_sort_and_filter_come_back_after_a_restart(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s", "slash")
        await pilot.press(*"incident", "enter")
        await settle(pilot)
    again = SecboardApp(demo)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board(again).model.order is SortOrder.SCORE
        assert board(again).model.filter_text == "incident"
        assert "filter: incident" in screen_text(again)


@pytest.mark.parametrize(
    "content", ['{"sort": "score", "filter": "x"', '{"sort": "nonsense"}', "[1]", "\xff"]
)
async def test_a_broken_state_file_gives_the_defaults(demo: Workspace, content: str) -> None:
    folder = config.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / config.BOARD_STATE_FILE).write_bytes(content.encode("latin-1"))
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board(app).model.order is SortOrder.UPDATED
        assert board(app).model.filter_text == ""


def test_unknown_values_are_dropped_and_the_file_is_replaced_whole(tmp_path: Path) -> None:
    (tmp_path / config.BOARD_STATE_FILE).write_text('{"sort": 1, "filter": "x", "y": "z"}')
    assert config.load_board_state(tmp_path) == {"filter": "x"}
    config.save_board_state({"sort": "arr", "filter": ""}, tmp_path)
    assert config.load_board_state(tmp_path) == {"sort": "arr", "filter": ""}
    assert os.listdir(tmp_path) == [config.BOARD_STATE_FILE]
