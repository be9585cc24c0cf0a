"""Confidence intervals for proportions, counts and rates.

- `wilson`: the Wilson score interval for a proportion (Wilson 1927; Newcombe 1998), the
  method PHE/OHID use for proportions.
- `byars`: Byars' approximation to the exact Poisson limits of a count (Breslow and Day
  1987), good to 0.2% from 10 events.
- `exact_poisson`: the exact limits of a count from the chi-squared / gamma relation.
- `rate_interval`: a crude rate per N with its count's limits; by the public-health
  convention (`auto`) exact below 10 events and Byars from 10.
- `proportion_interval`: Wilson, scaled to a percentage (or per 1,000...).

Each takes one confidence level or several (`confidence=(0.95, 0.998)`) and returns one
`Interval` or a tuple of them, in the order asked. Points are exact (`Fraction`); limits
are floats.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, overload

from kpirules.errors import StatisticsError
from kpirules.stats._args import (
    Confidence,
    Real,
    confidences,
    exact,
    non_negative,
    positive,
    z_of,
)
from kpirules.stats._gamma import gamma_quantile

__all__ = [
    "EXACT_BELOW",
    "Interval",
    "IntervalMethod",
    "byars",
    "count_limits",
    "exact_poisson",
    "level_words",
    "proportion_interval",
    "rate_interval",
    "wilson",
]

EXACT_BELOW = 10
"""The public-health convention: exact Poisson limits below this many events, Byars from it."""


class IntervalMethod(enum.StrEnum):
    WILSON = "wilson"
    BYARS = "byars"
    EXACT_POISSON = "exact_poisson"
    DOBSON = "dobson"
    PUBLISHED = "published"
    """Limits read from a published source rather than computed."""


def level_words(confidence: float) -> str:
    """`0.95` as `95%`, `0.998` as `99.8%`."""
    return f"{round(confidence * 100, 6):g}%"


@dataclass(frozen=True)
class Interval:
    """A point estimate with its confidence limits."""

    value: Fraction
    lower: float
    upper: float
    confidence: float
    """The level, e.g. 0.95."""
    method: IntervalMethod

    @property
    def level(self) -> str:
        return level_words(self.confidence)

    def contains(self, x: Real) -> bool:
        """Whether `x` lies in the closed interval."""
        point = exact("x", x)
        return self.lower <= point <= self.upper

    def record(self) -> dict[str, object]:
        return {"confidence": self.confidence, "method": str(self.method),
                "value": float(self.value), "lower": self.lower, "upper": self.upper}


def _bracket(value: Fraction, lower: float, upper: float) -> tuple[float, float]:
    # Limits are floats; rounding in the last place must never put the point outside.
    point = float(value)
    if lower > value:
        lower = point if point <= value else math.nextafter(point, -math.inf)
    if upper < value:
        upper = point if point >= value else math.nextafter(point, math.inf)
    return lower, upper


@overload
def _levels(confidence: Real, make: Callable[[float], Interval]) -> Interval: ...
@overload
def _levels(confidence: Confidence, make: Callable[[float], Interval]
            ) -> Interval | tuple[Interval, ...]: ...
def _levels(confidence: Confidence, make: Callable[[float], Interval]
            ) -> Interval | tuple[Interval, ...]:
    levels, several = confidences(confidence)
    found = tuple(make(level) for level in levels)
    return found if several else found[0]


def _wilson_limits(x: float, n: float, z: float) -> tuple[float, float]:
    p = x / n
    centre = 2 * x + z * z
    spread = z * math.sqrt(z * z + 4 * x * (1 - p))
    bottom = 2 * (n + z * z)
    lower = 0.0 if x == 0 else (centre - spread) / bottom
    upper = 1.0 if x == n else (centre + spread) / bottom
    return max(lower, 0.0), min(upper, 1.0)


def _proportion(successes: Real, total: Real) -> tuple[Fraction, Fraction]:
    x = non_negative("successes", successes)
    n = positive("total", total)
    if x > n:
        raise StatisticsError("successes", f"must not exceed total ({float(x):g} > "
                              f"{float(n):g})")
    return x, n


@overload
def wilson(successes: Real, total: Real, confidence: Real = ...) -> Interval: ...
@overload
def wilson(successes: Real, total: Real, confidence: Confidence = ...
           ) -> Interval | tuple[Interval, ...]: ...
def wilson(successes: Real, total: Real, confidence: Confidence = 0.95
           ) -> Interval | tuple[Interval, ...]:
    """The Wilson score interval for the proportion `successes / total` (0 to 1)."""
    x, n = _proportion(successes, total)
    return _scaled_wilson(x, n, Fraction(1), confidence)


def _scaled_wilson(x: Fraction, n: Fraction, scale: Fraction, confidence: Confidence
                   ) -> Interval | tuple[Interval, ...]:
    value = x / n * scale

    def make(level: float) -> Interval:
        lower, upper = _wilson_limits(float(x), float(n), z_of(level))
        low, high = _bracket(value, lower * float(scale), upper * float(scale))
        return Interval(value, low, high, level, IntervalMethod.WILSON)

    return _levels(confidence, make)


@overload
def proportion_interval(successes: Real, total: Real, multiplier: Real = ...,
                        confidence: Real = ...) -> Interval: ...
@overload
def proportion_interval(successes: Real, total: Real, multiplier: Real = ...,
                        confidence: Confidence = ...) -> Interval | tuple[Interval, ...]: ...
def proportion_interval(successes: Real, total: Real, multiplier: Real = 100,
                        confidence: Confidence = 0.95) -> Interval | tuple[Interval, ...]:
    """A proportion scaled by `multiplier` (100 for a percentage), with Wilson limits."""
    x, n = _proportion(successes, total)
    return _scaled_wilson(x, n, positive("multiplier", multiplier), confidence)


def _byars_limits(count: float, z: float) -> tuple[float, float]:
    lower = 0.0
    if count > 0:
        lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    above = count + 1
    upper = above * (1 - 1 / (9 * above) + z / (3 * math.sqrt(above))) ** 3
    # For a handful of events at a high level the cube goes below zero: a count's mean
    # cannot, so the limit is zero there (which is why `auto` uses exact limits below 10).
    return max(lower, 0.0), upper


def _exact_limits(count: float, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2
    lower = 0.0 if count == 0 else gamma_quantile(count, tail)
    upper = gamma_quantile(count + 1, tail, upper_tail=True)
    return lower, upper


def count_limits(count: Real, confidence: float, method: Literal["byars", "exact"]
                 ) -> tuple[float, float]:
    """The confidence limits of a Poisson count, by Byars or exactly (for Dobson)."""
    observed = float(non_negative("count", count))
    if method == "byars":
        return _byars_limits(observed, z_of(confidence))
    return _exact_limits(observed, confidence)


def _count_interval(count: Real, confidence: Confidence, method: IntervalMethod
                    ) -> Interval | tuple[Interval, ...]:
    observed = non_negative("count", count)

    def make(level: float) -> Interval:
        if method is IntervalMethod.BYARS:
            lower, upper = _byars_limits(float(observed), z_of(level))
        else:
            lower, upper = _exact_limits(float(observed), level)
        low, high = _bracket(observed, lower, upper)
        return Interval(observed, low, high, level, method)

    return _levels(confidence, make)


@overload
def byars(count: Real, confidence: Real = ...) -> Interval: ...
@overload
def byars(count: Real, confidence: Confidence = ...) -> Interval | tuple[Interval, ...]: ...
def byars(count: Real, confidence: Confidence = 0.95) -> Interval | tuple[Interval, ...]:
    """Byars' approximate limits for a Poisson count."""
    return _count_interval(count, confidence, IntervalMethod.BYARS)


