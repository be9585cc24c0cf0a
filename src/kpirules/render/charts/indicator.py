"""An indicator's charts, from a measure's series: the card chart and the trend chart.

- `card_chart`: the year of the figure shown, period by period, against target (a
  step per period, so a profile shows as steps, or a shaded band), with the same
  periods of the year before for comparison. An annual measure shows its recent years
  instead. This is the chart of the report's card.
- `trend_chart`: every reported period, oldest first, with its target; a year-to-date
  series is broken at each year's start. This is the methodology page's chart.

Both mark provisional and forecast figures and come with a text equivalent (a table of
every figure drawn, in the words the two-year table uses). Where the measure declares
confidence intervals, both draw each period's intervals as error bars; given the
benchmark figures, both draw the benchmark the measure is compared with (see
`indicator_statistics`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from kpirules.benchmarks import BenchmarkSet
from kpirules.catalogue import Measure
from kpirules.evaluation.explain import display_decimals, format_value, target_figures
from kpirules.evaluation.series import Point, Series, reported_span
from kpirules.models import Span
from kpirules.numbers import decimals_of
from kpirules.observations import Status
from kpirules.periods import Grain, Period
from kpirules.render.charts.axes import TickLabel
from kpirules.render.charts.chart import Chart
from kpirules.render.charts.indicator_statistics import benchmark_line, figure_intervals
from kpirules.render.charts.period import (
    Datum,
    Line,
    Mark,
    PeriodChartData,
    Role,
    TargetStep,
    period_chart,
    statistics_words,
)
from kpirules.render.words import period_name
from kpirules.results import MeasureResult

__all__ = ["card_chart", "figure_label", "figure_words", "trend_chart", "trend_label"]

_MARKS = {Status.PROVISIONAL: Mark.PROVISIONAL, Status.FORECAST: Mark.FORECAST}
_ANNUAL_YEARS = 6
_SHORT_MONTH = 3


def figure_label(measure: Measure, point: Point | None) -> str | None:
    """A point's figure as a report prints it (`2,939`, `62.0%`), or None for none:
    published figures keep their precision, computed ones use the measure's."""
    if point is None:
        return None
    if point.published is not None:
        figure = point.published.published
        return format_value(measure.unit, figure, decimals_of(figure))
    if point.value is not None:
        return format_value(measure.unit, point.value, display_decimals(measure))
    return None


def figure_words(measure: Measure, point: Point | None) -> str:
    """A reported figure as a table shows it: `2,939`, `556.8 (provisional)`, `12
    (calculated from its parts)`, or the status in words when there is none."""
    label = figure_label(measure, point)
    if point is None:
        return "no figure"
    if label is None:
        status = point.status
        return status.words if status is not None else "no figure"
    if point.published is None:
        return f"{label} (calculated from its parts)"
    status = point.published.status
    if status in _MARKS:
        return f"{label} ({status.value})"
    return label


def _datum(measure: Measure, series: Series, point: Point | None, decimals: int) -> Datum:
    value = point.value if point is not None else None
    status = point.status if point is not None else None
    return Datum(value, figure_label(measure, point) or "", figure_words(measure, point),
                 _MARKS.get(status, Mark.FINAL) if status is not None else Mark.FINAL,
                 figure_intervals(measure, series, point, decimals))


def _step(measure: Measure, period: Period, decimals: int) -> TargetStep | None:
    target = measure.target_for(period)
    shown = target_figures(measure.unit, target, decimals)
    if target.is_band and target.low is not None and target.high is not None:
        return TargetStep(target.low, target.high, f"{shown[0]} to {shown[1]}")
    if target.value is not None:
        return TargetStep(target.value, target.value, shown[0])
    return None


def _tick_label(measure: Measure) -> TickLabel:
    def label(value: Fraction, decimals: int) -> str:
        return format_value(measure.unit, value, decimals)
    return label


def _slot_label(measure: Measure, period: Period) -> str:
    if measure.grain is Grain.YEAR:
        return str(period)
    name = period_name(measure.calendar, measure.grain, period.index)
    return name[:_SHORT_MONTH] if measure.grain is Grain.MONTH else name


def _clean(text: str) -> str:
    return " ".join(text.split())


def _year_to_date(measure: Measure, period: Period) -> bool:
    return reported_span(measure, period) is Span.YEAR_TO_DATE


