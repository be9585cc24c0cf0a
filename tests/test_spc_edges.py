"""`kpirules.spc` at its edges: each refusal's exact words, the boundaries of its
arguments, and the words for one and for many. Limits are worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kpirules.errors import StatisticsError
from kpirules.spc import (
    Assurance,
    AssuranceType,
    Side,
    assurance,
    limits_from,
    trend,
    variation,
    xmr,
)
from kpirules.spc.rules import two_of_three

FLAT = [10, 12] * 6  # mean 11, every moving range 2: limits 11 ± 5.32


def refused(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(StatisticsError) as raised:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(raised.value)


def test_limits_need_two_points_and_two_are_enough() -> None:
    assert refused(limits_from, [Fraction(1)]) == "values: limits need at least 2 points, got 1"
    found = limits_from([Fraction(1), Fraction(3)])
    assert (found.mean, found.mean_moving_range) == (2, 2)


def test_screened_ranges_are_named_by_their_place_in_the_series() -> None:
    # Baseline points 5 to 16 (indices 4..15): ten at 10, then 30 and 10. Its moving ranges
    # are nine 0s and two 20s, mean 40/11; both 20s are at least 3.267 times that and are
    # screened. They end at indices 14 and 15 of the series, not 10 and 11 of the baseline.
    values = [50] * 4 + [10] * 10 + [30, 10]
    chart = xmr(values, baseline=(4, 16))
    limits = chart.phases[0].limits
    assert limits is not None
    assert limits.screened_out == (14, 15)
    assert chart.phases[0].reason == (
        "provisional limits from the 12 points numbered 5 to 16, fewer than the 20 that give "
        "stable limits; 2 moving ranges at or above 3.267 mR-bar screened out")


@pytest.mark.parametrize(("values", "words"), [
    ([10] * 19 + [30], "1 moving range at or above"),
    ([10] * 11 + [30] + [10] * 8, "2 moving ranges at or above"),
])
def test_screened_ranges_are_counted_in_words(values: list[int], words: str) -> None:
    reason = xmr(values).phases[0].reason
    assert f"; {words} 3.267 mR-bar screened out" in reason


def test_a_phase_with_one_point_says_point() -> None:
    chart = xmr([*FLAT, 11], rebase_at=[12])
    assert chart.phases[1].reason == "no limits: 1 point, fewer than the 12 needed"
    chart = xmr([*FLAT, 11, 12], rebase_at=[12])
    assert chart.phases[1].reason == "no limits: 2 points, fewer than the 12 needed"


def test_stable_points_may_equal_the_minimum() -> None:
    chart = xmr(FLAT, minimum_points=12, stable_points=12)
    assert chart.phases[0].limits is not None
    assert not chart.phases[0].limits.provisional
    assert refused(xmr, FLAT, minimum_points=12, stable_points=11) == (
        "stable_points: expected a whole number of at least minimum_points (12), got 11")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"rebase_at": ["3"]}, "rebase_at[0]: expected a point index, got str"),
    ({"rebase_at": [True]}, "rebase_at[0]: expected a point index, got bool"),
    ({"rebase_at": [6, 6]}, "rebase_at[1]: 6 does not follow 6; rebase points are given in "
                            "order, each once"),
    ({"baseline": 1}, "baseline: the first 1 points cannot give limits; a baseline needs at "
                      "least 2 points"),
    ({"baseline": (0, 1)}, "baseline: (0, 1) is not a range of at least 2 points inside the "
                           "series of 12"),
    ({"baseline": (3, 13)}, "baseline: (3, 13) is not a range of at least 2 points inside the "
                            "series of 12"),
    ({"baseline": (4, 8), "rebase_at": [6]}, "baseline: (4, 8) crosses a rebase point; a "
                                             "baseline lies within one phase"),
])
def test_bad_arguments_are_refused_in_words(kwargs: dict[str, object], message: str) -> None:
    assert refused(xmr, FLAT, **kwargs) == message


def test_a_two_point_baseline_is_enough() -> None:
    chart = xmr(FLAT, baseline=(0, 2), minimum_points=2, stable_points=2)
    limits = chart.phases[0].limits
    assert limits is not None and limits.points == 2


def test_the_trend_rule_names_its_argument() -> None:
    assert refused(trend, [Fraction(1)] * 3, 1) == "length: a run needs at least 2 points, got 1"


def test_a_point_exactly_on_the_2_sigma_line_is_not_beyond_it() -> None:
    limits = limits_from([Fraction(v) for v in FLAT])
    low = limits.line(-2)
    just_beyond = low - Fraction(1, 10**6)
    # The point on the line does not count: only one of the three is beyond.
    assert two_of_three([Fraction(10), low, just_beyond], limits) == (None, None, None)
    assert two_of_three([Fraction(10), just_beyond, just_beyond], limits) == (
        None, Side.LOW, Side.LOW)


def test_variation_index_bounds() -> None:
    chart = xmr(FLAT)
    assert variation(chart, "higher", index=11).index == 11
    assert variation(chart, "higher", index=-12).index == 0
    assert refused(variation, chart, "higher", index=12) == "index: no point 12 in a chart of 12"
    assert refused(variation, chart, "higher", index=True) == (
        "index: no point True in a chart of 12")


def test_a_band_that_the_limits_touch_is_met() -> None:
    limits = limits_from([Fraction(v) for v in FLAT])
    touching = assurance(limits, low=limits.lower, high=limits.upper)
    assert isinstance(touching, Assurance)
    assert touching.type is AssuranceType.PASSING
    assert touching.reason == "both process limits meet the band"
    assert refused(assurance, limits) == ("target: give a target value, or both low and high "
                                          "of a band")
    assert refused(assurance, limits, "higher", target=5, low=1) == (
        "target: give a target value or a band (low, high), not both")
    assert refused(assurance, limits, low="x", high=3).startswith("low: ")