@overload
def exact_poisson(count: Real, confidence: Real = ...) -> Interval: ...
@overload
def exact_poisson(count: Real, confidence: Confidence = ...
                  ) -> Interval | tuple[Interval, ...]: ...
def exact_poisson(count: Real, confidence: Confidence = 0.95
                  ) -> Interval | tuple[Interval, ...]:
    """Exact limits for a Poisson count: chi-squared(alpha/2; 2O)/2 and (1-alpha/2; 2O+2)/2."""
    return _count_interval(count, confidence, IntervalMethod.EXACT_POISSON)


RateMethod = Literal["auto", "byars", "exact"]


def _rate_method(method: str, count: Fraction) -> IntervalMethod:
    if method == "auto":
        return IntervalMethod.EXACT_POISSON if count < EXACT_BELOW else IntervalMethod.BYARS
    if method == "byars":
        return IntervalMethod.BYARS
    if method == "exact":
        return IntervalMethod.EXACT_POISSON
    raise StatisticsError("method", f"expected 'auto', 'byars' or 'exact', got {method!r}")


@overload
def rate_interval(count: Real, population: Real, per: Real = ..., confidence: Real = ...,
                  method: RateMethod = ...) -> Interval: ...
@overload
def rate_interval(count: Real, population: Real, per: Real = ...,
                  confidence: Confidence = ..., method: RateMethod = ...
                  ) -> Interval | tuple[Interval, ...]: ...
def rate_interval(count: Real, population: Real, per: Real = 100_000,
                  confidence: Confidence = 0.95, method: RateMethod = "auto"
                  ) -> Interval | tuple[Interval, ...]:
    """A crude rate `count / population * per`, with its count's limits scaled alike.

    `auto` follows the public-health convention: exact Poisson limits below 10 events,
    Byars' from 10.
    """
    observed = non_negative("count", count)
    people = positive("population", population)
    scale = positive("per", per) / people
    chosen = _rate_method(method, observed)
    value = observed * scale

    def make(level: float) -> Interval:
        if chosen is IntervalMethod.BYARS:
            lower, upper = _byars_limits(float(observed), z_of(level))
        else:
            lower, upper = _exact_limits(float(observed), level)
        low, high = _bracket(value, lower * float(scale), upper * float(scale))
        return Interval(value, low, high, level, chosen)

    return _levels(confidence, make)
