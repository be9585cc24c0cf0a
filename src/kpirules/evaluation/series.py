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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Protocol

from kpirules.catalogue import Measure
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

__all__ = [
    "Derivation",
    "Figure",
    "Point",
    "Populations",
    "Series",
    "build_series",
    "reported_span",
]

_SOURCE_ORDER = {Source.TABLE: 0, Source.COMMENTARY: 1, Source.HISTORY: 2, Source.BENCHMARK: 3}
_ADDITIVE = (DiscreteAggregation, CumulativeAggregation, RollingAggregation, RateAggregation,
             PerHouseholdAggregation)

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
    if period.grain is Grain.YEAR or period.grain.pooled:
        return None
    aggregation = measure.aggregation
    if isinstance(aggregation, CumulativeAggregation):
        return Span.YEAR_TO_DATE
    if isinstance(aggregation, RollingAggregation):
        return Span.ROLLING_12_MONTHS
    span = getattr(aggregation, "span", None)
    return span if isinstance(span, Span) else Span.PERIOD


class Series:
    """Every point of one measure, by period and span.

    Points are worked out when first asked for and kept: evaluation asks for the few it
    shows (the latest with a figure, its comparator, the points an analysis reads),
    while `points` works out every one, with all its derivations, for the audit. A
    point is the same however it was reached.
    """

    __slots__ = ("_builder", "_points")

    def __init__(self, builder: _Builder) -> None:
        self._builder = builder
        self._points: Mapping[tuple[Period, SpanKey], Point] | None = None

    @property
    def measure(self) -> Measure:
        return self._builder.measure

    @property
    def populations(self) -> Populations:
        """The population figures the series reads (a rate's denominators): the catalogue."""
        return self._builder.catalogue

    @property
    def points(self) -> Mapping[tuple[Period, SpanKey], Point]:
        """Every point there is, in period order: published, stated elsewhere or derivable."""
        if self._points is None:
            self._points = MappingProxyType(self._builder.build())
        return self._points

    def point(self, period: Period, span: SpanKey | str = "reported") -> Point | None:
        key_span = reported_span(self.measure, period) if span == "reported" else span
        return self._builder.point(period, key_span)  # type: ignore[arg-type]

    def value(self, period: Period) -> Fraction | None:
        point = self.point(period)
        return None if point is None else point.value

    def reported_points(self, grain: Grain | None = None) -> tuple[Point, ...]:
        """The points a report's table shows, in period order."""
        builder = self._builder
        found = [builder.point(period, span) for period, span in builder.reported_keys(grain)]
        return tuple(point for point in found if point is not None)

    def latest_available(self, by: Period) -> Point | None:
        """The latest reported point with a value among periods begun by the end of `by`."""
        cutoff = by.end
        builder = self._builder
        for period, span in reversed(builder.reported_keys()):
            if period.start > cutoff:
                continue
            point = builder.point(period, span)
            if point is not None and point.value is not None:
                return point
        return None


class Populations(Protocol):
    """What a series needs of a catalogue: population figures by year (a `Catalogue`)."""

    def population(self, population_id: str, year: Period) -> Fraction | None: ...

    def population_is_implied(self, population_id: str, year: Period) -> bool: ...


def build_series(measure: Measure, rows: Iterable[Observation], catalogue: Populations
                 ) -> Series:
    """The series of one measure from its headline rows (breakdown rows are ignored)."""
    builder = _Builder(measure, catalogue)
    for row in rows:
        if row.breakdown is None and (row.measure or "value") == measure.id:
            builder.add(row)
    return Series(builder)


_Figures = tuple[Figure | None, tuple[Figure, ...], Observation | None]
_ABSENT = object()


