"""The performance targets, checked against the figures of one run.

A target compares a measured value with a limit. Where the value is a time, its CPU
time is computed the same way from the CPU figures: a target missed on wall time whose
CPU time is within the limit was most likely waiting for a machine under load, and says
so (:attr:`Target.under_load`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.figures import MEGABYTES, RATIO, SECONDS, Results

PASS, MISS, NOT_AVAILABLE = "PASS", "MISS", "n/a"
UNDER_LOAD = "under load: cpu within limit"

LARGE = 100_000
"""The size of the memory and latency targets for big workspaces (``--large``)."""
ANCHOR_SIZE = 10_000
"""The size at which ``list`` and ``import`` are held to absolute anchors."""


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
    cpu_value: float | None = None
    """The value computed from CPU times instead of wall times (None: not measured)."""
    cpu_limit: float | None = None
    """The limit computed from CPU times, where it depends on figures (else ``limit``)."""

    @property
    def status(self) -> str:
        """PASS, MISS, or n/a when it could not be checked."""
        if self.value is None or self.limit is None:
            return NOT_AVAILABLE
        return PASS if self.value <= self.limit else MISS

    @property
    def under_load(self) -> bool:
        """Missed on wall time, but within the limit on CPU time."""
        limit = self.limit if self.cpu_limit is None else self.cpu_limit
        return (
            self.status == MISS
            and self.cpu_value is not None
            and limit is not None
            and self.cpu_value <= limit
        )

    @property
    def verdict(self) -> str:
        """The status as shown: a miss under load says so."""
        return f"{MISS} ({UNDER_LOAD})" if self.under_load else self.status

    def to_json(self) -> dict[str, Any]:
        """The target as plain data for the results file."""
        return {
            "name": self.name,
            "status": self.status,
            "under_load": self.under_load,
            "value": self.value,
            "limit": self.limit,
            "cpu_value": self.cpu_value,
            "cpu_limit": self.cpu_limit,
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


class _Figures:
    """The medians of one run, by wall time or by CPU time."""

    def __init__(self, results: Results, cpu: bool) -> None:
        self.get: Callable[[str, int | None], float | None] = (
            results.cpu_median if cpu else results.median
        )

    def __call__(self, key: str, size: int | None = None) -> float | None:
        return self.get(key, size)


def _timed(
    name: str,
    results: Results,
    value: Callable[[_Figures], float | None],
    limit: Callable[[_Figures], float | None],
    unit: str,
    basis: str = "",
) -> Target:
    """A target on times: value and limit from the wall-time medians, and again from
    the CPU-time medians."""
    wall, cpu = _Figures(results, cpu=False), _Figures(results, cpu=True)
    return Target(name, value(wall), limit(wall), unit, basis, value(cpu), limit(cpu))


def _constant(limit: float) -> Callable[[_Figures], float]:
    return lambda _: limit


def targets(results: Results, sizes: Sequence[int]) -> list[Target]:
    """Every target, checked against ``results`` (measured at ``sizes``).

    The long-standing targets hold at the largest size up to 10,000 (the sizes of a
    default run); the targets at a fixed size (10,000 or 100,000) are n/a when that size
    was not measured. A target stated twice (when those sizes meet) is kept once.
    """
    smallest = min(sizes)
    largest = max((size for size in sizes if size <= ANCHOR_SIZE), default=smallest)
    checks = [
        _timed(
            "first frame ≤ 1.3× the bare Textual app's",
            results,
            lambda f: _ratio(f("first_paint_secboard", 0), f("first_paint_bare")),
            _constant(1.3),
            RATIO,
            "first frame painted: secboard on an empty workspace / bare app",
        ),
        _timed(
            f"board at {largest:,} ≤ 1.5× the board at {smallest:,}",
            results,
            lambda f: _ratio(f("board_ready", largest), f("board_ready", smallest)),
            _constant(1.5),
            RATIO,
        ),
        _timed(
            f"board at {largest:,} ≤ 1 s",
            results,
            lambda f: f("board_ready", largest),
            _constant(1.0),
            SECONDS,
        ),
        _timed(
            f"card move at {largest:,} ≤ 50 ms",
            results,
            lambda f: f("card_move", largest),
            _constant(0.05),
            SECONDS,
        ),
        _timed(
            f"metrics at {largest:,} ≤ CLI start-up + 0.2 s",
            results,
            lambda f: f("cli_metrics", largest),
            lambda f: _linear(1, 0.2, f("cli_version")),
            SECONDS,
            "limit: secboard --version + 0.2 s",
        ),
    ]
    for size in sizes:
        checks += _snapshot_targets(results, size)
    checks.append(
        Target(
            f"TUI peak RSS at {largest:,} ≤ 150 MB",
            results.median("tui_peak_rss", largest),
            150.0,
            MEGABYTES,
        )
    )
    checks += [_list_anchor(results), *_asks_targets(results), *_large_targets(results)]
    return _distinct(checks)


def _snapshot_targets(results: Results, size: int) -> list[Target]:
    """Export and import at ``size`` against the TOML libraries' own times."""
    return [
        _timed(
            f"export at {size:,} ≤ 2× tomli-w + start-up",
            results,
            lambda f: f("cli_export", size),
            lambda f: _linear(2, f("tomli_w_dumps", size), f("cli_version")),
            SECONDS,
            "limit: 2 × tomli_w.dumps + secboard --version",
        ),
        _timed(
            f"import at {size:,} ≤ 2× tomllib + start-up",
            results,
            lambda f: f("cli_import", size),
            lambda f: _linear(2, f("tomllib_loads", size), f("cli_version")),
            SECONDS,
            "limit: 2 × tomllib.loads + secboard --version",
        ),
    ]


