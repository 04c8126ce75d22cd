"""A column of request cards, drawn line by line so 10,000 cards cost what 10 do.

Only the cards in view are rendered (the line API of :class:`ScrollView`), and each
rendered line is cached by card id and version, so moving one card redraws one card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from secboard.domain.board import REVISIT_WORD, demand_line, due_for_revisit, due_state
from secboard.domain.model import Card
from secboard.domain.scoring import format_score
from secboard.domain.text import printable
from secboard.domain.validation import local_today

_CARD_STYLES = {
    "": "card-list--card",
    "cursor": "card-list--cursor",
    "active": "card-list--cursor-active",
}

CARD_HEIGHT = 5
"""Lines per card: the title on up to two lines, the demand (who asks, how much, how
badly), flow facts, a gap."""


class CardList(ScrollView, inherit_bindings=False, can_focus=False):
    """The cards of one board column, with a cursor.

    It has no keys and takes no focus: a scroll view's keys (arrows, Home, End, page
    keys) would act on whichever column has the focus, not on the cursor; the board's
    commands move the cursor of the current column instead, and a click selects.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-list--card",
        "card-list--id",
        "card-list--title",
        "card-list--meta",
        "card-list--cursor",
        "card-list--cursor-active",
        "card-list--soon",
        "card-list--overdue",
        "card-list--empty",
    }

    DEFAULT_CSS = """
    CardList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .card-list--card { background: $boost; }
        & > .card-list--id { color: $text-muted; }
        & > .card-list--title { text-style: bold; color: $text; }
        & > .card-list--meta { color: $text-muted; }
        & > .card-list--cursor { background: $primary 15%; }
        & > .card-list--cursor-active { background: $primary 40%; }
        & > .card-list--soon { color: $warning; text-style: bold; }
        & > .card-list--overdue { color: $error; text-style: bold; }
        & > .card-list--empty { color: $text-disabled; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the selected card."""

    active: reactive[bool] = reactive(False)
    """True when this column has the board's focus (the cursor is drawn brighter)."""

    @dataclass
    class Clicked(Message):
        """A card was clicked."""

        card_list: CardList
        """The column's card list."""
        index: int
        """Index of the clicked card."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another card (or the cards changed under it)."""

        card_list: CardList
        """The column's card list."""

    def __init__(self, *, empty_text: str = "nothing here", id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: Sequence[Card] = ()
        self.today = local_today()
        self.empty_text = empty_text
        self._lines: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(2048)
        self._base_style: Style | None = None

    @property
    def selected(self) -> Card | None:
        """The card under the cursor."""
        if not self.cards:
            return None
        return self.cards[min(self.cursor, len(self.cards) - 1)]

    def set_cards(self, cards: Sequence[Card], *, keep: int | None = None) -> None:
        """Show ``cards``; the cursor follows card ``keep`` (an id) if it is still here."""
        previous = keep if keep is not None else (self.selected.id if self.selected else None)
        self.cards = cards
        index = 0
        if previous is not None:
            index = next((i for i, c in enumerate(cards) if c.id == previous), self.cursor)
        self._set_virtual_height(len(cards) * CARD_HEIGHT)
        self.set_reactive(CardList.cursor, self._clamp(index))
        self.scroll_to_cursor(animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self))

    def _set_virtual_height(self, height: int) -> None:
        """Grow or shrink the scrollable area, laying out the screen only if it must.

        A layout re-renders every widget on screen; it is needed only when the scrollbar
        appears or disappears (the cards' width changes). Otherwise the scrollbar is
        updated in place, which keeps a card move down to redrawing what changed.
        """
        size = Size(0, height)
        if size == self.virtual_size:
            return
        visible = self.size.height
        same_scrollbar = (self.virtual_size.height > visible) == (height > visible)
        if not (self.is_mounted and visible and same_scrollbar):
            self.virtual_size = size
            return
        self.set_reactive(ScrollView.virtual_size, size)
        # Without a layout the scrollbar would learn the new length only at the next one,
        # and the offset could point past the end of a shorter list: both are set here.
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = height
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def move_cursor(self, delta: int) -> None:
        """Move the cursor by ``delta`` cards (clamped to the column)."""
        self.cursor = self._clamp(self.cursor + delta)

    def page_size(self) -> int:
        """How many whole cards fit in view."""
        return max(1, self.scrollable_content_region.height // CARD_HEIGHT)

    def watch_cursor(self) -> None:
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self))

    def watch_active(self) -> None:
        self.refresh()

    def scroll_to_cursor(self, *, animate: bool = False) -> None:
        """Scroll so that the selected card is fully visible."""
        if self.cards:
            region = Region(0, self.cursor * CARD_HEIGHT, 1, CARD_HEIGHT)
            self.scroll_to_region(region, animate=animate, force=True, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.cards) * CARD_HEIGHT)
        self._lines.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._base_style = None

    @property
    def base_style(self) -> Style:
        """The list's own style, looked up once (it walks every ancestor)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def on_click(self, event: Click) -> None:
        index = int(event.y + self.scroll_offset.y) // CARD_HEIGHT
        if 0 <= index < len(self.cards):
            self.post_message(self.Clicked(self, index))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        index, offset = divmod(line, CARD_HEIGHT)
        if not self.cards:
            return self._empty_line(y, width)
        if index >= len(self.cards):
            return Strip.blank(width, self.base_style)
        card = self.cards[index]
        state = ("active" if self.active else "cursor") if index == self.cursor else ""
        # The demand follows its accounts (a renamed account, a new ARR) without the
        # request's version changing: what it shows is part of the key.
        key = (
            card.id,
            card.version,
            card.updated_at,
            card.customer,
            card.arr,
            width,
            state,
            self.today,
        )
        strips = self._lines.get(key)
        if strips is None:
            strips = self._render_card(card, width, state)
            self._lines[key] = strips
        return strips[offset]

    def _empty_line(self, y: int, width: int) -> Strip:
        if y != 1:
            return Strip.blank(width, self.base_style)
        style = self.base_style + self._span("empty")
        text = Text(f" {self.empty_text}", style=style, no_wrap=True)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, style) for s in text.render(self.app.console)]
        return Strip(segments).adjust_cell_length(width, style)

    def _render_card(self, card: Card, width: int, state: str) -> list[Strip]:
        card_style = self.base_style + self.get_component_rich_style(_CARD_STYLES[state])
        lines = [
            *self._title_lines(card, width, card_style),
            self._who_line(card, card_style),
            self._facts_line(card, card_style),
        ]
        console = self.app.console
        strips = []
        for text in lines:
            text.no_wrap = True
            text.truncate(width, overflow="ellipsis", pad=True)
            # Rich leaves the base style out of segments without spans: put it back.
            segments = [
                Segment(s.text, card_style + s.style if s.style else card_style)
                for s in text.render(console)
                if s.text != "\n"
            ]
            strips.append(Strip(segments).adjust_cell_length(width, card_style))
        strips.append(Strip.blank(width, self.base_style))
        return strips

    def _span(self, name: str) -> Style:
        """The colour and weight of one part of a card (its background is the card's)."""
        return self.get_component_rich_style(f"card-list--{name}", partial=True)

    def _title_lines(self, card: Card, width: int, card_style: Style) -> list[Text]:
        title = Text(style=card_style)
        title.append(f"#{card.id} ", self._span("id"))
        title.append(printable(card.title), self._span("title"))
        wrapped = list(title.wrap(self.app.console, max(1, width - 1), overflow="ellipsis"))
        if len(wrapped) > 2:
            wrapped = wrapped[:2]
            wrapped[1].append("…")
        wrapped += [Text(style=card_style)] * (2 - len(wrapped))
        return [Text(" ", style=card_style) + line for line in wrapped]

    def _who_line(self, card: Card, card_style: Style) -> Text:
        meta = self._span("meta")
        who = Text(" ", style=card_style)
        due = due_state(card, self.today)
        if due is not None and card.due is not None:
            mark = "⚠ overdue" if due == "overdue" else f"◷ {card.due:%b %d}"
            who.append(mark, self._span(due))
            who.append(" · ", meta)
        if due_for_revisit(card, self.today):
            who.append(f"↻ {REVISIT_WORD}", self._span("soon"))
            who.append(" · ", meta)
        who.append(printable(demand_line(card)), meta)
        return who

    def _facts_line(self, card: Card, card_style: Style) -> Text:
        parts = [card.source.value, f"★ {format_score(card.score)}"]
        if card.checklist_total:
            parts.append(f"☑ {card.checklist_done}/{card.checklist_total}")
        if card.decision is not None:
            parts.append(card.decision.value)
        facts = Text(" ", style=card_style)
        facts.append(" · ".join(parts), self._span("meta"))
        return facts

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.cards) - 1)) if self.cards else 0
