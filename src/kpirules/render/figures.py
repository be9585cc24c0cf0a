"""The figures on an indicator's page: the latest result, the two years' table, the trend.

These read evaluation's results and series, never the observation files, and return
Markdown (or, for the trend, SVG) text.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kpirules.catalogue import Measure
from kpirules.evaluation.explain import display_decimals, format_value, target_figures
from kpirules.evaluation.series import Point, Series
from kpirules.models import Assessment
from kpirules.numbers import decimals_of
from kpirules.observations import Status
from kpirules.periods import Grain, Period
from kpirules.render.mdtext import cell, prose, table
from kpirules.render.methodology import RATING_WORDS
from kpirules.render.sparkline import sparkline
from kpirules.render.words import period_name
from kpirules.results import Basis, MeasureResult
from kpirules.target import Target

__all__ = [
    "MeasureFigures",
    "figure_words",
    "latest_lines",
    "published_lines",
    "trend_label",
    "trend_svg",
    "two_year_table",
]

_MARKS = {Status.PROVISIONAL: " (provisional)", Status.FORECAST: " (forecast)"}


@dataclass(frozen=True)
class MeasureFigures:
    """What a page shows of one measure's data: its result and its series."""

    measure: Measure
    result: MeasureResult
    series: Series
    assessment: Assessment | None = None
    """What the report published for this measure, when it records it on its own."""


def figure_words(measure: Measure, point: Point | None) -> str:
    """A reported figure as a table shows it: `2,939`, `556.8 (provisional)`, or the
    status in words when there is none."""
    if point is None:
        return "no figure"
    if point.published is not None:
        figure = point.published
        shown = format_value(measure.unit, figure.published, decimals_of(figure.published))
        return shown + _MARKS.get(figure.status, "")
    value = point.value
    if value is not None:
        shown = format_value(measure.unit, value, display_decimals(measure))
        return f"{shown} (calculated from its parts)"
    status = point.status
    return status.words if status is not None else "no figure"


def _target_words(measure: Measure, target: Target, decimals: int) -> str:
    shown = target_figures(measure.unit, target, decimals)
    if len(shown) == 2:
        return f"between {shown[0]} and {shown[1]}"
    if shown:
        return shown[0]
    return f"none ({prose(target.reason)})" if target.reason else "none"


def _target_cell(measure: Measure, target: Target, decimals: int) -> str:
    return "–".join(target_figures(measure.unit, target, decimals)) or "n/a"


def _rating_words(result: MeasureResult) -> str:
    if result.basis is Basis.JUDGEMENT and result.rating is not None:
        rule = (RATING_WORDS[result.rule.rating] if result.rule.rating is not None
                else "no rating")
        return f"{RATING_WORDS[result.rating]}, by judgement (the rule gives {rule})"
    if result.basis is Basis.RULE and result.rating is not None:
        why = result.rule.reason.rsplit(" -> ", 1)[0]
        return f"{RATING_WORDS[result.rating]}, by the rule: {prose(why)}"
    return f"none: {prose(result.rating_reason.removeprefix('no rating: '))}"


def latest_lines(figures: MeasureFigures) -> list[str]:
    """The latest result as a list: period, value, target, RAG with its basis, DOT, and
    the result's explanation sentence."""
    measure, result = figures.measure, figures.result
    period = result.period
    if period is None:
        shown = f"no figure yet for {result.requested}" if result.requested else "no figure"
    elif result.requested is not None and period != result.requested:
        asked = figures.series.point(result.requested)
        why = asked.status.words if asked is not None and asked.status else "no figure yet"
        shown = f"{period}, the latest with a figure ({result.requested}: {why})"
    else:
        shown = str(period)
    if result.value is None:
        value = result.status.words if result.status is not None else "no figure"
    else:
        value = format_value(measure.unit, result.value, result.decimals)
        value += _MARKS.get(result.status, "") if result.status is not None else ""
    lines = [
        f"- **Period**: {shown}",
        f"- **Value**: {value}",
        f"- **Target**: {_target_words(measure, result.target, result.decimals)}",
        f"- **RAG**: {_rating_words(result)}",
        f"- **Direction of travel**: {prose(result.dot_reason)}",
    ]
    lines += published_lines(figures.assessment)
    lines += ["", f"In words: {prose(result.explanation)}."]
    return lines


def published_lines(assessment: Assessment | None) -> list[str]:
    """What the report printed: the rating and the arrow, as printed."""
    if assessment is None or (assessment.rag is None and assessment.dot is None):
        return []
    printed = []
    if assessment.rag is not None:
        printed.append(f"RAG {assessment.rag}")
    if assessment.dot is not None:
        arrow = f"arrow {assessment.dot}"
        if assessment.dot_label:
            arrow += f" ({prose(assessment.dot_label)})"
        printed.append(arrow)
    return [f"- **As published**: {', '.join(printed)}"]


def _years(figures: MeasureFigures) -> tuple[Period, Period] | None:
    result = figures.result
    anchor = result.period or result.requested
    if anchor is None:
        return None
    year = anchor.year_period()
    return year, year.same_period_last_year()


def two_year_table(figures: MeasureFigures) -> list[str]:
    """The report's table: the periods as columns, a row of figures for this year and
    the last, with each year's targets where it has any."""
    years = _years(figures)
    if years is None:
        return []
    measure, series = figures.measure, figures.series
    decimals = figures.result.decimals
    this_year, last_year = years
    if measure.grain is Grain.YEAR:
        header = ["", str(last_year), str(this_year)]
        rows = [["Figure", *(cell(figure_words(measure, series.point(y)))
                             for y in (last_year, this_year))]]
        targets = [measure.target_for(y) for y in (last_year, this_year)]
        if any(t.exists for t in targets):
            rows.append(["Target", *(_target_cell(measure, t, decimals) for t in targets)])
        return table(header, rows, "lrr")
    periods_of = {y: y.periods(measure.grain) for y in years}
    header = ["", *(period_name(measure.calendar, measure.grain, p.index)
                    for p in periods_of[this_year])]
    rows = []
    for year in years:
        rows.append([str(year), *(cell(figure_words(measure, series.point(p)))
                                  for p in periods_of[year])])
        targets = [measure.target_for(p) for p in periods_of[year]]
        if any(t.exists for t in targets):
            rows.append([f"Target {year}", *(_target_cell(measure, t, decimals)
                                             for t in targets)])
    return table(header, rows, "l" + "r" * len(periods_of[this_year]))


def _trend(series: Series) -> list[tuple[Period, Point | None]]:
    points = series.reported_points()
    if not points:
        return []
    by_period = {point.period: point for point in points}
    run = points[0].period.through(points[-1].period)
    return [(period, by_period.get(period)) for period in run]


def trend_label(figures: MeasureFigures) -> str | None:
    """The sparkline's text alternative: what it shows, with every figure."""
    trend = _trend(figures.series)
    if not any(point is not None and point.value is not None for _, point in trend):
        return None
    words = "; ".join(f"{period} {figure_words(figures.measure, point)}"
                      for period, point in trend)
    first, last = trend[0][0], trend[-1][0]
    return (f"Trend of “{' '.join(figures.measure.title.split())}”, {first} to {last}: "
            f"{words}")


def trend_svg(figures: MeasureFigures) -> str | None:
    """The sparkline of the measure's reported series, or None when it has no figure."""
    label = trend_label(figures)
    if label is None:
        return None
    values: list[Fraction | None] = [
        point.value if point is not None else None for _, point in _trend(figures.series)
    ]
    return sparkline(values, label=label)
