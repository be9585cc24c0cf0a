"""Benchmark comparison and the recent trend: oracles, worked cases and properties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chi2

from kpirules.stats import (
    Interval,
    IntervalMethod,
    Outcome,
    Reading,
    Significance,
    StatisticsError,
    TrendDirection,
    compare,
    rate_interval,
    recent_trend,
)


def _interval(value: float, lower: float, upper: float, level: float = 0.95) -> Interval:
    return Interval(Fraction(value), lower, upper, level, IntervalMethod.BYARS)


# compare -------------------------------------------------------------------------------

def test_the_worked_comparison_with_england() -> None:
    # 30 per 100,000 (95% CI 20.2-42.8) against England's 20.0: the interval lies above.
    rate = rate_interval(30, 100_000)
    assert compare(rate, 20, "lower_is_better").outcome is Outcome.WORSE
    assert compare(rate, 20, "higher_is_better").outcome is Outcome.BETTER
    assert compare(rate, 20, "none").outcome is Outcome.HIGHER
    assert compare(rate, 25, "lower_is_better").outcome is Outcome.SIMILAR


@pytest.mark.parametrize(("benchmark", "significance"), [
    (Fraction(19), Significance.HIGHER), (Fraction(20), Significance.SIMILAR),
    (Fraction(30), Significance.SIMILAR), (Fraction(40), Significance.SIMILAR),
    (Fraction(41), Significance.LOWER)])
def test_an_interval_touching_the_benchmark_is_similar(benchmark: Fraction,
                                                       significance: Significance) -> None:
    found = compare(_interval(30, 20, 40), benchmark, "none")
    assert found.significance is significance


def test_not_compared_without_an_interval_or_a_benchmark() -> None:
    no_interval = compare(30, 20, "higher_is_better")
    assert no_interval.outcome is Outcome.NOT_COMPARED
    assert "no confidence interval" in no_interval.reason
    no_benchmark = compare(_interval(30, 20, 40), None, "higher_is_better")
    assert no_benchmark.outcome is Outcome.NOT_COMPARED
    assert no_benchmark.reason == "no benchmark to compare with"
    assert compare(None, 20).outcome is Outcome.NOT_COMPARED


def test_a_benchmark_may_carry_its_own_interval() -> None:
    england = _interval(20, 19, 21)
    assert compare(25, england, "higher_is_better").outcome is Outcome.BETTER
    assert compare(20.5, england, "higher_is_better").outcome is Outcome.SIMILAR
    # Both with intervals: by default the benchmark's value is used...
    assert compare(_interval(23, 20.5, 26), england, "none").outcome is Outcome.HIGHER
    # ...and the stricter test asks that the intervals do not overlap.
    strict = compare(_interval(23, 20.5, 26), england, "none", use_benchmark_interval=True)
    assert strict.outcome is Outcome.SIMILAR
    assert strict.benchmark_upper == 21


def test_compare_refuses_an_unknown_polarity() -> None:
    with pytest.raises(StatisticsError) as caught:
        compare(_interval(1, 0, 2), 1, "within_band")
    assert caught.value.argument == "polarity"


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
widths = st.floats(min_value=0, max_value=1e4, allow_nan=False)


@given(values, widths, widths, values, st.floats(min_value=0, max_value=1e6),
       st.sampled_from(["higher_is_better", "lower_is_better"]))
def test_moving_the_value_the_better_way_never_turns_better_into_worse(
        centre: float, below: float, above: float, benchmark: float, shift: float,
        polarity: str) -> None:
    step = shift if polarity == "higher_is_better" else -shift
    before = compare(_interval(centre, centre - below, centre + above), benchmark, polarity)
    after = compare(_interval(centre + step, centre - below + step, centre + above + step),
                    benchmark, polarity)
    order = {Outcome.WORSE: 0, Outcome.SIMILAR: 1, Outcome.BETTER: 2}
    assert order[after.outcome] >= order[before.outcome]


@given(values, widths, widths, values)
def test_mirroring_polarity_swaps_better_and_worse(centre: float, below: float, above: float,
                                                   benchmark: float) -> None:
    interval = _interval(centre, centre - below, centre + above)
    up = compare(interval, benchmark, "higher_is_better").outcome
    down = compare(interval, benchmark, "lower_is_better").outcome
    swap = {Outcome.BETTER: Outcome.WORSE, Outcome.WORSE: Outcome.BETTER,
            Outcome.SIMILAR: Outcome.SIMILAR}
    assert down is swap[up]
    plain = compare(interval, benchmark, "none").outcome
    assert plain in (Outcome.HIGHER, Outcome.LOWER, Outcome.SIMILAR)
    assert (plain is Outcome.SIMILAR) == (up is Outcome.SIMILAR)


# recent_trend ---------------------------------------------------------------------------

def _oracle(points: list[Interval]) -> tuple[float, float]:
    """Slope and chi-squared from statsmodels' weighted least squares, scale fixed at 1."""
    y = np.array([float(p.value) for p in points])
    se = np.array([(p.upper - p.lower) / (2 * 1.959963984540054) for p in points])
    x = sm.add_constant(np.arange(len(points), dtype=float))
    fit = sm.WLS(y, x, weights=1 / se**2).fit(cov_type="fixed scale")
    slope, bse = float(fit.params[1]), float(fit.bse[1])
    return slope, (slope / bse) ** 2


