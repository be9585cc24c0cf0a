"""The recent trend, by the public-health profiles' method.

The last five points, which must be consecutive (a gap, given as None, stops it). Each
point's standard error comes from its interval: SE = (upper - lower) / (2 z), with z the
interval's own quantile (1.959964 for 95%); its weight is 1 / SE^2. A weighted
least-squares line through the five, over time steps 0 to 4, gives the slope b and its
variance 1 / sum(w (t - t_w)^2), where t_w is the weighted mean time; the trend is
significant when chi^2 = b^2 / var(b) exceeds the 99.8% point of chi-squared on one
degree of freedom (3.090232^2 = 9.5495).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from kpirules.errors import StatisticsError
from kpirules.stats._args import z_of
from kpirules.stats.intervals import Interval

__all__ = ["POINTS", "SIGNIFICANCE", "Reading", "Trend", "TrendDirection", "recent_trend"]

POINTS = 5
"""How many of the most recent points the trend uses."""
SIGNIFICANCE = 0.998
"""The level at which a slope counts as a trend."""
_THRESHOLD = z_of(SIGNIFICANCE) ** 2


class TrendDirection(enum.StrEnum):
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_SIGNIFICANT_CHANGE = "no significant change"
    CANNOT_BE_CALCULATED = "cannot be calculated"


class Reading(enum.StrEnum):
    """A significant trend read by polarity."""

    GETTING_BETTER = "getting better"
    GETTING_WORSE = "getting worse"


@dataclass(frozen=True)
class Trend:
    """The recent trend over the last five points."""

    direction: TrendDirection
    reading: Reading | None
    """Better or worse by polarity; None without a significant trend or a polarity."""
    slope: float | None
    """Change per period, in the points' own units."""
    chi_squared: float | None
    points: int
    """How many points were used (five, or fewer when it cannot be calculated)."""
    reason: str

    @property
    def significant(self) -> bool:
        return self.direction in (TrendDirection.INCREASING, TrendDirection.DECREASING)


def _cannot(points: int, why: str) -> Trend:
    return Trend(TrendDirection.CANNOT_BE_CALCULATED, None, None, None, points, why)


def recent_trend(points: Sequence[Interval | None], polarity: str = "none") -> Trend:
    """The trend of the last five `points` (oldest first; None for a missing period)."""
    if polarity not in ("higher_is_better", "lower_is_better", "none"):
        raise StatisticsError("polarity", "expected higher_is_better, lower_is_better or "
                              f"none, got {polarity!r}")
    for i, point in enumerate(points):
        if point is not None and not isinstance(point, Interval):
            raise StatisticsError(f"points[{i}]", "expected an Interval or None, got "
                                  f"{type(point).__name__}")
    recent = list(points)[-POINTS:]
    if len(recent) < POINTS:
        return _cannot(len(recent), f"needs {POINTS} consecutive points, has {len(recent)}")
    present = [p for p in recent if p is not None]
    if len(present) < POINTS:
        return _cannot(len(present), f"a gap among the last {POINTS} points")
    weights = []
    for point in present:
        se = (point.upper - point.lower) / (2 * z_of(point.confidence))
        if se <= 0:
            return _cannot(POINTS, "a point's interval has no width, so no weight")
        weights.append(1 / (se * se))
    times = range(POINTS)
    values = [float(p.value) for p in present]
    total = sum(weights)
    mean_t = sum(w * t for w, t in zip(weights, times, strict=True)) / total
    mean_y = sum(w * y for w, y in zip(weights, values, strict=True)) / total
    spread = sum(w * (t - mean_t) ** 2 for w, t in zip(weights, times, strict=True))
    slope = sum(w * (t - mean_t) * (y - mean_y)
                for w, t, y in zip(weights, times, values, strict=True)) / spread
    chi_squared = slope * slope * spread
    if chi_squared <= _THRESHOLD:
        return Trend(TrendDirection.NO_SIGNIFICANT_CHANGE, None, slope, chi_squared, POINTS,
                     f"chi-squared {chi_squared:.2f} is within {_THRESHOLD:.2f}, the 99.8% "
                     "point")
    direction = TrendDirection.INCREASING if slope > 0 else TrendDirection.DECREASING
    reading = None
    if polarity != "none":
        better = (slope > 0) == (polarity == "higher_is_better")
        reading = Reading.GETTING_BETTER if better else Reading.GETTING_WORSE
    return Trend(direction, reading, slope, chi_squared, POINTS,
                 f"chi-squared {chi_squared:.2f} exceeds {_THRESHOLD:.2f}, the 99.8% point")
