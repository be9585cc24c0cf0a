"""Checking and converting the plain numbers the methods are given.

Every method names the argument it refuses, so a caller (or the evaluation layer, which
turns a spec's figures into these calls) can say which figure was unusable. Values are
kept exact as `Fraction`s where the method allows; limits are floats, because the
quantiles and square roots they need are not rational.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist

from kpirules.errors import StatisticsError

__all__ = ["Confidence", "Real", "confidences", "exact", "non_negative", "positive", "z_of"]

Real = int | Fraction | Decimal | float
"""A plain number: exact (int, Fraction, Decimal) or, where the caller has one, a float."""

Confidence = Real | Sequence[Real]
"""One confidence level, or several to get one interval each."""

_STANDARD_NORMAL = NormalDist()


def exact(argument: str, value: object) -> Fraction:
    """`value` as an exact Fraction, refusing booleans, text, NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal | float):
        raise StatisticsError(argument, f"expected a number, got {type(value).__name__}")
    if isinstance(value, float | Decimal) and not _finite(value):
        raise StatisticsError(argument, f"expected a finite number, got {value}")
    return Fraction(value)


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def non_negative(argument: str, value: object) -> Fraction:
    number = exact(argument, value)
    if number < 0:
        raise StatisticsError(argument, f"must not be negative, got {_shown(number)}")
    return number


def positive(argument: str, value: object) -> Fraction:
    number = exact(argument, value)
    if number <= 0:
        raise StatisticsError(argument, f"must be greater than zero, got {_shown(number)}")
    return number


def _shown(number: Fraction) -> str:
    return str(number.numerator) if number.denominator == 1 else str(float(number))


def _level(value: object) -> float:
    number = exact("confidence", value)
    if not 0 < number < 1:
        raise StatisticsError("confidence", f"must lie strictly between 0 and 1 (0.95 for "
                              f"95%), got {_shown(number)}")
    return float(number)


def confidences(value: object) -> tuple[tuple[float, ...], bool]:
    """The confidence levels asked for, and whether several were (a sequence)."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not value:
            raise StatisticsError("confidence", "give at least one confidence level")
        return tuple(_level(v) for v in value), True
    return (_level(value),), False


def z_of(confidence: float) -> float:
    """The two-sided normal quantile: 1.959964 for 0.95, 3.090232 for 0.998."""
    return _STANDARD_NORMAL.inv_cdf(1 - (1 - confidence) / 2)
