"""Directly standardised rates with Dobson's confidence interval (Dobson et al. 1991).

The rate each age band would give in a standard population, summed: the DSR is
sum(w_i * O_i / n_i) / sum(w_i) * per, with variance sum(w_i^2 * O_i / n_i^2) /
sum(w_i)^2 * per^2. Dobson's method moves the DSR by the limits of the total count O,
scaled by sqrt(var / O): DSR_L = DSR + sqrt(var / O) * (O_L - O), and alike for the
upper limit. O's limits are exact below 10 events and Byars' from 10, as for crude rates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal, overload

from kpirules.errors import StatisticsError
from kpirules.stats._args import Confidence, Real, non_negative, positive
from kpirules.stats.intervals import (
    EXACT_BELOW,
    Interval,
    IntervalMethod,
    _bracket,
    _levels,
    count_limits,
)

__all__ = ["ESP2013", "dsr"]

ESP2013: tuple[int, ...] = (
    5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
)
"""The European Standard Population 2013: 19 bands, 0-4, 5-9, ... 85-89 and 90+;
it sums to 100,000."""


@overload
def dsr(counts: Sequence[Real], populations: Sequence[Real],
        standard: Sequence[Real] = ..., per: Real = ..., confidence: Real = ...
        ) -> Interval: ...
@overload
def dsr(counts: Sequence[Real], populations: Sequence[Real],
        standard: Sequence[Real] = ..., per: Real = ..., confidence: Confidence = ...
        ) -> Interval | tuple[Interval, ...]: ...
def dsr(counts: Sequence[Real], populations: Sequence[Real],
        standard: Sequence[Real] = ESP2013, per: Real = 100_000,
        confidence: Confidence = 0.95) -> Interval | tuple[Interval, ...]:
    """A directly standardised rate per `per`, by age band, with Dobson's interval.

    `counts`, `populations` and `standard` give one entry per band, in the same order.
    A DSR with no events has no Dobson interval (its variance and count are both zero),
    so zero events in every band is refused.
    """
    if not len(counts) == len(populations) == len(standard):
        raise StatisticsError("counts", f"counts, populations and standard must have one "
                              f"entry per band; got {len(counts)}, {len(populations)} and "
                              f"{len(standard)}")
    if not counts:
        raise StatisticsError("counts", "give at least one age band")
    observed = [non_negative(f"counts[{i}]", c) for i, c in enumerate(counts)]
    people = [positive(f"populations[{i}]", n) for i, n in enumerate(populations)]
    weights = [non_negative(f"standard[{i}]", w) for i, w in enumerate(standard)]
    scale = positive("per", per)
    total_weight = sum(weights, Fraction(0))
    if total_weight == 0:
        raise StatisticsError("standard", "the standard population must not be all zero")
    total = sum(observed, Fraction(0))
    if total == 0:
        raise StatisticsError("counts", "a DSR needs at least one event for Dobson's interval")
    value = sum((w * o / n for w, o, n in zip(weights, observed, people, strict=True)),
                Fraction(0)) / total_weight * scale
    variance = sum((w * w * o / (n * n) for w, o, n in zip(weights, observed, people,
                                                            strict=True)),
                   Fraction(0)) / (total_weight * total_weight) * scale * scale
    step = math.sqrt(variance / total)
    kind: Literal["byars", "exact"] = "exact" if total < EXACT_BELOW else "byars"

    def make(level: float) -> Interval:
        low, high = count_limits(total, level, kind)
        lower = float(value) + step * (low - float(total))
        upper = float(value) + step * (high - float(total))
        lower, upper = _bracket(value, max(lower, 0.0), upper)
        return Interval(value, lower, upper, level, IntervalMethod.DOBSON)

    return _levels(confidence, make)
