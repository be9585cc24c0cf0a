"""How the figure reported for a period is made from the underlying flow."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from kpirules.models.base import Id, Name, Number, SpecModel, Text

__all__ = [
    "Aggregation",
    "AverageAggregation",
    "CumulativeAggregation",
    "DiscreteAggregation",
    "FormulaAggregation",
    "PerHouseholdAggregation",
    "RateAggregation",
    "RatioAggregation",
    "RollingAggregation",
    "SnapshotAggregation",
    "Span",
    "SurveyAggregation",
    "YearToDate",
]


class Span(enum.StrEnum):
    """The stretch of time a figure covers, ending with its period."""

    PERIOD = "period"
    YEAR_TO_DATE = "year_to_date"
    ROLLING_12_MONTHS = "rolling_12_months"


class YearToDate(enum.StrEnum):
    """How a ratio's year-to-date combines its periods."""

    WEIGHTED = "weighted"
    """Sum of numerators over sum of denominators."""
    UNWEIGHTED = "unweighted"
    """The mean of the periods' ratios."""


class DiscreteAggregation(SpecModel):
    """Each period's own figure (a count in the quarter)."""

    kind: Literal["discrete"]


class CumulativeAggregation(SpecModel):
    """The total from the start of the year to the end of the period."""

    kind: Literal["cumulative"]


class SnapshotAggregation(SpecModel):
    """The level at the end of the period (followers, households in accommodation)."""

    kind: Literal["snapshot"]


class AverageAggregation(SpecModel):
    """The mean of the monthly figures in the period."""

    kind: Literal["average"]
    of: Literal["months"] = "months"


class RollingAggregation(SpecModel):
    """The total over the N months ending with the period."""

    kind: Literal["rolling"]
    months: Annotated[int, Field(gt=0, le=36)] = 12


class RatioAggregation(SpecModel):
    """Numerator over denominator, times a scale (100 for a percentage)."""

    kind: Literal["ratio"]
    numerator: Text
    """What the numerator counts, in words."""
    denominator: Text
    """What the denominator counts, in words."""
    scale: Number = Decimal(100)
    """100 for a percentage, 1 for a plain ratio."""
    span: Span = Span.PERIOD
    year_to_date: YearToDate = YearToDate.WEIGHTED


class RateAggregation(SpecModel):
    """A count per N of the population named by the unit, for the period's year."""

    kind: Literal["rate"]
    numerator: Text
    """What is counted, in words (`delayed days`)."""
    span: Span = Span.PERIOD


class PerHouseholdAggregation(SpecModel):
    """A total divided by the number of households for the period's year."""

    kind: Literal["per_household"]
    numerator: Text
    households: Id
    """The id of a population of households declared in the catalogue file."""
    span: Span = Span.PERIOD


class SurveyAggregation(SpecModel):
    """An annual survey result: one figure a year, which does not combine."""

    kind: Literal["survey"]
    respondents: Annotated[int, Field(gt=0)] | None = None


class FormulaAggregation(SpecModel):
    """A value derived by an expression over declared inputs."""

    kind: Literal["formula"]
    formula: Text
    """An expression in the kpirules grammar, e.g. `affordable / completed * 100`."""
    inputs: dict[Name, Text]
    """Each input's name and what it is, in words."""
    span: Span = Span.PERIOD


def _aggregation_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        return {"kind": value}
    return value


Aggregation = Annotated[
    DiscreteAggregation
    | CumulativeAggregation
    | SnapshotAggregation
    | AverageAggregation
    | RollingAggregation
    | RatioAggregation
    | RateAggregation
    | PerHouseholdAggregation
    | SurveyAggregation
    | FormulaAggregation,
    Field(discriminator="kind"),
    BeforeValidator(_aggregation_shorthand),
]
