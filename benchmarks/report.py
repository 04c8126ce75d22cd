"""Showing the results: aligned or Markdown tables, and the JSON results file."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.figures import MEGABYTES, RATIO, Figure, Results
from benchmarks.targets import NOT_AVAILABLE, Target

RIGHT_ALIGNED = frozenset(
    {"Requests", "Median", "Min–max", "CPU", "Runs", "Measured", "Limit"}
    | {"Other", "This", "This/other", "Other CPU", "This CPU", "Other measured"}
)
"""Columns of numbers."""
THIS, OTHER = "this", "other"
"""The names of the trees: the one the benchmark is in, and the one of ``--against``."""


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


def _median(figure: Figure | None) -> str:
    if figure is None:
        return NOT_AVAILABLE
    if figure.median is None and figure.note:
        return f"{NOT_AVAILABLE} ({figure.note})"
    return format_value(figure.median, figure.unit)


def _cpu(figure: Figure | None) -> str:
    if figure is None or figure.cpu_median is None:
        return ""
    return format_value(figure.cpu_median, figure.unit)


def _runs(figure: Figure) -> str:
    return "" if figure.derived else str(len(figure.samples))


def figure_rows(results: Results) -> list[list[str]]:
    """One row per figure: label, workspace size, median, spread, CPU time and runs."""
    return [
        [
            figure.label,
            _size(figure.size),
            _median(figure),
            _spread(figure),
            _cpu(figure),
            _runs(figure),
        ]
        for figure in results
    ]


FIGURE_HEADER = ["Figure", "Requests", "Median", "Min–max", "CPU", "Runs"]


def paired_rows(this: Results, other: Results) -> list[list[str]]:
    """One row per figure of both trees: each median, the ratio this/other, CPU times."""
    rows = []
    for figure in this:
        before = other.find(figure.key, figure.size)
        ratio = None
        if before is not None and before.median and figure.median is not None:
            ratio = figure.median / before.median
        rows.append(
            [
                figure.label,
                _size(figure.size),
                _median(before),
                _median(figure),
                format_value(ratio, RATIO),
                _cpu(before),
                _cpu(figure),
                _runs(figure),
            ]
        )
    return rows


PAIRED_HEADER = ["Figure", "Requests", "Other", "This", "This/other", "Other CPU", "This CPU"]
PAIRED_HEADER += ["Runs"]


def target_rows(checks: Iterable[Target], others: Sequence[Target] = ()) -> list[list[str]]:
    """One row per target: PASS/MISS/n/a, the target, what was measured, the limit, the
    value on CPU time; beside it, with ``others``, the other tree's result and value."""
    other_by_name = {check.name: check for check in others}
    rows = []
    for check in checks:
        row = [
            check.verdict,
            check.name,
            format_value(check.value, check.unit),
            format_value(check.limit, check.unit),
            "" if check.cpu_value is None else format_value(check.cpu_value, check.unit),
        ]
        if others:
            other = other_by_name.get(check.name)
            row += (
                ["", ""]
                if other is None
                else [other.verdict, format_value(other.value, other.unit)]
            )
        rows.append(row)
    return rows


TARGET_HEADER = ["Result", "Target", "Measured", "Limit", "CPU"]
PAIRED_TARGET_HEADER = [*TARGET_HEADER, "Other result", "Other measured"]


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


def render(
    results: Mapping[str, Results], checks: Mapping[str, Sequence[Target]], *, markdown: bool
) -> str:
    """The figures table, then the targets table: this tree's, or both side by side."""
    table = markdown_table if markdown else plain_table
    if OTHER not in results:
        return "\n\n".join(
            [
                table(FIGURE_HEADER, figure_rows(results[THIS])),
                table(TARGET_HEADER, target_rows(checks[THIS])),
            ]
        )
    return "\n\n".join(
        [
            table(PAIRED_HEADER, paired_rows(results[THIS], results[OTHER])),
            table(PAIRED_TARGET_HEADER, target_rows(checks[THIS], checks[OTHER])),
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


def _load(values: Sequence[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def machine_line(machine: dict[str, Any]) -> str:
    """The machine in a few lines, printed above the tables: what it is, its load before
    and after the run, and which secboard each tree ran."""
    lines = [
        f"{machine['date']} · {machine['cpu']} · {machine['cores']} cores · "
        f"Python {machine['python']} · Textual {machine['textual']} · "
        f"SQLite {machine['sqlite']} · secboard {machine['secboard']}",
        f"load average (1, 5, 15 min) before: {_load(machine['load_average'])}"
        + (
            f" · after: {_load(machine['load_average_after'])}"
            if "load_average_after" in machine
            else ""
        )
        + (f" · {machine['seconds']:.0f} s in all" if "seconds" in machine else ""),
    ]
    lines += [f"{name}: secboard from {path}" for name, path in machine.get("trees", {}).items()]
    return "\n".join(lines)


def write_json(
    path: Path,
    machine: dict[str, Any],
    settings: dict[str, Any],
    results: Mapping[str, Results],
    checks: Mapping[str, Sequence[Target]],
) -> None:
    """Write every figure and target, with the machine and the settings, to ``path``.

    ``figures`` and ``targets`` are this tree's; with ``--against``, ``other`` holds the
    other tree's.
    """
    document: dict[str, Any] = {
        "machine": machine,
        "settings": settings,
        "figures": [figure.to_json() for figure in results[THIS]],
        "targets": [check.to_json() for check in checks[THIS]],
    }
    if OTHER in results:
        document["other"] = {
            "figures": [figure.to_json() for figure in results[OTHER]],
            "targets": [check.to_json() for check in checks[OTHER]],
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
