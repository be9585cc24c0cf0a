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

from kpirules.catalogue import Catalogue
from kpirules.errors import EvaluationError, PeriodError
from kpirules.evaluation.analyses import DEFAULT_ANALYSES, Analysis
from kpirules.evaluation.evaluate import as_at_period, evaluate_indicator
from kpirules.observations import ObservationSet, read_observations
from kpirules.periods import Calendar, Period
from kpirules.reports import Report, read_reports
from kpirules.results import IndicatorResult

__all__ = ["evaluate", "parse_report_period"]


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
             analyses: Sequence[Analysis] = ...) -> tuple[IndicatorResult, ...]: ...


@overload
def evaluate(catalogue: Catalogue, observations: ObservationSet | None = ..., *,
             period: str | Period | None = ..., indicator: str,
             reports: Mapping[Period, Report] | None = ...,
             analyses: Sequence[Analysis] = ...) -> IndicatorResult: ...


def evaluate(
    catalogue: Catalogue,
    observations: ObservationSet | None = None,
    *,
    period: str | Period | None = None,
    indicator: str | None = None,
    reports: Mapping[Period, Report] | None = None,
    analyses: Sequence[Analysis] = DEFAULT_ANALYSES,
) -> tuple[IndicatorResult, ...] | IndicatorResult:
    """Evaluate the whole catalogue, or one indicator, as at a report period.

    `period` defaults to the catalogue's latest report. Each indicator shows its latest
    period with a figure among those begun by the end of that period.
    """
    if observations is None:
        observations = read_observations(catalogue)
    if reports is None:
        reports = read_reports(catalogue) if catalogue.report_paths else {}
    when = as_at_period(catalogue, observations, parse_report_period(catalogue, period))
    report = reports.get(when)
    if indicator is not None:
        return evaluate_indicator(catalogue, catalogue.indicator(indicator), observations,
                                  when, report, analyses)
    return tuple(
        evaluate_indicator(catalogue, item, observations, when, report, analyses)
        for item in catalogue.indicators
    )
