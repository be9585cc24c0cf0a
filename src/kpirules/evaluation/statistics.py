"""A measure's declared statistics, computed from its series before it is rated.

The spec says what to compute (`statistics: {interval: ..., compare: ...}`, `rag:
{compare: ...}`, `dot: {method: recent_trend}`); this module finds the counts behind a
point (numerator and denominator, count and population, or a count alone), calls the
pure methods of `kpirules.stats`, and wraps their results as analyses named `interval`,
`benchmark`, `comparison` and `trend`, each with a `summary()` and a `record()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from kpirules import stats
from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.catalogue import Measure
from kpirules.errors import StatisticsError
from kpirules.evaluation.explain import format_value
from kpirules.evaluation.series import Point, Populations, Series
from kpirules.models import (
    CompareSpec,
    IntervalMethodName,
    Polarity,
    RateUnit,
    RatioAggregation,
    Unit,
)
from kpirules.numbers import format_number
from kpirules.periods import Period
from kpirules.results import Direction
from kpirules.validation.statistics import counts_kind

__all__ = [
    "BenchmarkAnalysis",
    "ComparisonAnalysis",
    "Counts",
    "IntervalAnalysis",
    "MeasureStatistics",
    "TrendAnalysis",
    "compare_spec",
    "counts_kind",
    "counts_of",
    "interval_analysis",
    "interval_kind",
    "limits_words",
    "measure_statistics",
    "trend_direction",
]

_METHOD_WORDS = {
    stats.IntervalMethod.WILSON: "the Wilson score method",
    stats.IntervalMethod.BYARS: "Byars' method",
    stats.IntervalMethod.EXACT_POISSON: "the exact Poisson method",
    stats.IntervalMethod.DOBSON: "Dobson's method",
    stats.IntervalMethod.PUBLISHED: "the published limits",
}


def _limit(unit: Unit, x: float | Fraction, decimals: int) -> str:
    return format_value(unit, Fraction(x), decimals)


def _span(unit: Unit, lower: float, upper: float, decimals: int) -> str:
    # "20.2–42.8 per 100,000": the unit once, after the pair.
    low = format_number(Fraction(lower), decimals)
    return f"{low}–{_limit(unit, upper, decimals)}"


def limits_words(unit: Unit, interval: stats.Interval, decimals: int) -> str:
    """An interval's limits as every output prints them: `20.2–42.8 per 100,000`."""
    return _span(unit, interval.lower, interval.upper, decimals)


@dataclass(frozen=True)
class Counts:
    """What an interval is computed from: successes of a total, or events in a population."""

    kind: str
    """`proportion` (Wilson), `rate` (per N people) or `count` (a Poisson count)."""
    numerator: Fraction
    denominator: Fraction | None
    scale: Fraction
    """100 for a percentage, the `per` of a rate, 1 for a count."""


def interval_kind(measure: Measure) -> str | None:
    """Whether the measure's value is a proportion, a rate or a count, or none of them."""
    return counts_kind(measure.aggregation, measure.unit)


def counts_of(measure: Measure, point: Point, populations: Populations) -> Counts | None:
    """The counts behind a point, when the measure and its data give them."""
    kind = interval_kind(measure)
    if kind == "count":
        value = point.value
        return None if value is None else Counts("count", value, None, Fraction(1))
    if kind is None:
        return None
    top = point.inputs.get("numerator")
    bottom = point.inputs.get("denominator")
    if top is None:
        return None
    denominator = bottom.value if bottom is not None else None
    if kind == "rate":
        unit = measure.unit
        assert isinstance(unit, RateUnit)
        if denominator is None:
            denominator = populations.population(unit.population, point.period)
        scale = Fraction(unit.per)
    else:
        aggregation = measure.aggregation
        assert isinstance(aggregation, RatioAggregation)
        scale = Fraction(aggregation.scale)
    if denominator is None:
        return None
    return Counts(kind, top.value, denominator, scale)


def _interval(counts: Counts, method: IntervalMethodName, level: float) -> stats.Interval:
    if counts.kind == "proportion":
        assert counts.denominator is not None
        return stats.proportion_interval(counts.numerator, counts.denominator, counts.scale,
                                         level)
    poisson: Literal["auto", "byars", "exact"] = "auto"
    if method is IntervalMethodName.BYARS:
        poisson = "byars"
    elif method is IntervalMethodName.EXACT:
        poisson = "exact"
    if counts.kind == "rate":
        assert counts.denominator is not None
        return stats.rate_interval(counts.numerator, counts.denominator, counts.scale, level,
                                   poisson)
    if poisson == "byars" or (poisson == "auto" and counts.numerator >= stats.EXACT_BELOW):
        return stats.byars(counts.numerator, level)
    return stats.exact_poisson(counts.numerator, level)


