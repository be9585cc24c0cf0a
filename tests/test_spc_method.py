"""The pure XmR method (`kpirules.spc`): worked examples computed by hand, and errors.

Each expected figure below is worked out in the comment beside it from the method's
definition (mean, moving ranges, 2.66 and 3.267), not from the code under test.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kpirules import spc
from kpirules.errors import KpiRulesError, StatisticsError
from kpirules.spc import AssuranceType, Rule, Side, VariationType

STEADY = [50, 52, 49, 51, 53, 48, 50, 52, 51, 49, 50, 51]


def test_limits_of_a_steady_series_worked_by_hand() -> None:
    # sum 606 over 12 points: mean 50.5. Moving ranges 2,3,2,2,5,2,2,1,2,1,1: sum 23,
    # mR-bar 23/11. Upper range limit 3.267 * 23/11 = 6.83, above every range.
    # Limits 50.5 +/- 2.66 * 23/11 = 50.5 +/- 3059/550: 15417/275 and 12358/275.
    chart = spc.xmr(STEADY)
    limits = chart.latest_phase.limits
    assert limits is not None
    assert limits.mean == Fraction(101, 2)
    assert limits.mean_moving_range == Fraction(23, 11)
    assert limits.upper == Fraction(15417, 275)
    assert limits.lower == Fraction(12358, 275)
    # Two sigma is two thirds of the way out: 50.5 + 2/3 * 3059/550 = 54.2079...
    assert limits.line(2) == Fraction(101, 2) + Fraction(3059, 825)
    assert limits.screened_out == ()
    assert limits.provisional  # 12 points: fewer than the 20 of stable limits
    assert not any(p.special for p in chart.points)
    assert spc.variation(chart, "higher").type is VariationType.COMMON_CAUSE


def test_screening_drops_the_two_ranges_around_a_spike() -> None:
    # 10,11,10,30,10,11,10,11,10,11,10,11: ranges 1,1,20,20,1,1,1,1,1,1,1 (sum 49,
    # mR-bar 49/11 = 4.45); the upper range limit 3.267 * 49/11 = 14.55 drops both 20s,
    # leaving nine ranges of 1: mR-bar 1. Mean 145/12; upper limit 145/12 + 2.66.
    values = [10, 11, 10, 30, 10, 11, 10, 11, 10, 11, 10, 11]
    screened = spc.xmr(values).latest_phase.limits
    plain = spc.xmr(values, screen_outliers=False).latest_phase.limits
    assert screened is not None and plain is not None
    assert screened.unscreened_moving_range == Fraction(49, 11)
    assert screened.mean_moving_range == 1
    assert screened.moving_ranges == 9
    assert screened.screened_out == (3, 4)
    assert screened.upper == Fraction(145, 12) + Fraction(266, 100)
    assert plain.mean_moving_range == Fraction(49, 11)
    chart = spc.xmr(values)
    spike = chart.points[3]
    assert spc.Signal(Rule.OUTSIDE_LIMITS, Side.HIGH) in spike.signals


def test_a_range_exactly_at_the_upper_range_limit_is_screened_out() -> None:
    # Ranges: eleven of them, ten of r and one of R. mR-bar = (10r + R)/11, and R is at
    # the limit when R = 3.267 (10r + R)/11, i.e. R (11 - 3.267) = 32.67 r: with r = 7733,
    # R = 32670, and mR-bar = 110000/11 = 10000. Values alternate 0, r, ... then jump R.
    r, big = 7733, 32670
    values = [0, r, 0, r, 0, r, 0, r, 0, r, 0, big]
    limits = spc.limits_from([Fraction(v) for v in values])
    assert limits.unscreened_moving_range * Fraction(3267, 1000) == big
    assert limits.screened_out == (11,)
    assert limits.mean_moving_range == r


def test_a_run_of_seven_above_the_mean_is_a_shift() -> None:
    # The first 12 points (mean 50.5) set the limits; the last of them (51) and seven
    # points at 52 after it sit above the mean: a run of eight.
    values = [*STEADY, 52, 52, 52, 52, 52, 52, 52]
    chart = spc.xmr(values, baseline=12)
    assert [p.index for p in chart.points if Rule.SHIFT in p.rules] == list(range(11, 19))
    assert spc.variation(chart, "higher").type is VariationType.IMPROVING
    assert spc.variation(chart, "lower").type is VariationType.CONCERNING
    assert spc.variation(chart, None).type is VariationType.NEITHER
    # Six (51 and five 52s) are not enough.
    assert spc.variation(spc.xmr(values[:-2], baseline=12), "higher").type \
        is VariationType.COMMON_CAUSE


def test_run_and_trend_lengths_are_configurable() -> None:
    values = [*STEADY, 52, 52, 52, 52]  # with the 51 before them, five above the mean
    assert not spc.xmr(values, baseline=12).latest.special
    assert Rule.SHIFT in spc.xmr(values, baseline=12, run_length=5).latest.rules
    rising = [*STEADY, 47, 48, 49, 50, 51]
    assert Rule.TREND not in spc.xmr(rising, baseline=12).latest.rules
    assert spc.xmr(rising, baseline=12, trend_length=5).latest.signals == (
        spc.Signal(Rule.TREND, Side.HIGH),)


def test_seven_falling_points_are_a_trend_and_an_equal_pair_breaks_it() -> None:
    falling = [*STEADY, 54, 53, 52, 51, 50, 49, 48]
    chart = spc.xmr(falling, baseline=12)
    assert [p.index for p in chart.points if Rule.TREND in p.rules] == list(range(12, 19))
    assert spc.variation(chart, "higher").type is VariationType.CONCERNING
    broken = [*STEADY, 54, 53, 52, 52, 51, 50, 49]
    assert not any(Rule.TREND in p.rules for p in spc.xmr(broken, baseline=12).points)


def test_two_of_three_beyond_two_sigma() -> None:
    # Upper 2-sigma line 54.2079 (above); 55 is beyond it but inside the 56.06 limit, and
    # 51 is above the mean of 50.5: three on one side, two of them beyond the line.
    values = [*STEADY, 55, 51, 55]
    chart = spc.xmr(values, baseline=12)
    assert [p.index for p in chart.points if Rule.TWO_OF_THREE in p.rules] == [12, 14]
    assert chart.latest.signals == (spc.Signal(Rule.TWO_OF_THREE, Side.HIGH),)
    # On different sides they are not two of three.
    apart = spc.xmr([*STEADY, 55, 50, 46], baseline=12)
    assert not any(Rule.TWO_OF_THREE in p.rules for p in apart.points)
    # Nor when the point between them is below the mean (50 < 50.5): all three must be
    # on the same side (Making Data Count's rule).
    crossed = spc.xmr([*STEADY, 55, 50, 55], baseline=12)
    assert not any(Rule.TWO_OF_THREE in p.rules for p in crossed.points)


def test_precedence_improvement_is_shown_where_it_meets_concern() -> None:
    # Seven rising points ending far below the lower limit (44.94): the trend is "high",
    # the last point is beyond the lower limit. With higher better the rising trend is
    # improvement and the low point concern: improvement is shown, as Making Data Count's
    # tool does. With lower better the low point is the improvement and decides.
    values = [*STEADY, 30, 31, 32, 33, 34, 35, 36]
    chart = spc.xmr(values, baseline=12)
    latest = chart.latest
    assert spc.Signal(Rule.TREND, Side.HIGH) in latest.signals
    assert spc.Signal(Rule.OUTSIDE_LIMITS, Side.LOW) in latest.signals
    reading = spc.variation(chart, "higher")
    assert reading.type is VariationType.IMPROVING
    assert reading.signal == spc.Signal(Rule.TREND, Side.HIGH)
    assert "outranked" in reading.reason and "improvement is shown" in reading.reason
    lower = spc.variation(chart, "lower")
    assert lower.type is VariationType.IMPROVING
    assert lower.signal == spc.Signal(Rule.OUTSIDE_LIMITS, Side.LOW)
    # With no better side the rule order decides: beyond a limit before a trend.
    neither = spc.variation(chart, None)
    assert neither.type is VariationType.NEITHER
    assert neither.signal == spc.Signal(Rule.OUTSIDE_LIMITS, Side.LOW)


def test_rebasing_gives_each_phase_its_own_limits() -> None:
    higher = [v + 20 for v in STEADY]
    chart = spc.xmr([*STEADY, *higher], rebase_at=[12])
    first, second = chart.phases
    assert (first.start, first.stop, second.start, second.stop) == (0, 12, 12, 24)
    assert first.limits is not None and second.limits is not None
    assert second.limits.mean == first.limits.mean + 20
    assert second.limits.mean_moving_range == first.limits.mean_moving_range
    assert chart.points[12].moving_range is None  # no range across a rebase
    assert not any(p.special for p in chart.points)
    # Without the rebase, the step is special cause.
    assert any(p.special for p in spc.xmr([*STEADY, *higher]).points)


def test_a_baseline_range_inside_a_phase() -> None:
    values = [70, 71, *STEADY, 90]
    chart = spc.xmr(values, baseline=(2, 14))
    limits = chart.latest_phase.limits
    assert limits is not None and limits.mean == Fraction(101, 2)
    assert "numbered 3 to 14" in chart.latest_phase.reason
    assert Rule.OUTSIDE_LIMITS in chart.latest.rules


def test_too_few_points_give_no_limits_and_say_how_many() -> None:
    chart = spc.xmr([62, 64, 61, 66, 65, 67])
    phase = chart.latest_phase
    assert phase.limits is None
    assert phase.reason == "no limits: 6 points, fewer than the 12 needed"
    reading = spc.variation(chart, "higher")
    assert reading.type is None and "6 points" in reading.reason
    provisional = spc.xmr(STEADY[:12] + STEADY[:3]).latest_phase
    assert provisional.limits is not None and provisional.limits.provisional
    assert provisional.reason.startswith("provisional limits from all 15 points")
    stable = spc.xmr(STEADY + STEADY[:8]).latest_phase
    assert stable.limits is not None and not stable.limits.provisional


def test_exact_inputs_of_every_kind_agree() -> None:
    as_decimal = spc.xmr([Decimal(v) / 10 for v in STEADY])
    as_fraction = spc.xmr([Fraction(v, 10) for v in STEADY])
    assert as_decimal == as_fraction
    assert as_decimal.latest_phase.limits is not None
    assert as_decimal.latest_phase.limits.mean == Fraction(101, 20)


def test_assurance_against_a_target() -> None:
    limits = spc.xmr(STEADY).latest_phase.limits  # 44.94 to 56.06
    assert limits is not None
    assert spc.assurance(limits, "higher", target=50).type is AssuranceType.HIT_AND_MISS
    assert spc.assurance(limits, "higher", target=40).type is AssuranceType.PASSING
    assert spc.assurance(limits, "higher", target=60).type is AssuranceType.FAILING
    assert spc.assurance(limits, "lower", target=60).type is AssuranceType.PASSING
    assert spc.assurance(limits, "lower", target=40).type is AssuranceType.FAILING
    # A limit on the target still meets it every time: a value at target passes.
    assert spc.assurance(limits, "higher", target=limits.lower).type is AssuranceType.PASSING
    assert spc.assurance(limits, "lower", target=limits.upper).type is AssuranceType.PASSING
    assert spc.assurance(limits, "lower", target=limits.lower).type \
        is AssuranceType.HIT_AND_MISS


def test_assurance_against_a_band() -> None:
    limits = spc.xmr(STEADY).latest_phase.limits  # 44.94 to 56.06
    assert limits is not None
    assert spc.assurance(limits, low=40, high=60).type is AssuranceType.PASSING
    assert spc.assurance(limits, low=50, high=60).type is AssuranceType.HIT_AND_MISS
    assert spc.assurance(limits, low=30, high=40).type is AssuranceType.FAILING
    assert spc.assurance(limits, low=60, high=70).type is AssuranceType.FAILING
    assert spc.assurance(limits, low=46, high=55).type is AssuranceType.HIT_AND_MISS


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: spc.xmr([1.5, 2, 3]), "values[0]"),
        (lambda: spc.xmr([True, 2]), "values[0]"),
        (lambda: spc.xmr([Decimal("NaN"), 2]), "values[0]"),
        (lambda: spc.xmr("123"), "values"),
        (lambda: spc.xmr([]), "values"),
        (lambda: spc.xmr(STEADY, rebase_at=[12]), "rebase_at[0]"),
        (lambda: spc.xmr(STEADY, rebase_at=[0]), "rebase_at[0]"),
        (lambda: spc.xmr(STEADY, rebase_at=[6, 4]), "rebase_at[1]"),
        (lambda: spc.xmr(STEADY, run_length=1), "run_length"),
        (lambda: spc.xmr(STEADY, trend_length=0), "trend_length"),
        (lambda: spc.xmr(STEADY, baseline=1), "baseline"),
        (lambda: spc.xmr(STEADY, baseline=(4, 8), rebase_at=[6]), "baseline"),
        (lambda: spc.xmr(STEADY, stable_points=5), "stable_points"),
        (lambda: spc.variation(spc.xmr(STEADY), "up"), "better"),
        (lambda: spc.assurance(_limits(), None, target=50), "better"),
        (lambda: spc.assurance(_limits(), low=60, high=50), "low"),
        (lambda: spc.assurance(_limits(), "higher"), "target"),
    ],
)
def test_bad_arguments_are_named(call: object, argument: str) -> None:
    with pytest.raises(StatisticsError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value).startswith(argument)
    assert isinstance(caught.value, KpiRulesError)


def _limits() -> spc.Limits:
    limits = spc.xmr(STEADY).latest_phase.limits
    assert limits is not None
    return limits
