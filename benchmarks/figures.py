"""What the benchmark measures: every figure, its samples and how it reads."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

SECONDS = "s"
MEGABYTES = "MB"
RATIO = "×"

FIGURES: dict[str, tuple[str, str]] = {
    "first_paint_bare": ("first frame painted: bare Textual app", SECONDS),
    "first_paint_secboard": ("first frame painted: secboard", SECONDS),
    "first_settled_bare": ("first frame settled: bare Textual app", SECONDS),
    "first_settled_secboard": ("first frame settled: secboard", SECONDS),
    "board_ready": ("board ready (BoardReady handled)", SECONDS),
    "board_ratio": ("board ready, ratio to the smallest", RATIO),
    "tui_peak_rss": ("TUI peak RSS", MEGABYTES),
    "card_move": ("card move: > to repaint", SECONDS),
    "request_open": ("request open: enter to repaint", SECONDS),
    "cli_version": ("secboard --version (CLI start-up)", SECONDS),
    "cli_list": ("secboard list --format json", SECONDS),
    "cli_list_rss": ("secboard list --format json: peak RSS", MEGABYTES),
    "list_floor": ("sqlite3 + json floor of list --format json", SECONDS),
    "task_export": ("taskwarrior: task export (as many tasks)", SECONDS),
    "cli_metrics": ("secboard metrics", SECONDS),
    "cli_export": ("secboard export PATH", SECONDS),
    "cli_export_rss": ("secboard export PATH: peak RSS", MEGABYTES),
    "export_size": ("secboard export PATH: file size", MEGABYTES),
    "export_size_old": ("export file of the other tree", MEGABYTES),
    "export_size_converted": ("the same workspace exported by this tree", MEGABYTES),
    "tomli_w_dumps": ("tomli_w.dumps of the exported document", SECONDS),
    "cli_import": ("secboard import PATH (empty db)", SECONDS),
    "cli_import_rss": ("secboard import PATH: peak RSS", MEGABYTES),
    "tomllib_loads": ("tomllib.loads of the exported file", SECONDS),
    "similar_title": ("similar-title suggestion (Workspace.similar_requests)", SECONDS),
    "accounts_ready": ("accounts screen data (Workspace.account_summaries)", SECONDS),
}
"""Every figure, in the order the table shows them: key → (label, unit)."""


@dataclass(frozen=True)
class Sample:
    """One measured value, with the CPU seconds spent on it where they were measured."""

    value: float
    cpu: float | None = None


@dataclass
class Figure:
    """One figure at one workspace size: the samples taken, or why there are none."""

    key: str
    """Which figure (a key of :data:`FIGURES`)."""
    size: int | None
    """Requests in the workspace it was measured on (None: no workspace involved)."""
    samples: list[float] = field(default_factory=list)
    """One value per run, in the figure's unit."""
    cpu: list[float] = field(default_factory=list)
    """CPU seconds of each sample, where measured (user + system of the process)."""
    excluded: list[float] = field(default_factory=list)
    """Warm-up runs taken but left out of the median."""
    derived: bool = False
    """True when computed from other figures rather than measured."""
    note: str = ""
    """Why the figure could not be measured (shown as n/a)."""

    @property
    def label(self) -> str:
        """What the table calls it."""
        return FIGURES[self.key][0]

    @property
    def unit(self) -> str:
        """Seconds, megabytes or a ratio."""
        return FIGURES[self.key][1]

    def add(self, sample: float | Sample) -> None:
        """Record one more sample (and its CPU time, if it has one)."""
        if isinstance(sample, Sample):
            self.samples.append(sample.value)
            if sample.cpu is not None:
                self.cpu.append(sample.cpu)
        else:
            self.samples.append(sample)

    @property
    def median(self) -> float | None:
        """The median of the samples (None when there are none)."""
        return statistics.median(self.samples) if self.samples else None

    @property
    def cpu_median(self) -> float | None:
        """The median CPU time of the samples (None when it was not measured)."""
        return statistics.median(self.cpu) if self.cpu else None

    def to_json(self) -> dict[str, Any]:
        """The figure as plain data for the results file."""
        return {
            "key": self.key,
            "label": self.label,
            "size": self.size,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.samples, default=None),
            "max": max(self.samples, default=None),
            "samples": self.samples,
            "cpu_median": self.cpu_median,
            "cpu": self.cpu,
            "excluded": self.excluded,
            "derived": self.derived,
            "note": self.note,
        }


class Results:
    """Every figure of one benchmark run, looked up by key and size."""

    def __init__(self) -> None:
        self._figures: dict[tuple[str, int | None], Figure] = {}

    def figure(self, key: str, size: int | None = None) -> Figure:
        """The figure ``key`` at ``size``, created empty on first use."""
        if key not in FIGURES:
            raise KeyError(f"unknown figure {key!r}")
        return self._figures.setdefault((key, size), Figure(key, size))

    def find(self, key: str, size: int | None = None) -> Figure | None:
        """The figure ``key`` at ``size``, if there is one."""
        return self._figures.get((key, size))

    def median(self, key: str, size: int | None = None) -> float | None:
        """The median of a figure, or None when it was not measured."""
        found = self._figures.get((key, size))
        return None if found is None else found.median

    def cpu_median(self, key: str, size: int | None = None) -> float | None:
        """The median CPU time of a figure, or None when it was not measured."""
        found = self._figures.get((key, size))
        return None if found is None else found.cpu_median

    def __iter__(self) -> Iterator[Figure]:
        """The figures in table order: by :data:`FIGURES`, then by size."""
        order = list(FIGURES)
        return iter(
            sorted(
                self._figures.values(),
                key=lambda f: (order.index(f.key), -1 if f.size is None else f.size),
            )
        )
