"""The special-cause rules, each a function from a phase's values to per-point sides.

Each rule returns one entry per value: the side it flags the point on (`HIGH` above
the mean or rising, `LOW` below or falling), or None. The rules read one phase; a chart
applies them to each phase with that phase's limits, so a run never spans a rebase.

- `outside_limits`: a point strictly beyond a process limit (a point on a limit is
  inside).
- `shift`: `length` or more consecutive points strictly on one side of the mean; a
  point on the mean breaks the run. Every point of the run is flagged.
- `trend`: `length` or more consecutive points each strictly higher (or each strictly
  lower) than the one before; an equal pair breaks it. Every point of the trend,
  including the first, is flagged: seven points make a trend of seven.
- `two_of_three`: three consecutive points all strictly on one side of the mean, two
  or more of them strictly beyond that side's 2-sigma line (a point beyond the process
  limit counts). The points beyond the line are flagged, not the third. This is the
  Making Data Count tools' rule since their late-2023 revision.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from kpirules.errors import StatisticsError
from kpirules.spc.model import Limits, Side

__all__ = ["check_length", "outside_limits", "shift", "trend", "two_of_three"]

Flags = tuple[Side | None, ...]


def check_length(length: object, argument: str) -> int:
    """A run or trend length: an int of at least 2."""
    if isinstance(length, bool) or not isinstance(length, int):
        raise StatisticsError(f"{argument}: expected a whole number of points, "
                              f"got {type(length).__name__}")
    if length < 2:
        raise StatisticsError(f"{argument}: a run needs at least 2 points, got {length}")
    return length


def outside_limits(values: Sequence[Fraction], limits: Limits) -> Flags:
    """Points strictly above the upper or below the lower process limit."""
    upper, lower = limits.upper, limits.lower
    return tuple(Side.HIGH if v > upper else Side.LOW if v < lower else None for v in values)


def _runs(keys: Sequence[Side | None], length: int, extra: int) -> Flags:
    """Flag every maximal run of equal, non-None keys at least `length - extra` long.

    `extra` lets a trend (counted in steps between points) flag the point that starts it.
    """
    flags: list[Side | None] = [None] * (len(keys) + extra)
    start = 0
    while start < len(keys):
        key = keys[start]
        end = start
        while end < len(keys) and keys[end] == key:
            end += 1
        if key is not None and end - start >= length - extra:
            for i in range(start, end + extra):
                flags[i] = key
        start = end
    return tuple(flags)


def shift(values: Sequence[Fraction], mean: Fraction, length: int = 7) -> Flags:
    """Runs of `length` or more points strictly on one side of `mean`."""
    check_length(length, "length")
    sides = [Side.HIGH if v > mean else Side.LOW if v < mean else None for v in values]
    return _runs(sides, length, 0)


def trend(values: Sequence[Fraction], length: int = 7) -> Flags:
    """Runs of `length` or more points each strictly above (or below) the one before."""
    check_length(length, "length")
    if len(values) < 2:
        return (None,) * len(values)
    steps = [Side.HIGH if b > a else Side.LOW if b < a else None
             for a, b in itertools.pairwise(values)]
    # A point that ends a rising trend and starts a falling one takes the later side.
    return _runs(steps, length, 1)


def two_of_three(values: Sequence[Fraction], limits: Limits) -> Flags:
    """Points beyond a 2-sigma line in a window of three consecutive points that are all
    on that side of the mean, two or more of them beyond the line."""
    high, low, mean = limits.line(2), limits.line(-2), limits.mean
    beyond = [Side.HIGH if v > high else Side.LOW if v < low else None for v in values]
    sides = [Side.HIGH if v > mean else Side.LOW if v < mean else None for v in values]
    flags: list[Side | None] = [None] * len(values)
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        side = sides[start]
        # A point on the mean, or one across it, breaks the pattern: the third point
        # need not be beyond the line, but it must be on the same side.
        if side is None or any(sides[i] is not side for i in window):
            continue
        hits = [i for i in window if beyond[i] is side]
        if len(hits) >= 2:
            for i in hits:
                flags[i] = side
    return tuple(flags)
