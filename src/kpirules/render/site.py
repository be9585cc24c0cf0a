"""The whole documentation site of a catalogue, as file names and their text.

`build_site` evaluates the catalogue (when given its data) and renders every page and
trend line; `compare_site` says which files differ from what a folder holds, so that
`kpirules docs --check` can fail a build whose committed pages are out of date. Nothing
here reads or writes files: the command does, with what these functions return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kpirules.benchmarks import BenchmarkSet
from kpirules.catalogue import Catalogue, Indicator
from kpirules.evaluation.evaluate import as_at_period, evaluate_indicator
from kpirules.evaluation.group_benchmarks import with_group_benchmarks
from kpirules.evaluation.series import build_series
from kpirules.observations import ObservationSet
from kpirules.periods import Period
from kpirules.render.charts import trend_chart
from kpirules.render.figures import MeasureFigures
from kpirules.render.mdtext import GENERATED_NOTICE
from kpirules.render.methodology import JudgementNote
from kpirules.render.pages import (
    IndicatorFigures,
    chart_name,
    index_page,
    indicator_page,
    page_name,
)
from kpirules.render.spc_pages import spc_files
from kpirules.reports import LocatedAssessment, Report
from kpirules.results import Basis, IndicatorResult, MeasureResult

__all__ = [
    "INDEX",
    "SiteDiff",
    "build_site",
    "compare_site",
    "indicator_figures",
    "is_generated",
    "site_files",
]

INDEX = "index.md"
SITE_SUFFIXES = (".md", ".svg")
"""The kinds of file `kpirules docs` writes, and looks at in the output folder."""


@dataclass(frozen=True)
class SiteDiff:
    """How a folder differs from the site: files changed, missing, and generated files
    that the site no longer has."""

    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def is_generated(text: str) -> bool:
    """Whether a file's text is one `kpirules docs` wrote (and may remove)."""
    return text.startswith(GENERATED_NOTICE)


def compare_site(expected: Mapping[str, str], found: Mapping[str, str]) -> SiteDiff:
    """Compare the site with the files found in its folder (name -> text).

    A file in the folder that the site does not have counts as extra only when it is a
    generated page: hand-written files may live beside the generated ones.
    """
    return SiteDiff(
        changed=tuple(sorted(n for n in expected if n in found and found[n] != expected[n])),
        missing=tuple(sorted(n for n in expected if n not in found)),
        extra=tuple(sorted(n for n, text in found.items()
                           if n not in expected and is_generated(text))),
    )


def site_files(name: str) -> bool:
    """Whether a file name is of a kind the site has."""
    return name.endswith(SITE_SUFFIXES)


def build_site(catalogue: Catalogue, observations: ObservationSet | None = None,
               reports: Mapping[Period, Report] | None = None,
               benchmarks: BenchmarkSet | None = None) -> dict[str, str]:
    """Every file of the site by name: the index, a page per indicator (with its
    benchmark figures) and, with data, a trend line per measure that has figures. Same
    input, same text."""
    benchmarks = benchmarks if benchmarks is not None else BenchmarkSet()
    files: dict[str, str] = {}
    results: dict[str, IndicatorResult] | None = None
    as_at = catalogue.latest_report
    if observations is not None:
        as_at = as_at_period(catalogue, observations, None)
        report = (reports or {}).get(as_at)
        results = {}
        for indicator in catalogue.indicators:
            figures = indicator_figures(catalogue, indicator, observations, as_at, report,
                                        benchmarks)
            results[indicator.id] = figures.result
            files[page_name(indicator.id)] = indicator_page(
                indicator, catalogue, figures, benchmarks.for_indicator(indicator.id))
            for measure_figures in figures.measures:
                measure = measure_figures.measure
                chart = trend_chart(measure, measure_figures.series,
                                    id_prefix=f"trend-{indicator.id}-{measure.id}",
                                    benchmarks=benchmarks)
                if chart is not None:
                    files[chart_name(indicator, measure)] = f"{GENERATED_NOTICE}\n{chart.svg}"
                for name, svg in spc_files(indicator, measure_figures).items():
                    files[name] = f"{GENERATED_NOTICE}\n{svg}"
    else:
        for indicator in catalogue.indicators:
            files[page_name(indicator.id)] = indicator_page(
                indicator, catalogue, benchmarks=benchmarks.for_indicator(indicator.id))
    files[INDEX] = index_page(catalogue, results, as_at)
    return dict(sorted(files.items()))


def indicator_figures(catalogue: Catalogue, indicator: Indicator,
                      observations: ObservationSet, as_at: Period,
                      report: Report | None,
                      benchmarks: BenchmarkSet | None = None) -> IndicatorFigures:
    """An indicator evaluated as at `as_at`, with each measure's series and what the
    report published for it: what a page or a report card shows."""
    benchmarks = with_group_benchmarks(catalogue, indicator, observations, as_at, benchmarks)
    result = evaluate_indicator(catalogue, indicator, observations, as_at, report,
                                benchmarks=benchmarks)
    top = report.assessment(indicator.id, None) if report is not None else None
    measures = []
    judgements: dict[str | None, JudgementNote] = {}
    for measure, measure_result in zip(indicator.measures, result.measures, strict=True):
        own = (report.assessment(indicator.id, measure.id)
               if report is not None and indicator.multi_measure else None)
        if own is None and measure is indicator.headline:
            own = top
        series = build_series(measure, observations.for_measure(indicator.id, measure.id),
                              catalogue)
        measures.append(MeasureFigures(measure, measure_result, series,
                                       own.assessment if own is not None else None))
        note = _judgement(measure_result, own, as_at)
        if note is not None:
            judgements[measure.id] = note
    if indicator.headline is None and result.basis is Basis.JUDGEMENT and top is not None:
        judgement = top.assessment.judgement
        if judgement is not None and result.rating is not None:
            judgements[None] = JudgementNote(
                top.period, result.rating, result.rule.rating, result.rule.reason,
                judgement.reason, judgement.quoted_from, as_at)
    title = report.title if report is not None else None
    return IndicatorFigures(result, tuple(measures), as_at, title,
                            top.assessment if top is not None else None, judgements,
                            benchmarks)


def _judgement(result: MeasureResult, located: LocatedAssessment | None,
               as_at: Period) -> JudgementNote | None:
    if result.basis is not Basis.JUDGEMENT or result.rating is None or located is None:
        return None
    judgement = located.assessment.judgement
    if judgement is None:
        return None
    return JudgementNote(located.period, result.rating, result.rule.rating, result.rule.reason,
                         judgement.reason, judgement.quoted_from, as_at)
