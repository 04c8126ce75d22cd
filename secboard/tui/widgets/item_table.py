"""A table of rows that answers to the vim keys as well as the arrows."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.widgets import DataTable

from secboard.tui.commands import bindings


class ItemTable(DataTable[object]):
    """A DataTable moved with j/k too, like every list in secboard; one row is the cursor.

    Cells are given as Rich ``Text`` (never ``str``, which the table reads as markup).
    """

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("lists")
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
