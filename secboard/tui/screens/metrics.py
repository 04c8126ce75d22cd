"""The metrics screen: is the program working, and where is it stuck?

Headline figures on top, four charts (throughput, cycle time, cumulative flow, intake
mix) and the aging work in progress to chase. Computed in a worker, redrawn whenever
the workspace changed since the screen was last shown.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.events import Resize
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from secboard.domain.errors import SecboardError
from secboard.domain.metrics import Metrics
from secboard.tui.commands import bindings
from secboard.tui.screens.base import WorkspaceScreen
from secboard.tui.widgets.item_list import ItemList
from secboard.tui.widgets.key_bar import KeyBar
from secboard.tui.widgets.metric_charts import (
    CHARTS,
    draw_cumulative_flow,
    draw_cycle_time,
    draw_intake_mix,
    draw_throughput,
)
from secboard.tui.widgets.metric_tiles import aging_option, headline_tiles, littles_law_line
from secboard.tui.widgets.tabs import screen_tabs

NARROW_WIDTH = 130
SHORT_HEIGHT = 40


class MetricsScreen(WorkspaceScreen):
    """Flow and program-effectiveness figures, in numbers and charts."""

    CSS_PATH = "metrics.tcss"

    COMMAND_SCOPES = ("metrics",)
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("metrics")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.metrics: Metrics | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Static(Content("Computing metrics…"), id="metrics-title")
        yield Grid(id="metrics-tiles")
        with Grid(id="metrics-charts"):
            for chart in CHARTS:
                yield PlotextPlot(id=f"chart-{chart}", classes="chart")
        with Vertical(id="aging"):
            yield Label(Content("Aging work in progress — oldest first"), classes="section")
            yield ItemList(id="aging-list")
        yield KeyBar()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    def reload(self, changed: frozenset[int] | None) -> None:
        self._compute()

    @work(group="db", exclusive=True)
    async def _compute(self) -> None:
        try:
            metrics = await self.secboard.call(self.workspace.metrics)
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.show(metrics)

    def show(self, metrics: Metrics) -> None:
        """Draw every figure of ``metrics``."""
        from textual_plotext import PlotextPlot

        self.metrics = metrics
        self.query_one("#metrics-title", Static).update(
            screen_tabs("metrics", self.secboard.keymap)
            + Content.assemble(
                (
                    f"as of {metrics.as_of:%Y-%m-%d %H:%M} UTC · {metrics.requests:,} requests"
                    f" · {littles_law_line(metrics)}",
                    "$text-muted",
                ),
            )
        )
        tiles = self.query_one("#metrics-tiles", Grid)
        tiles.remove_children()
        tiles.mount_all(headline_tiles(metrics))
        draw_throughput(self.query_one("#chart-throughput", PlotextPlot), metrics)
        draw_cycle_time(self.query_one("#chart-cycle", PlotextPlot), metrics)
        draw_cumulative_flow(self.query_one("#chart-flow", PlotextPlot), metrics)
        draw_intake_mix(self.query_one("#chart-intake", PlotextPlot), metrics)
        aging = self.query_one("#aging-list", OptionList)
        aging.set_options(aging_option(item) for item in metrics.aging_wip)
        aging.action_first()
        aging.focus()
        if not metrics.aging_wip:
            aging.add_option(
                Option(Content.styled("Nothing in progress.", "italic"), disabled=True)
            )

    def action_open(self) -> None:
        """Open the selected aging request."""
        aging = self.query_one("#aging-list", OptionList)
        option = aging.highlighted_option
        if option is not None and option.id is not None:
            from secboard.tui.screens.request import RequestScreen

            self.app.push_screen(RequestScreen(int(option.id)))

    def on_option_list_option_selected(self) -> None:
        self.action_open()
