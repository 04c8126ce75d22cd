"""A dialog's on/off option that says its state in words and leaves Enter to the dialog."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Checkbox


class OptionCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox whose label reads "on" or "off" in words; only Space switches it.

    Textual's Checkbox also switches on Enter, so in a dialog whose hint says "Enter
    exports" it silently undid the choice just made; here Enter reaches the dialog.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Switch", show=False),
    ]

    def __init__(self, on: str, off: str, *, value: bool = False, disabled: bool = False) -> None:
        """An option showing ``on`` or ``off`` as its label, whichever it is."""
        self._words = {True: on, False: off}
        super().__init__(Content(self._words[value]), value=value, disabled=disabled)

    def watch_value(self) -> None:
        """Say the new state in words, not only by the colour of the box."""
        super().watch_value()
        self.label = Content(self._words[self.value])
