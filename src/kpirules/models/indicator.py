"""An indicator spec: one YAML file per indicator."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import Field

from kpirules.models.aggregation import Aggregation
from kpirules.models.base import Id, SpecModel, Text, YearLabel
from kpirules.models.rating import DotSpec, RagSpec
from kpirules.models.spc import SpcSpec
from kpirules.models.statistics import StatisticsSpec
from kpirules.models.targets import TargetSpec
from kpirules.models.units import Polarity, Unit

__all__ = [
    "Benchmarking",
    "BreakdownRating",
    "BreakdownSpec",
    "CalendarName",
    "Card",
    "Frequency",
    "IndicatorSpec",
    "Lag",
    "MeasureFields",
    "MeasureSpec",
    "ShareTotal",
]


class CalendarName(enum.StrEnum):
    FINANCIAL = "financial"
    """April to March, written 2019/20."""
    ACADEMIC = "academic"
    """September to August, written 2019/20."""
    CALENDAR = "calendar"
    """January to December, written 2019."""


class Frequency(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Card(SpecModel):
    """The indicator card's own words, kept as the source wrote them."""

    definition: Text
    how_it_works: Text | None = None
    what_good_looks_like: Text | None = None
    why_it_matters: Text | None = None
    history: Text | None = None
    issues_to_consider: Text | None = None
    data_source: Text | None = None


class Benchmarking(SpecModel):
    """The card's benchmarking words. Benchmark figures (London's, England's, ranks) are
    kept in benchmark data files, not here: see `docs/statistics.md`."""

    text: Text | None = None
    """The card's benchmarking text."""


class Lag(SpecModel):
    """How long after a period its figure becomes available."""

    months: Annotated[int, Field(ge=0, le=36)]
    note: Text | None = None


class MeasureFields(SpecModel):
    """The fields an indicator gives its measures and a measure may override."""

    polarity: Polarity | None = None
    unit: Unit | None = None
    decimals: Annotated[int, Field(ge=0, le=6)] | None = None
    """Decimal places to show; also the precision targets and tolerances are read at."""
    aggregation: Aggregation | None = None
    targets: dict[YearLabel, TargetSpec] | None = None
    """Targets by year, keyed by the year label in the indicator's calendar."""
    rag: RagSpec | None = None
    """Overrides the catalogue's default RAG rule."""
    dot: DotSpec | None = None
    spc: SpcSpec | None = None
    """Read the series as a statistical process control (XmR) chart."""
    statistics: StatisticsSpec | None = None
    """Confidence intervals and a benchmark comparison, computed from the counts."""


class MeasureSpec(MeasureFields):
    """One of several figures an indicator reports (mean and median; survey questions)."""

    id: Id
    title: Text
    note: Text | None = None


class ShareTotal(SpecModel):
    """The headline is the share of the breakdown's total in the given members."""

    share: dict[Id, Text]
    """Dimension and member, e.g. `{ethnicity: BAME}`."""


class BreakdownRating(SpecModel):
    """How a breakdown's rows are rated: as the measure is, except for what is given here."""

    polarity: Polarity | None = None
    targets: dict[YearLabel, TargetSpec] | None = None
    """Targets for every row, by year; the measure's when not given."""
    rag: RagSpec | None = None
    dot: DotSpec | None = None


class BreakdownSpec(SpecModel):
    """A table that breaks a figure down, e.g. by service block."""

    id: Id
    title: Text
    dimensions: tuple[Id, ...] = Field(min_length=1)
    unit: Unit
    decimals: Annotated[int, Field(ge=0, le=6)] = 0
    measure: Id | None = None
    """The measure it breaks down, when the indicator has several."""
    total: Annotated[str, Field(pattern="^(sum|none)$")] | ShareTotal = "none"
    """How the breakdown relates to the headline: `sum` (the members add up to it),
    a share, or `none` (it does not total, e.g. averages per service)."""
    rate: Literal["measure"] | BreakdownRating | None = None
    """Rate each row (each service block, ward or group): `measure` for the measure's
    targets and RAG rule, or the fields that differ; not rated when absent."""
    note: Text | None = None


class IndicatorSpec(MeasureFields):
    """One indicator. Measure fields given here apply to every measure."""

    id: Id
    title: Text
    theme: Id
    card: Card
    benchmarking: Benchmarking | None = None
    calendar: CalendarName | None = None
    """Defaults to the catalogue's calendar."""
    frequency: Frequency | None = None
    """Defaults to the catalogue's frequency."""
    lag: Lag | None = None
    measures: tuple[MeasureSpec, ...] | None = None
    headline: Id | None = None
    """The measure that stands for the indicator when there are several."""
    breakdowns: tuple[BreakdownSpec, ...] = ()
    notes: tuple[Text, ...] = ()
    """How the spec was encoded: discrepancies in the source, assumptions made."""
