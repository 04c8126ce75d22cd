"""The roadmap: the vision, then committed work in Now / Next / Later by objective."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from secboard.domain.board import SortOrder
from secboard.domain.errors import SecboardError
from secboard.domain.model import Card, Horizon, Objective, Status
from secboard.domain.roadmap import (
    HORIZON_ORDER,
    Lane,
    build_lanes,
    effective_horizon,
    neighbour_horizon,
)
from secboard.domain.scoring import breakdown
from secboard.domain.text import format_money, printable
from secboard.tui.commands import bindings
from secboard.tui.screens.base import editing
from secboard.tui.screens.request_actions import RequestActions
from secboard.tui.widgets.key_bar import KeyBar
from secboard.tui.widgets.lane_view import lane_options
from secboard.tui.widgets.tabs import screen_tabs

ROADMAP_ORDERS = (SortOrder.SCORE, SortOrder.ARR, SortOrder.DUE)


class RoadmapScreen(RequestActions):
    """Three lanes of committed work; every request placed, linked and scored."""

    CSS_PATH = "roadmap.tcss"

    COMMAND_SCOPES = ("roadmap",)
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("roadmap")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.order = SortOrder.SCORE
        self.cards: dict[int, Card] = {}
        self.objectives: list[Objective] = []
        self.lanes: tuple[Lane, ...] = ()
        self._follow: int | None = None
        self.vision = ""
        self.arr_redacted = False
        """The workspace came from a redacted snapshot: its sums of ARR are unknown."""

    def compose(self) -> ComposeResult:
        yield Static(id="roadmap-bar")
        yield Static(Content("Loading the roadmap…"), id="roadmap-vision")
        with Horizontal(id="lanes"):
            for horizon in HORIZON_ORDER:
                with Vertical(classes="lane"):
                    yield Label(Content(horizon.value.capitalize()), id=f"lane-title-{horizon}")
                    yield OptionList(id=f"lane-{horizon}", classes="lane-list")
        yield Static(id="roadmap-detail")
        yield KeyBar()

    def lane_list(self, horizon: Horizon) -> OptionList:
        """The list widget of one lane."""
        return self.query_one(f"#lane-{horizon}", OptionList)

    def reload(self, changed: frozenset[int] | None) -> None:
        self._load()

    @work(group="db")
    async def _load(self) -> None:
        try:
            cards = await self.secboard.call(self.workspace.cards)
            objectives = await self.secboard.call(self.workspace.objectives)
            vision = await self.secboard.call(self.workspace.vision)
            redacted = await self.secboard.call(self.workspace.is_redacted)
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.cards = {card.id: card for card in cards}
        self.objectives = objectives
        self.vision = vision
        self.arr_redacted = redacted
        self._show_vision(vision)
        self._draw()

    def _show_vision(self, vision: str) -> None:
        text = printable(vision) if vision else "No vision yet — press v to write one."
        self.query_one("#roadmap-vision", Static).update(
            Content.assemble(("Vision  ", "bold $accent"), (text, "" if vision else "$text-muted"))
        )

    def _show_bar(self) -> None:
        planned = sum(lane.count for lane in self.lanes)
        self.query_one("#roadmap-bar", Static).update(
            screen_tabs("roadmap", self.secboard.keymap)
            + Content(f"{planned:,} planned  ·  sort: {self.order.label}")
        )

    def _draw(self) -> None:
        focused = self._focused_lane()
        follow = self._follow or self._selected_id()
        self._follow = None
        self.lanes = build_lanes(
            list(self.cards.values()), self.objectives, self.workspace.now(), order=self.order
        )
        for lane in self.lanes:
            options = self.lane_list(lane.horizon)
            options.set_options(
                lane_options(lane, self.cards.values(), arr_redacted=self.arr_redacted)
            )
            options.action_first()
            title = f"{lane.horizon.value.capitalize()}  {lane.count}"
            arr = sum(group.arr for group in lane.groups)
            # A redacted workspace's sums are unknown; a partial one would mislead.
            if arr and not self.arr_redacted:
                title += f" · {format_money(arr)}"
            self.query_one(f"#lane-title-{lane.horizon}", Label).update(Content(title))
        target = focused
        if follow is not None and follow in self.cards:
            target = effective_horizon(self.cards[follow])
            self._select(target, follow)
        self.lane_list(target).focus()
        self._show_detail()
        self._show_bar()

    def _select(self, horizon: Horizon, request_id: int) -> None:
        options = self.lane_list(horizon)
        try:
            options.highlighted = options.get_option_index(str(request_id))
        except OptionDoesNotExist:
            return

    def _focused_lane(self) -> Horizon:
        focused = self.focused
        for horizon in HORIZON_ORDER:
            if focused is not None and focused.id == f"lane-{horizon}":
                return horizon
        return Horizon.NOW

    def _selected_id(self) -> int | None:
        options = self.lane_list(self._focused_lane())
        option = options.highlighted_option
        if option is None or option.id is None or not option.id.isdigit():
            return None
        return int(option.id)

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        card = self.cards.get(self._selected_id() or -1)
        detail = self.query_one("#roadmap-detail", Static)
        if card is None:
            detail.update(Content("Select a request to see its score breakdown."), layout=False)
            return
        objective = next((o for o in self.objectives if o.key == card.objective), None)
        linked = f"{objective.key} — {objective.title}" if objective else "no objective"
        detail.update(
            Content.assemble(
                (f"#{card.id} ", "bold"),
                (f"RICE {breakdown(card).formula()}", ""),
                ("  ·  ", "$text-muted"),
                (printable(linked), "" if objective else "bold $warning"),
            ),
            layout=False,
        )

    @on(OptionList.OptionSelected)
    def _open_selected(self) -> None:
        self.action_open()

    # RequestActions ------------------------------------------------------------------

    def selected_ref(self) -> tuple[int, int] | None:
        card = self.cards.get(self._selected_id() or -1)
        return None if card is None else (card.id, card.version)

    def selected_title(self) -> str:
        card = self.cards.get(self._selected_id() or -1)
        return "" if card is None else card.title

    def after_change(self, request_id: int, status: Status | None) -> None:
        self._follow = request_id
        self.catch_up()

    # Keys ---------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the selected request."""
        if (ref := self.selected_ref()) is not None:
            from secboard.tui.screens.request import RequestScreen

            self.app.push_screen(RequestScreen(ref[0]))

    def action_cursor_left(self) -> None:
        """Focus the lane to the left."""
        self._focus_lane(-1)

    def action_cursor_right(self) -> None:
        """Focus the lane to the right."""
        self._focus_lane(1)

    def _focus_lane(self, step: int) -> None:
        horizon = neighbour_horizon(self._focused_lane(), step)
        if horizon is not None:
            self.lane_list(horizon).focus()

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        # Focus moves after the key is handled: the line under the lanes follows it then.
        self._show_detail()

    def action_cursor_up(self) -> None:
        """Select the request above."""
        self.lane_list(self._focused_lane()).action_cursor_up()

    def action_cursor_down(self) -> None:
        """Select the request below."""
        self.lane_list(self._focused_lane()).action_cursor_down()

    def action_sort(self) -> None:
        """Cycle the order within each objective group."""
        self.order = ROADMAP_ORDERS[(ROADMAP_ORDERS.index(self.order) + 1) % len(ROADMAP_ORDERS)]
        self._draw()
        self.notify(f"Sorted by {self.order.label}", timeout=2)

    @editing
    def action_horizon_earlier(self) -> None:
        """Move the request one horizon sooner."""
        self._shift_horizon(-1)

    @editing
    def action_horizon_later(self) -> None:
        """Move the request one horizon later."""
        self._shift_horizon(1)

    def _shift_horizon(self, step: int) -> None:
        card = self.cards.get(self._selected_id() or -1)
        if card is None:
            return
        target = neighbour_horizon(effective_horizon(card), step)
        if target is None:
            self.notify("Already at the edge of the roadmap.", timeout=2)
            return
        self._edit_fields((card.id, card.version), {"horizon": target.value})

    @editing
    def action_link(self) -> None:
        """Link the request to an objective."""
        if (ref := self.selected_ref()) is None:
            return
        from secboard.tui.screens.link_objective import LinkObjectiveScreen

        def chosen(key: str | None) -> None:
            if key is not None:
                self._edit_fields(ref, {"objective": key})

        self.app.push_screen(LinkObjectiveScreen(self.objectives), chosen)

    @work(group="db")
    async def _edit_fields(self, ref: tuple[int, int], fields: dict[str, str]) -> None:
        try:
            edited = await self.secboard.call(
                self.workspace.edit, ref[0], fields, expected_version=ref[1]
            )
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.after_change(edited.id, edited.status)

    def action_objectives(self) -> None:
        """Manage the objectives."""
        from secboard.tui.screens.objectives import ObjectivesScreen

        self.app.push_screen(ObjectivesScreen())

    @editing
    def action_vision(self) -> None:
        """Edit the one-paragraph vision."""
        from secboard.tui.screens.vision import VisionScreen

        self.app.push_screen(VisionScreen(self.vision, self._save_vision))

    async def _save_vision(self, text: str) -> None:
        await self.secboard.call(self.workspace.set_vision, text)
        self.catch_up()
