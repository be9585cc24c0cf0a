"""Explanations: each result in a sentence a councillor can check with a calculator."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from kpirules.catalogue import Measure
from kpirules.models import BasicUnit, MoneyUnit, RateUnit, Unit
from kpirules.numbers import decimals_of, format_number
from kpirules.target import Target

__all__ = [
    "default_decimals",
    "display_decimals",
    "format_difference",
    "format_target",
    "format_value",
    "target_figures",
    "target_places",
]

_DEFAULT_DECIMALS = {"count": 0, "percentage": 1, "kg": 0, "tonnes": 0, "days": 2,
                     "score": 1, "money": 2, "rate": 1}
_SCALE_SUFFIX = {"units": "", "thousands": "k", "millions": "m"}


def default_decimals(unit: Unit) -> int:
    return _DEFAULT_DECIMALS[unit.kind]


def display_decimals(measure: Measure, published: Decimal | None = None) -> int:
    """Published figures keep their precision; computed ones use the spec's."""
    if published is not None:
        return decimals_of(published)
    if measure.decimals is not None:
        return measure.decimals
    return default_decimals(measure.unit)


def format_value(unit: Unit, value: Fraction | Decimal | int, decimals: int) -> str:
    """A value with its unit, as a report prints it: 62%, £7.011m, 129.2 per 100,000."""
    number = format_number(value, decimals)
    if isinstance(unit, MoneyUnit):
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        return f"{sign}£{digits}{_SCALE_SUFFIX[unit.scale]}"
    if isinstance(unit, RateUnit):
        return f"{number} per {format_number(unit.per)}"
    assert isinstance(unit, BasicUnit)
    if unit.kind == "percentage":
        return f"{number}%"
    if unit.kind in ("kg", "tonnes", "days"):
        return f"{number} {unit.kind}"
    return number


def format_difference(unit: Unit, amount: Fraction | Decimal | int, decimals: int) -> str:
    """A difference between two values, in the unit: `2 days`, `£0.50`, `14`; for a
    percentage in percentage points (`1 percentage point`), never `1%`, which would read
    as a share of the value."""
    if isinstance(unit, BasicUnit) and unit.kind == "percentage":
        number = format_number(amount, decimals)
        return f"{number} percentage point{'' if number in ('1', '-1') else 's'}"
    return format_value(unit, amount, decimals)


def target_figures(unit: Unit, target: Target, decimals: int) -> tuple[str, ...]:
    """The target's figures as printed: (value,), (low, high) for a band, () for none."""
    numbers = (target.low, target.high) if target.is_band else (target.value,)
    return tuple(format_value(unit, n, target_places(n, decimals)) for n in numbers
                 if n is not None)


def format_target(measure: Measure, target: Target, decimals: int) -> str:
    shown = target_figures(measure.unit, target, decimals)
    if len(shown) == 2:
        return f"a target band of {shown[0]} to {shown[1]}"
    if shown:
        return f"a target of {shown[0]}"
    return f"no target ({target.reason})" if target.reason else "no target"


def target_places(value: Fraction, decimals: int) -> int:
    """Targets show as many places as they need, up to the measure's."""
    for places in range(0, decimals + 1):
        if (value * 10**places).denominator == 1:
            return places
    return decimals
