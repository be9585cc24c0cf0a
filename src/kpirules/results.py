"""Results: the frozen objects evaluation returns, and renderers read.

A `MeasureResult` carries the figures of one measure for one period: value, target,
variance, the rule's rating, the reported rating and its basis, the direction of
travel and its comparator, the data status and an explanation a councillor can check.
Further analyses (confidence intervals, control limits, benchmark comparisons) add
entries to `analyses` rather than new fields, so results keep their shape as the
library grows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Protocol

from kpirules.areas import Area
from kpirules.models import Rating, Unit
from kpirules.observations import Status
from kpirules.periods import Period
from kpirules.target import Target

if TYPE_CHECKING:
    from kpirules.frames import Frame

__all__ = [
    "AnalysisResult",
    "Area",
    "Basis",
    "Direction",
    "IndicatorResult",
    "MeasureResult",
    "RatingOutcome",
    "Results",
    "Variance",
]


class Basis(enum.StrEnum):
    """Where the reported rating comes from."""

    RULE = "rule"
    JUDGEMENT = "judgement"
    NONE = "none"


class Direction(enum.StrEnum):
    """Direction of travel against the comparator, by the measure's polarity."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    UNCHANGED = "unchanged"
    NOT_COMPARABLE = "n/a"


@dataclass(frozen=True)
class Variance:
    """How far the value is from target, in the measure's terms.

    `absolute` is value minus target (for a band, the distance outside it, signed by
    side: negative below, positive above, zero inside). `relative` is that as a
    percentage of the target (None when the target is zero); `points` is the same in
    percentage points, for percentages. `shortfall` is how much worse than target the
    value is, in the unit the tolerance uses (zero when at or better than target).
    """

    absolute: Fraction
    relative: Fraction | None
    points: Fraction | None
    shortfall: Fraction
    tolerance: Fraction | None
    tolerance_kind: str | None
    """`points`, `relative` or `absolute`: how the tolerance was applied."""


@dataclass(frozen=True)
class RatingOutcome:
    """A rating, or none, with the reason in words."""

    rating: Rating | None
    reason: str


class AnalysisResult(Protocol):
    """What a further analysis over the series adds to a result."""

    @property
    def name(self) -> str: ...

    def summary(self) -> str: ...


@dataclass(frozen=True)
class MeasureResult:
    """One measure of one indicator, evaluated for one period."""

    indicator: str
    measure: str
    title: str
    unit: Unit
    period: Period | None
    """The period shown: the latest available at or before the period asked for."""
    requested: Period | None
    """The period asked for (the report's as-at period, in the indicator's calendar)."""
    status: Status | None
    """The data status of the value, or None when there is no observation at all."""
    value: Fraction | None
    published: Decimal | None
    """The value as published, keeping its precision, when it was published."""
    decimals: int
    """Decimal places to show."""
    target: Target
    variance: Variance | None
    rule: RatingOutcome
    rating: Rating | None
    basis: Basis
    rating_reason: str
    judgement: str | None
    """The recorded reason for a judgement, quoted from the report."""
    dot: Direction
    dot_reason: str
    comparator_period: Period | None
    comparator_value: Fraction | None
    explanation: str
    published_rating: str | None = None
    published_arrow: str | None = None
    analyses: tuple[AnalysisResult, ...] = field(default=())
    area: Area | None = None
    """The area the figures are for; None for a catalogue of one organisation."""
    breakdown: str | None = None
    """For a rated breakdown row: the breakdown's id (None for the measure itself)."""
    category: tuple[str, ...] | None = None
    """For a rated breakdown row: its members, one per dimension."""

    @property
    def rule_rating(self) -> Rating | None:
        return self.rule.rating

    def analysis(self, name: str) -> AnalysisResult | None:
        return next((a for a in self.analyses if a.name == name), None)


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator evaluated for a period: its headline and every measure."""

    indicator: str
    title: str
    theme: str
    theme_title: str
    headline: MeasureResult | None
    measures: tuple[MeasureResult, ...]
    rating: Rating | None
    basis: Basis
    rating_reason: str
    rule: RatingOutcome
    judgement: str | None
    published_rating: str | None = None
    published_arrow: str | None = None
    area: Area | None = None
    """The area the figures are for; None for a catalogue of one organisation."""
    breakdowns: tuple[MeasureResult, ...] = ()
    """Rated breakdown rows (service blocks, wards, groups), one per category."""

    @property
    def period(self) -> Period | None:
        if self.headline is not None:
            return self.headline.period
        periods = [m.period for m in self.measures if m.period is not None]
        return max(periods) if periods else None


class Results(tuple[IndicatorResult, ...]):
    """What `kpirules.evaluate` returns: indicator results in report order, by area.

    A tuple, so code that iterates or indexes results keeps working; it also knows the
    period it is as at and the catalogue it came from, and turns itself into flat
    records or a DataFrame (one row per indicator, measure, area and breakdown row).
    """

    as_at: Period | None
    catalogue: str

    def __new__(cls, items: Iterable[IndicatorResult] = (), *, as_at: Period | None = None,
                catalogue: str = "") -> Results:
        self = super().__new__(cls, items)
        object.__setattr__(self, "as_at", as_at)
        object.__setattr__(self, "catalogue", catalogue)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Results are frozen; cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (tuple(self), self.as_at, self.catalogue))

    def __repr__(self) -> str:
        return (f"Results({len(self)} indicator results, as_at={self.as_at}, "
                f"catalogue={self.catalogue!r})")

    def for_area(self, code: str | None) -> Results:
        """The results for one area (None: those with no area)."""
        return Results((r for r in self if (r.area.code if r.area else None) == code),
                       as_at=self.as_at, catalogue=self.catalogue)

    def for_indicator(self, indicator: str) -> Results:
        """The results of one indicator, one per area."""
        return Results((r for r in self if r.indicator == indicator),
                       as_at=self.as_at, catalogue=self.catalogue)

    def to_records(self) -> list[dict[str, Any]]:
        """Flat records, one per measure result and rated breakdown row (see `to_frame`)."""
        from kpirules.frames.rows import result_rows  # noqa: PLC0415

        return result_rows(self)

    def to_frame(self, backend: Literal["pandas", "polars"] = "pandas") -> Frame:
        """A pandas or polars DataFrame of `to_records()`, with documented dtypes.

        Needs the frames extra: `pip install 'kpirules[frames]'` and pandas or polars.
        """
        from kpirules.frames.write import results_frame  # noqa: PLC0415

        return results_frame(self, backend)


def _rebuild(items: tuple[IndicatorResult, ...], as_at: Period | None,
             catalogue: str) -> Results:
    return Results(items, as_at=as_at, catalogue=catalogue)
