"""Starting the TUI on an open workspace (the command line calls this)."""

from __future__ import annotations

from secboard import config
from secboard.workspace import Workspace


def run_tui(workspace: Workspace) -> None:
    """Open the board on ``workspace`` and return when the user quits."""
    from secboard.tui.app import SecboardApp

    keymap = config.load_keymap()
    notices = [keymap.problem] if keymap.problem else []
    SecboardApp(workspace, keymap=keymap.value, notices=notices).run()
