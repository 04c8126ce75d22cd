"""The row of main screens shown at the top left of each of them, like tabs."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content

from secboard.tui.commands import COMMANDS_BY_ID, key_label

MAIN_SCREENS = (("board", "Board"), ("roadmap", "Roadmap"), ("metrics", "Metrics"))


def screen_tabs(current: str, keymap: Mapping[str, str]) -> Content:
    """``1 Board  2 Roadmap  3 Metrics`` with the current screen highlighted."""
    parts: list[tuple[str, str] | str] = []
    for mode, label in MAIN_SCREENS:
        command_id = f"app.{mode}"
        key = key_label(keymap.get(command_id, COMMANDS_BY_ID[command_id].key))
        style = "bold reverse $accent" if mode == current else "$text-muted"
        parts.append((f" {key} {label} ", style))
    parts.append("  ")
    return Content.assemble(*parts)
