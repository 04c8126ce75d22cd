"""The metrics screen (placeholder until it is built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Static

from secboard.tui.screens.base import WorkspaceScreen


class MetricsScreen(WorkspaceScreen):
    """Placeholder."""

    def compose(self) -> ComposeResult:
        yield Static(Content("The metrics screen is not built yet. Press 1 for the board."))
        yield Footer()

    def reload(self, changed: frozenset[int] | None) -> None:
        """Nothing to show yet."""