def _list_anchor(results: Results) -> Target:
    """``list --format json`` at 10,000 against ``task export`` when taskwarrior ran,
    else against the sqlite3 + json floor that prints the same bytes."""
    size = ANCHOR_SIZE
    if results.median("task_export", size) is not None:
        return _timed(
            f"list json at {size:,} ≤ 3× task export",
            results,
            lambda f: _ratio(f("cli_list", size), f("task_export", size)),
            _constant(3.0),
            RATIO,
            f"secboard list --format json / task export of {size:,} tasks",
        )
    return _timed(
        f"list json at {size:,} ≤ 1.3× the sqlite3 + json floor",
        results,
        lambda f: _ratio(f("cli_list", size), f("list_floor", size)),
        _constant(1.3),
        RATIO,
        "secboard list --format json / benchmarks/list_floor.py (same bytes)",
    )


def _asks_targets(results: Results) -> list[Target]:
    """The asks at 10,000 requests (30,000 asks, 2,000 accounts): a similar-title
    suggestion, the accounts screen's data, and the export file against the other tree's
    for the same workspace (n/a without ``--against``)."""
    size = ANCHOR_SIZE
    return [
        _timed(
            f"similar-title suggestion at {size:,} ≤ 30 ms",
            results,
            lambda f: f("similar_title", size),
            _constant(0.03),
            SECONDS,
        ),
        _timed(
            f"accounts screen data at {size:,} ≤ 500 ms",
            results,
            lambda f: f("accounts_ready", size),
            _constant(0.5),
            SECONDS,
            "Workspace.account_summaries(), the screen's first call",
        ),
        Target(
            f"export file at {size:,} ≤ 0.75× the other tree's",
            _ratio(
                results.median("export_size_converted", size),
                results.median("export_size_old", size),
            ),
            0.75,
            RATIO,
            "the other tree's export, imported and exported by this tree / that export",
        ),
    ]


def _large_targets(results: Results) -> list[Target]:
    """Import at 10,000, and every target at 100,000 (n/a without ``--large``)."""
    anchor, large = ANCHOR_SIZE, LARGE
    return [
        _timed(
            f"import at {anchor:,} ≤ 2.5 s",
            results,
            lambda f: f("cli_import", anchor),
            _constant(2.5),
            SECONDS,
        ),
        _timed(
            f"import at {large:,} ≤ 10× import at {anchor:,}",
            results,
            lambda f: _ratio(f("cli_import", large), f("cli_import", anchor)),
            _constant(10.0),
            RATIO,
        ),
        Target(
            f"import peak RSS at {large:,} ≤ 600 MB",
            results.median("cli_import_rss", large),
            600.0,
            MEGABYTES,
        ),
        Target(
            f"list json peak RSS at {large:,} ≤ 200 MB",
            results.median("cli_list_rss", large),
            200.0,
            MEGABYTES,
        ),
        _timed(
            f"board at {large:,} ≤ 1.5 s",
            results,
            lambda f: f("board_ready", large),
            _constant(1.5),
            SECONDS,
        ),
        _timed(
            f"card move at {large:,} ≤ 50 ms",
            results,
            lambda f: f("card_move", large),
            _constant(0.05),
            SECONDS,
        ),
        _timed(
            f"request open at {large:,} ≤ 100 ms",
            results,
            lambda f: f("request_open", large),
            _constant(0.1),
            SECONDS,
        ),
        _timed(
            f"metrics at {large:,} ≤ CLI start-up + 1 s",
            results,
            lambda f: f("cli_metrics", large),
            lambda f: _linear(1, 1.0, f("cli_version")),
            SECONDS,
            "limit: secboard --version + 1 s",
        ),
        _timed(
            f"export at {large:,} ≤ 25 s",
            results,
            lambda f: f("cli_export", large),
            _constant(25.0),
            SECONDS,
        ),
    ]


def _distinct(checks: list[Target]) -> list[Target]:
    """The targets without repeats (the first of each name is kept)."""
    seen: set[str] = set()
    kept = []
    for check in checks:
        if check.name not in seen:
            seen.add(check.name)
            kept.append(check)
    return kept
