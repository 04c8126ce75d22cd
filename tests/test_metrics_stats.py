"""Percentiles, means and medians: the same numbers as the standard library's."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secboard.domain.stats import Distribution, mean, median, percentile

durations = st.lists(
    st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False),
    min_size=2,
    max_size=60,
)


@given(durations)
def test_percentiles_equal_statistics_quantiles_inclusive(values: list[float]) -> None:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    ordered = sorted(values)

    assert [percentile(ordered, rank) for rank in range(1, 100)] == cuts


@given(durations)
def test_distribution_mean_equals_statistics_fmean(values: list[float]) -> None:
    assert Distribution.of(values).mean == statistics.fmean(values)


def test_percentiles_interpolate_between_closest_ranks() -> None:
    spread = Distribution.of([13.0, 0.25, 5.0])

    assert (spread.p50, spread.p85, spread.p95) == (5.0, 10.6, 12.2)
    assert spread.count == 3


def test_single_value_is_every_percentile() -> None:
    assert Distribution.of([4.5]) == Distribution(count=1, p50=4.5, p85=4.5, p95=4.5, mean=4.5)


def test_no_data_gives_no_statistics() -> None:
    assert Distribution.of([]) == Distribution(count=0, p50=None, p85=None, p95=None, mean=None)
    assert mean([]) is None
    assert median([]) is None


def test_median_of_an_even_count_is_the_midpoint() -> None:
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


@pytest.mark.parametrize("rank", [0, 100, -5])
def test_percentile_rank_outside_1_to_99_is_refused(rank: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 99"):
        percentile([1.0, 2.0], rank)
