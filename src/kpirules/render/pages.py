"""Methodology pages: one Markdown page per indicator, and an index by theme.

A page reads as the report's card, and says more: the card's own words, the
benchmarks, the methodology generated from the spec, and, when data are given, the
latest figures, the two years' table, a trend line and the report's commentary.

Trend lines are separate SVG files next to the page, shown with Markdown's image
syntax (`![words](id.svg)`). Inline `<svg>` in Markdown is what MkDocs would show, but
GitHub's sanitizer strips inline SVG from Markdown, and `data:` image URIs too, while it
does show an SVG file the page links to; a file works in both, and in any Markdown
viewer. The image's alternative text gives every figure in words, as the SVG's own
`<title>` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.catalogue import Catalogue, Indicator, Measure
from kpirules.models import Assessment, Polarity, TargetSpec
from kpirules.periods import Grain, Period
from kpirules.render.benchmark_rows import benchmark_rows
from kpirules.render.charts import trend_label
from kpirules.render.figures import MeasureFigures, latest_lines, two_year_table
from kpirules.render.mdtext import GENERATED_NOTICE, cell, code, prose, table
from kpirules.render.methodology import RATING_WORDS, JudgementNote, methodology
from kpirules.render.spc_pages import spc_lines
from kpirules.render.words import amount, amounts, unit_short, year_word
from kpirules.results import Basis, IndicatorResult

__all__ = [
    "IndicatorFigures",
    "chart_name",
    "index_page",
    "indicator_page",
    "page_name",
    "target_summary",
]

_CARD = (
    ("definition", "Definition"),
    ("how_it_works", "How it works"),
    ("what_good_looks_like", "What good looks like"),
    ("why_it_matters", "Why it matters"),
    ("issues_to_consider", "Issues to consider"),
    ("history", "History"),
    ("data_source", "Data source"),
)
_POLARITY_SHORT = {
    Polarity.HIGHER_IS_BETTER: "higher is better",
    Polarity.LOWER_IS_BETTER: "lower is better",
    Polarity.WITHIN_BAND: "within a band",
    Polarity.CLOSEST_TO: "closest to target",
    Polarity.NONE: "none (contextual)",
}
_NO_TARGET = {"to_be_agreed": "to be agreed", "not_set": "not set", "not_stated": "not stated",
              "not_applicable": "not applicable"}


@dataclass(frozen=True)
class IndicatorFigures:
    """An indicator's data as a page shows it: evaluated as at one report."""

    result: IndicatorResult
    measures: tuple[MeasureFigures, ...]
    as_at: Period
    report_title: str | None = None
    assessment: Assessment | None = None
    """What the report published for the indicator as a whole (its commentary)."""
    judgements: Mapping[str | None, JudgementNote] = field(default_factory=dict)
    benchmarks: BenchmarkSet | None = None
    """The benchmark figures the evaluation read, which the trend charts draw."""


def page_name(indicator_id: str) -> str:
    return f"{indicator_id}.md"


def chart_name(indicator: Indicator, measure: Measure) -> str:
    """`asb-incidents.svg`; `gender-pay-gap.mean.svg` for one of several measures (a dot
    never occurs in an id, so no two names collide)."""
    if indicator.multi_measure:
        return f"{indicator.id}.{measure.id}.svg"
    return f"{indicator.id}.svg"


# Indicator page -----------------------------------------------------------------------


def indicator_page(indicator: Indicator, catalogue: Catalogue,
                   figures: IndicatorFigures | None = None,
                   benchmarks: Sequence[BenchmarkFigure] = ()) -> str:
    """The Markdown page of one indicator, with its benchmark figures from the catalogue's
    benchmark files."""
    spec = indicator.spec
    lines = [GENERATED_NOTICE, "", f"# {prose(spec.title)}", "",
             f"**Theme**: {prose(indicator.theme.title)} · **Id**: {code(spec.id)} · "
             "[All indicators](index.md)", ""]
    card = spec.card
    for name, heading in _CARD:
        text = getattr(card, name)
        if text and prose(text):
            lines += [f"## {heading}", "", prose(text), ""]
    lines += _benchmarking(indicator, benchmarks)
    judgements = dict(figures.judgements) if figures is not None else None
    lines += [methodology(indicator, catalogue, judgements).rstrip(), ""]
    if figures is not None:
        lines += _figures(indicator, figures)
    return "\n".join(lines).rstrip() + "\n"


def _benchmarking(indicator: Indicator, benchmarks: Sequence[BenchmarkFigure]) -> list[str]:
    benchmarking = indicator.spec.benchmarking
    text = benchmarking.text if benchmarking is not None else None
    rows = benchmark_rows(indicator, benchmarks)
    if not (text and prose(text)) and not rows:
        return []
    lines = ["## Benchmarking", ""]
    if text and prose(text):
        lines += [prose(text), ""]
    if rows:
        lines += table(["Comparator", "Figure", "Period", "Rank", "Note"],
                       [[cell(row.label), cell(row.figure), cell(row.period or " "),
                         cell(row.rank or " "), cell(row.note or " ")] for row in rows],
                       "lrlll")
        lines.append("")
    return lines


