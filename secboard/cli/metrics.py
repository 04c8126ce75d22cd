"""The ``metrics`` command: the figures of SPEC §3 as a readable report or as JSON."""

from __future__ import annotations

from collections.abc import Sequence

import click

from secboard.cli.base import CliState, format_option, pass_state
from secboard.cli.output import fit, to_json
from secboard.domain.asks import Channel
from secboard.domain.collector import collector_paused
from secboard.domain.metrics import Metrics, WeekCount
from secboard.domain.model import STATUS_ORDER
from secboard.domain.stats import Distribution
from secboard.domain.text import format_arr_sum, printable
from secboard.domain.validation import parse_datetime

NO_DATA = "–"
LITTLE = "Little's law"
BAR_WIDTH = 30
TITLE_WIDTH = 50
FIGURE_WIDTH = 8
"""The usual width of a figure column; a wider figure widens its column, and a space always
separates two figures."""
STATUS_WIDTH = 11
"""The usual width of a column headed by a status (``in_progress``)."""
CHANNEL_WIDTH = 6
"""The usual width of a column headed by a channel (``email``); ``questionnaire`` is wider."""
FLOW_SAMPLE_DAYS = 7
"""The text report shows cumulative flow one day a week; JSON has every day."""


@click.command()
@format_option("text", "json")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATETIME",
    default=None,
    help="Report as of this moment (ISO date-time, or a date meaning its end, UTC).",
)
@pass_state
def metrics(state: CliState, output_format: str, as_of: str | None) -> None:
    """Flow and outcome metrics: WIP, throughput, cycle time, declined or deferred, ARR,
    asks per week by channel.

    Revenue unblocked and ARR at risk count each account once, however many of its asks
    are shipped or due.

    Days and ISO weeks are UTC. JSON rounds durations (days), efforts (weeks) and average
    WIP to 2 decimals and rates (0–1) to 4; a statistic with no data is null.
    """
    moment = parse_datetime(as_of, "--as-of") if as_of is not None else None
    with collector_paused():
        report = state.workspace().metrics(moment)
    click.echo(to_json(report.to_dict()) if output_format == "json" else metrics_text(report))


def metrics_text(report: Metrics) -> str:
    """The report for people: headline figures, flow numbers, then weekly and daily detail."""
    sections = [
        [f"Metrics as of {report.as_of:%Y-%m-%d %H:%M} UTC ({report.requests:,} requests)"],
        _headline(report),
        _flow(report),
        _throughput(report.throughput),
        _intake(report),
        _asks(report),
        _cumulative_flow(report),
        _aging(report),
    ]
    return "\n\n".join("\n".join(line.rstrip() for line in lines) for lines in sections)


def _days(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.1f}d"


def _headline(report: Metrics) -> list[str]:
    age = report.wip_age_days
    rate = report.declined_or_deferred_rate
    share = report.multi_account_share
    rows = [
        (
            "Work in progress",
            f"{report.wip:,}",
            f"age p50 {_days(age.p50)} · p85 {_days(age.p85)} · p95 {_days(age.p95)}",
        ),
        (
            "Revenue unblocked",
            format_arr_sum(report.revenue_unblocked),
            "accounts that asked for shipped work, each once",
        ),
        (
            "ARR at risk",
            format_arr_sum(report.arr_at_risk),
            "accounts with open asks due in 90 days or overdue, each once",
        ),
        (
            "Effort avoided",
            f"{report.effort_avoided_weeks:,.1f}w",
            "estimate − planned, over decided requests",
        ),
        (
            "Declined or deferred",
            NO_DATA if rate is None else f"{rate:.1%}",
            f"of {report.decided:,} decided",
        ),
        (
            "Several accounts",
            NO_DATA if share is None else f"{share:.1%}",
            "of requests asked for by more than one account",
        ),
        (
            "Declined, no account",
            f"{report.declined_without_account:,}",
            "declined requests that no account asked for",
        ),
    ]
    names = max(len(name) for name, _, _ in rows)
    width = max(len(value) for _, value, _ in rows)
    return ["Headline"] + [
        f"  {name:<{names}} {value:>{width}}  {hint}" for name, value, hint in rows
    ]


def _figure_widths(rows: Sequence[Sequence[str]], usual: int = FIGURE_WIDTH) -> list[int]:
    """Each column's width: the ``usual`` one, or its widest figure's."""
    return [max(usual, *(len(cell) for cell in column)) for column in zip(*rows, strict=True)]


