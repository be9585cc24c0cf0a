"""`kpirules.stats` at its edges: each refusal names its argument in exact words, the
exact Poisson interval of no events, and the fields a comparison carries when it cannot
compare. Expected figures are worked by hand or from scipy."""

from __future__ import annotations

from fractions import Fraction

import pytest
from scipy.stats import chi2

from kpirules import stats
from kpirules.errors import StatisticsError


def refused(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(StatisticsError) as raised:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(raised.value)


@pytest.mark.parametrize(("call", "args", "kwargs", "message"), [
    (stats.proportion_interval, (5, 3), {}, "successes: must not exceed total (5 > 3)"),
    (stats.proportion_interval, (Fraction(7, 2), 3), {},
     "successes: must not exceed total (3.5 > 3)"),
    (stats.byars, (-1,), {}, "count: must not be negative, got -1"),
    (stats.exact_poisson, (-2,), {}, "count: must not be negative, got -2"),
    (stats.wilson, (1, 10), {"confidence": []}, "confidence: give at least one confidence level"),
    (stats.wilson, (1, 10), {"confidence": 1.5},
     "confidence: must lie strictly between 0 and 1 (0.95 for 95%), got 1.5"),
    (stats.proportion_interval, (1, 10), {"multiplier": 0},
     "multiplier: must be greater than zero, got 0"),
    (stats.dsr, ([0] * 19, [1000] * 19), {},
     "counts: a DSR needs at least one event for Dobson's interval"),
    (stats.dsr, ([1] * 19, [1000] * 19), {"standard": [0] * 19},
     "standard: the standard population must not be all zero"),
    (stats.recent_trend, ([None] * 5, "sideways"), {},
     "polarity: expected higher_is_better, lower_is_better or none, got 'sideways'"),
    (stats.recent_trend, (["x"] * 5, "higher_is_better"), {},
     "points[0]: expected an Interval or None, got str"),
])
def test_refusals_name_the_argument(call: object, args: tuple[object, ...],
                                    kwargs: dict[str, object], message: str) -> None:
    assert refused(call, *args, **kwargs) == message


def test_no_events_have_a_lower_limit_of_zero() -> None:
    assert stats.byars(0).lower == 0.0
    found = stats.exact_poisson(0)
    assert found.lower == 0.0
    assert found.upper == pytest.approx(chi2.ppf(0.975, 2) / 2, rel=1e-9)  # 3.689


def test_a_value_below_a_benchmark_interval() -> None:
    bench = stats.Interval(Fraction(10), 8.0, 12.0, 0.95, stats.IntervalMethod.PUBLISHED)
    found = stats.compare(Fraction(5), bench, "higher_is_better")
    assert found.outcome is stats.Outcome.WORSE
    assert found.reason == "the value lies below the benchmark's interval (95% confidence)"


def test_two_bare_figures_are_not_compared_but_kept() -> None:
    found = stats.compare(Fraction(5), Fraction(10), "higher_is_better")
    assert found.outcome is stats.Outcome.NOT_COMPARED
    assert (found.value, found.benchmark) == (5, 10)
    assert found.reason == "no confidence interval on either figure"


def test_a_dsr_carries_its_confidence() -> None:
    counts = [1] * 19
    populations = [1000] * 19
    found = stats.dsr(counts, populations, confidence=0.998)
    assert isinstance(found, stats.Interval)
    assert found.confidence == 0.998
    assert found.method is stats.IntervalMethod.DOBSON
