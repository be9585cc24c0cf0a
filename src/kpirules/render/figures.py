"""The figures on an indicator's page: the latest result and the two years' table.

These read evaluation's results and series, never the observation files, and return
Markdown text. The trend chart is `render.charts.trend_chart`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpirules.catalogue import Measure
from kpirules.evaluation.explain import format_value, target_figures
from kpirules.evaluation.series import Series
from kpirules.models import Assessment
from kpirules.observations import Status
from kpirules.periods import Grain, Period
from kpirules.render.charts.indicator import figure_words
from kpirules.render.mdtext import cell, prose, table
from kpirules.render.methodology import RATING_WORDS
from kpirules.render.words import period_name
from kpirules.results import Basis, MeasureResult
from kpirules.target import Target

__all__ = [
    "MeasureFigures",
    "figure_words",
    "latest_lines",
    "published_lines",
    "two_year_grid",
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


def two_year_grid(figures: MeasureFigures) -> tuple[tuple[str, ...], list[list[str]]]:
    """The report's table as plain text cells: the periods as columns, a row of figures
    for this year and the last, with each year's targets where it has any. The first
    cell of the header is empty (the row labels' column); no rows when there is no
    period to show."""
    years = _years(figures)
    if years is None:
        return (), []
    measure, series = figures.measure, figures.series
    decimals = figures.result.decimals
    this_year, last_year = years
    if measure.grain is Grain.YEAR:
        rows = [["Figure", *(figure_words(measure, series.point(y))
                             for y in (last_year, this_year))]]
        targets = [measure.target_for(y) for y in (last_year, this_year)]
        if any(t.exists for t in targets):
            rows.append(["Target", *(_target_cell(measure, t, decimals) for t in targets)])
        return ("", str(last_year), str(this_year)), rows
    periods_of = {y: y.periods(measure.grain) for y in years}
    header = ("", *(period_name(measure.calendar, measure.grain, p.index)
                    for p in periods_of[this_year]))
    rows = []
    for year in years:
        rows.append([str(year), *(figure_words(measure, series.point(p))
                                  for p in periods_of[year])])
        targets = [measure.target_for(p) for p in periods_of[year]]
        if any(t.exists for t in targets):
            rows.append([f"Target {year}", *(_target_cell(measure, t, decimals)
                                             for t in targets)])
    return header, rows


def two_year_table(figures: MeasureFigures) -> list[str]:
    """`two_year_grid` as a Markdown table."""
    header, rows = two_year_grid(figures)
    if not header:
        return []
    return table(list(header), [[cell(c) for c in row] for row in rows],
                 "l" + "r" * (len(header) - 1))
