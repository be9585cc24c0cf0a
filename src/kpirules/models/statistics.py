"""What statistics a measure declares: its confidence interval and a benchmark comparison."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from kpirules.models.base import Id, Number, SpecModel, Text

__all__ = ["BenchmarkPeriod", "CompareSpec", "IntervalMethodName", "IntervalSpec", "Level",
           "StatisticsSpec"]

Level = Annotated[Number, Field(gt=0, lt=1, examples=[0.95, 0.998])]
"""A confidence level strictly between 0 and 1: 0.95 for 95%."""


class IntervalMethodName(enum.StrEnum):
    """How a confidence interval is computed (see docs/statistics.md)."""

    AUTO = "auto"
    """Wilson for a ratio of counts; for a rate or a count, exact Poisson below 10 events
    and Byars' approximation from 10 (the public-health convention)."""
    WILSON = "wilson"
    """The Wilson score interval, for a proportion (a ratio of counts)."""
    BYARS = "byars"
    """Byars' approximation to the Poisson limits, for a rate or a count."""
    EXACT = "exact"
    """Exact Poisson limits (chi-squared), for a rate or a count."""


class IntervalSpec(SpecModel):
    """A confidence interval on the value, from its counts."""

    method: IntervalMethodName = IntervalMethodName.AUTO
    confidence: tuple[Level, ...] = Field(
        default=(Decimal("0.95"), Decimal("0.998")), min_length=1)
    """The levels wanted, e.g. `[0.95, 0.998]`; the first is the one rules read as
    `lower` and `upper`."""


BenchmarkPeriod = Literal["same", "latest"]


class CompareSpec(SpecModel):
    """Compare the value with a benchmark declared in the catalogue."""

    benchmark: Id
    """The id of a benchmark declared in the catalogue's `benchmarks`."""
    confidence: Level = Decimal("0.95")
    """The level of the interval the comparison uses: 0.95 or 0.998."""
    period: BenchmarkPeriod = "same"
    """`same`: the benchmark figure for the period shown; `latest`: the latest benchmark
    figure at or before it (named in the explanation)."""
    use_benchmark_interval: bool = False
    """Significant only when the value's and the benchmark's intervals do not overlap,
    rather than when the value's interval excludes the benchmark's value."""


class StatisticsSpec(SpecModel):
    """The statistics a measure shows: a confidence interval and a benchmark comparison."""

    interval: IntervalSpec | None = None
    compare: CompareSpec | None = None
    """The comparison to show; `rag: {compare: ...}` also rates by one."""
    note: Text | None = None
