"""SVG snapshots of the main screens, on fixed data with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from secboard.demo import generate
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.conftest import NOW

SnapCompare = Callable[..., bool]
SIZE = (160, 45)


@pytest.fixture
def demo_app(tmp_path: Path) -> Iterator[SecboardApp]:
    """The app on a 40-request demo workspace whose clock stands still."""
    workspace = Workspace.open(tmp_path / "demo.db", clock=lambda: NOW)
    workspace.load(generate(40, 5, NOW))
    yield SecboardApp(workspace)
    workspace.close()


def test_board_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE)


def test_narrow_board_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24))


def test_request_screen_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, press=["l", "enter"], terminal_size=SIZE)


def test_roadmap_snapshot(snap_compare: SnapCompare, demo_app: SecboardApp) -> None:
    assert snap_compare(demo_app, press=["2"], terminal_size=SIZE)
