"""The intake board: one column per status, every request a card."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from secboard import config
from secboard.domain.board import BoardModel, SortOrder, demand_line
from secboard.domain.errors import SecboardError
from secboard.domain.model import STATUS_ORDER, Card, Status
from secboard.domain.scoring import breakdown
from secboard.domain.text import printable
from secboard.tui.commands import bindings, current_key
from secboard.tui.messages import BoardReady
from secboard.tui.screens.base import WorkspaceScreen, editing
from secboard.tui.screens.request_actions import RequestActions
from secboard.tui.widgets.board_column import BoardColumn
from secboard.tui.widgets.card_list import CardList
from secboard.tui.widgets.key_bar import KeyBar
from secboard.tui.widgets.tabs import screen_tabs

if TYPE_CHECKING:
    from textual.widgets import Input

COLUMN_MIN_WIDTH = 26
FILTER_HINT = "Filter: words in title, customer, tag, source or #id"
MINE_ON = "on"
"""How board.json remembers that the "mine" filter is on."""


class BoardScreen(RequestActions, WorkspaceScreen):
    """Every request as a card in the column of its status."""

    CSS_PATH = "board.tcss"

    COMMAND_SCOPES = ("board",)
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("board")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.model = BoardModel()
        remembered = config.load_board_state()
        if remembered.get("sort") in set(SortOrder):
            self.model.set_order(SortOrder(remembered["sort"]))
        self.model.set_filter(remembered.get("filter", ""))
        self.mine = remembered.get("mine") == MINE_ON
        """Only the current user's cards are shown (the owner is set once the app is up)."""
        self.columns = {status: BoardColumn(status) for status in STATUS_ORDER}
        self.active = Status.INTAKE
        self.show_closed = True
        self.loaded = False
        self._window_start = 0
        self._follow: int | None = None
        """A request the cursor goes to once the cards are loaded."""
        self._opened: int | None = None
        """The request opened from the board, followed when the board shows again."""
        self._columns_mounting = False
        self._columns_mounted = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading the board…"), id="board-bar")
        yield Horizontal(id="columns")
        yield Static(id="board-detail")
        yield KeyBar()

    async def _mount_columns(self) -> None:
        # The columns come with the first cards, not in the first frame: the window shows
        # at once and the board fills in as soon as the cards are read.
        if self._columns_mounting:
            await self._columns_mounted.wait()
            return
        self._columns_mounting = True
        await self.query_one("#columns").mount_all(self.columns.values())
        self.columns[self.active].set_active(True)
        self._layout_columns()
        self._columns_mounted.set()

    # Loading ---------------------------------------------------------------------------

    def reload(self, changed: frozenset[int] | None) -> None:
        self._load(changed)

    @work(group="db")
    async def _load(self, changed: frozenset[int] | None) -> None:
        self.model.set_today(self.workspace.today())
        if self.mine and self.model.owner is None:
            self.model.set_owner(self.workspace.actor)
        try:
            if changed is None:
                cards = await self.secboard.call(self.workspace.cards)
                self.model.replace_all(cards)
                touched = set(STATUS_ORDER)
            else:
                cards = await self.secboard.call(self.workspace.cards, sorted(changed))
                removed = changed - {card.id for card in cards}
                touched = self.model.update(cards, removed)
        except SecboardError as error:
            self.secboard.report(error)
            return
        await self._mount_columns()
        first_load = not self.loaded
        self.loaded = True
        self._show(touched)
        self._follow_card()
        if first_load:
            self.post_message(BoardReady(self.model.total))
            self.secboard.warm_up()

    def _show(self, statuses: set[Status], *, follow: int | None = None) -> None:
        """Redraw the given columns (the cursor follows card ``follow`` if given)."""
        today = self.workspace.today()
        for status in statuses:
            self.columns[status].cards.today = today
            self.columns[status].show(
                self.model.columns[status],
                total=self.model.totals[status],
                keep=follow,
            )
        self._update_bar()

    def _follow_card(self) -> None:
        """Put the cursor on the card just changed, in whatever column it is now."""
        card = None if self._follow is None else self.model.card(self._follow)
        self._follow = None
        if card is None:
            return
        status = card.status
        if status is not self.active and (self.show_closed or status is not Status.CLOSED):
            self._activate(status)
        cards = self.columns[status].cards
        cards.set_cards(cards.cards, keep=card.id)

    def _update_bar(self) -> None:
        statuses = self._statuses()
        visible = [s for s in statuses if self.columns[s].display]
        hidden_left = statuses.index(visible[0]) if visible else 0
        hidden_right = len([s for s in statuses if s not in visible]) - hidden_left
        parts = [f"{self.model.total:,} requests", f"sort: {self.model.order.label}"]
        if self.loaded and not self.model.total:
            parts = ["No requests yet: press n to capture one (or run secboard demo for samples)"]
        if self.model.filter_text:
            parts.append(f"filter: {self.model.filter_text}")
        if self.model.owner is not None:
            key = current_key("board.toggle_mine", self.secboard.keymap)
            parts.append(f"only mine: {printable(self.model.owner)} ({key} shows all)")
        # First, after the tabs: on a narrow terminal the end of the line is cut, and
        # columns off-screen must never look like columns that do not exist.
        hidden = [f"◀ {hidden_left} more"] if hidden_left > 0 else []
        if hidden_right > 0:
            hidden.append(f"{hidden_right} more ▶")
        parts[:0] = hidden
        if not self.show_closed:
            key = current_key("board.toggle_closed", self.secboard.keymap)
            parts.append(f"closed hidden ({key} shows it)")
        tabs = screen_tabs("board", self.secboard.keymap)
        self.query_one("#board-bar", Static).update(
            tabs + Content("  ·  ".join(parts)), layout=False
        )

    # Layout ----------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._layout_columns(event.size.width)

    def _statuses(self) -> list[Status]:
        return [s for s in STATUS_ORDER if self.show_closed or s is not Status.CLOSED]

    def _layout_columns(self, width: int | None = None) -> None:
        """Show as many columns as fit, always including the active one."""
        statuses = self._statuses()
        capacity = max(1, (width or self.size.width) // COLUMN_MIN_WIDTH)
        index = statuses.index(self.active)
        start = min(self._window_start, max(0, len(statuses) - capacity))
        if index < start:
            start = index
        elif index >= start + capacity:
            start = index - capacity + 1
        self._window_start = start
        shown = set(statuses[start : start + capacity])
        for status, column in self.columns.items():
            column.display = status in shown
        self._update_bar()

    def _activate(self, status: Status) -> None:
        """Make ``status`` the current column: highlighted and in view.

        The focus stays where it is (on the screen): the board's keys act on the current
        column, and moving Textual's focus would repaint the whole screen on every move.
        """
        self.columns[self.active].set_active(False)
        self.active = status
        self.columns[status].set_active(True)
        self._layout_columns()
        self._show_detail()

    @property
    def cards(self) -> CardList:
        """The card list of the active column."""
        return self.columns[self.active].cards

    def selected_card(self) -> Card | None:
        """The card under the cursor in the active column."""
        return self.cards.selected

    # Navigation ------------------------------------------------------------------------

    def action_cursor_left(self) -> None:
        """Focus the column to the left."""
        statuses = self._statuses()
        index = statuses.index(self.active)
        if index > 0:
            self._activate(statuses[index - 1])

    def action_cursor_right(self) -> None:
        """Focus the column to the right."""
        statuses = self._statuses()
        index = statuses.index(self.active)
        if index < len(statuses) - 1:
            self._activate(statuses[index + 1])

    def action_cursor_up(self) -> None:
        """Select the card above."""
        self.cards.move_cursor(-1)

    def action_cursor_down(self) -> None:
        """Select the card below."""
        self.cards.move_cursor(1)

    def action_cursor_top(self) -> None:
        """Select the first card."""
        self.cards.cursor = 0

    def action_cursor_bottom(self) -> None:
        """Select the last card."""
        self.cards.cursor = max(0, len(self.cards.cards) - 1)

    def action_page_down(self) -> None:
        """Select a page of cards further down."""
        self.cards.move_cursor(self.cards.page_size())

    def action_page_up(self) -> None:
        """Select a page of cards further up."""
        self.cards.move_cursor(-self.cards.page_size())

    @on(CardList.Highlighted)
    def _show_detail(self, event: CardList.Highlighted | None = None) -> None:
        if event is not None and event.card_list is not self.cards:
            return
        card = self.selected_card()
        detail = self.query_one("#board-detail", Static)
        if card is None:
            detail.update(Content(""), layout=False)
            return
        parts: list[tuple[str, str] | str] = [
            (f"#{card.id} ", "bold"),
            (f"RICE {breakdown(card).formula()}", ""),
            (f"  ·  {printable(demand_line(card))}", ""),
        ]
        if card.due is not None:
            parts.append((f"  ·  due {card.due.isoformat()}", ""))
        if card.objective:
            parts.append((f"  ·  objective {card.objective}", ""))
        detail.update(Content.assemble(*parts), layout=False)

    @on(CardList.Clicked)
    def _card_clicked(self, event: CardList.Clicked) -> None:
        status = Status(event.card_list.id.removeprefix("cards-")) if event.card_list.id else None
        if status is not None:
            self._activate(status)
            event.card_list.cursor = event.index

    # Filter and sort -------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter box (made on first use: most sessions never filter)."""
        box = self._filter_box()
        if box is None:
            from secboard.tui.widgets.safe_inputs import SafeInput

            box = SafeInput(
                placeholder="Filter: words in title, customer, tag, source or #id", id="filter"
            )
            self.mount(box, before=self.query_one("#board-detail"))
            box.value = self.model.filter_text
        box.display = True
        box.focus()

    def _filter_box(self) -> Input | None:
        boxes = self.query("#filter").results()
        return cast("Input | None", next(boxes, None))

    # Handled by name, not with @on(Input.…): the input widget is loaded on first use.
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        self.model.set_filter(event.value)
        self._show(set(STATUS_ORDER))
        self._remember()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        event.input.display = bool(event.value)
        self.set_focus(None)

    def key_escape(self) -> None:
        box = self._filter_box()
        if box is not None and box.display:
            box.value = ""
            box.display = False
            self.set_focus(None)

    def action_sort(self) -> None:
        """Cycle the order of the cards within each column."""
        self.model.set_order(self.model.order.following())
        self._show(set(STATUS_ORDER))
        self._remember()
        self.notify(f"Sorted by {self.model.order.label}", timeout=2)

    def _remember(self) -> None:
        """Keep the sort and filter for the next start."""
        config.save_board_state(
            {
                "sort": self.model.order.value,
                "filter": self.model.filter_text,
                "mine": MINE_ON if self.mine else "",
            }
        )

    def action_toggle_closed(self) -> None:
        """Show or hide the closed column."""
        if self.active is Status.CLOSED:
            self._activate(Status.SHIPPED)
        self.show_closed = not self.show_closed
        self._layout_columns()

    def action_toggle_mine(self) -> None:
        """Show only the requests the current user owns, or everyone's again."""
        self.mine = not self.mine
        self.model.set_owner(self.workspace.actor if self.mine else None)
        self._show(set(STATUS_ORDER))
        self._remember()

    # Acting on the selected request ------------------------------------------------------

    def action_open(self) -> None:
        """Open the selected request."""
        card = self.selected_card()
        if card is not None:
            from secboard.tui.screens.request import RequestScreen

            self._opened = card.id
            self.app.push_screen(RequestScreen(card.id))

    @editing
    def action_capture(self) -> None:
        """Quick capture: a title, then Enter."""
        from secboard.tui.screens.capture import CaptureScreen

        self.app.push_screen(CaptureScreen(self._capture))

    async def _capture(self, fields: dict[str, str]) -> None:
        similar = await self.secboard.call(
            self.workspace.similar_requests, fields["title"], limit=1
        )
        if similar and await self._add_as_ask(similar[0].id, similar[0].title):
            # What was typed is what was asked for: it is kept as the ask's words.
            request = await self.secboard.call(
                self.workspace.add_ask, similar[0].id, {"quote": fields["title"]}
            )
            self.notify(
                f"Added an ask to #{request.id} — open it to say who asked", markup=False, timeout=5
            )
        else:
            request = await self.secboard.call(self.workspace.add, fields)
            self.notify(f"Captured #{request.id}", markup=False, timeout=3)
        self.after_change(request.id, request.status)

    async def _add_as_ask(self, request_id: int, title: str) -> bool:
        """Ask whether what was captured is request ``request_id`` asked again."""
        from secboard.tui.screens.confirm import ConfirmScreen

        question = f"Looks like #{request_id} {printable(title)} — add as an ask there?"
        dialog = ConfirmScreen(question, "Add as an ask", decline="New request", danger=False)
        answer: bool = await self.app.push_screen_wait(dialog)
        return answer

    def selected_ref(self) -> tuple[int, int] | None:
        card = self.selected_card()
        return None if card is None else (card.id, card.version)

    def selected_title(self) -> str:
        card = self.selected_card()
        return "" if card is None else card.title

    def after_change(self, request_id: int, status: Status | None) -> None:
        self._follow = request_id
        self.catch_up()

    def on_screen_resume(self) -> None:
        if self._opened is None:
            self.catch_up()
            return
        # Back from a request: the cursor stays on it, wherever it moved meanwhile.
        self._follow, self._opened = self._opened, None
        if not self.catch_up() and self.loaded:
            self._follow_card()
