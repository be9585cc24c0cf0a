"""The front door for Python users: load, read, evaluate.

    import kpirules
    catalogue = kpirules.load_catalogue("specs")
    results = kpirules.evaluate(catalogue)                       # as at the latest report
    asb = kpirules.evaluate(catalogue, indicator="asb-incidents", period="2019/20 Q1")

`evaluate` reads the catalogue's own observation and report files unless it is given
others, so a notebook can evaluate its own data against the same specs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import overload

from kpirules.areas import Area
from kpirules.benchmarks import BenchmarkSet, read_benchmarks
from kpirules.catalogue import Catalogue, Indicator
from kpirules.errors import EvaluationError, PeriodError
from kpirules.evaluation.analyses import DEFAULT_ANALYSES, Analysis
from kpirules.evaluation.evaluate import as_at_period, evaluate_indicator
from kpirules.evaluation.group_benchmarks import with_group_benchmarks
from kpirules.evaluation.ranks import rank_results, summarise
from kpirules.observations import ObservationSet, read_observations
from kpirules.periods import Calendar, Period
from kpirules.reports import Report, read_reports
from kpirules.results import IndicatorResult, Results

__all__ = ["areas_to_evaluate", "evaluate", "evaluate_areas", "parse_report_period"]


def parse_report_period(catalogue: Catalogue, period: str | Period | None) -> Period | None:
    """A report period given as text is read in the catalogue's default calendar."""
    if period is None or isinstance(period, Period):
        return period
    calendar = Calendar(catalogue.spec.defaults.calendar.value)
    try:
        return Period.parse(period, calendar)
    except PeriodError as exc:
        raise EvaluationError(f"report period '{period}': {exc}") from None


@overload
def evaluate(catalogue: Catalogue, observations: ObservationSet | None = ..., *,
             period: str | Period | None = ..., indicator: None = ...,
             reports: Mapping[Period, Report] | None = ...,
             analyses: Sequence[Analysis] = ..., area: str | None = ...,
             all_areas: bool = ..., benchmarks: BenchmarkSet | None = ...) -> Results: ...


@overload
def evaluate(catalogue: Catalogue, observations: ObservationSet | None = ..., *,
             period: str | Period | None = ..., indicator: str,
             reports: Mapping[Period, Report] | None = ...,
             analyses: Sequence[Analysis] = ..., area: str | None = ...,
             all_areas: bool = ..., benchmarks: BenchmarkSet | None = ...
             ) -> IndicatorResult: ...


def evaluate(
    catalogue: Catalogue,
    observations: ObservationSet | None = None,
    *,
    period: str | Period | None = None,
    indicator: str | None = None,
    reports: Mapping[Period, Report] | None = None,
    analyses: Sequence[Analysis] = DEFAULT_ANALYSES,
    area: str | None = None,
    all_areas: bool = False,
    benchmarks: BenchmarkSet | None = None,
) -> Results | IndicatorResult:
    """Evaluate the whole catalogue, or one indicator, as at a report period.

    `period` defaults to the catalogue's latest report. Each indicator shows its latest
    period with a figure among those begun by the end of that period. In a catalogue
    with areas, `area` picks one by code; otherwise the home area is shown, or every
    area with figures when there is no home area or `all_areas` is set. Benchmark
    figures default to the catalogue's own benchmark files.
    """
    if observations is None:
        observations = read_observations(catalogue)
    if reports is None:
        reports = read_reports(catalogue) if catalogue.report_paths else {}
    if benchmarks is None:
        benchmarks = read_benchmarks(catalogue) if catalogue.benchmark_paths else BenchmarkSet()
    when = as_at_period(catalogue, observations, parse_report_period(catalogue, period))
    report = reports.get(when)

    def one(item: Indicator, shown: tuple[Area | None, ...]) -> list[IndicatorResult]:
        return evaluate_areas(catalogue, item, observations, when, shown,
                              report=report, analyses=analyses, benchmarks=benchmarks)

    if indicator is not None:
        item = catalogue.indicator(indicator)
        shown = areas_to_evaluate(catalogue, observations, item.id, area, all_areas=all_areas)
        if len(shown) != 1:
            raise EvaluationError(
                f"indicator '{indicator}' has figures for {len(shown)} areas; pass area= to "
                "choose one, or evaluate them all and use Results.for_indicator")
        return one(item, shown)[0]
    return Results(
        (result for item in catalogue.indicators
         for result in one(item, areas_to_evaluate(catalogue, observations, item.id, area,
                                                   all_areas=all_areas))),
        as_at=when, catalogue=catalogue.spec.id,
    )


def evaluate_areas(catalogue: Catalogue, indicator: Indicator, observations: ObservationSet,
                   as_at: Period, shown: Sequence[Area | None], *,
                   report: Report | None = None,
                   analyses: Sequence[Analysis] = DEFAULT_ANALYSES,
                   benchmarks: BenchmarkSet | None = None) -> list[IndicatorResult]:
    """An indicator for each area shown, ranked within the areas' comparator groups.

    Two passes: every area shown and every member of their groups is evaluated on its
    own; then each shown area is ranked from the groups' summaries. A benchmark that is a
    group's aggregate is computed first, from the members' figures, unless `benchmarks`
    gives its figures already.
    """
    benchmarks = with_group_benchmarks(catalogue, indicator, observations, as_at, benchmarks)
    areas = catalogue.areas
    codes = {place.code for place in shown if place is not None}
    members = {code for code in codes for group in areas.groups_of(code)
               for code in group.members}
    present = set(observations.areas(indicator.id))
    others = [areas.get(code) for code in areas.by_code
              if code in members and code not in codes and code in present]

    def run(place: Area | None) -> IndicatorResult:
        return evaluate_indicator(catalogue, indicator, observations, as_at, report, analyses,
                                  area=place, benchmarks=benchmarks)

    first = [run(place) for place in shown]
    if not members:
        return first
    summaries = summarise([*first, *(run(place) for place in others)], catalogue)
    return rank_results(first, catalogue, summaries)


def areas_to_evaluate(catalogue: Catalogue, observations: ObservationSet, indicator: str,
                      area: str | None = None, *, all_areas: bool = False
                      ) -> tuple[Area | None, ...]:
    """The areas to show an indicator for: the one asked for, the home area, or every
    area with figures for it.

    Every area with figures is in the catalogue's declared order, after the figures
    that name no area (the organisation as a whole), if there are any.
    """
    areas = catalogue.areas
    if area is not None:
        if not areas:
            raise EvaluationError(f"area '{area}': the catalogue declares no areas")
        return (areas.get(area),)
    if not areas:
        return (None,)
    if areas.home is not None and not all_areas:
        return (areas.get(areas.home),)
    present = set(observations.areas(indicator))
    shown: list[Area | None] = [None] if None in present or not present else []
    shown.extend(item for code, item in areas.by_code.items() if code in present)
    return tuple(shown)
