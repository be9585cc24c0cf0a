"""A measure's series: for each period, the figure as published and as computed.

The series is the one view of a measure's data that every analysis reads. Each point
keeps the figure the report prints (the table's, or failing that the commentary's or
the history's), every other place the same figure is stated, and every way the figure
can be computed from its parts: months into quarters, quarters into a year to date,
numerator over denominator, count over population. Evaluation reads the value; the
audit compares the published figure with each derivation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from kpirules.catalogue import Catalogue, Measure
from kpirules.errors import ExpressionError
from kpirules.models import (
    AverageAggregation,
    CumulativeAggregation,
    DiscreteAggregation,
    PerHouseholdAggregation,
    RateAggregation,
    RateUnit,
    RatioAggregation,
    RollingAggregation,
    SnapshotAggregation,
    Span,
    YearToDate,
)
from kpirules.numbers import decimals_of, format_number, to_fraction
from kpirules.observations import Observation, Source, Status
from kpirules.periods import Grain, Period

__all__ = ["Derivation", "Figure", "Point", "Series", "build_series", "reported_span"]

_SOURCE_ORDER = {Source.TABLE: 0, Source.COMMENTARY: 1, Source.HISTORY: 2, Source.BENCHMARK: 3}
_ADDITIVE = (DiscreteAggregation, CumulativeAggregation, RollingAggregation)

SpanKey = Span | None
"""None is the span of a whole-year figure, where the span adds nothing."""


@dataclass(frozen=True)
class Figure:
    """One figure as stated in one place."""

    value: Fraction
    published: Decimal
    status: Status
    observation: Observation

    @property
    def source(self) -> Source:
        return self.observation.source


@dataclass(frozen=True)
class Derivation:
    """The same figure computed from others: how, and from which rows."""

    value: Fraction
    method: str
    """A stable name: `sum_of_periods`, `sum_of_months`, `ytd_difference`, `formula`..."""
    description: str
    """The sum written out, for a person to check: `1,402 + 1,537 = 2,939`."""
    parts: tuple[Observation, ...]
    exact_parts: bool = True
    """False when a part is itself a rounded figure (a published percentage)."""


@dataclass(frozen=True)
class Point:
    """A measure's figure for one period and span."""

    period: Period
    span: SpanKey
    published: Figure | None
    """The figure the report prints, from the most authoritative place that states it."""
    others: tuple[Figure, ...]
    """The same figure stated elsewhere (commentary, history...)."""
    missing: Observation | None
    """The row saying why there is no figure, when there is none."""
    derivations: tuple[Derivation, ...]
    inputs: Mapping[str, Figure] = field(default_factory=dict)
    """Published inputs of the measure's formula (numerator, denominator)."""

    @property
    def value(self) -> Fraction | None:
        if self.published is not None:
            return self.published.value
        if self.derivations:
            return self.derivations[0].value
        return None

    @property
    def status(self) -> Status | None:
        if self.published is not None:
            return self.published.status
        if self.derivations:
            statuses = {part.status for d in self.derivations[:1] for part in d.parts}
            for status in (Status.FORECAST, Status.PROVISIONAL):
                if status in statuses:
                    return status
            return Status.FINAL
        if self.missing is not None:
            return self.missing.status
        return None

    @property
    def figures(self) -> tuple[Figure, ...]:
        return ((self.published,) if self.published else ()) + self.others


def reported_span(measure: Measure, period: Period) -> SpanKey:
    """The span of the figure a report shows for `period`."""
    if period.grain is Grain.YEAR:
        return None
    aggregation = measure.aggregation
    if isinstance(aggregation, CumulativeAggregation):
        return Span.YEAR_TO_DATE
    if isinstance(aggregation, RollingAggregation):
        return Span.ROLLING_12_MONTHS
    span = getattr(aggregation, "span", None)
    return span if isinstance(span, Span) else Span.PERIOD


