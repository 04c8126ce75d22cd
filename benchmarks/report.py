"""Showing the results: aligned or Markdown tables, and the JSON results file."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.figures import MEGABYTES, RATIO, Figure, Results
from benchmarks.targets import NOT_AVAILABLE, Target

RIGHT_ALIGNED = frozenset({"Requests", "Median", "Min–max", "Runs", "Measured", "Limit"})
"""Columns of numbers."""


def format_value(value: float | None, unit: str) -> str:
    """A value for people: milliseconds under a second, one decimal for MB, ×2 decimals."""
    if value is None:
        return NOT_AVAILABLE
    if unit == RATIO:
        return f"{value:.2f}×"
    if unit == MEGABYTES:
        return f"{value:.1f} MB"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _size(size: int | None) -> str:
    if size is None:
        return "—"
    return "empty" if size == 0 else f"{size:,}"


def _spread(figure: Figure) -> str:
    if figure.derived or len(figure.samples) < 2:
        return ""
    low, high = min(figure.samples), max(figure.samples)
    return f"{format_value(low, figure.unit)}–{format_value(high, figure.unit)}"


def figure_rows(results: Results) -> list[list[str]]:
    """One row per figure: label, workspace size, median, spread and number of runs."""
    rows = []
    for figure in results:
        median = format_value(figure.median, figure.unit)
        if figure.median is None and figure.note:
            median = f"{NOT_AVAILABLE} ({figure.note})"
        runs = "" if figure.derived else str(len(figure.samples))
        rows.append([figure.label, _size(figure.size), median, _spread(figure), runs])
    return rows


FIGURE_HEADER = ["Figure", "Requests", "Median", "Min–max", "Runs"]


def target_rows(checks: Iterable[Target]) -> list[list[str]]:
    """One row per target: PASS/MISS/n/a, the target, what was measured and the limit."""
    return [
        [
            check.status,
            check.name,
            format_value(check.value, check.unit),
            format_value(check.limit, check.unit),
        ]
        for check in checks
    ]


TARGET_HEADER = ["Result", "Target", "Measured", "Limit"]


def plain_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned plain-text table; columns of numbers are right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(width) if name in RIGHT_ALIGNED else cell.ljust(width)
            for cell, width, name in zip(cells, widths, header, strict=True)
        )
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (pipes in cells escaped)."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    align = ["---:" if name in RIGHT_ALIGNED else "---" for name in header]
    return "\n".join([line(header), line(align), *(line(row) for row in rows)])


def render(results: Results, checks: Sequence[Target], *, markdown: bool) -> str:
    """The figures table, then the targets table."""
    table = markdown_table if markdown else plain_table
    return "\n\n".join(
        [
            table(FIGURE_HEADER, figure_rows(results)),
            table(TARGET_HEADER, target_rows(checks)),
        ]
    )


# Machine and results file ---------------------------------------------------------------


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or what the platform module says)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return NOT_AVAILABLE


def machine_info() -> dict[str, Any]:
    """What the figures were measured on, and the load on it when they were."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "secboard": _version("secboard"),
        "textual": _version("textual"),
        "sqlite": sqlite3.sqlite_version,
        "tomli_w": _version("tomli-w"),
    }


def machine_line(machine: dict[str, Any]) -> str:
    """The machine in one line, printed above the tables."""
    load = ", ".join(f"{value:.2f}" for value in machine["load_average"])
    return (
        f"{machine['date']} · {machine['cpu']} · {machine['cores']} cores · load {load} · "
        f"Python {machine['python']} · Textual {machine['textual']} · "
        f"SQLite {machine['sqlite']} · secboard {machine['secboard']}"
    )


def write_json(
    path: Path,
    machine: dict[str, Any],
    settings: dict[str, Any],
    results: Results,
    checks: Sequence[Target],
) -> None:
    """Write every figure and target, with the machine and the settings, to ``path``."""
    document = {
        "machine": machine,
        "settings": settings,
        "figures": [figure.to_json() for figure in results],
        "targets": [check.to_json() for check in checks],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
