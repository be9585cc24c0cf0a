"""Checking and converting the inputs of one evaluation, and choosing its arithmetic.

If any input (or any number in a list input) is a float, the evaluation is in floats:
every input is converted to the nearest float and the arithmetic is IEEE double, as
Python computes it. Otherwise it is exact: ints stay ints, Decimals become Fractions,
and every result is exact. Exact inputs are bounded in size (`Limits.max_exact_digits`)
so that, with the static weight bound, no exact result can grow large.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from typing import TypeAlias

from kpirules.errors import ExpressionInputError
from kpirules.expressions._limits import Limits
from kpirules.expressions._runtime import ExactList

__all__ = ["prepare"]

#: Builds the error for one input, given its name and the message.
Complaint: TypeAlias = Callable[[str, str], ExpressionInputError]
_Number: TypeAlias = float | int | Fraction | Decimal
_Exact: TypeAlias = int | Fraction


def prepare(
    names: tuple[str, ...],
    lists: tuple[bool, ...],
    values: tuple[object, ...],
    limits: Limits,
    complain: Complaint,
) -> tuple[tuple[object, ...], bool]:
    """The converted inputs, in order, and whether the evaluation is in floats."""
    read: list[_Number | tuple[_Number, ...]] = []
    floating = False
    for name, is_list, value in zip(names, lists, values, strict=True):
        if is_list:
            numbers = _read_list(name, value, limits, complain)
            floating = floating or any(type(x) is float for x in numbers)
            read.append(numbers)
        else:
            number = _canonical(value)
            if number is None:
                raise complain(name, f"'{name}' must be a number, not {_describe(value)}")
            floating = floating or type(number) is float
            read.append(number)
    if floating:
        return tuple(
            tuple(_to_float(name, x, complain) for x in value)
            if isinstance(value, tuple) else _to_float(name, value, complain)
            for name, value in zip(names, read, strict=True)
        ), True
    exact = _ExactConverter(limits, complain)
    prepared: list[object] = []
    for name, value in zip(names, read, strict=True):
        if isinstance(value, tuple):
            prepared.append(exact.convert_list(name, value))
        else:
            prepared.append(exact.convert(name, value))
    return tuple(prepared), False


def _canonical(value: object) -> _Number | None:
    """The value as a plain float, int, Fraction or Decimal, or None for anything else.

    Subclasses are converted to their base type, so that no overridden operator of a
    caller's class runs inside an evaluation.
    """
    kind = type(value)
    if kind is float or kind is int or kind is Fraction or kind is Decimal:
        return value  # type: ignore[return-value]
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, Fraction):
        try:
            return Fraction(int.__int__(value.numerator), int.__int__(value.denominator))
        except Exception:
            return None
    if isinstance(value, Decimal):
        return Decimal(value)
    return None


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"a true/false value ({value})"
    if value is None:
        return "missing (None)"
    if isinstance(value, str):
        return "text"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _read_list(
    name: str, value: object, limits: Limits, complain: Complaint
) -> tuple[_Number, ...]:
    if isinstance(value, str | bytes | bytearray | memoryview | Mapping) or (
        _canonical(value) is not None
    ):
        raise complain(name, f"'{name}' must be a list of numbers, not {_describe(value)}")
    try:
        iterator = iter(value)  # type: ignore[call-overload]
    except TypeError:
        raise complain(
            name, f"'{name}' must be a list of numbers, not {_describe(value)}"
        ) from None
    except Exception as exc:  # a caller's __iter__ may fail in any way it likes
        raise complain(name, f"'{name}' could not be read: {type(exc).__name__}: {exc}"
                       ) from None
    try:
        items = tuple(islice(iterator, limits.max_sequence_length + 1))
    except Exception as exc:  # a caller's iterable may fail in any way it likes
        raise complain(name, f"'{name}' could not be read: {type(exc).__name__}: {exc}"
                       ) from None
    if len(items) > limits.max_sequence_length:
        raise complain(name, f"'{name}' has more than {limits.max_sequence_length:,} numbers")
    numbers: list[_Number] = []
    for index, item in enumerate(items, start=1):
        number = _canonical(item)
        if number is None:
            raise complain(
                name, f"'{name}' must hold numbers only, but item {index} is {_describe(item)}"
            )
        numbers.append(number)
    return tuple(numbers)


def _to_float(name: str, value: _Number, complain: Complaint) -> float:
    if isinstance(value, Decimal) and not value.is_finite():
        raise complain(name, f"'{name}' is not a finite number ({value})")
    try:
        number = float(value)
    except OverflowError:
        raise complain(name, f"'{name}' is too large to be a float") from None
    if number - number != 0.0:
        if type(value) is float:
            raise complain(name, f"'{name}' is not a finite number ({number!r})")
        raise complain(name, f"'{name}' is too large to be a float")
    return number


class _ExactConverter:
    """Converts exact inputs, refusing any too long to keep exact arithmetic quick."""

    def __init__(self, limits: Limits, complain: Complaint) -> None:
        self.digits = limits.max_exact_digits
        self.bound = 10**self.digits
        self.complain = complain

    def too_long(self, name: str) -> ExpressionInputError:
        return self.complain(
            name,
            f"'{name}' has more than {self.digits} digits in its numerator or denominator, "
            "too many to compute with exactly; pass it as a float to compute approximately",
        )

    def convert(self, name: str, value: _Number) -> _Exact:
        if isinstance(value, int):
            if -self.bound < value < self.bound:
                return value
            raise self.too_long(name)
        if isinstance(value, Decimal):
            fraction = self.decimal(name, value)
        elif isinstance(value, Fraction):
            fraction = value
        else:
            raise self.complain(name, f"'{name}' must be exact here")
        if abs(fraction.numerator) < self.bound and fraction.denominator < self.bound:
            return fraction.numerator if fraction.denominator == 1 else fraction
        raise self.too_long(name)

    def decimal(self, name: str, value: Decimal) -> Fraction:
        if not value.is_finite():
            raise self.complain(name, f"'{name}' is not a finite number ({value})")
        _, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int):
            raise self.complain(name, f"'{name}' is not a finite number ({value})")
        if not any(digits):
            return Fraction(0)
        # Checked before converting: Decimal('1e-999999999') as a Fraction would need a
        # denominator of a billion digits.
        significant = len(digits)
        while significant > 1 and digits[significant - 1] == 0:
            significant -= 1
            exponent += 1
        if significant + max(exponent, 0) > 2 * self.digits or -exponent > 2 * self.digits:
            raise self.too_long(name)
        return Fraction(value)

    def convert_list(self, name: str, numbers: tuple[_Number, ...]) -> ExactList:
        """The list over its common denominator, which must stay within the bound."""
        pairs: list[tuple[int, int]] = []
        for x in numbers:
            if type(x) is int and -self.bound < x < self.bound:
                pairs.append((x, 1))
                continue
            exact = self.convert(name, x)
            if isinstance(exact, int):
                pairs.append((exact, 1))
            else:
                pairs.append((exact.numerator, exact.denominator))
        common = 1
        for denominator in {d for _, d in pairs if d != 1}:
            common = math.lcm(common, denominator)
            if common >= self.bound:
                raise self.complain(
                    name,
                    f"the numbers in '{name}' have no common denominator of at most "
                    f"{self.digits} digits, so they cannot be added exactly; pass them as "
                    "floats to compute approximately",
                )
        return ExactList(tuple(n * (common // d) for n, d in pairs), common)