def _figures(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Figures right-aligned in their columns, a space before each."""
    return "".join(f" {cell:>{width}}" for cell, width in zip(cells, widths, strict=True))


def _flow(report: Metrics) -> list[str]:
    def cells(spread: Distribution) -> list[str]:
        return [_days(value) for value in (spread.p50, spread.p85, spread.p95, spread.mean)]

    law = report.littles_law
    if law.predicted_cycle_time_days is None:
        little = "nothing finished in the window"
    else:
        little = (
            f"{law.average_wip:,.2f} avg WIP ÷ {law.throughput_per_day:,.3f}/day = "
            f"{_days(law.predicted_cycle_time_days)} predicted vs "
            f"{_days(law.measured_cycle_time_days)} measured ({law.window_days} days)"
        )
    header = ["p50", "p85", "p95", "mean"]
    cycle, lead = cells(report.cycle_time_days), cells(report.lead_time_days)
    triage = _days(report.time_to_triage_days)
    widths = _figure_widths([header, cycle, lead, [triage, "", "", ""]])
    return [
        f"{'Flow':<20}{_figures(header, widths)}",
        f"  {'Cycle time':<18}{_figures(cycle, widths)}",
        f"  {'Lead time':<18}{_figures(lead, widths)}",
        f"  {'Time to triage':<18}{_figures([triage], widths[:1])}  (median)",
        f"  {LITTLE:<18} {little}",
    ]


def _bar(count: int, largest: int) -> str:
    if not count:
        return ""
    return "#" * max(1, round(BAR_WIDTH * count / largest))


def _throughput(weeks: Sequence[WeekCount]) -> list[str]:
    largest = max((week.count for week in weeks), default=0)
    return ["Throughput (finished per ISO week)"] + [
        f"  {week.week}  {week.count:>5}  {_bar(week.count, largest)}" for week in weeks
    ]


def _intake(report: Metrics) -> list[str]:
    weeks = len(report.intake_by_week)
    largest = max(report.intake_by_source.values(), default=0)
    return [f"Intake by source (last {weeks} ISO weeks)"] + [
        f"  {source.value:<11} {count:>6,}  {_bar(count, largest)}"
        for source, count in report.intake_by_source.items()
    ]


def _asks(report: Metrics) -> list[str]:
    header = ["total", *(channel.value for channel in Channel)]
    counts = [
        [f"{week.count:,}", *(f"{n:,}" for n in week.by_channel.values())]
        for week in report.asks_by_week
    ]
    widths = _figure_widths([header, *counts], CHANNEL_WIDTH)
    return [
        "Asks per ISO week, by channel",
        f"  {'week':<8}{_figures(header, widths)}",
    ] + [
        f"  {week.week:<8}{_figures(row, widths)}"
        for week, row in zip(report.asks_by_week, counts, strict=True)
    ]


def _cumulative_flow(report: Metrics) -> list[str]:
    # One day a week, counted back from the last, keeps the table short.
    days = report.cumulative_flow[::-1][::FLOW_SAMPLE_DAYS][::-1]
    header = [status.value for status in STATUS_ORDER]
    counts = [[f"{day.counts[status]:,}" for status in STATUS_ORDER] for day in days]
    widths = _figure_widths([header, *counts], STATUS_WIDTH)
    return [
        "Cumulative flow (requests per status at the end of the day, weekly)",
        f"  {'date':<10}{_figures(header, widths)}",
    ] + [
        f"  {day.day.isoformat():<10}{_figures(row, widths)}"
        for day, row in zip(days, counts, strict=True)
    ]


def _aging(report: Metrics) -> list[str]:
    title = "Oldest work in progress (! = older than p85 cycle time)"
    if not report.aging_wip:
        return [title, f"  {NO_DATA}"]
    lines = [title]
    ages = [_days(item.age_days) for item in report.aging_wip]
    (width,) = _figure_widths([[age] for age in ages])
    for item, age in zip(report.aging_wip, ages, strict=True):
        name = fit(printable(item.title), TITLE_WIDTH)
        flag = "!" if item.over_p85 else " "
        lines.append(
            f"  {f'#{item.id}':>7}  {item.status.value:<11}{age:>{width + 1}} {flag} {name}"
        )
    return lines


COMMANDS = (metrics,)
