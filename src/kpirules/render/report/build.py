"""Build the report's views from a catalogue, its figures and its report files.

Each indicator is evaluated as at the report period (and again as at the quarter
before, for the summary's changes) with its series, so a card can draw its chart and
print its two years' table. Nothing here reads files or writes markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.catalogue import Catalogue, Indicator
from kpirules.evaluation.control import SpcResult
from kpirules.evaluation.evaluate import evaluate_indicator
from kpirules.evaluation.explain import format_value, target_figures
from kpirules.evaluation.group_benchmarks import with_group_benchmarks
from kpirules.models import Assessment, Polarity, Rating
from kpirules.numbers import round_half_up
from kpirules.observations import ObservationSet, Status
from kpirules.periods import Period
from kpirules.render.benchmark_rows import benchmark_rows
from kpirules.render.charts import RATING_STYLES, card_chart
from kpirules.render.charts.spc import spc_chart
from kpirules.render.charts.summary import RatingCount, rating_bars
from kpirules.render.figures import MeasureFigures, two_year_grid
from kpirules.render.pages import IndicatorFigures
from kpirules.render.report.view import (
    AnalysisView,
    BenchmarkView,
    CardView,
    ChangeView,
    MeasureView,
    RatingCountView,
    RatingView,
    ReportView,
    SummaryView,
    TextBlock,
    ThemeRow,
    ThemeView,
)
from kpirules.render.site import indicator_figures
from kpirules.render.spc_pages import spc_icons
from kpirules.render.table import ARROWS
from kpirules.render.words import unit_short
from kpirules.reports import Report
from kpirules.results import Basis, IndicatorResult, MeasureResult
from kpirules.target import Target

__all__ = [
    "ANALYSES",
    "ReportData",
    "build_report",
    "rating_view",
    "shown_target",
    "shown_value",
]

ANALYSES = (
    ("interval", "Confidence interval"),
    ("benchmark", "Benchmark"),
    ("comparison", "Compared with the benchmark"),
    ("trend", "Recent trend"),
    ("spc", "Statistical process control"),
    ("rank", "Rank"),
)
"""The analyses a card shows, by name, in this order; any others are left out."""

_CARD_TEXTS = (
    ("definition", "Definition"),
    ("how_it_works", "How this indicator works"),
    ("what_good_looks_like", "What good looks like"),
    ("why_it_matters", "Why this indicator is important"),
    ("history", "History with this indicator"),
    ("issues_to_consider", "Any issues to consider"),
    ("data_source", "Data source"),
)
_COMMENTARY = (("overview", "Performance overview"),
               ("actions", "Actions to sustain or improve performance"),
               ("note", "Note on the published figures"))
_POLARITY = {
    Polarity.HIGHER_IS_BETTER: "higher is better",
    Polarity.LOWER_IS_BETTER: "lower is better",
    Polarity.WITHIN_BAND: "within a band is best",
    Polarity.CLOSEST_TO: "closest to target is best",
    Polarity.NONE: "no better or worse (contextual)",
}
_ORDER = ("G", "A", "R", "n/a")
_SHARE_WORDS = {"G": "green", "A": "amber", "R": "red", "n/a": "not applicable"}


@dataclass(frozen=True)
class ReportData:
    """The report's view, and what it was built from (for the workbook)."""

    view: ReportView
    results: tuple[IndicatorResult, ...]
    figures: tuple[IndicatorFigures, ...]


def _key(rating: Rating | None) -> str:
    return rating.value if rating is not None else "n/a"


def rating_view(rating: Rating | None, basis: Basis = Basis.RULE,
                rule: Rating | None = None) -> RatingView:
    style = RATING_STYLES[_key(rating)]
    judgement = basis is Basis.JUDGEMENT and rating is not None
    rule_words = RATING_STYLES[_key(rule)].words if judgement else None
    return RatingView(_key(rating), style.letter, style.words, judgement, rule_words)


