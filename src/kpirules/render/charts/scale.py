"""Scales: numbers to positions, exactly, and the round numbers an axis is marked at.

`LinearScale` maps a value domain onto a pixel range (SVG's y grows downwards, so a
y scale maps the domain's low end to the bottom: give `start` > `end`). `SlotScale`
places categories (periods) at the centres of equal slots. `nice_ticks` picks round tick
values (1, 2, 2.5 or 5 times a power of ten) that cover the data. All exact: Fractions
in, Fractions out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["LinearScale", "SlotScale", "Ticks", "nice_ticks"]

_STEPS = (Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5), Fraction(10))


@dataclass(frozen=True)
class LinearScale:
    """`low..high` onto `start..end`, linearly. A zero-width domain maps to the middle."""

    low: Fraction
    high: Fraction
    start: Fraction
    end: Fraction

    def __call__(self, value: Fraction) -> Fraction:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


@dataclass(frozen=True)
class SlotScale:
    """`count` equal slots from `start` to `end`; a category sits at its slot's centre."""

    count: int
    start: Fraction
    end: Fraction

    @property
    def width(self) -> Fraction:
        return (self.end - self.start) / max(self.count, 1)

    def left(self, index: int) -> Fraction:
        return self.start + self.width * index

    def centre(self, index: int) -> Fraction:
        return self.left(index) + self.width / 2

    def right(self, index: int) -> Fraction:
        return self.left(index) + self.width


@dataclass(frozen=True)
class Ticks:
    """Tick values in order, and the decimal places that print every one exactly."""

    values: tuple[Fraction, ...]
    decimals: int

    @property
    def low(self) -> Fraction:
        return self.values[0]

    @property
    def high(self) -> Fraction:
        return self.values[-1]


def _places(step: Fraction) -> int:
    places = 0
    while (step * 10**places).denominator != 1:
        places += 1
    return places


def nice_ticks(values: Iterable[Fraction], count: int = 5) -> Ticks:
    """About `count` round ticks from at or below the least value to at or above the
    greatest. One value (or all equal) gets a range around it; no values, 0 to 1."""
    data = list(values)
    if count < 2:
        raise ValueError("an axis needs at least two ticks")
    low, high = (min(data), max(data)) if data else (Fraction(0), Fraction(1))
    if low == high:
        margin = abs(low) / 10 if low else Fraction(1)
        low, high = low - margin, high + margin
    raw = (high - low) / (count - 1)
    power = Fraction(1)
    while power > raw:
        power /= 10
    while power * 10 <= raw:
        power *= 10
    step = next(power * m for m in _STEPS if power * m >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    ticks = tuple(step * i for i in range(first, last + 1))
    return Ticks(ticks, _places(step))
