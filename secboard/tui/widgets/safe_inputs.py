"""Edit boxes that never hand a hidden character to the terminal.

Textual's Input and TextArea draw their text as it is. These show every control or
invisible character as a visible one of the same length — in the value they start with
and in whatever is pasted — so an escape sequence in stored text cannot reach the
terminal while it is being edited, and what is saved is what was on screen.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from secboard.domain.text import editable


class SafeInput(Input):
    """A one-line Input showing hidden characters as visible ones."""

    def __init__(self, value: str = "", **options: Any) -> None:
        super().__init__(editable(value), **options)

    def _on_paste(self, event: events.Paste) -> None:
        # Textual would also run Input's own handler on the raw text: prevent that.
        event.prevent_default()
        event.stop()
        super()._on_paste(events.Paste(editable(event.text, multiline=True)))


class SafeTextArea(TextArea):
    """A TextArea showing hidden characters (line breaks and tabs aside) as visible ones."""

    def __init__(self, text: str = "", **options: Any) -> None:
        super().__init__(editable(text, multiline=True), **options)

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        await super()._on_paste(events.Paste(editable(event.text, multiline=True)))
