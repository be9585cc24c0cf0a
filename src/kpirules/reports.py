"""Report files: what a report published, and the judgements behind its ratings.

A report may be split across files (one per theme); files with the same `report`
period are merged. Every assessment is checked against the catalogue: the indicator
and measure exist, the period fits the indicator's calendar, and no indicator is
assessed twice in one report.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kpirules.catalogue import Catalogue
from kpirules.errors import DataError, PeriodError
from kpirules.issues import Issue, Location, Severity
from kpirules.models import Assessment, ReportSpec
from kpirules.paths import expand
from kpirules.periods import Calendar, Period
from kpirules.specfiles import validate_document
from kpirules.yamlsource import read_yaml

__all__ = ["LocatedAssessment", "Report", "parse_report_files", "read_reports"]

AssessmentKey = tuple[str, str | None]


@dataclass(frozen=True)
class LocatedAssessment:
    assessment: Assessment
    period: Period
    location: Location


@dataclass(frozen=True)
class Report:
    """One report: its as-at period and its assessments by indicator and measure."""

    period: Period
    title: str
    assessments: Mapping[AssessmentKey, LocatedAssessment]

    def assessment(self, indicator: str, measure: str | None = None) -> LocatedAssessment | None:
        return self.assessments.get((indicator, measure))


def _issue(code: str, message: str, location: Location) -> Issue:
    return Issue(code, Severity.ERROR, message, location)


def read_reports(catalogue: Catalogue, paths: Sequence[str | Path] | None = None
                 ) -> dict[Period, Report]:
    """The catalogue's reports by as-at period; raises `DataError` listing every problem."""
    reports, issues = parse_report_files(catalogue, paths)
    errors = [issue for issue in issues if issue.blocking]
    if errors:
        raise DataError(errors)
    return reports


def parse_report_files(
    catalogue: Catalogue, paths: Sequence[str | Path] | None = None
) -> tuple[dict[Period, Report], list[Issue]]:
    own = paths is None
    files, issues = expand(catalogue.report_paths if own else paths,  # type: ignore[arg-type]
                           (".yaml", ".yml"), code="KPI112", what="report file or folder",
                           root=catalogue.confined_to if own else None,
                           origins=catalogue.data_origins.get("reports") if own else None)
    default_calendar = Calendar(catalogue.spec.defaults.calendar.value)
    merged: dict[Period, tuple[str, dict[AssessmentKey, LocatedAssessment]]] = {}
    for file in files:
        checked = validate_document(read_yaml(file), ReportSpec)
        issues.extend(checked.issues)
        spec = checked.model
        if spec is None:
            continue
        document = checked.document
        try:
            as_at = Period.parse(spec.report, default_calendar)
        except PeriodError as exc:
            issues.append(_issue("KPI112", f"report period: {exc}", document.locate(("report",))))
            continue
        _, found = merged.setdefault(as_at, (spec.title, {}))
        for i, assessment in enumerate(spec.assessments):
            where = document.locate(("assessments", i))
            located = _check(catalogue, assessment, where, document, i, issues)
            if located is None:
                continue
            key = (assessment.indicator, assessment.measure)
            if key in found:
                issues.append(_issue("KPI106", f"{assessment.indicator} is assessed twice in "
                                     f"the {as_at} report (first at {found[key].location})",
                                     where))
                continue
            found[key] = located
    reports = {
        period: Report(period, title, MappingProxyType(found))
        for period, (title, found) in merged.items()
    }
    return reports, sorted(issues, key=Issue.sort_key)


def _check(catalogue: Catalogue, assessment: Assessment, where: Location, document: object,
           index: int, issues: list[Issue]) -> LocatedAssessment | None:
    locate = document.locate  # type: ignore[attr-defined]
    if assessment.indicator in catalogue.unchecked:
        return None  # its spec has errors; `validate --data` says its data is unchecked
    if not catalogue.has_indicator(assessment.indicator):
        ids = [indicator.id for indicator in catalogue.indicators]
        close = difflib.get_close_matches(assessment.indicator, ids, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        issues.append(_issue("KPI104", f"unknown indicator '{assessment.indicator}'{hint}",
                             locate(("assessments", index, "indicator"))))
        return None
    indicator = catalogue.indicator(assessment.indicator)
    if assessment.measure is not None and assessment.measure not in {
        m.id for m in indicator.measures
    }:
        issues.append(_issue("KPI111", f"{indicator.id} has no measure '{assessment.measure}'",
                             locate(("assessments", index, "measure"))))
        return None
    try:
        period = Period.parse(assessment.period, indicator.calendar)
    except PeriodError as exc:
        issues.append(_issue("KPI105", f"period does not fit {indicator.id}'s calendar: {exc}",
                             locate(("assessments", index, "period"))))
        return None
    judgement = assessment.judgement
    if judgement is not None and assessment.rag not in (None, judgement.rating.value):
        issues.append(_issue("KPI113", f"the judgement rates {judgement.rating.value} but the "
                             f"report printed {assessment.rag}",
                             locate(("assessments", index, "judgement", "rating"))))
        return None
    return LocatedAssessment(assessment, period, where)
