"""The helpers generated code calls: exact division, rounding, aggregates, and failure.

Generated code binds these as closure variables, so an expression's compiled function
reaches nothing else. Each helper takes values that have already been checked (finite
floats, or ints and Fractions within the input bounds) and either returns a finite
number or raises one of `FAILURES`, which the caller turns into an
ExpressionArithmeticError with a position.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Final, NoReturn, cast

__all__ = [
    "FAILURES",
    "ExactList",
    "Failure",
    "exact_div",
    "exact_max",
    "exact_mean",
    "exact_min",
    "exact_sum",
    "fail",
    "float_mean",
    "float_sum",
    "round_exact",
    "round_float",
]


class Failure(Exception):
    """A value that is not finite reached a place where one must be checked."""


def fail() -> NoReturn:
    """Raise Failure; generated code calls it where a check fails."""
    raise Failure


#: Everything an evaluation can raise for a reason in its numbers rather than a bug:
#: division by zero, overflow, a non-finite value, an empty list's minimum.
FAILURES: Final = (ArithmeticError, ValueError, Failure)

#: Every finite float is a whole multiple of 2**-1074.
_FLOAT_SHIFT: Final = 1074


# --- exact ----------------------------------------------------------------------------


def exact_div(a: int | Fraction, b: int | Fraction) -> Fraction:
    """`a / b` exactly; Python would give a float for two ints."""
    if type(a) is int and type(b) is int:
        return Fraction(a, b)
    return cast(Fraction, a / b)


class ExactList:
    """A list input in exact arithmetic, kept over its common denominator.

    `scaled[i] / denominator` is the i-th number, so sums, means and extremes are
    computed on ints in C rather than on Fractions one comparison at a time.
    """

    __slots__ = ("denominator", "scaled")

    def __init__(self, scaled: tuple[int, ...], denominator: int) -> None:
        self.scaled = scaled
        self.denominator = denominator

    def __len__(self) -> int:
        return len(self.scaled)

    def value(self, scaled: int) -> int | Fraction:
        if self.denominator == 1:
            return scaled
        return Fraction(scaled, self.denominator)


def exact_sum(numbers: ExactList) -> int | Fraction:
    """The exact sum."""
    return numbers.value(sum(numbers.scaled))


def exact_mean(numbers: ExactList) -> Fraction:
    """The exact mean; ZeroDivisionError for an empty list."""
    return Fraction(sum(numbers.scaled), numbers.denominator * len(numbers.scaled))


def exact_min(numbers: ExactList) -> int | Fraction:
    """The least number; ValueError for an empty list, as min() raises."""
    return numbers.value(min(numbers.scaled))


def exact_max(numbers: ExactList) -> int | Fraction:
    """The greatest number; ValueError for an empty list, as max() raises."""
    return numbers.value(max(numbers.scaled))


def round_exact(x: int | Fraction, places: int | None = None) -> int | Fraction:
    """Round half away from zero: an int without `places`, else a Fraction."""
    quotient = _round_half_away(Fraction(x), places or 0)
    if places is None:
        return quotient
    if places >= 0:
        return Fraction(quotient, 10**places)
    return Fraction(quotient * 10**-places)


def _round_half_away(value: Fraction, places: int) -> int:
    """The whole number nearest `value × 10**places`, halves away from zero."""
    numerator, denominator = value.numerator, value.denominator
    if places >= 0:
        numerator *= 10**places
    else:
        denominator *= 10**-places
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


# --- float ----------------------------------------------------------------------------


def float_sum(numbers: Sequence[float]) -> float:
    """The float nearest the exact sum (`math.fsum`), or OverflowError if there is none."""
    try:
        return math.fsum(numbers)
    except OverflowError:
        # fsum gives up when a partial sum overflows even if the total would not; the
        # exact sum over the one denominator every float shares settles it.
        total = 0
        for x in numbers:
            numerator, denominator = x.as_integer_ratio()
            # denominator is 2**k with k <= 1074: scale by a shift, not a division.
            total += numerator << (_FLOAT_SHIFT + 1 - denominator.bit_length())
        return float(Fraction(total, 1 << _FLOAT_SHIFT))


def float_mean(numbers: Sequence[float]) -> float:
    """`sum(numbers) / len(numbers)` in floats; ZeroDivisionError for an empty list."""
    return float_sum(numbers) / len(numbers)


def round_float(x: float | int, places: int | None = None) -> float | int:
    """Round the exact value of `x` half away from zero, as Python's round() returns types.

    An int without `places`, else the float nearest the rounded value.
    """
    if not x - x == 0:
        raise Failure
    quotient = _round_half_away(Fraction(x), places or 0)
    if places is None:
        return quotient
    if places >= 0:
        scale: int = 10**places
        return quotient / scale
    scale = 10**-places
    return float(quotient * scale)
