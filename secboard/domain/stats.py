"""Small descriptive statistics for the metrics: percentiles, mean and median.

Percentiles interpolate linearly between closest ranks, the same cut points as
``statistics.quantiles(data, n=100, method="inclusive")`` and numpy's default, computed
with the same arithmetic so the results are equal to the last bit. One data point is
every percentile; no data is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import fsum

_CUTS = 100
"""Percentiles are cut points of 100 equal groups."""


def percentile(ordered: Sequence[float], rank: int) -> float | None:
    """The ``rank``-th percentile (1–99) of data already sorted ascending.

    Returns:
        The interpolated value, the only value for one data point, None for no data.
    """
    if not 0 < rank < _CUTS:
        raise ValueError(f"percentile rank must be between 1 and 99, not {rank}")
    if not ordered:
        return None
    if len(ordered) == 1:
        return float(ordered[0])
    # The integer split keeps the arithmetic identical to statistics.quantiles.
    index, weight = divmod(rank * (len(ordered) - 1), _CUTS)
    low, high = ordered[index], ordered[index + 1]
    return (low * (_CUTS - weight) + high * weight) / _CUTS


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None for no data."""
    return fsum(values) / len(values) if values else None


def median(values: Iterable[float]) -> float | None:
    """The middle value (the 50th percentile), or None for no data."""
    return percentile(sorted(values), 50)


@dataclass(frozen=True, slots=True)
class Distribution:
    """How a set of durations (in days) is spread: count, p50, p85, p95 and mean."""

    count: int
    p50: float | None
    p85: float | None
    p95: float | None
    mean: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Distribution:
        """The distribution of ``values``; every statistic is None when there are none."""
        ordered = sorted(values)
        return cls(
            count=len(ordered),
            p50=percentile(ordered, 50),
            p85=percentile(ordered, 85),
            p95=percentile(ordered, 95),
            mean=mean(ordered),
        )
