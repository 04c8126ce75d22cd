"""A list of options that answers to the vim keys as well as the arrows."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.widgets import OptionList

from secboard.tui.commands import bindings


class ItemList(OptionList):
    """An OptionList moved with j/k too, like every other list in secboard."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("lists")
    ]
