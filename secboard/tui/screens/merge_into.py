"""Pick the request to merge another into: type words of its title or its ``#id``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from secboard.domain.board import haystack, matches
from secboard.domain.model import Card
from secboard.domain.text import printable
from secboard.tui.screens.base import ClosesOnce
from secboard.tui.widgets.item_list import ItemList
from secboard.tui.widgets.safe_inputs import SafeInput

MAX_SHOWN = 12
"""Requests listed at once; typing narrows them."""


def typed_id(text: str) -> int | None:
    """The id typed as ``#12`` or ``12``, when that is all that was typed."""
    word = text.strip().lstrip("#")
    return int(word) if word.isdigit() else None


class MergeIntoScreen(ClosesOnce[int | None], ModalScreen[int | None]):
    """Requests on the board matching what is typed; dismisses with the chosen id.

    Enter in the box takes the first request listed, or the ``#id`` typed even if the
    board does not show it (the workspace then says why it cannot be merged into).
    """

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="merge_into.cancel"),
        Binding("down", "to_list", "List", show=False, id="merge_into.list"),
    ]

    def __init__(
        self, source: int, title: str, cards: Sequence[Card], suggested: Sequence[int] = ()
    ) -> None:
        """``cards`` are the requests it may go into (``source`` itself is left out);
        ``suggested`` ids (the closest titles) are listed first until something is typed."""
        super().__init__()
        self.source = source
        self.source_title = title
        self.cards = [card for card in cards if card.id != source]
        by_id = {card.id: card for card in self.cards}
        self.suggested = [by_id[id_] for id_ in suggested if id_ in by_id]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                Content(f"Merge #{self.source} {printable(self.source_title)} into…"),
                classes="dialog-title",
            )
            yield SafeInput(placeholder="#id or words of the title", id="merge-query")
            yield ItemList(id="merge-targets")
            yield Label(
                Content("Its asks, frameworks and tags move there · Enter merges · Esc cancels"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._list("")

    @on(Input.Changed, "#merge-query")
    def _typed(self, event: Input.Changed) -> None:
        self._list(event.value)

    def _list(self, text: str) -> None:
        words = text.casefold().split()
        wanted = typed_id(text)
        candidates: Iterator[Card]
        if not words:
            candidates = iter([*self.suggested, *self.cards])
        else:
            candidates = (
                card
                for card in self.cards
                if card.id == wanted or (wanted is None and matches(words, haystack(card)))
            )
        found = list(dict.fromkeys(islice(candidates, MAX_SHOWN * 2)))[:MAX_SHOWN]
        targets = self.query_one("#merge-targets", OptionList)
        targets.set_options(
            Option(
                Content.assemble(
                    (f"#{card.id} ", "bold"),
                    printable(card.title),
                    (f"  {card.status.label.lower()}", "$text-muted"),
                ),
                id=str(card.id),
            )
            for card in found
        )
        if found:
            targets.highlighted = 0

    @on(Input.Submitted, "#merge-query")
    def _enter(self, event: Input.Submitted) -> None:
        targets = self.query_one("#merge-targets", OptionList)
        option = targets.highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(int(option.id))
        elif (wanted := typed_id(event.value)) is not None:
            self.dismiss(wanted)

    @on(OptionList.OptionSelected, "#merge-targets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_to_list(self) -> None:
        """Move from the box to the list of requests."""
        self.query_one("#merge-targets", OptionList).focus()
