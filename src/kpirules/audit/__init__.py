"""The audit: recompute what a report publishes and flag every inconsistency.

    report = kpirules.audit.audit(catalogue)          # as at the latest report
    for finding in report.findings:
        print(finding.location, finding.code, finding.message)

Checks are listed in `AUDIT_CHECKS`; each finding names the indicator, the periods, the
figures, the expected value and how it was computed, and the data row it comes from.
Rounding-level differences are findings of their own severity (`ROUNDING_RULE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kpirules.api import evaluate, parse_report_period
from kpirules.audit.checks import AUDIT_CHECKS, AuditCheck, AuditContext
from kpirules.audit.findings import (
    AUDIT_CODES,
    ROUNDING_RULE,
    AuditReport,
    Finding,
    FindingSeverity,
)
from kpirules.benchmarks import BenchmarkSet, read_benchmarks
from kpirules.catalogue import Catalogue
from kpirules.evaluation.evaluate import as_at_period
from kpirules.evaluation.series import build_series
from kpirules.observations import ObservationSet, read_observations
from kpirules.periods import Period
from kpirules.reports import Report, read_reports

__all__ = [
    "AUDIT_CHECKS",
    "AUDIT_CODES",
    "ROUNDING_RULE",
    "AuditCheck",
    "AuditContext",
    "AuditReport",
    "Finding",
    "FindingSeverity",
    "audit",
]


def audit(
    catalogue: Catalogue,
    observations: ObservationSet | None = None,
    reports: Mapping[Period, Report] | None = None,
    *,
    period: str | Period | None = None,
    checks: Iterable[AuditCheck] = AUDIT_CHECKS,
    benchmarks: BenchmarkSet | None = None,
) -> AuditReport:
    """Every finding of every check over the data as published, as at a report period.
    Benchmark figures default to the catalogue's own benchmark files."""
    if observations is None:
        observations = read_observations(catalogue)
    if reports is None:
        reports = read_reports(catalogue) if catalogue.report_paths else {}
    if benchmarks is None:
        benchmarks = read_benchmarks(catalogue) if catalogue.benchmark_paths else BenchmarkSet()
    as_at = as_at_period(catalogue, observations, parse_report_period(catalogue, period))
    # A report is the organisation's: its home area's figures, or those with no area.
    home = catalogue.areas.home
    series = {
        (indicator.id, measure.id): build_series(
            measure, observations.for_measure(indicator.id, measure.id, home), catalogue)
        for indicator in catalogue.indicators
        for measure in indicator.measures
    }
    results = {r.indicator: r for r in evaluate(catalogue, observations, period=as_at,
                                                reports=reports, area=home,
                                                benchmarks=benchmarks)}
    context = AuditContext(catalogue, observations, reports.get(as_at), as_at, series, results,
                           benchmarks)
    findings: list[Finding] = []
    for check in checks:
        findings.extend(check(context))
    return AuditReport.of(as_at, findings)