@dataclass(frozen=True)
class Series:
    """Every point of one measure, by period and span."""

    measure: Measure
    points: Mapping[tuple[Period, SpanKey], Point]

    def point(self, period: Period, span: SpanKey | str = "reported") -> Point | None:
        key_span = reported_span(self.measure, period) if span == "reported" else span
        return self.points.get((period, key_span))  # type: ignore[arg-type]

    def value(self, period: Period) -> Fraction | None:
        point = self.point(period)
        return None if point is None else point.value

    def reported_points(self, grain: Grain | None = None) -> tuple[Point, ...]:
        """The points a report's table shows, in period order."""
        wanted = grain or self.measure.grain
        found = [
            point for (period, span), point in self.points.items()
            if period.grain is wanted and span == reported_span(self.measure, period)
        ]
        return tuple(sorted(found, key=lambda p: p.period))

    def latest_available(self, by: Period) -> Point | None:
        """The latest reported point with a value among periods begun by the end of `by`."""
        cutoff = by.end
        best: Point | None = None
        for point in self.reported_points():
            if point.period.start <= cutoff and point.value is not None and (
                best is None or point.period > best.period
            ):
                best = point
        return best


def build_series(measure: Measure, rows: Iterable[Observation], catalogue: Catalogue) -> Series:
    """The series of one measure from its headline rows (breakdown rows are ignored)."""
    builder = _Builder(measure, catalogue)
    for row in rows:
        if row.breakdown is None and (row.measure or "value") == measure.id:
            builder.add(row)
    return Series(measure, MappingProxyType(builder.build()))