class _Builder:
    def __init__(self, measure: Measure, catalogue: Populations) -> None:
        self.measure = measure
        self.catalogue = catalogue
        self.rows: dict[tuple[Period, SpanKey, str], list[Observation]] = defaultdict(list)
        self._spans: dict[Grain, SpanKey] = {}
        self._figures: dict[tuple[Period, SpanKey, str], _Figures] = {}
        self._points: dict[tuple[Period, SpanKey], Point | None] = {}
        self._row_keys: set[tuple[Period, SpanKey]] | None = None
        self._years: set[Period] = set()
        self._reported: dict[Grain, tuple[tuple[Period, SpanKey], ...]] = {}

    def reported_span(self, period: Period) -> SpanKey:
        grain = period.grain
        span = self._spans.get(grain, _ABSENT)
        if span is _ABSENT:
            span = self._spans[grain] = reported_span(self.measure, period)
        return span  # type: ignore[return-value]

    def add(self, row: Observation) -> None:
        span: SpanKey = None
        if row.period.grain is not Grain.YEAR and not row.period.grain.pooled:
            span = row.span if row.span is not None else self.reported_span(row.period)
        self.rows[(row.period, span, row.quantity)].append(row)

    # Published figures ---------------------------------------------------------------

    def figures(self, period: Period, span: SpanKey, quantity: str = "value") -> _Figures:
        key = (period, span, quantity)
        found = self._figures.get(key)
        if found is None:
            found = self._figures[key] = self._find_figures(key)
        return found

    def _find_figures(self, key: tuple[Period, SpanKey, str]) -> _Figures:
        rows = sorted(self.rows.get(key, ()),
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

    # A point may exist at every (period, span) with rows, and at every reported-span
    # point of the years seen, so that derivable figures (a comparator nobody printed) are
    # there too. Membership is answered without listing them all.

    def _seen(self) -> tuple[set[tuple[Period, SpanKey]], set[Period]]:
        if self._row_keys is None:
            self._row_keys = {(period, span) for period, span, _ in self.rows}
            self._years = {period.year_period() for period, _ in self._row_keys}
        return self._row_keys, self._years

    def _spans_of_years(self) -> tuple[Span, ...]:
        if isinstance(self.measure.aggregation, RollingAggregation):
            return (Span.PERIOD, Span.YEAR_TO_DATE, Span.ROLLING_12_MONTHS)
        return (Span.PERIOD, Span.YEAR_TO_DATE)

    def has_key(self, period: Period, span: SpanKey) -> bool:
        row_keys, years = self._seen()
        if (period, span) in row_keys:
            return True
        if period.year_period() not in years:
            return False
        if period.grain is Grain.YEAR:
            return span is None
        return period.grain is self.measure.grain and span in self._spans_of_years()

    def keys(self) -> set[tuple[Period, SpanKey]]:
        """Every (period, span) that may have a point."""
        row_keys, years = self._seen()
        keys = set(row_keys)
        grain = self.measure.grain
        spans = self._spans_of_years()
        for year in years:
            if grain is not Grain.YEAR:
                keys.update((period, span) for period in year.periods(grain) for span in spans)
            keys.add((year, None))
        return keys

    def reported_keys(self, grain: Grain | None = None) -> tuple[tuple[Period, SpanKey], ...]:
        """The keys of the points a report's table shows (of `grain`), in period order.

        An annual measure's figures may be for pooled years ("2017 - 19"), as
        public-health data gives some; they are its years' figures too.
        """
        wanted = grain or self.measure.grain
        found = self._reported.get(wanted)
        if found is None:
            row_keys, years = self._seen()
            keys = {(period, span) for period, span in row_keys
                    if (period.grain is wanted
                        or (wanted is Grain.YEAR and period.grain.pooled))
                    and span == self.reported_span(period)}
            if wanted is Grain.YEAR:
                keys.update((year, None) for year in years)
            elif wanted is self.measure.grain:
                for year in years:
                    for period in year.periods(wanted):
                        span = self.reported_span(period)
                        if span in self._spans_of_years():
                            keys.add((period, span))
            found = self._reported[wanted] = tuple(sorted(keys, key=lambda key: key[0]))
        return found

    def point(self, period: Period, span: SpanKey) -> Point | None:
        key = (period, span)
        if key in self._points:
            return self._points[key]
        point = self._build_point(period, span) if self.has_key(period, span) else None
        self._points[key] = point
        return point

    def build(self) -> dict[tuple[Period, SpanKey], Point]:
        points = {}
        for period, span in sorted(self.keys(), key=lambda k: (k[0], str(k[1]))):
            point = self.point(period, span)
            if point is not None:
                points[(period, span)] = point
        return points

    def _build_point(self, period: Period, span: SpanKey) -> Point | None:
        published, others, missing = self.figures(period, span)
        inputs = {
            name: figure
            for name in self.measure.inputs
            if (figure := self.figures(period, span, name)[0]) is not None
        }
        derivations = tuple(self.derive(period, span))
        if published is None and not others and missing is None and not derivations \
                and not inputs:
            return None
        return Point(period, span, published, others, missing, derivations,
                     MappingProxyType(inputs))

    # Derivations ---------------------------------------------------------------------

    def derive(self, period: Period, span: SpanKey) -> list[Derivation]:
        """Every way the figure for (period, span) follows from other published figures."""
        found: list[Derivation] = []
        formula = self._formula(period, span)
        if formula is not None:
            found.append(formula)
        if span is None:
            found.extend(self._year(period))
        elif span is Span.PERIOD:
            found.extend(self._period(period))
        elif span is Span.YEAR_TO_DATE:
            found.extend(self._year_to_date(period))
        else:
            found.extend(self._rolling(period))
        return found

    # How the figures of consecutive periods combine, by aggregation -------------------

    def _additive(self) -> bool:
        """Counts add up; so do rates per head of one year's population within the year."""
        return isinstance(self.measure.aggregation, _ADDITIVE)

    def _combine(self, periods: Sequence[Period], label: str) -> Derivation | None:
        """The figure of `periods` taken together, from each one's own (period-span) figure."""
        aggregation = self.measure.aggregation
        if not periods:
            return None
        if self._additive():
            return self._sum(periods, "sum_of_periods", f"sum of {label}")
        if isinstance(aggregation, SnapshotAggregation):
            return self._last(periods[-1], Span.PERIOD, "last_period")
        if isinstance(aggregation, AverageAggregation):
            return self._mean(periods, "mean_of_periods", label, exact_parts=False)
        if isinstance(aggregation, RatioAggregation):
            if aggregation.year_to_date is YearToDate.UNWEIGHTED:
                return self._mean(periods, "mean_of_periods", label, exact_parts=False)
            return self._weighted(periods, aggregation)
        return None

    def _year(self, year: Period) -> list[Derivation]:
        grain = self.measure.grain
        if grain is Grain.YEAR:
            return []
        last = year.periods(grain)[-1]
        span = reported_span(self.measure, last)
        if span is Span.YEAR_TO_DATE:
            found = self._last(last, span, "year_end_ytd", "year to date")
            return [found] if found else []
        if span is Span.ROLLING_12_MONTHS:
            found = self._last(last, span, "year_end", "12 months")
            return [found] if found else []
        combined = self._combine(year.periods(grain), f"the {grain.value}s")
        return [combined] if combined else []

    def _period(self, period: Period) -> list[Derivation]:
        found: list[Derivation] = []
        if period.grain is not Grain.MONTH:
            months = self._combine(period.months(), "the months")
            if months is not None:
                months = replace(months, method=months.method.replace("periods", "months"))
                found.append(months)
        if not self._additive() or period.grain is Grain.YEAR:
            return found
        this = self.published_value(period, Span.YEAR_TO_DATE)
        if this is None:
            return found
        if period.index == 1:
            found.append(Derivation(this.value, "ytd_difference",
                                    f"year to date at {period}: {format_number(this.published)}",
                                    (this.observation,)))
            return found
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

    def _year_to_date(self, period: Period) -> list[Derivation]:
        found: list[Derivation] = []
        combined = self._combine(period.year_to_date(), f"{period.grain.value}s to date")
        if combined is not None:
            found.append(combined)
        if self._additive() and period.grain is not Grain.MONTH:
            months = self._sum(period.year_to_date(Grain.MONTH), "sum_of_months",
                               "sum of months to date")
            if months is not None:
                found.append(months)
        return found

    def _rolling(self, period: Period) -> list[Derivation]:
        found: list[Derivation] = []
        if isinstance(self.measure.aggregation, RateAggregation | PerHouseholdAggregation):
            return found  # twelve months can straddle two years' populations
        if self._additive():
            summed = self._sum(period.rolling(12, period.grain), "sum_of_periods",
                               "the periods of the 12 months")
            if summed is not None:
                found.append(summed)
            found.extend(self._rolling_from_ytd(period))
        return found

    def _rolling_from_ytd(self, period: Period) -> list[Derivation]:
        """12 months to date = this year to date + last year's total - last year to date."""
        if period.grain is Grain.YEAR:
            return []
        now = self.published_value(period, Span.YEAR_TO_DATE)
        then = self.published_value(period.same_period_last_year(), Span.YEAR_TO_DATE)
        last_year = period.same_period_last_year().year_period()
        end = self.published_value(last_year.periods(period.grain)[-1], Span.YEAR_TO_DATE)
        if now is None or then is None or end is None:
            return []
        value = now.value + end.value - then.value
        return [Derivation(
            value, "rolling_from_ytd",
            f"year to date {format_number(now.published)} + {last_year} total "
            f"{format_number(end.published)} - year to date a year before "
            f"{format_number(then.published)} = {format_number(value, 0)}",
            (now.observation, end.observation, then.observation))]

    # Building blocks -------------------------------------------------------------------

    def _formula(self, period: Period, span: SpanKey) -> Derivation | None:
        formula = self.measure.formula
        if formula is None:
            return None
        values: dict[str, Fraction] = {}
        parts: list[Observation] = []
        words: dict[str, str] = {}
        implied = False
        for name in self.measure.inputs:
            figure = self.figures(period, span, name)[0]
            if figure is None and name == "denominator":
                population = self._population(period)
                if population is None:
                    return None
                values[name], words[name], implied = population
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
        if isinstance(result, bool) or not isinstance(result, Fraction | int):
            return None
        value = to_fraction(result)
        text = formula.source
        for name, shown in words.items():
            text = text.replace(name, shown)
        decimals = (self.measure.decimals or 0) + 2
        description = f"{text} = {format_number(value, decimals)}"
        return Derivation(value, "formula", description, tuple(parts),
                          exact_parts=not implied)

    def _population(self, period: Period) -> tuple[Fraction, str, bool] | None:
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
        implied = self.catalogue.population_is_implied(name, year)
        words = f"{format_number(figure, 0)} ({name}, {year}{', implied' if implied else ''})"
        return figure, words, implied

    def _sum(self, periods: Sequence[Period], method: str, label: str) -> Derivation | None:
        figures = [self.published_value(p, Span.PERIOD) for p in periods]
        if not figures or any(f is None for f in figures):
            return None
        present = [f for f in figures if f is not None]
        total = sum((f.value for f in present), Fraction(0))
        shown = " + ".join(format_number(f.published) for f in present)
        places = max(decimals_of(f.published) for f in present)
        return Derivation(total, method, f"{label}: {shown} = {format_number(total, places)}",
                          tuple(f.observation for f in present))

    def _last(self, period: Period, span: SpanKey, method: str, label: str = "figure"
              ) -> Derivation | None:
        figure = self.published_value(period, span)
        if figure is None:
            return None
        return Derivation(figure.value, method,
                          f"{label} at {period}: {format_number(figure.published)}",
                          (figure.observation,))

    def _mean(self, periods: Sequence[Period], method: str, label: str, *,
              exact_parts: bool) -> Derivation | None:
        figures = [self.published_value(p, Span.PERIOD) for p in periods]
        if not figures or any(f is None for f in figures):
            return None
        present = [f for f in figures if f is not None]
        mean = sum((f.value for f in present), Fraction(0)) / len(present)
        shown = ", ".join(format_number(f.published) for f in present)
        places = max(decimals_of(f.published) for f in present) + 2
        return Derivation(mean, method,
                          f"mean of {label} ({shown}) = {format_number(mean, places)}",
                          tuple(f.observation for f in present), exact_parts=exact_parts)

    def _weighted(self, periods: Sequence[Period], aggregation: RatioAggregation
                  ) -> Derivation | None:
        numerators = [self.figures(p, Span.PERIOD, "numerator")[0] for p in periods]
        denominators = [self.figures(p, Span.PERIOD, "denominator")[0] for p in periods]
        if any(f is None for f in numerators + denominators):
            return None
        top = sum((f.value for f in numerators if f), Fraction(0))
        bottom = sum((f.value for f in denominators if f), Fraction(0))
        if bottom == 0:
            return None
        value = top / bottom * to_fraction(aggregation.scale)
        parts = tuple(f.observation for f in numerators + denominators if f)
        return Derivation(value, "weighted_ratio",
                          f"({format_number(top, 0)} / {format_number(bottom, 0)}) × "
                          f"{format_number(aggregation.scale)} = "
                          f"{format_number(value, (self.measure.decimals or 0) + 2)}", parts)
