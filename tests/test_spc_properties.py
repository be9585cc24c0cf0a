"""Invariants of the XmR method, over generated series."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from kpirules import spc
from kpirules.spc import Side, VariationType

values = st.lists(st.integers(min_value=-1000, max_value=1000), min_size=1, max_size=60)
long_values = st.lists(st.integers(min_value=-1000, max_value=1000), min_size=12, max_size=60)
fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=100)
lengths = st.integers(min_value=2, max_value=9)


def _flags(chart: spc.XmrChart) -> list[tuple[spc.Signal, ...]]:
    return [p.signals for p in chart.points]


@given(long_values, fractions, lengths, lengths)
def test_adding_a_constant_shifts_mean_and_limits_and_keeps_every_flag(
        xs: list[int], c: Fraction, run: int, trend: int) -> None:
    base = spc.xmr(xs, run_length=run, trend_length=trend)
    moved = spc.xmr([x + c for x in xs], run_length=run, trend_length=trend)
    assert _flags(moved) == _flags(base)
    for a, b in zip(base.phases, moved.phases, strict=True):
        assert a.limits is not None and b.limits is not None
        assert b.limits.mean == a.limits.mean + c
        assert (b.limits.lower, b.limits.upper) == (a.limits.lower + c, a.limits.upper + c)
        assert b.limits.mean_moving_range == a.limits.mean_moving_range


@given(long_values, st.fractions(min_value=Fraction(1, 100), max_value=1000))
def test_scaling_by_a_positive_factor_scales_mean_and_limits(xs: list[int], k: Fraction) -> None:
    base = spc.xmr(xs)
    scaled = spc.xmr([x * k for x in xs])
    assert _flags(scaled) == _flags(base)
    a, b = base.latest_phase.limits, scaled.latest_phase.limits
    assert a is not None and b is not None
    assert (b.mean, b.lower, b.upper, b.sigma) == (a.mean * k, a.lower * k, a.upper * k,
                                                   a.sigma * k)


@given(long_values)
def test_reversing_polarity_swaps_improving_and_concerning(xs: list[int]) -> None:
    chart = spc.xmr(xs)
    swap = {VariationType.IMPROVING: VariationType.CONCERNING,
            VariationType.CONCERNING: VariationType.IMPROVING}
    for point in chart.points:
        up = spc.point_variation(point, "higher")
        down = spc.point_variation(point, "lower")
        if len({s.side for s in point.signals}) > 1:
            # Flagged both ways: Making Data Count shows improvement under either polarity.
            assert up is down is VariationType.IMPROVING
        else:
            assert down is swap.get(up, up)


@given(long_values)
def test_negating_the_series_mirrors_every_signal(xs: list[int]) -> None:
    chart, mirrored = spc.xmr(xs), spc.xmr([-x for x in xs])
    for a, b in zip(chart.points, mirrored.points, strict=True):
        assert sorted((s.rule, s.side.opposite()) for s in a.signals) == \
            sorted((s.rule, s.side) for s in b.signals)


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=1000),
       st.integers(min_value=1, max_value=60))
def test_a_constant_series_has_zero_width_limits_and_no_special_cause(
        c: Fraction, n: int) -> None:
    chart = spc.xmr([c] * n)
    limits = chart.latest_phase.limits
    if n < spc.MINIMUM_POINTS:
        assert limits is None
        return
    assert limits is not None
    assert limits.lower == limits.mean == limits.upper == c
    assert limits.width == 0 and limits.screened_out == ()
    assert not any(p.special for p in chart.points)
    assert spc.variation(chart, "higher").type is VariationType.COMMON_CAUSE
    assert spc.assurance(limits, "higher", target=c).type is spc.AssuranceType.PASSING


@given(long_values)
def test_screening_never_widens_the_limits(xs: list[int]) -> None:
    values = [Fraction(x) for x in xs]
    screened = spc.limits_from(values, screen_outliers=True)
    plain = spc.limits_from(values, screen_outliers=False)
    assert screened.mean_moving_range <= plain.mean_moving_range
    assert plain.lower <= screened.lower <= screened.upper <= plain.upper
    assert screened.mean == plain.mean


@given(long_values)
def test_limits_agree_with_a_float_recomputation(xs: list[int]) -> None:
    # Written independently of the library: plain floats, the textbook formulas.
    mean = sum(xs) / len(xs)
    ranges = [abs(b - a) for a, b in itertools.pairwise(xs)]
    mr = sum(ranges) / len(ranges)
    if mr > 0:
        kept = [r for r in ranges if r < 3.267 * mr - 1e-9 * max(1.0, mr)]
        if len(kept) == len([r for r in ranges if r < 3.267 * mr + 1e-9 * max(1.0, mr)]):
            mr = sum(kept) / len(kept)
        else:
            return  # a range within rounding of the screening line: floats cannot say
    limits = spc.xmr(xs).latest_phase.limits
    assert limits is not None
    tolerance = 1e-9 * max(1.0, abs(mean), mr)
    assert abs(float(limits.upper) - (mean + 2.66 * mr)) <= tolerance
    assert abs(float(limits.lower) - (mean - 2.66 * mr)) <= tolerance


def _window_oracle(keys: list[Side | None], length: int) -> list[Side | None]:
    """A point is flagged when some window of `length` containing it is all one side."""
    flags: list[Side | None] = [None] * len(keys)
    for start in range(len(keys) - length + 1):
        window = keys[start:start + length]
        if window[0] is not None and all(k is window[0] for k in window):
            for i in range(start, start + length):
                flags[i] = window[0]
    return flags


@given(values, lengths, st.integers(min_value=-1000, max_value=1000))
def test_shift_matches_a_sliding_window(xs: list[int], length: int, mean: int) -> None:
    sides = [Side.HIGH if x > mean else Side.LOW if x < mean else None for x in xs]
    assert list(spc.shift([Fraction(x) for x in xs], Fraction(mean), length)) == \
        _window_oracle(sides, length)


@given(values, lengths)
def test_trend_matches_a_sliding_window(xs: list[int], length: int) -> None:
    oracle: list[Side | None] = [None] * len(xs)
    for start in range(len(xs) - length + 1):
        window = xs[start:start + length]
        pairs = list(itertools.pairwise(window))
        side = Side.HIGH if all(b > a for a, b in pairs) else (
            Side.LOW if all(b < a for a, b in pairs) else None)
        if side is not None:
            for i in range(start, start + length):
                # Where a rise meets a fall, the later trend names the shared point.
                if oracle[i] is None or i == start:
                    oracle[i] = side
    assert list(spc.trend([Fraction(x) for x in xs], length)) == oracle


@given(long_values)
def test_two_of_three_matches_a_sliding_window(xs: list[int]) -> None:
    limits = spc.limits_from([Fraction(x) for x in xs])
    high, low = limits.line(2), limits.line(-2)
    oracle: list[Side | None] = [None] * len(xs)
    for start in range(len(xs) - 2):
        window = xs[start:start + 3]
        # Three on one side of the mean, two or more of them beyond that side's line.
        for side, on_side, beyond in (
                (Side.HIGH, lambda x: x > limits.mean, lambda x: x > high),
                (Side.LOW, lambda x: x < limits.mean, lambda x: x < low)):
            if all(on_side(x) for x in window) and sum(map(beyond, window)) >= 2:
                for i in range(start, start + 3):
                    if beyond(xs[i]):
                        oracle[i] = side
    assert list(spc.two_of_three([Fraction(x) for x in xs], limits)) == oracle


@given(long_values, st.integers(min_value=1, max_value=59))
def test_phases_cover_the_series_once_and_rebasing_is_local(xs: list[int], cut: int) -> None:
    if cut >= len(xs):
        return
    chart = spc.xmr(xs, rebase_at=[cut])
    assert [(p.start, p.stop) for p in chart.phases] == [(0, cut), (cut, len(xs))]
    # The second phase is the chart of its own points.
    alone = spc.xmr(xs[cut:])
    assert chart.phases[1].limits == (alone.phases[0].limits and _reindexed(
        alone.phases[0].limits, cut))
    assert [p.signals for p in chart.points[cut:]] == [p.signals for p in alone.points]


def _reindexed(limits: spc.Limits, offset: int) -> spc.Limits:
    from dataclasses import replace  # noqa: PLC0415
    return replace(limits, screened_out=tuple(i + offset for i in limits.screened_out))
