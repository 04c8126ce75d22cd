"""SVG snapshots of the main screens and the dialogs, on fixed data with a fixed clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from secboard.demo import generate
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.conftest import NOW
from tests.tui_helpers import press, settle

SnapCompare = Callable[..., bool]
SIZE = (160, 45)


def after(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Before the snapshot: let the board load, then press ``keys``, each one landing."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return run_before


@pytest.fixture
def demo_app(tmp_path: Path) -> Iterator[SecboardApp]:
    """The app on a 40-request demo workspace whose clock stands still."""
    workspace = Workspace.open(tmp_path / "demo.db", clock=lambda: NOW)
    workspace.load(generate(40, 5, NOW))
    yield SecboardApp(workspace)
    workspace.close()


def test_board_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after())


def test_narrow_board_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=after())


def test_request_screen_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("l", "enter"))


def test_roadmap_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("2"))


# Dialogs float centred over the dimmed screen they act on (the card stays in view).


def test_help_dialog_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("question_mark"))


def test_decide_dialog_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("l", "d"))


def test_move_to_dialog_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after("m"))


def test_export_dialog_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    keys = ("ctrl+p", *"export snapshot", "enter")
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=after(*keys))
