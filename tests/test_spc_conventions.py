"""The XmR conventions kpirules follows, each checked against its source.

Where the Making Data Count (MDC) tools and NHSRplotthedots settle a detail the
guidance leaves open, kpirules follows them, and where it deliberately differs the test
says so; docs/spc.md ("Conventions and sources") gives the reasons. Sources:

- MDC: the MDC team's description of their Single Chart tool, in NHSRplotthedots issue
  #194 ("Upcoming Making Data Count change to two-sigma rule logic used in tools",
  November-December 2023).
- NHSRplotthedots v0.2.2: its vignettes "Deviations from Excel defaults" and "Number of
  points required", pull request #180 (the order of its rules), and the behaviour of
  its limit and rule calculations.

Every expected value is worked out in the comments from the definitions.
"""

from __future__ import annotations

from fractions import Fraction

from kpirules import spc
from kpirules.spc import AssuranceType, Rule, Side, VariationType

# Twelve points: mean 50.5, mR-bar 23/11, limits 44.38..56.62, 2-sigma lines
# 46.79..54.21 (worked in tests/test_spc_method.py).
STEADY = [50, 52, 49, 51, 53, 48, 50, 52, 51, 49, 50, 51]


def _flagged(chart: spc.XmrChart, rule: Rule) -> list[int]:
    return [p.index for p in chart.points if rule in p.rules]


# --- Screening (NHSRplotthedots keeps a moving range only while it is below
# 3.267 mR-bar, and recomputes mR-bar once, as Provost & Murray's Health Care Data Guide,
# appendix 5.1, says to; MDC's Excel tool does not screen).

def test_a_range_just_below_the_upper_range_limit_is_kept() -> None:
    # Ten ranges of 7733 and one of 32669: mR-bar = 109999/11, and 3.267 of it is
    # 32669.67, above 32669, so nothing is screened (32670 would be: test_spc_method).
    values = [0, 7733, 0, 7733, 0, 7733, 0, 7733, 0, 7733, 0, 32669]
    limits = spc.limits_from([Fraction(v) for v in values])
    assert limits.screened_out == ()
    assert limits.mean_moving_range == Fraction(109999, 11)


def test_screening_recomputes_mr_bar_once_not_until_nothing_is_left_to_drop() -> None:
    # Ranges: nine of 1, then 6, then 30 (sum 45, mR-bar 45/11 = 4.09, ceiling 13.37):
    # only the 30 goes. The new mR-bar is 15/10 = 1.5, whose own ceiling (4.9) the 6
    # would fail, but screening is one pass: the 6 stays.
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 7, 37]
    limits = spc.limits_from([Fraction(v) for v in values])
    assert limits.screened_out == (11,)
    assert limits.mean_moving_range == Fraction(3, 2)
    assert limits.moving_ranges == 10


def test_screening_off_reproduces_the_excel_tool() -> None:
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 7, 37]
    limits = spc.xmr(values, screen_outliers=False).latest_phase.limits
    assert limits is not None
    assert limits.screened_out == ()
    assert limits.mean_moving_range == Fraction(45, 11)


# --- Two of three beyond 2 sigma (MDC, since late 2023).

def test_a_point_beyond_the_limit_counts_towards_two_of_three() -> None:
    # 57 is beyond the upper limit (56.62) and 55 beyond the 2-sigma line (54.21):
    # both count, so both are flagged two of three. NHSRplotthedots 0.2.2 still counts
    # only points between the 2-sigma line and the limit, and would not flag them so.
    chart = spc.xmr([*STEADY, 57, 55], baseline=12)
    assert _flagged(chart, Rule.TWO_OF_THREE) == [12, 13]
    assert _flagged(chart, Rule.OUTSIDE_LIMITS) == [12]


def test_the_third_point_must_be_on_the_same_side_and_is_not_flagged() -> None:
    # 55, 51, 55: the 51 is above the mean (50.5) but not beyond the line; the two 55s
    # are flagged and the 51 is not.
    chart = spc.xmr([*STEADY, 55, 51, 55], baseline=12)
    assert _flagged(chart, Rule.TWO_OF_THREE) == [12, 14]
    # 55, 50, 55: the 50 is below the mean, and no window of three is all above it.
    crossed = spc.xmr([*STEADY, 55, 50, 55], baseline=12)
    assert _flagged(crossed, Rule.TWO_OF_THREE) == []
    # A point exactly on the mean is on neither side: it breaks the pattern too.
    on_mean = spc.xmr([*STEADY, 55, Fraction(101, 2), 55], baseline=12)
    assert _flagged(on_mean, Rule.TWO_OF_THREE) == []


def test_two_adjacent_points_beyond_the_line_need_a_third_on_their_side() -> None:
    # 49 (below the mean) then 55, 55, then 49: the windows holding both 55s are
    # (49, 55, 55) and (55, 55, 49), each with a point below the mean.
    chart = spc.xmr([*STEADY[:-1], 49, 55, 55, 49], baseline=12)
    assert _flagged(chart, Rule.TWO_OF_THREE) == []
    # With 52 after them the window (55, 55, 52) is all above: flagged.
    chart = spc.xmr([*STEADY[:-1], 49, 55, 55, 52], baseline=12)
    assert _flagged(chart, Rule.TWO_OF_THREE) == [12, 13]


