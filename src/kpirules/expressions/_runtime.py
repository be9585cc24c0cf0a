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
    "Failure",
    "exact_div",
    "exact_mean",
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

_FLOAT_DENOMINATOR: Final = 2**1074


# --- exact ----------------------------------------------------------------------------


def exact_div(a: int | Fraction, b: int | Fraction) -> Fraction:
    """`a / b` exactly; Python would give a float for two ints."""
    if type(a) is int and type(b) is int:
        return Fraction(a, b)
    return cast(Fraction, a / b)


def exact_sum(numbers: Sequence[int | Fraction]) -> int | Fraction:
    """The exact sum, over the list's common denominator (which input checks bounded)."""
    denominator = math.lcm(*{x.denominator for x in numbers if type(x) is Fraction})
    total = 0
    for x in numbers:
        if type(x) is int:
            total += x * denominator
        else:
            total += x.numerator * (denominator // x.denominator)
    return total if denominator == 1 else Fraction(total, denominator)


def exact_mean(numbers: Sequence[int | Fraction]) -> Fraction:
    """The exact mean; ZeroDivisionError for an empty list."""
    return Fraction(exact_sum(numbers)) / len(numbers)


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
            total += numerator * (_FLOAT_DENOMINATOR // denominator)
        return float(Fraction(total, _FLOAT_DENOMINATOR))


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
