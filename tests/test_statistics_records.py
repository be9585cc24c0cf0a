"""The statistics analyses as a user reads them: each record's fields and each summary's
words, on the statistics example, with every figure recomputed by scipy/statsmodels.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import chi2, norm
from statsmodels.stats.proportion import proportion_confint

from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.catalogue import Catalogue
from kpirules.evaluation.statistics import MeasureStatistics
from kpirules.observations import Status
from kpirules.results import Direction
from test_statistics_examples import YEAR, _active, _headline, catalogue

__all__ = ["catalogue"]  # the fixture, shared with the example's tests


def byars(count: int, level: float) -> tuple[float, float]:
    z = norm.ppf(1 - (1 - level) / 2)
    lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return lower, upper


def exact(count: int, level: float) -> tuple[float, float]:
    alpha = 1 - level
    lower = chi2.ppf(alpha / 2, 2 * count) / 2 if count else 0.0
    return lower, chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2


def test_a_rate_interval_record_and_words(catalogue: Catalogue) -> None:
    harm = _headline(catalogue, "self-harm-admissions")
    interval = harm.analysis("interval")
    assert interval is not None
    record = interval.record()
    assert (record["numerator"], record["denominator"]) == (30, 100_000)
    levels = record["levels"]
    assert [(x["confidence"], x["method"]) for x in levels] == [(0.95, "byars"),
                                                                (0.998, "byars")]
    for level in levels:
        lower, upper = byars(30, level["confidence"])
        assert level["lower"] == pytest.approx(lower, rel=1e-12)
        assert level["upper"] == pytest.approx(upper, rel=1e-12)
        assert level["value"] == 30
    assert interval.words() == "95% and 99.8% confidence interval by Byars' method"  # type: ignore[attr-defined]
    assert interval.summary() == (
        "95% CI 20.2–42.8 per 100,000; 99.8% CI 15.8–51.1 per 100,000 "
        "(Byars' method, from 30 of 100,000)")


@pytest.mark.parametrize("count", [0, 1, 9])
def test_a_rate_from_fewer_than_ten_events_takes_the_exact_method(catalogue: Catalogue,
                                                                  count: int) -> None:
    rows = [f"self-harm-admissions,,2023,,,,numerator,{count},,table,,"]
    harm = _headline(catalogue, "self-harm-admissions", rows=rows)
    interval = harm.analysis("interval")
    assert interval is not None
    levels = interval.record()["levels"]
    assert [x["method"] for x in levels] == ["exact_poisson", "exact_poisson"]
    for level in levels:
        lower, upper = exact(count, level["confidence"])
        assert level["lower"] == pytest.approx(lower, abs=1e-9)
        assert level["upper"] == pytest.approx(upper, rel=1e-9)
    assert interval.words() == "95% and 99.8% confidence interval by the exact Poisson method"  # type: ignore[attr-defined]
    assert interval.summary().endswith(f"(the exact Poisson method, from {count} of 100,000)")


def test_a_proportion_interval_record_and_words(catalogue: Catalogue) -> None:
    feeding = _headline(catalogue, "breastfeeding")
    interval = feeding.analysis("interval")
    assert interval is not None
    record = interval.record()
    assert (record["numerator"], record["denominator"]) == (520, 1000)
    for level in record["levels"]:
        lower, upper = proportion_confint(520, 1000, alpha=1 - level["confidence"],
                                          method="wilson")
        assert level["method"] == "wilson"
        assert level["lower"] == pytest.approx(100 * lower, rel=1e-12)
        assert level["upper"] == pytest.approx(100 * upper, rel=1e-12)
    assert interval.summary() == ("95% CI 48.9–55.1%; 99.8% CI 47.1–56.8% "
                                  "(the Wilson score method, from 520 of 1,000)")


def test_benchmark_and_comparison_records(catalogue: Catalogue) -> None:
    feeding = _headline(catalogue, "breastfeeding")
    benchmark, comparison = feeding.analysis("benchmark"), feeding.analysis("comparison")
    assert benchmark is not None and comparison is not None
    assert benchmark.summary() == "London 2023: 48.0% (95% CI 47.6–48.4%)"
    assert benchmark.record() == {
        "id": "london", "label": "London", "area": "E12000007", "period": "2023",
        "value": 48, "status": "final", "lower": 47.6, "upper": 48.4, "confidence": 0.95,
        "rank": None, "of": None}
    assert comparison.summary() == "significantly better than London: 48.9–55.1% against 48.0"
    assert comparison.record() == {
        "benchmark": "london", "label": "London", "outcome": "better",
        "significance": "higher", "confidence": 0.95,
        "reason": "the interval lies wholly above the benchmark (95% confidence)"}


def _figure(value: str | None, status: Status = Status.FINAL, rank: int | None = None,
            of: int | None = None) -> BenchmarkSet:
    return BenchmarkSet((BenchmarkFigure(
        indicator="self-harm-admissions", measure="value", benchmark="england",
        label="England", area=None, period=YEAR,
        value=None if value is None else Decimal(value), status=status,
        lower=None, upper=None, confidence=None, rank=rank, of=of),))


def test_a_benchmark_with_a_rank_says_it(catalogue: Catalogue) -> None:
    harm = _headline(catalogue, "self-harm-admissions", benchmarks=_figure("20.0", rank=19, of=32))
    benchmark = harm.analysis("benchmark")
    assert benchmark is not None
    assert benchmark.summary() == "England 2023: 20.0 per 100,000; ranked 19 of 32"
    assert (benchmark.record()["rank"], benchmark.record()["of"]) == (19, 32)


def test_a_benchmark_without_its_figure_is_not_compared(catalogue: Catalogue) -> None:
    harm = _headline(catalogue, "self-harm-admissions",
                     benchmarks=_figure(None, Status.NOT_YET_PUBLISHED))
    benchmark, comparison = harm.analysis("benchmark"), harm.analysis("comparison")
    assert benchmark is not None and comparison is not None
    assert benchmark.summary() == f"England 2023: {Status.NOT_YET_PUBLISHED.words}"
    assert benchmark.record()["value"] is None
    assert comparison.summary() == (
        f"not compared with England: the England figure for 2023 is "
        f"{Status.NOT_YET_PUBLISHED.words}")
    assert comparison.record()["outcome"] == "not compared"
    assert harm.rating is None


def test_rules_read_the_first_interval_and_the_benchmark(catalogue: Catalogue) -> None:
    harm = _headline(catalogue, "self-harm-admissions")
    found = MeasureStatistics(harm.analysis("interval"), harm.analysis("benchmark"),  # type: ignore[arg-type]
                              harm.analysis("comparison")).rule_inputs()  # type: ignore[arg-type]
    lower, upper = byars(30, 0.95)
    assert float(found["lower"]) == pytest.approx(lower, rel=1e-12)  # type: ignore[arg-type]
    assert float(found["upper"]) == pytest.approx(upper, rel=1e-12)  # type: ignore[arg-type]
    assert found["benchmark"] == Fraction(20)
    assert found["benchmark_lower"] is None and found["benchmark_upper"] is None


def _wls(numerators: list[int]) -> tuple[float, float]:
    """Slope and chi-squared of the weighted regression, with known variances."""
    values, weights = [], []
    for n in numerators:
        lower, upper = proportion_confint(n, 2000, alpha=0.05, method="wilson")
        se = 100 * (upper - lower) / (2 * norm.ppf(0.975))
        values.append(100 * n / 2000)
        weights.append(1 / se ** 2)
    x = sm.add_constant(np.arange(len(values), dtype=float))
    fit = sm.WLS(np.array(values), x, weights=np.array(weights)).fit(cov_type="fixed scale")
    slope, se_slope = fit.params[1], fit.bse[1]
    return float(slope), float((slope / se_slope) ** 2)


@pytest.mark.parametrize(("numerators", "direction", "reading", "dot"), [
    ([1000, 1060, 1120, 1180, 1240], "increasing", "getting better", Direction.IMPROVED),
    ([1240, 1180, 1120, 1060, 1000], "decreasing", "getting worse", Direction.WORSENED),
    ([1100, 1120, 1090, 1110, 1105], "no significant change", None, Direction.UNCHANGED),
])
def test_the_trend_record_matches_a_weighted_regression(
        catalogue: Catalogue, numerators: list[int], direction: str, reading: str | None,
        dot: Direction) -> None:
    active = _headline(catalogue, "physically-active-adults", rows=_active(numerators))
    trend = active.analysis("trend")
    assert trend is not None
    record = trend.record()
    slope, chi_squared = _wls(numerators)
    assert record["slope"] == pytest.approx(slope, rel=1e-9, abs=1e-12)
    assert record["chi_squared"] == pytest.approx(chi_squared, rel=1e-9, abs=1e-12)
    assert record["points"] == 5
    assert record["periods"] == ["2019", "2020", "2021", "2022", "2023"]
    assert (record["direction"], record["reading"]) == (direction, reading)
    assert active.dot is dot
    said = "exceeds" if chi_squared > chi2.ppf(0.998, 1) else "is within"
    assert record["reason"] == f"chi-squared {chi_squared:.2f} {said} 9.55, the 99.8% point"
    over = " over 2019 to 2023"
    if reading is None:
        assert trend.summary() == f"{direction}{over} ({record['reason']})"
        assert active.dot_reason == f"no significant change{over} (recent trend)"
    else:
        assert trend.summary() == f"{direction}, {reading}{over} ({record['reason']})"
        assert active.dot_reason == (f"{direction} and {reading}{over} (recent trend, "
                                     "significant at 99.8%)")


def test_a_trend_with_a_gap_names_the_missing_periods(catalogue: Catalogue) -> None:
    active = _headline(catalogue, "physically-active-adults",
                       rows=_active([1000, None, 1120, None, 1240]))  # type: ignore[list-item]
    trend = active.analysis("trend")
    assert trend is not None
    assert trend.summary() == "recent trend cannot be calculated: no counts for 2020, 2022"
    assert trend.record()["direction"] == "cannot be calculated"
    assert active.dot is Direction.NOT_COMPARABLE
    assert active.dot_reason == "recent trend cannot be calculated: no counts for 2020, 2022"
