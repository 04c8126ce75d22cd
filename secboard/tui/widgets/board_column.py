"""One board column: a header with the status and its count, and the cards."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from secboard.domain.model import Card, Status
from secboard.tui.widgets.card_list import CardList


class BoardColumn(Vertical):
    """The cards of one status under a header that counts them."""

    DEFAULT_CSS = """
    BoardColumn {
        width: 1fr;
        min-width: 24;
        height: 1fr;
        border-right: vkey $panel;
        & > .column-header {
            height: 1;
            background: $panel;
            color: $text-muted;
            text-style: bold;
        }
    }
    """

    def __init__(self, status: Status) -> None:
        super().__init__(id=f"column-{status.value}")
        self.status = status
        self.cards = CardList(empty_text="no requests", id=f"cards-{status.value}")
        self._header = Static(classes="column-header")
        self._count = ""
        self._active = False

    def compose(self) -> ComposeResult:
        yield self._header
        yield self.cards

    def show(self, cards: Sequence[Card], *, total: int, keep: int | None = None) -> None:
        """Show ``cards`` (filtered) out of ``total`` in this status."""
        self._count = f"{len(cards)}" if len(cards) == total else f"{len(cards)} of {total}"
        self._draw_header()
        self.cards.set_cards(cards, keep=keep)

    def set_active(self, active: bool) -> None:
        """Mark this column as the one the keyboard acts on."""
        self._active = active
        self._draw_header()
        self.cards.active = active

    def _draw_header(self) -> None:
        # Styled in the text rather than with a CSS class: moving between columns then
        # repaints two header lines instead of restyling two columns.
        style = "bold reverse $primary" if self._active else ""
        text = Content.styled(f" {self.status.label}  {self._count} ", style)
        # The header is one line whatever it says: no need to lay the board out again.
        self._header.update(text, layout=False)
