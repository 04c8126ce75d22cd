"""A note on one checklist answer: the evidence behind it."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label

from secboard.domain.model import ChecklistItem
from secboard.domain.text import printable
from secboard.domain.validation import parse_long_text
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeTextArea


class NoteScreen(FormScreen[str]):
    """Edits the note of one checklist question; dismisses with the new note."""

    def __init__(self, item: ChecklistItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content(printable(self.item.question)), classes="dialog-title")
            yield FormField(
                "note",
                "Note (evidence, links, who confirmed)",
                SafeTextArea(self.item.note),
                hint="Ctrl+S saves · Esc cancels",
            )

    async def submit(self, values: Mapping[str, str]) -> str:
        return parse_long_text(values["note"], "note")
