"""Observations: one published figure each, with its status and provenance."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from kpirules.issues import Location
from kpirules.models import Span
from kpirules.periods import Period

__all__ = ["NO_VALUE", "Observation", "ObservationKey", "Source", "Status"]


class Status(enum.StrEnum):
    """What state a figure is in. Three of them mean there is no figure at all."""

    FINAL = "final"
    PROVISIONAL = "provisional"
    FORECAST = "forecast"
    NOT_YET_PUBLISHED = "not_yet_published"
    NOT_AVAILABLE = "not_available"
    NOT_APPLICABLE = "not_applicable"

    @property
    def has_value(self) -> bool:
        return self not in NO_VALUE

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")


NO_VALUE = frozenset({Status.NOT_YET_PUBLISHED, Status.NOT_AVAILABLE, Status.NOT_APPLICABLE})


class Source(enum.StrEnum):
    """Where in a report a figure is printed."""

    TABLE = "table"
    HISTORY = "history"
    COMMENTARY = "commentary"
    BENCHMARK = "benchmark"


ObservationKey = tuple[
    str, str | None, Period, Span | None, str | None, tuple[str, ...] | None, str, Source,
    str | None, str | None,
]


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure. `figure` is None exactly when the status has no value."""

    indicator: str
    measure: str | None
    period: Period
    span: Span | None
    """None means the span the measure's aggregation reports."""
    breakdown: str | None
    category: tuple[str, ...] | None
    quantity: str
    figure: Decimal | None
    status: Status
    source: Source
    ref: str | None
    note: str | None
    location: Location
    area: str | None = None
    """The area's code; None for a catalogue of one organisation."""

    @property
    def key(self) -> ObservationKey:
        return (self.indicator, self.measure, self.period, self.span, self.breakdown,
                self.category, self.quantity, self.source, self.ref, self.area)

    @property
    def has_value(self) -> bool:
        return self.figure is not None
