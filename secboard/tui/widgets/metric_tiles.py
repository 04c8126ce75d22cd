"""Headline figures of the metrics screen, and the rows of the aging list."""

from __future__ import annotations

from collections.abc import Iterator

from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from secboard.domain.metrics import AgingItem, Metrics
from secboard.domain.text import format_arr_sum, printable


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}d"


def _tile(value: str, label: str, detail: str, *, tone: str = "") -> Static:
    return Static(
        Content.assemble(
            (value, f"bold {tone}".strip()), "\n", (label, ""), "\n", (detail, "$text-muted")
        ),
        classes="tile",
    )


def headline_tiles(metrics: Metrics) -> Iterator[Static]:
    """The story at a glance: what flows, what is stuck, what discovery avoided, what it
    earned, and how many requests several accounts asked for."""
    recent = [week.count for week in metrics.throughput[-4:]]
    per_week = sum(recent) / len(recent) if recent else 0
    cycle = metrics.cycle_time_days
    stuck = sum(item.over_p85 for item in metrics.aging_wip)
    rate = metrics.declined_or_deferred_rate
    closed = "–" if rate is None else f"{rate:.0%} of {metrics.decided:,}"
    yield _tile(f"{metrics.wip}", "in progress", f"p85 age {_days(metrics.wip_age_days.p85)}")
    yield _tile(f"{per_week:.1f}/wk", "throughput", "last 4 weeks")
    yield _tile(f"{_days(cycle.p50)}·{_days(cycle.p85)}", "cycle time", "p50 · p85")
    yield _tile(_days(metrics.time_to_triage_days), "triage time", "median")
    # Tiles read as a sentence in three short lines: "26% of 43 declined or deferred".
    yield _tile(closed, "declined or", "deferred")
    yield _tile(
        f"{metrics.effort_avoided_weeks:,.0f} wk", "avoided", "by discovery", tone="$success"
    )
    yield _tile(
        format_arr_sum(metrics.revenue_unblocked), "ARR unblocked", "shipped work", tone="$success"
    )
    yield _tile(
        format_arr_sum(metrics.arr_at_risk),
        "ARR at risk",
        "due ≤ 90 days",
        tone="$warning" if metrics.arr_at_risk else "",
    )
    share = metrics.multi_account_share
    yield _tile("–" if share is None else f"{share:.0%}", "2+ accounts", "per request")
    # Older than the p85 cycle time, in two lines that fit a tile at 80 columns.
    yield _tile(f"{stuck}", "stuck > p85", "cycle time", tone="$error" if stuck else "")


def littles_law_line(metrics: Metrics) -> str:
    """Little's law, in words: does WIP ÷ throughput agree with the measured cycle time?"""
    law = metrics.littles_law
    return (
        f"Little's law: WIP ÷ throughput predicts {_days(law.predicted_cycle_time_days)}, "
        f"measured {_days(law.measured_cycle_time_days)}"
    )


def aging_option(item: AgingItem) -> Option:
    """One request in progress: age, status, title; flagged when older than p85 cycle time."""
    flag = ("⚠ ", "bold $error") if item.over_p85 else ("  ", "")
    return Option(
        Content.assemble(
            flag,
            (f"{item.age_days:5.0f}d  ", "bold $error" if item.over_p85 else "bold"),
            (f"{item.status.label:<12}", "$text-muted"),
            (f"#{item.id} ", "$text-muted"),
            printable(item.title),
        ),
        id=str(item.id),
    )
