"""What a measure counts and which way is better."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from kpirules.models.base import Id, SpecModel, Text

__all__ = ["BasicUnit", "MoneyUnit", "Polarity", "RateUnit", "Unit"]


class Polarity(enum.StrEnum):
    """Which way is better."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    WITHIN_BAND = "within_band"
    """Good inside a band of targets, e.g. a repeat referral rate of 28% to 40%."""
    CLOSEST_TO = "closest_to"
    """Good at the target and worse the further away, e.g. a pay gap of £0.00."""
    NONE = "none"
    """A contextual measure: no better or worse, so no rating and no direction."""


class BasicUnit(SpecModel):
    """A unit without parameters."""

    kind: Literal["count", "percentage", "kg", "tonnes", "days", "score"]
    """`percentage` values are compared in percentage points; the others relatively."""
    of: Text | None = None
    """What is counted or measured, in words for the reader: `calls`, `households`."""


class MoneyUnit(SpecModel):
    """An amount of money."""

    kind: Literal["money"]
    currency: Literal["GBP"] = "GBP"
    scale: Literal["units", "thousands", "millions"] = "units"
    """`millions` when figures are written as £7.011m."""
    of: Text | None = None


class RateUnit(SpecModel):
    """A rate per N of a named population, e.g. per 100,000 people aged 65 and over."""

    kind: Literal["rate"]
    per: Annotated[int, Field(gt=0, examples=[1000, 10000, 100000])]
    population: Id
    """The id of a population declared in the catalogue file."""
    of: Text | None = None


def _unit_shorthand(value: Any) -> Any:
    # `unit: count` is the common case; the mapping form adds parameters.
    if isinstance(value, str):
        return {"kind": value}
    return value


Unit = Annotated[
    BasicUnit | MoneyUnit | RateUnit,
    Field(discriminator="kind"),
    BeforeValidator(_unit_shorthand),
]
"""`count`, `percentage`, `kg`, `tonnes`, `days`, `score`, `money`, or `{kind: rate, ...}`."""
