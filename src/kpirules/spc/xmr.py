"""The XmR chart: centre line, moving ranges and limits per phase, then the rules.

For each phase (the whole series, or from each rebase point on) the limits come from
its baseline points: the mean, the mean of the moving ranges between consecutive
baseline points (mR-bar), and mean +/- 2.66 mR-bar. With screening on, a moving range
at or above 3.267 mR-bar (the upper range limit) is dropped and mR-bar recomputed once,
as NHSRplotthedots does by default (the Making Data Count Excel tool does not screen:
`screen_outliers=False`). Everything is exact: `Fraction` in, `Fraction` out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction

from kpirules.errors import StatisticsError
from kpirules.spc._exact import exact_values
from kpirules.spc.model import Limits, Phase, PointFlags, Rule, Signal, XmrChart
from kpirules.spc.rules import check_length, outside_limits, shift, trend, two_of_three

__all__ = [
    "LIMIT_FACTOR",
    "MINIMUM_POINTS",
    "RANGE_FACTOR",
    "STABLE_POINTS",
    "limits_from",
    "xmr",
]

LIMIT_FACTOR = Fraction(266, 100)
"""Process limits are mean +/- 2.66 mR-bar (3 / 1.128, the d2 constant for n = 2)."""
RANGE_FACTOR = Fraction(3267, 1000)
"""The upper range limit is 3.267 mR-bar (the D4 constant for n = 2)."""
MINIMUM_POINTS = 12
"""Fewer baseline points than this give no limits at all."""
STABLE_POINTS = 20
"""Limits from fewer baseline points than this are provisional (the guidance: 15-20)."""

Baseline = int | tuple[int, int] | None


def limits_from(values: Sequence[Fraction], *, screen_outliers: bool = True,
                stable_points: int = STABLE_POINTS, first_index: int = 0) -> Limits:
    """Limits from baseline `values` (at least two). `first_index` is the series index of
    the first value, so screened-out points are named by their place in the series."""
    if len(values) < 2:
        raise StatisticsError(f"values: limits need at least 2 points, got {len(values)}")
    mean = sum(values, Fraction(0)) / len(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    unscreened = sum(ranges, Fraction(0)) / len(ranges)
    kept = ranges
    dropped: tuple[int, ...] = ()
    if screen_outliers and unscreened > 0:
        # At or above the upper range limit is out. With mR-bar > 0 some range is below
        # it (their mean is), so at least one is kept and the new mean never exceeds the old.
        ceiling = RANGE_FACTOR * unscreened
        kept = [r for r in ranges if r < ceiling]
        dropped = tuple(first_index + i + 1 for i, r in enumerate(ranges) if r >= ceiling)
    screened = sum(kept, Fraction(0)) / len(kept)
    return Limits(mean=mean, mean_moving_range=screened, unscreened_moving_range=unscreened,
                  points=len(values), moving_ranges=len(kept), screened_out=dropped,
                  provisional=len(values) < stable_points)


def _phase_bounds(count: int, rebase_at: Iterable[int]) -> list[tuple[int, int]]:
    if isinstance(rebase_at, int | str):
        raise StatisticsError("rebase_at: expected a sequence of point indices")
    starts = list(rebase_at)
    for i, start in enumerate(starts):
        if isinstance(start, bool) or not isinstance(start, int):
            raise StatisticsError(f"rebase_at[{i}]: expected a point index, "
                                  f"got {type(start).__name__}")
        if not 0 < start < count:
            raise StatisticsError(f"rebase_at[{i}]: {start} is not inside the series of "
                                  f"{count} points (a rebase starts at index 1 to {count - 1})")
        if i and start <= starts[i - 1]:
            raise StatisticsError(f"rebase_at[{i}]: {start} does not follow {starts[i - 1]}; "
                                  "rebase points are given in order, each once")
    edges = [0, *starts, count]
    return list(itertools.pairwise(edges))


def _baselines(bounds: list[tuple[int, int]], baseline: Baseline) -> list[tuple[int, int]]:
    if baseline is None:
        return list(bounds)
    if isinstance(baseline, int) and not isinstance(baseline, bool):
        if baseline < 2:
            raise StatisticsError(f"baseline: the first {baseline} points cannot give limits; "
                                  "a baseline needs at least 2 points")
        return [(start, min(stop, start + baseline)) for start, stop in bounds]
    if (isinstance(baseline, tuple) and len(baseline) == 2
            and all(isinstance(b, int) and not isinstance(b, bool) for b in baseline)):
        first, stop = baseline
        if not 0 <= first < stop <= bounds[-1][1] or stop - first < 2:
            raise StatisticsError(f"baseline: ({first}, {stop}) is not a range of at least 2 "
                                  f"points inside the series of {bounds[-1][1]}")
        found = [b for b in bounds if b[0] <= first and stop <= b[1]]
        if not found:
            raise StatisticsError(f"baseline: ({first}, {stop}) crosses a rebase point; a "
                                  "baseline lies within one phase")
        return [(first, stop) if b == found[0] else b for b in bounds]
    raise StatisticsError("baseline: expected None, a number of points, or a (start, stop) "
                          "pair of point indices")


def xmr(values: Iterable[object], *, baseline: Baseline = None, rebase_at: Iterable[int] = (),
        screen_outliers: bool = True, run_length: int = 7, trend_length: int = 7,
        minimum_points: int = MINIMUM_POINTS, stable_points: int = STABLE_POINTS) -> XmrChart:
    """The XmR chart of `values` (oldest first; int, Fraction or Decimal).

    - `baseline`: None (each phase's limits from all its points), `n` (from the first n
      points of each phase, applied to the rest), or `(start, stop)` point indices within
      one phase (that phase's limits from those points).
    - `rebase_at`: indices where a new phase, with its own limits, starts.
    - `screen_outliers`: drop moving ranges at or above 3.267 mR-bar, then recompute.
    - `run_length`, `trend_length`: the shift and trend rules' lengths (at least 2).
    - A phase whose baseline has fewer than `minimum_points` points gets no limits, and
      no flags; one with fewer than `stable_points` gets provisional limits.
    """
    series = exact_values(values, "values")
    if not series:
        raise StatisticsError("values: an XmR chart needs at least one value")
    check_length(run_length, "run_length")
    check_length(trend_length, "trend_length")
    check_length(minimum_points, "minimum_points")
    if isinstance(stable_points, bool) or not isinstance(stable_points, int) \
            or stable_points < minimum_points:
        raise StatisticsError(f"stable_points: expected a whole number of at least "
                              f"minimum_points ({minimum_points}), got {stable_points!r}")
    bounds = _phase_bounds(len(series), rebase_at)
    phases: list[Phase] = []
    signals: list[list[Signal]] = [[] for _ in series]
    for number, ((start, stop), (b_start, b_stop)) in enumerate(
            zip(bounds, _baselines(bounds, baseline), strict=True), start=1):
        count = b_stop - b_start
        if count < minimum_points:
            phases.append(Phase(number, start, stop, (b_start, b_stop), None,
                                f"no limits: {_points(count)}, fewer than the "
                                f"{minimum_points} needed"))
            continue
        limits = limits_from(series[b_start:b_stop], screen_outliers=screen_outliers,
                             stable_points=stable_points, first_index=b_start)
        phases.append(Phase(number, start, stop, (b_start, b_stop), limits,
                            _limits_words(limits, stable_points, (start, stop),
                                          (b_start, b_stop))))
        own = series[start:stop]
        found = (
            (Rule.OUTSIDE_LIMITS, outside_limits(own, limits)),
            (Rule.TWO_OF_THREE, two_of_three(own, limits)),
            (Rule.SHIFT, shift(own, limits.mean, run_length)),
            (Rule.TREND, trend(own, trend_length)),
        )
        for rule, sides in found:
            for offset, side in enumerate(sides):
                if side is not None:
                    signals[start + offset].append(Signal(rule, side))
    points = tuple(
        PointFlags(index=i, value=v, phase=_phase_number(bounds, i),
                   moving_range=None if any(i == s for s, _ in bounds) else abs(v - series[i - 1]),
                   signals=tuple(signals[i]))
        for i, v in enumerate(series)
    )
    return XmrChart(points=points, phases=tuple(phases), run_length=run_length,
                    trend_length=trend_length, minimum_points=minimum_points,
                    stable_points=stable_points, screened=screen_outliers)


def _phase_number(bounds: list[tuple[int, int]], index: int) -> int:
    return next(n for n, (s, e) in enumerate(bounds, start=1) if s <= index < e)


def _points(count: int) -> str:
    return f"{count} point" if count == 1 else f"{count} points"


def _limits_words(limits: Limits, stable_points: int, bounds: tuple[int, int],
                  baseline: tuple[int, int]) -> str:
    if baseline == bounds:
        source = f"limits from all {_points(limits.points)}"
    elif baseline[0] == bounds[0]:
        source = f"limits from the first {_points(limits.points)}"
    else:
        source = f"limits from the {_points(limits.points)} numbered {baseline[0] + 1} to " \
                 f"{baseline[1]}"
    if limits.provisional:
        source = (f"provisional {source}, fewer than the {stable_points} that give stable "
                  "limits")
    if limits.screened_out:
        dropped = len(limits.screened_out)
        source += (f"; {dropped} moving range{'s' if dropped > 1 else ''} at or above "
                   "3.267 mR-bar screened out")
    return source

