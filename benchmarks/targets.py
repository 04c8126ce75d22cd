"""The performance targets, checked against the figures of one run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.figures import MEGABYTES, RATIO, SECONDS, Results

PASS, MISS, NOT_AVAILABLE = "PASS", "MISS", "n/a"


@dataclass(frozen=True)
class Target:
    """One target: a measured value and the limit it must not exceed."""

    name: str
    """The target in words."""
    value: float | None
    """What was measured (None when a figure it needs is missing)."""
    limit: float | None
    """The most it may be (None when a figure it needs is missing)."""
    unit: str
    """Unit of value and limit."""
    basis: str = ""
    """How value or limit were computed from the figures."""

    @property
    def status(self) -> str:
        """PASS, MISS, or n/a when it could not be checked."""
        if self.value is None or self.limit is None:
            return NOT_AVAILABLE
        return PASS if self.value <= self.limit else MISS

    def to_json(self) -> dict[str, Any]:
        """The target as plain data for the results file."""
        return {
            "name": self.name,
            "status": self.status,
            "value": self.value,
            "limit": self.limit,
            "unit": self.unit,
            "basis": self.basis,
        }


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _linear(factor: float, value: float | None, offset: float | None) -> float | None:
    """``factor × value + offset``, or None when either is missing."""
    if value is None or offset is None:
        return None
    return factor * value + offset


def targets(results: Results, sizes: Sequence[int]) -> list[Target]:
    """Every target, checked against ``results`` (measured at ``sizes``)."""
    smallest, largest = min(sizes), max(sizes)
    median = results.median
    start_up = median("cli_version")
    board = median("board_ready", largest)
    checks = [
        Target(
            "first frame ≤ 1.3× the bare Textual app's",
            _ratio(median("first_paint_secboard", 0), median("first_paint_bare")),
            1.3,
            RATIO,
            "first frame painted: secboard on an empty workspace / bare app",
        ),
        Target(
            f"board at {largest:,} ≤ 1.5× the board at {smallest:,}",
            _ratio(board, median("board_ready", smallest)),
            1.5,
            RATIO,
        ),
        Target(f"board at {largest:,} ≤ 1 s", board, 1.0, SECONDS),
        Target(f"card move at {largest:,} ≤ 50 ms", median("card_move", largest), 0.05, SECONDS),
        Target(
            f"metrics at {largest:,} ≤ CLI start-up + 0.2 s",
            median("cli_metrics", largest),
            _linear(1, 0.2, start_up),
            SECONDS,
            "limit: secboard --version + 0.2 s",
        ),
    ]
    for size in sizes:
        checks += _snapshot_targets(results, size, start_up)
    checks.append(
        Target(
            f"TUI peak RSS at {largest:,} ≤ 150 MB",
            median("tui_peak_rss", largest),
            150.0,
            MEGABYTES,
        )
    )
    return checks


def _snapshot_targets(results: Results, size: int, start_up: float | None) -> list[Target]:
    """Export and import at ``size`` against the TOML libraries' own times."""
    return [
        Target(
            f"export at {size:,} ≤ 2× tomli-w + start-up",
            results.median("cli_export", size),
            _linear(2, results.median("tomli_w_dumps", size), start_up),
            SECONDS,
            "limit: 2 × tomli_w.dumps + secboard --version",
        ),
        Target(
            f"import at {size:,} ≤ 2× tomllib + start-up",
            results.median("cli_import", size),
            _linear(2, results.median("tomllib_loads", size), start_up),
            SECONDS,
            "limit: 2 × tomllib.loads + secboard --version",
        ),
    ]
