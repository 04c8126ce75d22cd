"""The four charts of the metrics screen, drawn with plotext.

Every label here is secboard's own text (weeks, statuses, sources); no user text is
ever handed to plotext.
"""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot

from secboard.domain.metrics import Metrics
from secboard.domain.model import STATUS_ORDER, Source

CHARTS = ("throughput", "cycle", "flow", "intake")
"""Chart ids, in grid order."""

STATUS_COLOURS = {
    "intake": "white",
    "discovery": "cyan",
    "committed": "blue",
    "in_progress": "yellow",
    "shipped": "green",
    "closed": "gray",
}
SOURCE_COLOURS = {
    Source.CUSTOMER: "cyan",
    Source.SALES: "green",
    Source.COMPLIANCE: "yellow",
    Source.INTERNAL: "magenta",
    Source.INCIDENT: "red",
}


def _short_week(week: str) -> str:
    return week.split("-")[-1]


def _reset(plot: PlotextPlot, title: str) -> None:
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    plt.title(title)


def draw_throughput(plot: PlotextPlot, metrics: Metrics) -> None:
    """Requests finished per ISO week, last 12 weeks."""
    _reset(plot, "Throughput: finished per week")
    weeks = [_short_week(w.week) for w in metrics.throughput]
    plot.plt.bar(weeks, [w.count for w in metrics.throughput], color="green", width=0.6)
    plot.refresh()


def draw_cycle_time(plot: PlotextPlot, metrics: Metrics) -> None:
    """A histogram of cycle times with the p85 line."""
    p85 = metrics.cycle_time_days.p85
    title = "Cycle time (days)" + (f" — p85 {p85:.0f}d" if p85 is not None else "")
    _reset(plot, title)
    values = list(metrics.cycle_time_values)
    if values:
        plot.plt.hist(values, bins=min(20, max(5, len(values) // 3)), color="cyan")
        if p85 is not None:
            plot.plt.vline(p85, "red")
        plot.plt.xlabel("days from start to finish")
    plot.refresh()


def draw_cumulative_flow(plot: PlotextPlot, metrics: Metrics) -> None:
    """Requests per status per day, stacked (closed at the bottom), last 8 weeks."""
    _reset(plot, "Cumulative flow, last 8 weeks")
    days = metrics.cumulative_flow
    if days:
        x = list(range(len(days)))
        running = [0] * len(days)
        for status in reversed(STATUS_ORDER):
            running = [r + day.counts.get(status, 0) for r, day in zip(running, days, strict=True)]
            plot.plt.plot(
                x, running, label=status.label, color=STATUS_COLOURS[status.value], fillx=True
            )
        step = max(1, len(days) // 6)
        ticks = x[::step]
        plot.plt.xticks([float(i) for i in ticks], [days[i].day.strftime("%b %d") for i in ticks])
    plot.refresh()


def draw_intake_mix(plot: PlotextPlot, metrics: Metrics) -> None:
    """New requests per week, stacked by source."""
    _reset(plot, "Intake by source per week")
    weeks = [_short_week(w.week) for w in metrics.intake_by_week]
    sources = list(Source)
    series = [[w.by_source.get(source, 0) for w in metrics.intake_by_week] for source in sources]
    if weeks:
        # plotext takes a label and a colour per series; its stubs only know single ones.
        per_series: dict[str, Any] = {
            "labels": [source.value for source in sources],
            "color": [SOURCE_COLOURS[source] for source in sources],
        }
        plot.plt.stacked_bar(weeks, series, width=0.6, **per_series)
    plot.refresh()
