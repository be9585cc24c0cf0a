"""Exact numbers in, exact numbers out: the one place SPC inputs are checked."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from kpirules.errors import StatisticsError

__all__ = ["exact", "exact_values"]


def exact(value: object, argument: str) -> Fraction:
    """`value` as a Fraction, or StatisticsError naming `argument`.

    Floats are refused: a float has already been rounded in binary, and limits computed
    from it would carry that rounding. Pass a Decimal (or its text) instead.
    """
    if isinstance(value, bool):
        raise StatisticsError(f"{argument}: expected a number, got the boolean {value}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise StatisticsError(f"{argument}: expected a finite number, got {value}")
        return Fraction(value)
    if isinstance(value, float):
        raise StatisticsError(f"{argument}: floats are refused because they are already "
                              f"rounded in binary; pass Decimal('{value!r}') or a Fraction")
    raise StatisticsError(f"{argument}: expected an int, Fraction or Decimal, "
                          f"got {type(value).__name__}")


def exact_values(values: Iterable[object], argument: str) -> tuple[Fraction, ...]:
    if isinstance(values, str | bytes):
        raise StatisticsError(f"{argument}: expected a sequence of numbers, got text")
    try:
        items = list(values)
    except TypeError:
        raise StatisticsError(f"{argument}: expected a sequence of numbers, "
                              f"got {type(values).__name__}") from None
    return tuple(exact(v, f"{argument}[{i}]") for i, v in enumerate(items))
