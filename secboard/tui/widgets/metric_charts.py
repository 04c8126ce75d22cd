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
    "intake": "magenta",
    "discovery": "cyan",
    "committed": "blue",
    "in_progress": "orange",
    "shipped": "green",
    "closed": "gray",
}
SOURCE_COLOURS = {
    Source.CUSTOMER: "cyan",
    Source.SALES: "green",
    Source.COMPLIANCE: "blue",
    Source.INTERNAL: "orange",
    Source.INCIDENT: "red",
}


def _short_week(week: str) -> str:
    return week.split("-")[-1]


def _reset(plot: PlotextPlot, title: str) -> None:
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    plt.title(title)


def _whole_ticks(plot: PlotextPlot, highest: int) -> None:
    """Counts get whole-number ticks (plotext would label 0.83, 1.67…)."""
    step = max(1, -(-highest // 6))
    plot.plt.yticks([float(tick) for tick in range(0, highest + step, step)])


def draw_throughput(plot: PlotextPlot, metrics: Metrics) -> None:
    """Requests finished per ISO week, last 12 weeks."""
    _reset(plot, "Throughput: finished per week")
    weeks = [_short_week(w.week) for w in metrics.throughput]
    counts = [w.count for w in metrics.throughput]
    plot.plt.bar(weeks, counts, color="green", width=0.6)
    _whole_ticks(plot, max(counts, default=0))
    plot.refresh()


def draw_cycle_time(plot: PlotextPlot, metrics: Metrics) -> None:
    """A histogram of cycle times, from 0 days, with the p85 line."""
    p85 = metrics.cycle_time_days.p85
    title = "Cycle time (days)" + (f" — p85 {p85:.0f}d" if p85 is not None else "")
    _reset(plot, title)
    values = list(metrics.cycle_time_values)
    if values:
        bins = min(20, max(5, len(values) // 3))
        plot.plt.hist(values, bins=bins, color="cyan")
        # plotext centres its first bar on the shortest time, which would start the axis
        # at a negative number of days: the axis is pinned to begin at 0.
        highest = max(values) or 1.0
        counts = _bin_counts(values, bins)
        plot.plt.xlim(0.0, highest + highest / bins / 2)
        plot.plt.ylim(0.0, float(max(counts)))
        _day_ticks(plot, highest)
        _whole_ticks(plot, max(counts))
        if p85 is not None:
            plot.plt.vline(p85, "red")
        plot.plt.xlabel("days from start to finish")
    plot.refresh()


def _bin_counts(values: list[float], bins: int) -> list[int]:
    """How many values fall in each of ``bins`` equal bins from the lowest to the highest."""
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int((value - low) / width))] += 1
    return counts


def _day_ticks(plot: PlotextPlot, highest: float) -> None:
    """Whole days from 0 on the time axis, about five of them."""
    step = max(1, -(-int(highest) // 5))
    plot.plt.xticks([float(day) for day in range(0, int(highest) + 1, step)])


def draw_cumulative_flow(plot: PlotextPlot, metrics: Metrics) -> None:
    """Requests per status at the end of each day, stacked (closed at the bottom)."""
    _reset(plot, "Cumulative flow, last 8 weeks")
    days = metrics.cumulative_flow
    if days:
        labels = [day.day.strftime("%b %d") for day in days]
        statuses = list(reversed(STATUS_ORDER))
        series = [[day.counts.get(status, 0) for day in days] for status in statuses]
        per_series: dict[str, Any] = {
            "labels": [status.label for status in statuses],
            "color": [STATUS_COLOURS[status.value] for status in statuses],
        }
        plot.plt.stacked_bar(labels, series, width=1.0, **per_series)
        step = max(1, len(days) // 6)
        ticks = list(range(0, len(days), step))
        plot.plt.xticks([float(i + 1) for i in ticks], [labels[i] for i in ticks])
        _whole_ticks(plot, max((sum(day.counts.values()) for day in days), default=0))
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
        _whole_ticks(plot, max((w.count for w in metrics.intake_by_week), default=0))
    plot.refresh()