@dataclass(frozen=True)
class IntervalAnalysis:
    """The value's confidence interval(s), with the counts they come from."""

    intervals: tuple[stats.Interval, ...]
    counts: Counts
    unit: Unit
    decimals: int
    name: str = "interval"

    @property
    def first(self) -> stats.Interval:
        return self.intervals[0]

    def words(self) -> str:
        """`95% confidence interval by Byars' method`."""
        levels = " and ".join(i.level for i in self.intervals)
        methods = sorted({_METHOD_WORDS[i.method] for i in self.intervals})
        return f"{levels} confidence interval by {' and '.join(methods)}"

    def summary(self) -> str:
        parts = [f"{i.level} CI {_span(self.unit, i.lower, i.upper, self.decimals)}"
                 for i in self.intervals]
        basis = format_number(self.counts.numerator, 0)
        if self.counts.denominator is not None:
            basis += f" of {format_number(self.counts.denominator, 0)}"
        return f"{'; '.join(parts)} ({_METHOD_WORDS[self.first.method]}, from {basis})"

    def record(self) -> dict[str, Any]:
        return {
            "numerator": _plain(self.counts.numerator),
            "denominator": _plain(self.counts.denominator),
            "levels": [i.record() for i in self.intervals],
        }


def _plain(x: Fraction | Decimal | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if Fraction(x).denominator == 1 else float(x)


@dataclass(frozen=True)
class BenchmarkAnalysis:
    """The benchmark figure a comparison used."""

    figure: BenchmarkFigure
    interval: stats.Interval | None
    unit: Unit
    decimals: int
    name: str = "benchmark"

    def summary(self) -> str:
        f = self.figure
        when = f" {f.period}" if f.period is not None else ""
        if f.value is None:
            return f"{f.label}{when}: {f.status.words}"
        text = f"{f.label}{when}: {format_value(self.unit, f.value, self.decimals)}"
        if self.interval is not None:
            limits = _span(self.unit, self.interval.lower, self.interval.upper, self.decimals)
            text += f" ({self.interval.level} CI {limits})"
        if f.rank is not None:
            text += f"; ranked {f.rank} of {f.of}"
        if f.computed is not None and f.note:
            text += f" ({f.note})"
        return text

    def record(self) -> dict[str, Any]:
        f = self.figure
        return {
            "id": f.benchmark, "label": f.label, "area": f.area,
            "period": str(f.period) if f.period is not None else None,
            "value": _plain(f.value), "status": str(f.status),
            "lower": self.interval.lower if self.interval else None,
            "upper": self.interval.upper if self.interval else None,
            "confidence": self.interval.confidence if self.interval else None,
            "rank": f.rank, "of": f.of,
        }


_OUTCOME_WORDS = {
    stats.Outcome.BETTER: "significantly better than",
    stats.Outcome.WORSE: "significantly worse than",
    stats.Outcome.HIGHER: "significantly higher than",
    stats.Outcome.LOWER: "significantly lower than",
    stats.Outcome.SIMILAR: "similar to",
}


@dataclass(frozen=True)
class ComparisonAnalysis:
    """Better, similar or worse than a benchmark (higher or lower without a polarity)."""

    benchmark: str
    label: str
    comparison: stats.Comparison
    unit: Unit
    decimals: int
    name: str = "comparison"

    @property
    def outcome(self) -> stats.Outcome:
        return self.comparison.outcome

    def summary(self) -> str:
        c = self.comparison
        if not c.compared:
            return f"not compared with {self.label}: {c.reason}"
        words = _OUTCOME_WORDS[c.outcome]
        assert c.benchmark is not None
        # The unit is said once, with the interval: "20.2–42.8 per 100,000 against 20.0".
        mark = format_number(c.benchmark, self.decimals)
        if c.lower is not None and c.upper is not None:
            return (f"{words} {self.label}: "
                    f"{_span(self.unit, c.lower, c.upper, self.decimals)} against {mark}")
        assert c.value is not None and c.benchmark_lower is not None \
            and c.benchmark_upper is not None
        shown = format_number(c.value, self.decimals)
        return (f"{words} {self.label}: {shown} against "
                f"{_span(self.unit, c.benchmark_lower, c.benchmark_upper, self.decimals)}")

    def record(self) -> dict[str, Any]:
        c = self.comparison
        return {"benchmark": self.benchmark, "label": self.label, "outcome": str(c.outcome),
                "significance": str(c.significance) if c.significance else None,
                "confidence": c.confidence, "reason": c.reason}


@dataclass(frozen=True)
class TrendAnalysis:
    """The recent trend over the last five periods."""

    trend: stats.Trend
    periods: tuple[Period, ...]
    name: str = "trend"

    def summary(self) -> str:
        t = self.trend
        over = f" over {self.periods[0]} to {self.periods[-1]}" if self.periods else ""
        if t.direction is stats.TrendDirection.CANNOT_BE_CALCULATED:
            return f"recent trend cannot be calculated: {t.reason}"
        reading = f", {t.reading}" if t.reading else ""
        return f"{t.direction}{reading}{over} ({t.reason})"

    def record(self) -> dict[str, Any]:
        t = self.trend
        return {"direction": str(t.direction), "reading": str(t.reading) if t.reading else None,
                "slope": t.slope, "chi_squared": t.chi_squared, "points": t.points,
                "periods": [str(p) for p in self.periods], "reason": t.reason}


@dataclass(frozen=True)
class MeasureStatistics:
    """Everything a measure's statistics give for the point shown."""

    interval: IntervalAnalysis | None = None
    benchmark: BenchmarkAnalysis | None = None
    comparison: ComparisonAnalysis | None = None
    trend: TrendAnalysis | None = None
    note: str | None = None
    """Why a declared statistic is missing (no counts for the period)."""

    def analyses(self) -> tuple[Any, ...]:
        return tuple(a for a in (self.interval, self.benchmark, self.comparison, self.trend)
                     if a is not None)

    def rule_inputs(self) -> Mapping[str, Fraction | None]:
        """`lower`, `upper`, `benchmark`, `benchmark_lower`, `benchmark_upper` for rules."""
        found: dict[str, Fraction | None] = dict.fromkeys(
            ("lower", "upper", "benchmark", "benchmark_lower", "benchmark_upper"))
        if self.interval is not None:
            found["lower"] = Fraction(self.interval.first.lower)
            found["upper"] = Fraction(self.interval.first.upper)
        if self.benchmark is not None:
            found["benchmark"] = self.benchmark.figure.exact
            if self.benchmark.interval is not None:
                found["benchmark_lower"] = Fraction(self.benchmark.interval.lower)
                found["benchmark_upper"] = Fraction(self.benchmark.interval.upper)
        return found


def compare_spec(measure: Measure) -> CompareSpec | None:
    """The comparison the measure shows: its rating's, else its statistics'."""
    if measure.rag.compare is not None:
        return measure.rag.compare
    if measure.statistics is not None:
        return measure.statistics.compare
    return None


def _polarity(measure: Measure) -> str:
    if measure.polarity in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
        return str(measure.polarity)
    return "none"


def _levels(measure: Measure) -> tuple[float, ...]:
    spec = measure.statistics.interval if measure.statistics is not None else None
    return tuple(float(level) for level in spec.confidence) if spec is not None else ()


def _method(measure: Measure) -> IntervalMethodName:
    spec = measure.statistics.interval if measure.statistics is not None else None
    return spec.method if spec is not None else IntervalMethodName.AUTO


def _benchmark_interval(figure: BenchmarkFigure, measure: Measure) -> stats.Interval | None:
    if figure.value is None:
        return None
    if figure.lower is not None and figure.upper is not None:
        level = float(figure.confidence) if figure.confidence is not None else 0.95
        return stats.Interval(Fraction(figure.value), float(figure.lower), float(figure.upper),
                              level, stats.IntervalMethod.PUBLISHED)
    return None


def _interval_analysis(measure: Measure, counts: Counts | None, levels: tuple[float, ...],
                       decimals: int) -> IntervalAnalysis | None:
    if counts is None or not levels:
        return None
    method = _method(measure)
    try:
        return IntervalAnalysis(tuple(_interval(counts, method, level) for level in levels),
                                counts, measure.unit, decimals)
    except StatisticsError:
        return None


def interval_analysis(measure: Measure, point: Point, populations: Populations,
                      decimals: int) -> IntervalAnalysis | None:
    """The intervals the measure declares, for any one point (a chart draws one per
    period): the same computation as the shown point's `interval` analysis. None when
    the measure declares none or the point has no counts to compute them from."""
    return _interval_analysis(measure, counts_of(measure, point, populations),
                              _levels(measure), decimals)


def measure_statistics(measure: Measure, series: Series, point: Point | None,
                       populations: Populations, benchmarks: BenchmarkSet | None,
                       decimals: int) -> MeasureStatistics:
    """The interval, benchmark, comparison and trend the measure declares, for `point`."""
    levels = _levels(measure)
    comparing = compare_spec(measure)
    trending = str(measure.dot.method) == "recent_trend"
    if not levels and comparing is None and not trending:
        return MeasureStatistics()
    counts = counts_of(measure, point, populations) if point is not None else None
    method = _method(measure)
    interval = _interval_analysis(measure, counts, levels, decimals)
    benchmark = comparison = None
    if comparing is not None and point is not None:
        benchmark, comparison = _compare(measure, comparing, counts, method, point, benchmarks,
                                         decimals)
    trend = _trend(measure, series, point, populations, method) if trending else None
    note = None
    if point is not None and counts is None and (levels or comparing is not None):
        note = f"no counts for {point.period} to compute an interval from"
    return MeasureStatistics(interval, benchmark, comparison, trend, note)


def _compare(measure: Measure, spec: CompareSpec, counts: Counts | None,
             method: IntervalMethodName, point: Point, benchmarks: BenchmarkSet | None,
             decimals: int) -> tuple[BenchmarkAnalysis | None, ComparisonAnalysis]:
    figure = benchmarks.find(measure.indicator_id, measure.id, spec.benchmark, point.period,
                             latest=spec.period == "latest") if benchmarks else None
    label = figure.label if figure is not None else spec.benchmark
    polarity = _polarity(measure)
    subject: stats.Interval | Fraction | None = point.value
    if counts is not None:
        try:
            subject = _interval(counts, method, float(spec.confidence))
        except StatisticsError as exc:
            subject = point.value
            del exc
    bench_interval = _benchmark_interval(figure, measure) if figure is not None else None
    mark: stats.Interval | Fraction | None = bench_interval or (
        figure.exact if figure is not None else None)
    found = stats.compare(subject, mark, polarity,
                          use_benchmark_interval=spec.use_benchmark_interval)
    if figure is None:
        found = stats.Comparison(stats.Outcome.NOT_COMPARED, None, point.value, None, None,
                                 None, None, None, None,
                                 f"no {spec.benchmark} figure for {point.period}")
    elif figure.value is None:
        found = stats.Comparison(stats.Outcome.NOT_COMPARED, None, point.value, None, None,
                                 None, None, None, None,
                                 f"the {figure.label} figure for {point.period} is "
                                 f"{figure.status.words}")
    elif counts is None and not found.compared:
        found = stats.Comparison(found.outcome, None, point.value, None, None, figure.exact,
                                 None, None, None,
                                 f"no counts for {point.period} to compute an interval from")
    shown = None
    if figure is not None:
        shown = BenchmarkAnalysis(figure, bench_interval, measure.unit, decimals)
    return shown, ComparisonAnalysis(spec.benchmark, label, found, measure.unit, decimals)


def _trend(measure: Measure, series: Series, point: Point | None, populations: Populations,
           method: IntervalMethodName) -> TrendAnalysis:
    if point is None:
        empty = stats.Trend(stats.TrendDirection.CANNOT_BE_CALCULATED, None, None, None, 0,
                            "no figure to end the trend at")
        return TrendAnalysis(empty, ())
    periods = [point.period]
    for _ in range(stats.trend.POINTS - 1):
        periods.insert(0, periods[0].previous())
    intervals: list[stats.Interval | None] = []
    for period in periods:
        found = series.point(period)
        counts = counts_of(measure, found, populations) if found is not None else None
        try:
            intervals.append(_interval(counts, method, 0.95) if counts is not None else None)
        except StatisticsError:
            intervals.append(None)
    trend = stats.recent_trend(intervals, _polarity(measure))
    if trend.direction is stats.TrendDirection.CANNOT_BE_CALCULATED and None in intervals:
        missing = [str(p) for p, i in zip(periods, intervals, strict=True) if i is None]
        trend = stats.Trend(trend.direction, None, None, None, trend.points,
                            f"no counts for {', '.join(missing)}")
    return TrendAnalysis(trend, tuple(periods))


def trend_direction(analysis: TrendAnalysis | None) -> tuple[Direction, str]:
    """The direction of travel by the recent trend, with the reason in words."""
    if analysis is None:
        return Direction.NOT_COMPARABLE, "no recent trend"
    t = analysis.trend
    over = (f" over {analysis.periods[0]} to {analysis.periods[-1]}"
            if analysis.periods else "")
    if t.direction is stats.TrendDirection.CANNOT_BE_CALCULATED:
        return Direction.NOT_COMPARABLE, f"recent trend cannot be calculated: {t.reason}"
    if t.direction is stats.TrendDirection.NO_SIGNIFICANT_CHANGE:
        return Direction.UNCHANGED, f"no significant change{over} (recent trend)"
    if t.reading is None:
        return Direction.NOT_COMPARABLE, (f"{t.direction}{over}, which is neither better nor "
                                          "worse (recent trend)")
    moved = Direction.IMPROVED if t.reading is stats.Reading.GETTING_BETTER \
        else Direction.WORSENED
    return moved, f"{t.direction} and {t.reading}{over} (recent trend, significant at 99.8%)"
