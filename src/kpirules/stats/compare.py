"""Comparing a value with a benchmark, the way public-health profiles do.

An interval wholly above the benchmark is significantly higher, wholly below it
significantly lower, and one that contains it (touching included) similar. Polarity
turns higher and lower into better and worse; without one they stay higher and lower.
Where there is nothing to compare (no benchmark; neither side has an interval) the
answer is `not compared`, with the reason: never a guess.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

from kpirules.errors import StatisticsError
from kpirules.stats._args import Real, exact
from kpirules.stats.intervals import Interval, level_words

__all__ = ["Comparison", "Outcome", "Significance", "compare"]


class Significance(enum.StrEnum):
    """Where the value lies against the benchmark, before polarity."""

    HIGHER = "higher"
    SIMILAR = "similar"
    LOWER = "lower"


class Outcome(enum.StrEnum):
    """The comparison as read by polarity."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not compared"


_POLARITIES = ("higher_is_better", "lower_is_better", "none")


@dataclass(frozen=True)
class Comparison:
    """The outcome of `compare`, with the figures it used and the reason in words."""

    outcome: Outcome
    significance: Significance | None
    """None when not compared."""
    value: Fraction | None
    lower: float | None
    upper: float | None
    benchmark: Fraction | None
    benchmark_lower: float | None
    benchmark_upper: float | None
    confidence: float | None
    """The level of the interval the comparison used."""
    reason: str

    @property
    def compared(self) -> bool:
        return self.outcome is not Outcome.NOT_COMPARED


def _read(significance: Significance, polarity: str) -> Outcome:
    if significance is Significance.SIMILAR:
        return Outcome.SIMILAR
    if polarity == "none":
        return Outcome(significance.value)
    higher_better = polarity == "higher_is_better"
    if (significance is Significance.HIGHER) == higher_better:
        return Outcome.BETTER
    return Outcome.WORSE


def _not_compared(value: Fraction | None, benchmark: Fraction | None, why: str
                  ) -> Comparison:
    return Comparison(Outcome.NOT_COMPARED, None, value, None, None, benchmark, None, None,
                      None, why)


def compare(subject: Interval | Real | None, benchmark: Interval | Real | None,
            polarity: str = "none", *, use_benchmark_interval: bool = False) -> Comparison:
    """Compare `subject` (an interval, or a bare value) with `benchmark`.

    - an interval against a benchmark value: wholly above, wholly below, or containing it;
    - with `use_benchmark_interval` and intervals on both sides: significant only when
      the two intervals do not overlap (the stricter test for two areas);
    - a bare value against a benchmark that carries an interval: outside it or within;
    - a bare value against a bare benchmark: not compared (no interval).

    `polarity` is `higher_is_better`, `lower_is_better` or `none`.
    """
    if polarity not in _POLARITIES:
        raise StatisticsError("polarity", f"expected one of {', '.join(_POLARITIES)}, "
                              f"got {polarity!r}")
    value = subject.value if isinstance(subject, Interval) else (
        None if subject is None else exact("subject", subject))
    mark = benchmark.value if isinstance(benchmark, Interval) else (
        None if benchmark is None else exact("benchmark", benchmark))
    if value is None:
        return _not_compared(None, mark, "no value to compare")
    if mark is None:
        return _not_compared(value, None, "no benchmark to compare with")
    bench = benchmark if isinstance(benchmark, Interval) else None
    if isinstance(subject, Interval):
        if bench is not None and use_benchmark_interval:
            significance = _place(subject.lower, subject.upper, bench.lower, bench.upper)
            how = "the two intervals overlap" if significance is Significance.SIMILAR \
                else "the two intervals do not overlap"
        else:
            significance = _place(subject.lower, subject.upper, mark, mark)
            how = {Significance.HIGHER: "the interval lies wholly above the benchmark",
                   Significance.LOWER: "the interval lies wholly below the benchmark",
                   Significance.SIMILAR: "the interval contains the benchmark"}[significance]
        return Comparison(_read(significance, polarity), significance, value, subject.lower,
                          subject.upper, mark, bench.lower if bench else None,
                          bench.upper if bench else None, subject.confidence,
                          f"{how} ({subject.level} confidence)")
    if bench is None:
        return _not_compared(value, mark, "no confidence interval on either figure")
    significance = _place(value, value, bench.lower, bench.upper)
    how = {Significance.HIGHER: "the value lies above the benchmark's interval",
           Significance.LOWER: "the value lies below the benchmark's interval",
           Significance.SIMILAR: "the value lies within the benchmark's interval"}[significance]
    return Comparison(_read(significance, polarity), significance, value, None, None, mark,
                      bench.lower, bench.upper, bench.confidence,
                      f"{how} ({level_words(bench.confidence)} confidence)")


def _place(lower: float | Fraction, upper: float | Fraction, bottom: float | Fraction,
           top: float | Fraction) -> Significance:
    if lower > top:
        return Significance.HIGHER
    if upper < bottom:
        return Significance.LOWER
    return Significance.SIMILAR