class _Builder:
    def __init__(self, measure: Measure, catalogue: Catalogue) -> None:
        self.measure = measure
        self.catalogue = catalogue
        self.rows: dict[tuple[Period, SpanKey, str], list[Observation]] = defaultdict(list)

    def add(self, row: Observation) -> None:
        span: SpanKey = None
        if row.period.grain is not Grain.YEAR:
            span = row.span if row.span is not None else reported_span(self.measure, row.period)
        self.rows[(row.period, span, row.quantity)].append(row)

    # Published figures ---------------------------------------------------------------

    def figures(self, period: Period, span: SpanKey, quantity: str = "value"
                ) -> tuple[Figure | None, tuple[Figure, ...], Observation | None]:
        rows = sorted(self.rows.get((period, span, quantity), ()),
                      key=lambda r: (_SOURCE_ORDER[r.source], r.location))
        with_value = [
            Figure(to_fraction(r.figure), r.figure, r.status, r)
            for r in rows if r.figure is not None
        ]
        missing = next((r for r in rows if r.figure is None), None)
        table_missing = missing is not None and missing.source is Source.TABLE
        if table_missing or not with_value:
            # The table's own "not published" outranks a figure stated elsewhere.
            return None, tuple(with_value), missing
        return with_value[0], tuple(with_value[1:]), missing

    def published_value(self, period: Period, span: SpanKey) -> Figure | None:
        return self.figures(period, span)[0]

    # Points --------------------------------------------------------------------------

    def build(self) -> dict[tuple[Period, SpanKey], Point]:
        keys = {(period, span) for period, span, _ in self.rows}
        # Every reported-span point of the years seen, so that derivable figures (a
        # comparator nobody printed) are there too.
        years = {period.year_period() for period, _ in keys}
        grain = self.measure.grain
        spans = {Span.PERIOD, Span.YEAR_TO_DATE}
        if isinstance(self.measure.aggregation, RollingAggregation):
            spans.add(Span.ROLLING_12_MONTHS)
        for year in years:
            for period in year.periods(grain) if grain is not Grain.YEAR else ():
                keys.update((period, span) for span in spans)
            keys.add((year, None))
        points = {}
        for period, span in sorted(keys, key=lambda k: (k[0], str(k[1]))):
            published, others, missing = self.figures(period, span)
            inputs = {
                name: figure
                for name in self.measure.inputs
                if (figure := self.figures(period, span, name)[0]) is not None
            }
            derivations = tuple(self.derive(period, span))
            if published is None and not others and missing is None and not derivations \
                    and not inputs:
                continue
            points[(period, span)] = Point(period, span, published, others, missing,
                                           derivations, MappingProxyType(inputs))
        return points

    # Derivations ---------------------------------------------------------------------

    def derive(self, period: Period, span: SpanKey) -> list[Derivation]:
        found: list[Derivation] = []
        formula = self._formula(period, span)
        if formula is not None:
            found.append(formula)
        aggregation = self.measure.aggregation
        if isinstance(aggregation, RatioAggregation):
            found.extend(self._ratio(period, span, aggregation))
        elif isinstance(aggregation, _ADDITIVE) or self._additive_rate():
            found.extend(self._additive(period, span))
        elif isinstance(aggregation, SnapshotAggregation):
            found.extend(self._snapshot(period, span))
        elif isinstance(aggregation, AverageAggregation):
            found.extend(self._average(period, span))
        return found

    def _additive_rate(self) -> bool:
        # Within one year a rate per head of a fixed population adds up like a count.
        return isinstance(self.measure.aggregation, RateAggregation | PerHouseholdAggregation)

    def _formula(self, period: Period, span: SpanKey) -> Derivation | None:
        formula = self.measure.formula
        if formula is None:
            return None
        values: dict[str, Fraction] = {}
        parts: list[Observation] = []
        words: dict[str, str] = {}
        for name in self.measure.inputs:
            figure = self.figures(period, span, name)[0]
            if figure is None and name == "denominator":
                population = self._population(period)
                if population is None:
                    return None
                values[name] = population[0]
                words[name] = population[1]
                continue
            if figure is None:
                return None
            values[name] = figure.value
            parts.append(figure.observation)
            words[name] = format_number(figure.published)
        try:
            result = formula(**values)
        except ExpressionError:
            return None
        if not isinstance(result, Fraction | int):
            return None
        value = to_fraction(result)
        text = formula.source
        for name, shown in words.items():
            text = text.replace(name, shown)
        decimals = (self.measure.decimals or 0) + 1
        description = f"{text} = {format_number(value, decimals)}"
        return Derivation(value, "formula", description, tuple(parts))

    def _population(self, period: Period) -> tuple[Fraction, str] | None:
        unit = self.measure.unit
        aggregation = self.measure.aggregation
        if isinstance(unit, RateUnit) and isinstance(aggregation, RateAggregation):
            name = unit.population
        elif isinstance(aggregation, PerHouseholdAggregation):
            name = aggregation.households
        else:
            return None
        figure = self.catalogue.population(name, period)
        if figure is None:
            return None
        year = period.year_period()
        return figure, f"{format_number(figure, 0)} ({name}, {year})"

    def _sum(self, periods: Sequence[Period], span: SpanKey, method: str, label: str
             ) -> Derivation | None:
        figures = [self.published_value(p, span) for p in periods]
        if not figures or any(f is None for f in figures):
            return None
        present = [f for f in figures if f is not None]
        total = sum((f.value for f in present), Fraction(0))
        shown = " + ".join(format_number(f.published) for f in present)
        places = max(decimals_of(f.published) for f in present)
        return Derivation(total, method, f"{label}: {shown} = {format_number(total, places)}",
                          tuple(f.observation for f in present))

    def _additive(self, period: Period, span: SpanKey) -> list[Derivation]:
        found: list[Derivation] = []
        grain = self.measure.grain
        if span is None:  # a whole year
            if isinstance(self.measure.aggregation, RollingAggregation):
                return self._year_end(period, Span.ROLLING_12_MONTHS)
            last = period.periods(grain)[-1] if grain is not Grain.YEAR else None
            if last is not None:
                ytd = self.published_value(last, Span.YEAR_TO_DATE)
                if ytd is not None:
                    words = f"year to date at {last}: {format_number(ytd.published)}"
                    found.append(Derivation(ytd.value, "year_end_ytd", words,
                                            (ytd.observation,)))
                summed = self._sum(period.periods(grain), Span.PERIOD, "sum_of_periods",
                                   f"sum of {grain.value}s")
                if summed is not None:
                    found.append(summed)
            return found
        if span is Span.PERIOD:
            if period.grain is not Grain.MONTH:
                months = self._sum(period.months(), Span.PERIOD, "sum_of_months", "sum of months")
                if months is not None:
                    found.append(months)
            this = self.published_value(period, Span.YEAR_TO_DATE)
            if this is not None and period.index == 1:
                found.append(Derivation(this.value, "ytd_difference",
                                        f"year to date at {period}: "
                                        f"{format_number(this.published)}", (this.observation,)))
            elif this is not None:
                before = self.published_value(period.previous(), Span.YEAR_TO_DATE)
                if before is not None:
                    value = this.value - before.value
                    places = max(decimals_of(this.published), decimals_of(before.published))
                    found.append(Derivation(
                        value, "ytd_difference",
                        f"year to date {format_number(this.published)} at {period} less "
                        f"{format_number(before.published)} at {period.previous()} = "
                        f"{format_number(value, places)}", (this.observation, before.observation)))
            return found
        if span is Span.YEAR_TO_DATE:
            summed = self._sum(period.year_to_date(), Span.PERIOD, "sum_of_periods",
                               f"sum of {period.grain.value}s to date")
            if summed is not None:
                found.append(summed)
            if period.grain is not Grain.MONTH:
                months = self._sum(period.year_to_date(Grain.MONTH), Span.PERIOD,
                                   "sum_of_months", "sum of months to date")
                if months is not None:
                    found.append(months)
            return found
        if span is Span.ROLLING_12_MONTHS and not self._additive_rate():
            summed = self._sum(period.rolling(12, period.grain), Span.PERIOD,
                               "sum_of_periods", "sum of the 12 months' periods")
            if summed is not None:
                found.append(summed)
        return found

    def _year_end(self, year: Period, span: SpanKey) -> list[Derivation]:
        grain = self.measure.grain
        if grain is Grain.YEAR:
            return []
        last = year.periods(grain)[-1]
        figure = self.published_value(last, span)
        if figure is None:
            return []
        return [Derivation(figure.value, "year_end",
                           f"figure at {last}: {format_number(figure.published)}",
                           (figure.observation,))]

    def _snapshot(self, period: Period, span: SpanKey) -> list[Derivation]:
        if span is None:
            return self._year_end(period, Span.PERIOD)
        if period.grain is Grain.QUARTER:
            last = period.months()[-1]
            figure = self.published_value(last, Span.PERIOD)
            if figure is not None:
                return [Derivation(figure.value, "last_month",
                                   f"figure at {last}: {format_number(figure.published)}",
                                   (figure.observation,))]
        return []

    def _average(self, period: Period, span: SpanKey) -> list[Derivation]:
        if period.grain is Grain.MONTH:
            return []
        months = period.months()
        figures = [self.published_value(m, Span.PERIOD) for m in months]
        if any(f is None for f in figures):
            return []
        present = [f for f in figures if f is not None]
        mean = sum((f.value for f in present), Fraction(0)) / len(present)
        shown = ", ".join(format_number(f.published) for f in present)
        return [Derivation(mean, "mean_of_months",
                           f"mean of months ({shown}) = {format_number(mean, 1)}",
                           tuple(f.observation for f in present))]

    def _ratio(self, period: Period, span: SpanKey, aggregation: RatioAggregation
               ) -> list[Derivation]:
        grain = self.measure.grain
        if span is None:
            periods = period.periods(grain) if grain is not Grain.YEAR else ()
            inner: SpanKey = Span.PERIOD
        elif span is Span.YEAR_TO_DATE and aggregation.span is Span.PERIOD:
            periods = period.year_to_date()
            inner = Span.PERIOD
        else:
            return []
        if not periods:
            return []
        if aggregation.year_to_date is YearToDate.UNWEIGHTED:
            figures = [self.published_value(p, inner) for p in periods]
            if any(f is None for f in figures):
                return []
            present = [f for f in figures if f is not None]
            mean = sum((f.value for f in present), Fraction(0)) / len(present)
            shown = ", ".join(format_number(f.published) for f in present)
            decimals = (self.measure.decimals or 0) + 2
            return [Derivation(mean, "mean_of_periods",
                               f"mean of {len(present)} {grain.value}s ({shown}) = "
                               f"{format_number(mean, decimals)}",
                               tuple(f.observation for f in present), exact_parts=False)]
        numerators = [self.figures(p, inner, "numerator")[0] for p in periods]
        denominators = [self.figures(p, inner, "denominator")[0] for p in periods]
        if any(f is None for f in numerators + denominators):
            return []
        top = sum((f.value for f in numerators if f), Fraction(0))
        bottom = sum((f.value for f in denominators if f), Fraction(0))
        if bottom == 0:
            return []
        value = top / bottom * to_fraction(aggregation.scale)
        parts = tuple(f.observation for f in numerators + denominators if f)
        return [Derivation(value, "weighted_ratio",
                           f"({format_number(top, 0)} / {format_number(bottom, 0)}) × "
                           f"{format_number(aggregation.scale)} = "
                           f"{format_number(value, (self.measure.decimals or 0) + 1)}", parts)]
