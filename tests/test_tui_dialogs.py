"""Every dialog floats in the middle of the screen, over a dimmed view of what it acts on."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen
from textual.widget import Widget

from secboard.demo import generate
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.conftest import NOW
from tests.tui_helpers import press, settle

SIZE = (120, 40)

DIALOGS = {
    "help": ["question_mark"],
    "quick capture": ["n"],
    "edit": ["e"],
    "move to": ["m"],
    "decide": ["l", "d"],
    "delete": ["x"],
    "export": ["ctrl+p", *"export snapshot", "enter"],
    "link to objective": ["2", "o"],
    "objectives": ["2", "O"],
}


@pytest.fixture
def demo_workspace(db_path, clock) -> Workspace:
    workspace = Workspace.open(db_path, clock=clock)
    workspace.load(generate(40, 5, NOW))
    yield workspace
    workspace.close()


def is_centred(dialog: Widget, width: int, height: int) -> bool:
    region = dialog.region
    left, right = region.x, width - region.right
    top, bottom = region.y, height - region.bottom
    return abs(left - right) <= 1 and abs(top - bottom) <= 1 and left > 0


@pytest.mark.parametrize("keys", DIALOGS.values(), ids=DIALOGS.keys())
async def test_the_dialog_is_centred_over_the_dimmed_screen(
    demo_workspace: Workspace, keys: list[str]
):
    app = SecboardApp(demo_workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        screen = app.screen
        assert isinstance(screen, ModalScreen)
        dialog = screen.query_one(".dialog")
        assert is_centred(dialog, *SIZE), dialog.region
        assert screen.styles.background.a < 1  # the screen beneath shows through
