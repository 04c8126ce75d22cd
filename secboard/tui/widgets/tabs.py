"""The row of main screens shown at the top left of each of them, like tabs."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content

from secboard.tui.commands import current_key

MAIN_SCREENS = (
    ("board", "Board"),
    ("roadmap", "Roadmap"),
    ("metrics", "Metrics"),
    ("accounts", "Accounts"),
)


def screen_tabs(current: str, keymap: Mapping[str, str]) -> Content:
    """``1 Board  2 Roadmap  3 Metrics  4 Accounts`` with the current screen highlighted."""
    parts: list[tuple[str, str] | str] = []
    for mode, label in MAIN_SCREENS:
        key = current_key(f"app.{mode}", keymap)
        style = "bold reverse $accent" if mode == current else "$text-muted"
        parts.append((f" {key} {label} ", style))
    parts.append("  ")
    return Content.assemble(*parts)