# --- Runs and trends (NHSRplotthedots: a point on the mean has no side; an equal pair
# has no direction).

def test_a_point_exactly_on_the_mean_breaks_a_run() -> None:
    # Seven points above the mean of 50.5 with 50.5 itself fourth: 3 + 3, no run of 7.
    broken = [*STEADY, 52, 52, 52, Fraction(101, 2), 52, 52, 52]
    assert _flagged(spc.xmr(broken, baseline=12), Rule.SHIFT) == []
    # 51 (the last baseline point) and seven 52s make a run of eight.
    whole = [*STEADY, 52, 52, 52, 52, 52, 52, 52]
    assert _flagged(spc.xmr(whole, baseline=12), Rule.SHIFT) == list(range(11, 19))


def test_an_equal_pair_breaks_a_trend_and_a_peak_takes_the_later_side() -> None:
    assert _flagged(spc.xmr([*STEADY, 40, 41, 42, 42, 43, 44, 45], baseline=12),
                    Rule.TREND) == []
    # Seven rising to a peak, then six falling: the peak ends one trend and starts
    # the other, and is named by the later (falling) one.
    values = [*STEADY, 44, 45, 46, 47, 48, 49, 56, 55, 54, 53, 52, 51, 50]
    chart = spc.xmr(values, baseline=12)
    assert chart.points[18].value == 56
    assert spc.Signal(Rule.TREND, Side.LOW) in chart.points[18].signals
    assert spc.Signal(Rule.TREND, Side.HIGH) in chart.points[17].signals


# --- Which signal decides (MDC: improvement is shown where improvement and concern
# coincide; otherwise NHSRplotthedots' order: limit, trend, two of three, run).

def test_a_falling_trend_above_the_mean_reads_as_improvement_when_higher_is_better() -> None:
    # Seven falling points all above the mean (57 down to 51): a trend low (concern,
    # higher better) and a run high (improvement). MDC shows improvement;
    # NHSRplotthedots would put the trend first and show concern.
    values = [*STEADY, 57, 56, 55, 54, 53, 52, 51]
    chart = spc.xmr(values, baseline=12)
    assert {s.side for s in chart.latest.signals} == {Side.HIGH, Side.LOW}
    reading = spc.variation(chart, "higher")
    assert reading.type is VariationType.IMPROVING
    assert reading.signal == spc.Signal(Rule.SHIFT, Side.HIGH)
    # Lower better: the falling trend is the improvement.
    assert spc.variation(chart, "lower").signal == spc.Signal(Rule.TREND, Side.LOW)
    # No better side: the trend outranks the run, as in NHSRplotthedots.
    neither = spc.variation(chart, None)
    assert neither.type is VariationType.NEITHER
    assert neither.signal == spc.Signal(Rule.TREND, Side.LOW)


def test_the_rule_order_is_limit_trend_two_of_three_run() -> None:
    assert spc.PRECEDENCE == (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE,
                              Rule.SHIFT)


# --- How many points (MDC's tool: limits from 13; NHSRplotthedots: trial limits
# below 12 or 13, with a warning; kpirules: none below 12, provisional to 19).

def test_eleven_points_give_no_limits_twelve_provisional_twenty_stable() -> None:
    eleven = spc.xmr(STEADY[:11])
    assert eleven.latest_phase.limits is None
    assert "11 points, fewer than the 12 needed" in eleven.latest_phase.reason
    assert spc.variation(eleven, "higher").type is None
    twelve = spc.xmr(STEADY).latest_phase.limits
    assert twelve is not None and twelve.provisional and twelve.points == 12
    twenty = spc.xmr([*STEADY, *STEADY[:8]]).latest_phase.limits
    assert twenty is not None and not twenty.provisional
    # MDC's own threshold is one call away.
    assert spc.xmr(STEADY, minimum_points=13).latest_phase.limits is None


# --- Assurance at the boundary (kpirules: a limit touching the target on the better
# side passes, since a value at the target meets it; NHSRplotthedots calls a target
# exactly on a limit "inconsistent").

def test_a_lower_limit_exactly_at_the_target_passes_when_higher_is_better() -> None:
    limits = spc.limits_from([Fraction(v) for v in STEADY])
    at_lower = spc.assurance(limits, "higher", target=limits.lower)
    assert at_lower.type is AssuranceType.PASSING
    at_upper = spc.assurance(limits, "higher", target=limits.upper)
    assert at_upper.type is AssuranceType.HIT_AND_MISS
    beyond = spc.assurance(limits, "higher", target=limits.upper + Fraction(1, 1000))
    assert beyond.type is AssuranceType.FAILING
    # A process that never varies, exactly at its target, always meets it.
    flat = spc.limits_from([Fraction(100)] * 12)
    assert spc.assurance(flat, "higher", target=100).type is AssuranceType.PASSING