def shown_value(result: MeasureResult) -> str:
    """The value as every output prints it, or the data status in words."""
    if result.value is None:
        return result.status.words if result.status is not None else "no data"
    return format_value(result.unit, result.value, result.decimals)


def shown_target(result: MeasureResult) -> str:
    target: Target = result.target
    shown = target_figures(result.unit, target, result.decimals)
    if len(shown) == 2:
        return f"{shown[0]} to {shown[1]}"
    if shown:
        return shown[0]
    return f"none ({target.reason})" if target.reason else "none"


def _status(result: MeasureResult) -> str:
    if result.status is None:
        return "no data"
    return result.status.words


def _commentary(assessment: Assessment | None) -> tuple[TextBlock, ...]:
    if assessment is None:
        return ()
    return tuple(TextBlock(heading, " ".join(text.split()))
                 for name, heading in _COMMENTARY
                 if (text := getattr(assessment, name)) and text.strip())


def _fact(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | str):
        return str(value).replace("_", " ")
    if isinstance(value, float):
        return f"{value:g}"
    return None


def _facts(record: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The scalar facts of an analysis's record, one level of nesting flattened
    (`assurance type`); its summary and lists (phases, points) are left out."""
    facts = []
    for key, value in record.items():
        if key in ("name", "summary", "text"):
            continue
        if isinstance(value, Mapping):
            facts += [(f"{key} {inner}".replace("_", " "), shown)
                      for inner, item in value.items()
                      if inner not in ("reason",) and (shown := _fact(item)) is not None]
        elif (shown := _fact(value)) is not None:
            facts.append((str(key).replace("_", " "), shown))
    return tuple(facts)


def _analyses(result: MeasureResult, id_prefix: str) -> tuple[AnalysisView, ...]:
    views = []
    for name, heading in ANALYSES:
        analysis = result.analysis(name)
        if analysis is None:
            continue
        record = getattr(analysis, "record", None)
        data = record() if callable(record) else {}
        facts = _facts(data) if isinstance(data, Mapping) else ()
        chart = None
        icons: tuple[str, ...] = ()
        if isinstance(analysis, SpcResult):
            icons = tuple(svg for _, _, svg in spc_icons(analysis, f"{id_prefix}-"))
            # The process-limit chart says more than its facts: draw it where SPC is declared.
            chart = spc_chart(analysis, f"{result.title}: statistical process control chart",
                              id_prefix=f"{id_prefix}-spc")
        views.append(AnalysisView(name, heading, analysis.summary(), facts, chart, icons))
    return tuple(views)


def _measure_view(indicator: Indicator, figures: MeasureFigures,
                  benchmarks: BenchmarkSet | None) -> MeasureView:
    result, measure = figures.result, figures.measure
    header, rows = two_year_grid(figures)
    chart = card_chart(measure, figures.series, result,
                       id_prefix=f"chart-{indicator.id}-{measure.id}", benchmarks=benchmarks)
    note = None
    if result.status in (Status.PROVISIONAL, Status.FORECAST) and result.value is not None:
        note = result.status.words
    published = None
    if result.published_rating or result.published_arrow:
        published = ", ".join(part for part in (
            f"RAG {result.published_rating}" if result.published_rating else "",
            f"arrow {result.published_arrow}" if result.published_arrow else "") if part)
    return MeasureView(
        measure=measure.id,
        title=" ".join(measure.title.split()) if indicator.multi_measure else None,
        period=str(result.period) if result.period else "no figure",
        value=shown_value(result),
        status_note=note,
        target=shown_target(result),
        rating=rating_view(result.rating, result.basis, result.rule.rating),
        rating_reason=result.rating_reason,
        judgement_reason=result.judgement,
        arrow=ARROWS[result.dot],
        direction=result.dot_reason,
        explanation=result.explanation,
        chart=chart,
        grid_header=header,
        grid_rows=tuple(tuple(row) for row in rows),
        analyses=_analyses(result, f"chart-{indicator.id}-{measure.id}"),
        commentary=_commentary(figures.assessment) if indicator.multi_measure else (),
        published=published,
    )


def _benchmarks(indicator: Indicator, benchmarks: Sequence[BenchmarkFigure]
                ) -> tuple[str | None, tuple[BenchmarkView, ...]]:
    benchmarking = indicator.spec.benchmarking
    text = benchmarking.text if benchmarking is not None else None
    rows = tuple(BenchmarkView(row.label, row.figure, row.period, row.rank, row.note)
                 for row in benchmark_rows(indicator, benchmarks))
    return (" ".join(text.split()) if text else None), rows


def _anchor(indicator_id: str) -> str:
    return f"ind-{indicator_id}"


def _card(indicator: Indicator, figures: IndicatorFigures,
          benchmarks: BenchmarkSet | None) -> CardView:
    result = figures.result
    card = indicator.spec.card
    texts = tuple(TextBlock(heading, " ".join(text.split()))
                  for name, heading in _CARD_TEXTS
                  if (text := getattr(card, name)) and text.strip())
    benchmark_text, rows = _benchmarks(
        indicator, benchmarks.for_indicator(indicator.id) if benchmarks is not None else ())
    headline = indicator.headline or indicator.measures[0]
    return CardView(
        indicator=indicator.id,
        anchor=_anchor(indicator.id),
        title=" ".join(indicator.title.split()),
        theme=indicator.theme.title,
        rating=rating_view(result.rating, result.basis, result.rule.rating),
        texts=texts,
        measures=tuple(_measure_view(indicator, m, benchmarks) for m in figures.measures),
        commentary=_commentary(figures.assessment),
        benchmark_text=benchmark_text,
        benchmarks=rows,
        polarity=_POLARITY[headline.polarity],
        unit=unit_short(headline.unit),
    )


def _row(indicator: Indicator, result: IndicatorResult) -> ThemeRow:
    headline = result.headline
    rating = rating_view(result.rating, result.basis, result.rule.rating)
    if headline is None:
        return ThemeRow(indicator.id, _anchor(indicator.id), " ".join(indicator.title.split()),
                        str(result.period) if result.period else "", "by measure",
                        "by measure", rating, "–", "by measure", "see its measures")
    found = headline.analysis("spc")
    icons = (tuple(svg for _, _, svg in spc_icons(found, f"row-{_anchor(indicator.id)}-"))
             if isinstance(found, SpcResult) else ())
    return ThemeRow(indicator.id, _anchor(indicator.id), " ".join(indicator.title.split()),
                    str(headline.period) if headline.period else "no figure",
                    shown_value(headline), shown_target(headline), rating,
                    ARROWS[headline.dot], headline.dot.value, _status(headline), icons)


def _share(count: int, total: int) -> str:
    return f"{round_half_up(Fraction(100 * count, total), 0)}%" if total else "0%"


def _summary(results: Sequence[IndicatorResult], previous: Mapping[str, IndicatorResult],
             previous_period: Period | None, previous_has_report: bool,
             catalogue: Catalogue) -> SummaryView:
    """Counts and shares by reported rating; with the quarter before, its counts and
    the indicators whose rating changed. Without a report file for that quarter its
    judgements are unknown, so both quarters are then compared by the rule's rating."""
    total = len(results)
    by_key: dict[str, list[IndicatorResult]] = {key: [] for key in _ORDER}
    for result in results:
        by_key[_key(result.rating)].append(result)

    def compared(result: IndicatorResult) -> Rating | None:
        return result.rating if previous_has_report else result.rule.rating

    before: dict[str, int] = dict.fromkeys(_ORDER, 0)
    for result in previous.values():
        before[_key(compared(result))] += 1
    counts = tuple(
        RatingCountView(
            rating_view(Rating(key) if key != "n/a" else None), len(found),
            _share(len(found), total),
            sum(r.basis is Basis.RULE for r in found),
            sum(r.basis is Basis.JUDGEMENT for r in found),
            before[key] if previous else None)
        for key, found in by_key.items())
    sentence = ", ".join(f"{c.share} {_SHARE_WORDS[c.rating.key]}" for c in counts)
    chart = rating_bars(
        [RatingCount(c.rating.key, c.rating.words, c.count, c.share) for c in counts],
        title=f"Indicators by rating: {sentence}",
        description=" ".join(f"{c.rating.words}: {c.count} of {total} ({c.share})."
                             for c in counts),
        id_prefix="summary-chart")
    changes = []
    titles = {i.id: " ".join(i.title.split()) for i in catalogue.indicators}
    for result in results:
        old = previous.get(result.indicator)
        if old is not None and compared(old) != compared(result):
            changes.append(ChangeView(
                result.indicator, _anchor(result.indicator), titles[result.indicator],
                rating_view(compared(old)), rating_view(compared(result))))
    note = None
    if previous and not previous_has_report:
        note = (f"No report file records {previous_period}'s published ratings, so the "
                f"{previous_period} column and the changes below compare the rule's ratings "
                "of both quarters, evaluated from their figures; judgements are left out.")
    return SummaryView(total, sentence, counts, chart,
                       str(previous_period) if previous else None, note, tuple(changes))


def _previous(catalogue: Catalogue, observations: ObservationSet, as_at: Period,
              reports: Mapping[Period, Report], benchmarks: BenchmarkSet | None
              ) -> tuple[Period | None, dict[str, IndicatorResult]]:
    """The ratings as at the quarter before, for each indicator with a figure by then."""
    if as_at.grain.value != "quarter":
        return None, {}
    before = as_at.previous()
    report = reports.get(before)
    found = {}
    for indicator in catalogue.indicators:
        result = evaluate_indicator(
            catalogue, indicator, observations, before, report,
            benchmarks=with_group_benchmarks(catalogue, indicator, observations, before,
                                             benchmarks))
        if result.period is not None:
            found[indicator.id] = result
    return before, found


def build_report(catalogue: Catalogue, observations: ObservationSet, as_at: Period,
                 reports: Mapping[Period, Report] | None = None, *,
                 generator: str = "kpirules",
                 benchmarks: BenchmarkSet | None = None) -> ReportData:
    """The whole report as at `as_at`: summary, theme tables and a card per indicator.

    `benchmarks` are the figures the cards show under Benchmarking, the comparisons read
    and the charts draw: read them with `kpirules.benchmarks.read_benchmarks`; without
    them the cards show the benchmarking words alone."""
    reports = reports or {}
    benchmarks = benchmarks if benchmarks is not None else BenchmarkSet()
    report = reports.get(as_at)
    figures = tuple(indicator_figures(catalogue, indicator, observations, as_at, report,
                                      benchmarks)
                    for indicator in catalogue.indicators)
    results = tuple(f.result for f in figures)
    previous_period, previous = _previous(catalogue, observations, as_at, reports, benchmarks)
    themes = []
    for theme in catalogue.themes():
        members = [(i, f) for i, f in zip(catalogue.indicators, figures, strict=True)
                   if i.theme.id == theme.id]
        if not members:
            continue
        themes.append(ThemeView(
            theme.id, f"theme-{theme.id}", " ".join(theme.title.split()),
            tuple(_row(i, f.result) for i, f in members),
            tuple(_card(i, f, benchmarks) for i, f in members)))
    spec = catalogue.spec
    view = ReportView(
        title=" ".join((report.title if report is not None else spec.title).split()),
        organisation=spec.organisation,
        catalogue=" ".join(spec.title.split()),
        as_at=str(as_at),
        source=None,
        summary=_summary(results, previous, previous_period,
                         previous_period in reports if previous_period else False, catalogue),
        themes=tuple(themes),
        generator=generator,
    )
    return ReportData(view, results, figures)