def _figures(indicator: Indicator, figures: IndicatorFigures) -> list[str]:
    lines = [f"## Figures as at {figures.as_at}", ""]
    if figures.report_title:
        lines += [f"As evaluated for the report “{prose(figures.report_title)}”, from the "
                  "figures the data files record.", ""]
    for measure_figures in figures.measures:
        measure = measure_figures.measure
        if indicator.multi_measure:
            lines += [f"### {prose(measure.title)}", ""]
        lines += latest_lines(measure_figures)
        lines.append("")
        label = trend_label(measure, measure_figures.series, figures.benchmarks)
        if label is not None:
            lines += [f"![{prose(label)}]({chart_name(indicator, measure)})", ""]
        lines += spc_lines(indicator, measure_figures)
        grid = two_year_table(measure_figures)
        if grid:
            lines += [*grid, ""]
    lines += _commentary(figures)
    return lines


def _commentary(figures: IndicatorFigures) -> list[str]:
    assessments = [figures.assessment] if figures.assessment is not None else []
    assessments += [m.assessment for m in figures.measures
                    if m.assessment is not None and m.assessment is not figures.assessment]
    found = []
    for assessment in assessments:
        for name, heading in (("overview", "Performance overview"), ("actions", "Actions"),
                              ("note", "Note on the published figures")):
            text = getattr(assessment, name)
            if text and prose(text):
                found += [f"**{heading}.** {prose(text)}", ""]
    if not found:
        return []
    return [f"### In the {figures.as_at} report", "", *found]


# Index page ---------------------------------------------------------------------------


def _year_of(indicator: Indicator, measure: Measure, as_at: Period | None,
             shown: Period | None) -> Period | None:
    if shown is not None:
        return shown.year_period()
    if as_at is not None:
        return Period.latest_begun_by(indicator.calendar, Grain.YEAR, as_at.end)
    return max(measure.targets, default=None)


def target_summary(indicator: Indicator, measure: Measure, as_at: Period | None,
                   shown: Period | None = None) -> str:
    """The target of the year in a few words: `58% (2018)`. The year is that of the
    figure shown, when there is one; else the year as at the report; else the latest
    year with a target."""
    year = _year_of(indicator, measure, as_at, shown)
    if year is None:
        return "none declared"
    spec = measure.targets.get(year)
    if spec is None:
        return f"none declared ({year})"
    return f"{_target_short(measure, spec)} ({year})"


def _target_short(measure: Measure, spec: TargetSpec) -> str:
    unit = measure.unit
    if spec.value is not None:
        return amount(unit, spec.value)
    if spec.band is not None:
        return f"{amount(unit, spec.band.low)} to {amount(unit, spec.band.high)}"
    if spec.profile is not None:
        return amounts(unit, spec.profile)
    if spec.annual is not None:
        return f"{amount(unit, spec.annual)} for the year"
    assert spec.none is not None
    return _NO_TARGET[spec.none.value]


def _rag_summary(result: IndicatorResult) -> str:
    if result.rating is None:
        return "n/a"
    words = RATING_WORDS[result.rating]
    if result.basis is Basis.JUDGEMENT:
        rule = RATING_WORDS[result.rule.rating] if result.rule.rating else "none"
        words += f" (judgement; rule: {rule})"
    if result.period is not None:
        words += f", {result.period}"
    return words


def _common(values: Sequence[str]) -> str:
    return values[0] if len(set(values)) == 1 else "by measure"


def index_page(catalogue: Catalogue, results: Mapping[str, IndicatorResult] | None = None,
               as_at: Period | None = None) -> str:
    """The index: every indicator in a table per theme, linked to its page."""
    spec = catalogue.spec
    lines = [GENERATED_NOTICE, "", f"# {prose(spec.title)}", ""]
    intro = [prose(text) for text in (spec.organisation, spec.description) if text]
    if intro:
        lines += [" ".join(f"{text}{'' if text.endswith('.') else '.'}" for text in intro), ""]
    count = len(catalogue.indicators)
    themes = [t for t in catalogue.themes()
              if any(i.theme.id == t.id for i in catalogue.indicators)]
    lines += [f"{count} indicator{'s' if count != 1 else ''} in {len(themes)} "
              f"theme{'s' if len(themes) != 1 else ''}. Each page gives the card's words and "
              "the methodology in full, generated from the spec."]
    if results is not None and as_at is not None:
        lines[-1] += (f" Ratings are as at {as_at}: the rule's rating, or the published "
                      "judgement where the report file records one.")
    lines.append("")
    header = ["Indicator", "Unit", "Polarity", "Frequency", "Target this year"]
    if results is not None:
        header.append("Latest RAG")
    for theme in themes:
        lines += [f"## {prose(theme.title)}", ""]
        if theme.description:
            lines += [prose(theme.description), ""]
        rows = []
        for indicator in catalogue.indicators:
            if indicator.theme.id != theme.id:
                continue
            result = results.get(indicator.id) if results is not None else None
            row = _index_row(indicator, as_at, result)
            if results is not None:
                row.append(_rag_summary(result) if result is not None else "n/a")
            rows.append(row)
        lines += [*table(header, rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def _index_row(indicator: Indicator, as_at: Period | None,
               result: IndicatorResult | None) -> list[str]:
    measures = [indicator.headline] if indicator.headline is not None else list(
        indicator.measures)
    units = [unit_short(m.unit) for m in measures]
    polarities = [_POLARITY_SHORT[m.polarity] for m in measures]
    shown = {m.measure: m.period for m in result.measures} if result is not None else {}
    targets = [target_summary(indicator, m, as_at, shown.get(m.id)) for m in measures]
    frequency = {Grain.MONTH: "monthly", Grain.QUARTER: "quarterly", Grain.YEAR: "annual"}
    return [
        f"[{cell(indicator.title)}]({page_name(indicator.id)})",
        cell(_common(units)),
        _common(polarities),
        f"{frequency[indicator.grain]} ({year_word(indicator.calendar)})",
        cell(_common(targets)),
    ]
