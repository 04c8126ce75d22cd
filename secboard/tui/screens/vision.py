"""Editing the one-paragraph vision of the security program."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label

from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeTextArea


class VisionScreen(FormScreen[bool]):
    """A text area with the vision; saved through the callback."""

    def __init__(self, vision: str, save: Callable[[str], Awaitable[None]]) -> None:
        super().__init__()
        self.vision = vision
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content("Vision of the security program"), classes="dialog-title")
            yield FormField(
                "vision",
                "One paragraph: what security enables for the business",
                SafeTextArea(self.vision),
                hint="Ctrl+S saves · Esc cancels",
            )

    async def submit(self, values: Mapping[str, str]) -> bool:
        await self._save(values["vision"])
        return True
