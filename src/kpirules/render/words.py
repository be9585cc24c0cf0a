"""Numbers, units, periods and calendars in the words generated pages use.

Spec numbers are printed at the precision they were written with (`4.0%` stays
`4.0%`), with thousands separators, and with their unit as a report prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from kpirules.evaluation.explain import format_value
from kpirules.models import BasicUnit, MoneyUnit, RateUnit, Unit
from kpirules.numbers import decimals_of, format_number
from kpirules.periods import Calendar, Grain
from kpirules.render.mdtext import prose

__all__ = [
    "MONTH_NAMES",
    "amount",
    "amounts",
    "calendar_years",
    "grain_word",
    "in_unit",
    "measured",
    "period_name",
    "sentence_case",
    "unit_short",
    "year_word",
]

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_YEAR_WORD = {Calendar.FINANCIAL: "financial year", Calendar.ACADEMIC: "academic year",
              Calendar.CALENDAR: "calendar year"}
_YEAR_SPAN = {Calendar.FINANCIAL: "April to March", Calendar.ACADEMIC: "September to August",
              Calendar.CALENDAR: "January to December"}
_SCALE_WORDS = {"units": "pounds", "thousands": "thousands of pounds",
                "millions": "millions of pounds"}
_SUFFIXED = {"kg": " kg", "tonnes": " tonnes", "days": " days"}


def amount(unit: Unit, value: Decimal | Fraction, decimals: int | None = None) -> str:
    """A spec number with its unit, at the precision it was written: `4.0%`, `£0.00`."""
    places = decimals if decimals is not None else (
        decimals_of(value) if isinstance(value, Decimal) else 0)
    return format_value(unit, value, places)


def amounts(unit: Unit, values: Sequence[Decimal | str]) -> str:
    """Several numbers of one unit, `/`-separated, the unit said once where it follows:
    `1,357 / 2,757`, `4.0% / n/a / 3.5%`, `189.8 / 379.7 per 100,000`."""
    if isinstance(unit, RateUnit) or (isinstance(unit, BasicUnit) and unit.kind in _SUFFIXED):
        numbers = [v if isinstance(v, str) else format_number(v) for v in values]
        suffix = (f" per {format_number(unit.per)}" if isinstance(unit, RateUnit)
                  else _SUFFIXED[unit.kind])
        return " / ".join(numbers) + suffix
    return " / ".join(v if isinstance(v, str) else amount(unit, v) for v in values)


def in_unit(unit: Unit, population: str | None = None) -> str:
    """How a figure is expressed, to follow a description: `, in tonnes`."""
    if isinstance(unit, MoneyUnit):
        return f", in {_SCALE_WORDS[unit.scale]}"
    if isinstance(unit, RateUnit):
        return f", per {format_number(unit.per)} {population or 'of the population'}"
    return {"count": "", "percentage": "", "kg": ", in kilograms", "tonnes": ", in tonnes",
            "days": ", in days", "score": ", as a score"}[unit.kind]


def measured(unit: Unit) -> str:
    """What a figure is, from the unit's `of`: `the number of calls to the police`."""
    of = prose(unit.of) if unit.of else ""
    if unit.kind == "count":
        return f"the number of {of}" if of else "the number counted"
    if unit.kind == "percentage":
        return f"the percentage of {of}" if of else "the percentage"
    return f"the {of}" if of else "the figure"


def unit_short(unit: Unit) -> str:
    """A unit in a few words, for a table: `count`, `percentage`, `rate per 100,000`."""
    if isinstance(unit, MoneyUnit):
        return {"units": "£", "thousands": "£ thousands", "millions": "£ millions"}[unit.scale]
    if isinstance(unit, RateUnit):
        return f"rate per {format_number(unit.per)}"
    return {"kg": "kilograms", "days": "days"}.get(unit.kind, unit.kind)


def grain_word(grain: Grain) -> str:
    return grain.value


def year_word(calendar: Calendar) -> str:
    """`financial year`."""
    return _YEAR_WORD[calendar]


def calendar_years(calendar: Calendar) -> str:
    """`financial years (April to March)`."""
    return f"{_YEAR_WORD[calendar]}s ({_YEAR_SPAN[calendar]})"


def period_name(calendar: Calendar, grain: Grain, index: int) -> str:
    """The name of the index-th period of a year: `Q2`, `July`."""
    if grain is Grain.QUARTER:
        return f"Q{index}"
    if grain is Grain.MONTH:
        return MONTH_NAMES[(calendar.first_month - 1 + index - 1) % 12]
    return "the year"


def sentence_case(title: str) -> str:
    """A title to run on in a sentence: `Residents aged 65` -> `residents aged 65`, but
    `GLA estimate` stays."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