rates = st.tuples(st.integers(min_value=10, max_value=2000),
                  st.integers(min_value=10_000, max_value=200_000))


@given(st.lists(rates, min_size=5, max_size=8))
def test_recent_trend_agrees_with_statsmodels_wls(figures: list[tuple[int, int]]) -> None:
    points = [rate_interval(c, n) for c, n in figures]
    found = recent_trend(points, "higher_is_better")
    slope, chi_squared = _oracle(points[-5:])
    assert found.slope == pytest.approx(slope, rel=1e-7, abs=1e-9)
    assert found.chi_squared == pytest.approx(chi_squared, rel=1e-7, abs=1e-9)
    significant = chi_squared > chi2.ppf(0.998, 1)
    assert found.significant == significant
    if significant:
        assert found.direction is (TrendDirection.INCREASING if slope > 0
                                   else TrendDirection.DECREASING)
    else:
        assert found.direction is TrendDirection.NO_SIGNIFICANT_CHANGE


def test_a_steady_rise_is_increasing_and_read_by_polarity() -> None:
    points = [rate_interval(c, 100_000) for c in (100, 130, 160, 190, 220)]
    rising = recent_trend(points, "higher_is_better")
    assert rising.direction is TrendDirection.INCREASING
    assert rising.reading is Reading.GETTING_BETTER
    assert recent_trend(points, "lower_is_better").reading is Reading.GETTING_WORSE
    assert recent_trend(points, "none").reading is None
    assert recent_trend(points[::-1], "lower_is_better").reading is Reading.GETTING_BETTER


def test_noise_is_no_significant_change() -> None:
    points = [rate_interval(c, 100_000) for c in (100, 110, 95, 105, 102)]
    found = recent_trend(points, "higher_is_better")
    assert found.direction is TrendDirection.NO_SIGNIFICANT_CHANGE
    assert found.reading is None


@pytest.mark.parametrize(("points", "why"), [
    ([rate_interval(100, 1000)] * 4, "needs 5 consecutive points, has 4"),
    ([rate_interval(100, 1000)] * 3 + [None] + [rate_interval(100, 1000)],
     "a gap among the last 5 points"),
    ([_interval(1, 1, 1)] * 5, "a point's interval has no width, so no weight"),
])
def test_trend_cannot_be_calculated(points: list[Interval | None], why: str) -> None:
    found = recent_trend(points, "higher_is_better")
    assert found.direction is TrendDirection.CANNOT_BE_CALCULATED
    assert found.reason == why
    assert found.slope is None


def test_only_the_last_five_points_count() -> None:
    early = [None, rate_interval(5000, 100_000)]
    steady = [rate_interval(c, 100_000) for c in (100, 130, 160, 190, 220)]
    assert recent_trend(early + steady).slope == recent_trend(steady).slope


def test_trend_refuses_what_is_not_an_interval() -> None:
    with pytest.raises(StatisticsError) as caught:
        recent_trend([1, 2, 3, 4, 5])  # type: ignore[list-item]
    assert caught.value.argument == "points[0]"
