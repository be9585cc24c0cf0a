"""What an indicator's charts draw of its declared statistics: each period's confidence
intervals, and the benchmark its comparison reads, period by period.

The intervals come from `evaluation.statistics.interval_analysis`, the computation that
gives the shown period's `interval` analysis, so the bar drawn for the period shown is
the interval its card states. A benchmark is drawn only for the periods it has a figure
for: a figure of another period is never carried across.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.catalogue import Measure
from kpirules.evaluation.explain import format_value
from kpirules.evaluation.series import Point, Series
from kpirules.evaluation.statistics import compare_spec, interval_analysis, limits_words
from kpirules.numbers import format_number
from kpirules.periods import Period
from kpirules.render.charts.intervals import IntervalBar
from kpirules.render.charts.period import BenchmarkLine
from kpirules.stats import level_words

__all__ = ["benchmark_line", "figure_intervals"]


def figure_intervals(measure: Measure, series: Series, point: Point | None,
                     decimals: int) -> tuple[IntervalBar, ...]:
    """The point's confidence intervals, one per declared level; none when the measure
    declares none or the point has no counts."""
    if point is None or point.value is None:
        return ()
    analysis = interval_analysis(measure, point, series.populations, decimals)
    if analysis is None:
        return ()
    return tuple(IntervalBar(Fraction(i.lower), Fraction(i.upper), i.confidence,
                             limits_words(measure.unit, i, decimals))
                 for i in analysis.intervals)


def _words(measure: Measure, figure: BenchmarkFigure | None, decimals: int) -> str:
    if figure is None:
        return "no figure"
    if figure.value is None:
        return figure.status.words
    words = format_value(measure.unit, figure.value, decimals)
    if figure.lower is not None and figure.upper is not None:
        level = level_words(float(figure.confidence)) if figure.confidence is not None \
            else "published"
        low = format_number(figure.lower, decimals)
        high = format_value(measure.unit, figure.upper, decimals)
        words += f" ({level} CI {low}–{high})"
    return words


def benchmark_line(measure: Measure, periods: Sequence[Period], benchmarks: BenchmarkSet | None,
                   decimals: int) -> BenchmarkLine | None:
    """The benchmark the measure is compared with, at each of `periods`; None when it is
    compared with none, or the benchmark has no figure for any of them."""
    spec = compare_spec(measure)
    if spec is None or benchmarks is None:
        return None
    found = [benchmarks.find(measure.indicator_id, measure.id, spec.benchmark, period)
             for period in periods]
    present = [figure for figure in found if figure is not None and figure.value is not None]
    if not present:
        return None
    return BenchmarkLine(
        present[0].label,
        tuple(figure.exact if figure is not None else None for figure in found),
        tuple(_words(measure, figure, decimals) for figure in found))
