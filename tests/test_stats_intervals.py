"""Confidence intervals: scipy/statsmodels as oracles, published examples, properties."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import chi2, norm
from statsmodels.stats.proportion import proportion_confint

from kpirules import KpiRulesError
from kpirules.stats import (
    ESP2013,
    Interval,
    IntervalMethod,
    StatisticsError,
    byars,
    dsr,
    exact_poisson,
    proportion_interval,
    rate_interval,
    wilson,
)

LEVELS = st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998])
counts = st.integers(min_value=0, max_value=5000)


def _one(found: Interval | tuple[Interval, ...]) -> Interval:
    assert isinstance(found, Interval)
    return found


# Published worked examples (facts, recomputed here only by the code under test) --------

@pytest.mark.parametrize(("x", "n", "lower", "upper"), [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, Wilson score method.
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombes_table(x: int, n: int, lower: float, upper: float) -> None:
    found = _one(wilson(x, n))
    assert round(found.lower, 4) == lower
    assert round(found.upper, 4) == upper


@pytest.mark.parametrize(("count", "lower", "upper"), [
    # Exact 95% Poisson limits as tabulated by Daly (1992) and in epidemiology texts.
    (0, 0.0, 3.689),
    (1, 0.0253, 5.572),
    (10, 4.795, 18.39),
])
def test_exact_poisson_matches_tabulated_limits(count: int, lower: float, upper: float) -> None:
    found = _one(exact_poisson(count))
    assert found.lower == pytest.approx(lower, abs=0.0006)
    assert found.upper == pytest.approx(upper, abs=0.006)


def test_a_rate_per_100000_matches_the_worked_sentence() -> None:
    # 30 events in 100,000 people: 30.0 per 100,000, 95% CI 20.2 to 42.8 (Byars, from 10).
    found = _one(rate_interval(30, 100_000))
    assert found.method is IntervalMethod.BYARS
    assert (round(found.lower, 1), round(found.upper, 1)) == (20.2, 42.8)
    assert found.value == 30


# Oracles -------------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=2000), st.integers(min_value=1, max_value=2000),
       LEVELS)
def test_wilson_agrees_with_statsmodels(x: int, extra: int, level: float) -> None:
    n = x + extra if x else extra
    lower, upper = proportion_confint(x, n, alpha=1 - level, method="wilson")
    found = _one(wilson(x, n, level))
    assert found.lower == pytest.approx(lower, abs=1e-12)
    assert found.upper == pytest.approx(upper, abs=1e-12)


@given(counts, LEVELS)
def test_exact_poisson_agrees_with_scipy_chi_squared(count: int, level: float) -> None:
    alpha = 1 - level
    lower = 0.0 if count == 0 else chi2.ppf(alpha / 2, 2 * count) / 2
    upper = chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    found = _one(exact_poisson(count, level))
    assert found.lower == pytest.approx(lower, rel=1e-9, abs=1e-12)
    assert found.upper == pytest.approx(upper, rel=1e-9)


@given(st.integers(min_value=1, max_value=10**6), LEVELS)
def test_byars_is_the_published_formula(count: int, level: float) -> None:
    z = norm.ppf(1 - (1 - level) / 2)
    lower = max(0.0, count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3)
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    found = _one(byars(count, level))
    assert found.lower == pytest.approx(lower, rel=1e-12, abs=1e-12)
    assert found.upper == pytest.approx(upper, rel=1e-12)


@pytest.mark.parametrize("count", [10, 20, 50, 100, 389, 1000])
def test_byars_is_within_a_fraction_of_a_percent_of_exact_from_ten(count: int) -> None:
    # The technical guide's claim: within 0.2% of the exact limits from 10 events at 95%.
    approx, exact = _one(byars(count)), _one(exact_poisson(count))
    assert approx.lower == pytest.approx(exact.lower, rel=0.002)
    assert approx.upper == pytest.approx(exact.upper, rel=0.002)


@pytest.mark.parametrize(("count", "method"), [(0, "exact_poisson"), (9, "exact_poisson"),
                                               (10, "byars"), (11, "byars")])
def test_auto_is_exact_below_ten_and_byars_from_ten(count: int, method: str) -> None:
    found = _one(rate_interval(count, 50_000, per=1000))
    assert found.method == method
    assert found.value == Fraction(count * 1000, 50_000)
    other = exact_poisson(count) if method == "exact_poisson" else byars(count)
    assert found.lower == pytest.approx(_one(other).lower * 1000 / 50_000, rel=1e-12)


def test_dsr_matches_an_independent_dobson_computation() -> None:
    counts = [0, 0, 1, 2, 1, 3, 4, 6, 8, 10, 15, 20, 28, 35, 40, 45, 38, 30, 20]
    people = [5200, 5400, 5300, 5600, 6100, 6400, 6900, 7000, 7200, 7100, 6800, 6300,
              5800, 5100, 4500, 3500, 2400, 1400, 800]
    w = ESP2013
    value = sum(wi * o / n for wi, o, n in zip(w, counts, people, strict=True)) / sum(w) * 1e5
    var = sum(wi**2 * o / n**2 for wi, o, n in zip(w, counts, people, strict=True)) \
        / sum(w) ** 2 * 1e10
    total = sum(counts)
    z = norm.ppf(0.975)
    low = total * (1 - 1 / (9 * total) - z / (3 * math.sqrt(total))) ** 3
    high = (total + 1) * (1 - 1 / (9 * (total + 1)) + z / (3 * math.sqrt(total + 1))) ** 3
    found = _one(dsr(counts, people))
    assert float(found.value) == pytest.approx(value, rel=1e-12)
    assert found.lower == pytest.approx(value + math.sqrt(var / total) * (low - total),
                                        rel=1e-9)
    assert found.upper == pytest.approx(value + math.sqrt(var / total) * (high - total),
                                        rel=1e-9)
    assert found.method is IntervalMethod.DOBSON
    assert sum(ESP2013) == 100_000 and len(ESP2013) == 19


def test_dsr_below_ten_events_uses_exact_count_limits() -> None:
    found = _one(dsr([2, 3], [1000, 2000], [1, 1], per=1000))
    total = 5
    var = (2 / 1000**2 + 3 / 2000**2) / 4 * 1000**2
    value = (2 / 1000 + 3 / 2000) / 2 * 1000
    assert found.upper == pytest.approx(
        value + math.sqrt(var / total) * (chi2.ppf(0.975, 12) / 2 - total), rel=1e-9)


# Properties -----------------------------------------------------------------------------

proportions = st.integers(min_value=1, max_value=10**6).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n)))


@given(proportions, LEVELS)
def test_wilson_contains_the_point_and_stays_in_zero_to_one(xn: tuple[int, int],
                                                            level: float) -> None:
    x, n = xn
    found = _one(wilson(x, n, level))
    assert 0 <= found.lower <= found.value <= found.upper <= 1
    assert found.value == Fraction(x, n)


@given(proportions)
def test_wilson_is_symmetric_under_p_to_one_minus_p(xn: tuple[int, int]) -> None:
    x, n = xn
    here, there = _one(wilson(x, n)), _one(wilson(n - x, n))
    assert here.lower == pytest.approx(1 - there.upper, abs=1e-12)
    assert here.upper == pytest.approx(1 - there.lower, abs=1e-12)


@given(proportions)
def test_wider_confidence_gives_a_wider_interval(xn: tuple[int, int]) -> None:
    x, n = xn[0] % 5000, xn[1]
    narrow, wide = wilson(min(x, n), n, (0.95, 0.998))
    assert wide.lower <= narrow.lower and narrow.upper <= wide.upper
    assert wide.upper - wide.lower > narrow.upper - narrow.lower
    for method in (byars, exact_poisson):
        small, large = method(x, (0.95, 0.998))
        assert large.lower <= small.lower <= small.upper <= large.upper


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500),
       st.integers(min_value=2, max_value=20))
def test_intervals_narrow_as_n_grows_with_the_proportion_fixed(x: int, extra: int,
                                                               k: int) -> None:
    n = x + extra
    small, large = _one(wilson(x, n)), _one(wilson(x * k, n * k))
    assert large.upper - large.lower < small.upper - small.lower
    rate_small = _one(rate_interval(x, n, per=1))
    rate_large = _one(rate_interval(x * k, n * k, per=1))
    assert rate_large.upper - rate_large.lower < rate_small.upper - rate_small.lower


@given(counts, st.integers(min_value=1, max_value=10**7), LEVELS,
       st.sampled_from(["auto", "byars", "exact"]))
def test_rate_limits_bracket_the_rate_and_never_go_negative(
        count: int, population: int, level: float, method: str) -> None:
    found = _one(rate_interval(count, population, 100_000, level, method))  # type: ignore[arg-type]
    assert 0 <= found.lower <= found.value <= found.upper
    assert not any(math.isnan(v) for v in (found.lower, found.upper))


@given(proportions, st.sampled_from([1, 100, 1000]))
def test_proportion_interval_is_wilson_scaled(xn: tuple[int, int], multiplier: int) -> None:
    x, n = xn
    base, scaled = _one(wilson(x, n)), _one(proportion_interval(x, n, multiplier))
    assert scaled.value == base.value * multiplier
    assert scaled.lower == pytest.approx(base.lower * multiplier, abs=1e-9)
    assert scaled.upper <= multiplier


def test_several_levels_come_back_in_the_order_asked() -> None:
    found = rate_interval(25, 10_000, confidence=[0.998, 0.95])
    assert [i.confidence for i in found] == [0.998, 0.95]
    assert [i.level for i in found] == ["99.8%", "95%"]


def test_exact_inputs_keep_the_point_exact() -> None:
    found = _one(proportion_interval(Decimal("1.5"), Fraction(9, 2)))
    assert found.value == Fraction(100, 3)


# Refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "argument"), [
    (lambda: wilson(-1, 10), "successes"),
    (lambda: wilson(11, 10), "successes"),
    (lambda: wilson(1, 0), "total"),
    (lambda: wilson(1, 10, 1.0), "confidence"),
    (lambda: wilson(1, 10, 0), "confidence"),
    (lambda: wilson(1, 10, 95), "confidence"),
    (lambda: wilson(1, 10, ()), "confidence"),
    (lambda: wilson(float("nan"), 10), "successes"),
    (lambda: wilson(True, 10), "successes"),
    (lambda: byars(-3), "count"),
    (lambda: exact_poisson(float("inf")), "count"),
    (lambda: exact_poisson(Decimal("NaN")), "count"),
    (lambda: rate_interval(3, 0), "population"),
    (lambda: rate_interval(3, 100, per=0), "per"),
    (lambda: rate_interval(3, 100, method="normal"), "method"),  # type: ignore[arg-type]
    (lambda: rate_interval("3", 100), "count"),  # type: ignore[arg-type]
    (lambda: dsr([1, 2], [10], [1, 1]), "counts"),
    (lambda: dsr([0, 0], [10, 10], [1, 1]), "counts"),
    (lambda: dsr([1, 2], [10, 0], [1, 1]), "populations[1]"),
    (lambda: dsr([1, 2], [10, 10], [0, 0]), "standard"),
    (lambda: dsr([], [], []), "counts"),
])
def test_bad_arguments_raise_the_librarys_error_naming_the_argument(call, argument) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StatisticsError) as caught:
        call()
    assert caught.value.argument == argument
    assert isinstance(caught.value, KpiRulesError)
    assert str(caught.value).startswith(f"{argument}: ")


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True))
def test_any_float_input_gives_an_interval_or_the_librarys_error(a: float, b: float) -> None:
    assume(not (math.isfinite(a) and math.isfinite(b) and 0 <= a <= b and b > 0))
    with pytest.raises(StatisticsError):
        wilson(a, b)
