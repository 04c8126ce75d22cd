"""Starting the TUI on an open workspace (the command line calls this)."""

from __future__ import annotations

from collections.abc import Sequence

from secboard import config
from secboard.workspace import Workspace


def run_tui(workspace: Workspace, notices: Sequence[str] = ()) -> None:
    """Open the board on ``workspace`` and return when the user quits.

    ``notices`` (an upgrade, a bad config file) are repeated as notifications, since
    whatever was printed before the TUI took the screen is out of sight.
    """
    from secboard.tui.app import SecboardApp

    keymap = config.load_keymap()
    shown = [*notices, keymap.problem] if keymap.problem else list(notices)
    SecboardApp(workspace, keymap=keymap.value, notices=shown).run()