def card_chart(measure: Measure, series: Series, result: MeasureResult, *,
               id_prefix: str, standalone: bool = False,
               benchmarks: BenchmarkSet | None = None) -> Chart | None:
    """The card's chart, or None when the measure has no figure and no target to draw.
    `benchmarks`: the figures of the benchmark the measure is compared with, to draw."""
    anchor = result.period or result.requested
    if anchor is None:
        return None
    decimals = result.decimals
    title = _clean(measure.title)
    if measure.grain is Grain.YEAR:
        years = [p.period for p in series.reported_points() if p.period <= anchor]
        if anchor not in years:
            years.append(anchor)
        periods = tuple(sorted(set(years)))[-_ANNUAL_YEARS:]
        lines: tuple[Line, ...] = (
            Line("Figure", tuple(_datum(measure, series, series.point(p), decimals)
                                 for p in periods)),)
        names = tuple(str(p) for p in periods)
        span = f"{periods[0]} to {periods[-1]}" if len(periods) > 1 else str(periods[0])
        chart_title = f"{title}: {span}"
        compare = ""
    else:
        year = anchor.year_period()
        last = year.same_period_last_year()
        periods = year.periods(measure.grain)
        before = last.periods(measure.grain)
        lines = (
            Line(str(last), tuple(_datum(measure, series, series.point(p), decimals)
                                  for p in before), Role.COMPARISON),
            Line(str(year), tuple(_datum(measure, series, series.point(p), decimals)
                                  for p in periods)),
        )
        names = tuple(_slot_label(measure, p) if measure.grain is Grain.QUARTER
                      else period_name(measure.calendar, measure.grain, p.index)
                      for p in periods)
        grain = "quarter" if measure.grain is Grain.QUARTER else "month"
        chart_title = f"{title}: {year} by {grain}, against target and {last}"
        compare = f" The dashed grey line is the same {grain} of {last}."
    targets = tuple(_step(measure, p, decimals) for p in periods)
    if not any(d.value is not None for line in lines for d in line.data) and not any(targets):
        return None
    data = PeriodChartData(
        title=chart_title,
        description=_card_summary(measure, series, result, targets, periods) + compare,
        slots=tuple(_slot_label(measure, p) for p in periods),
        slot_names=names,
        lines=lines,
        targets=targets if any(targets) else (),
        tick_label=_tick_label(measure),
        benchmark=benchmark_line(measure, periods, benchmarks, decimals),
    )
    return period_chart(data, id_prefix=id_prefix, standalone=standalone)


def _card_summary(measure: Measure, series: Series, result: MeasureResult,
                  targets: Sequence[TargetStep | None], periods: Sequence[Period]) -> str:
    shown = result.period
    if shown is None:
        return "No figure has been published for this year yet."
    words = f"{shown}: {figure_words(measure, series.point(shown))}"
    if shown in periods:
        step = targets[periods.index(shown)]
        if step is not None:
            words += f" against a target of {step.words}" if not step.is_band else (
                f" against a target band of {step.words}")
    if result.comparator_period is not None:
        words += (f"; {result.comparator_period}: "
                  f"{figure_words(measure, series.point(result.comparator_period))}")
    return words + "."


def _trend(series: Series) -> list[tuple[Period, Point | None]]:
    points = series.reported_points()
    if not points:
        return []
    by_period = {point.period: point for point in points}
    run = points[0].period.through(points[-1].period)
    return [(period, by_period.get(period)) for period in run]


def _trend_words(measure: Measure, trend: Sequence[tuple[Period, Point | None]]) -> str:
    words = "; ".join(f"{period} {figure_words(measure, point)}" for period, point in trend)
    first, last = trend[0][0], trend[-1][0]
    return f"Trend of “{_clean(measure.title)}”, {first} to {last}: {words}"


def _trend_data(measure: Measure, series: Series,
                benchmarks: BenchmarkSet | None) -> PeriodChartData | None:
    trend = _trend(series)
    if not any(point is not None and point.value is not None for _, point in trend):
        return None
    periods = [period for period, _ in trend]
    decimals = display_decimals(measure)
    breaks = frozenset(i for i, p in enumerate(periods)
                       if i and p.year != periods[i - 1].year and _year_to_date(measure, p))
    line = Line("Figure", tuple(_datum(measure, series, point, decimals) for _, point in trend),
                breaks=breaks)
    targets = tuple(_step(measure, p, decimals) for p in periods)
    groups: tuple[tuple[int, str], ...] = ()
    if measure.grain is not Grain.YEAR:
        groups = tuple((i, str(p.year_period())) for i, p in enumerate(periods)
                       if i == 0 or p.year != periods[i - 1].year)
    ytd = " Each year to date starts afresh, so the line is broken between years." if (
        breaks) else ""
    return PeriodChartData(
        title=f"Trend of “{_clean(measure.title)}”, {periods[0]} to {periods[-1]}",
        description=_trend_words(measure, trend) + "." + ytd,
        slots=tuple(_slot_label(measure, p) for p in periods),
        slot_names=tuple(str(p) for p in periods),
        lines=(line,),
        targets=targets if any(targets) else (),
        tick_label=_tick_label(measure),
        groups=groups,
        benchmark=benchmark_line(measure, periods, benchmarks, decimals),
    )


def trend_label(measure: Measure, series: Series,
                benchmarks: BenchmarkSet | None = None) -> str | None:
    """What the trend chart shows, with every figure (and every interval and benchmark
    figure it draws): its text alternative. None when no period has a figure."""
    data = _trend_data(measure, series, benchmarks)
    if data is None:
        return None
    label = _trend_words(measure, _trend(series))
    extra = statistics_words(data)
    return f"{label}. {extra}" if extra else label


def trend_chart(measure: Measure, series: Series, *, id_prefix: str = "trend",
                standalone: bool = True, benchmarks: BenchmarkSet | None = None
                ) -> Chart | None:
    """Every reported period with its target (and its intervals and benchmark, as the
    card's chart draws them), or None when no period has a figure."""
    data = _trend_data(measure, series, benchmarks)
    if data is None:
        return None
    return period_chart(data, id_prefix=id_prefix, width=560, height=240,
                        standalone=standalone)
