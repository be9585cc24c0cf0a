"""Renderings of an audit: a reviewer's text listing, JSON for other tools, and JUnit
XML and SARIF for CI (one test case per indicator; one SARIF result per finding)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpirules.audit.findings import (
    AUDIT_CODES,
    ROUNDING_RULE,
    AuditReport,
    Finding,
    FindingSeverity,
)
from kpirules.render.ci import Annotation, Level, render_junit, render_sarif
from kpirules.text import escape_controls, json_text

__all__ = [
    "AUDIT_FORMATS",
    "finding_annotation",
    "render_audit",
    "render_audit_json",
    "render_audit_junit",
    "render_audit_sarif",
    "render_audit_text",
]

AUDIT_FORMATS = ("text", "json", "junit", "sarif")

_ORDER = (FindingSeverity.ERROR, FindingSeverity.WARNING, FindingSeverity.ROUNDING)


def _line(finding: Finding) -> str:
    who = finding.indicator + (f" [{finding.measure}]" if finding.measure else "")
    text = escape_controls(
        f"{finding.location}: {finding.severity}: {finding.code} {who}: {finding.message}")
    if finding.related:
        text += "\n    see also " + ", ".join(str(loc) for loc in finding.related)
    return text


def render_audit_text(report: AuditReport, *, title: str = "") -> str:
    """Findings grouped by severity, errors first, each with file:line and its evidence."""
    lines = [escape_controls(f"kpirules audit: {title} as at {report.as_at}").replace(
        ":  as", ": as"), ""]
    for severity in _ORDER:
        found = [f for f in report.findings if f.severity is severity]
        if not found:
            continue
        heading = {"error": "Errors: the report contradicts itself",
                   "warning": "Warnings: worth a look before the report goes out",
                   "rounding": "Rounding-level differences"}[severity.value]
        lines.append(f"{heading} ({len(found)})")
        lines.extend(_line(f) for f in found)
        lines.append("")
    if not report.findings:
        lines.append("No findings: every figure, arrow and rating checked is consistent.")
        lines.append("")
    lines.append(f"Rounding rule: {ROUNDING_RULE}")
    summary = ", ".join(f"{report.count(s)} {s.value}" for s in _ORDER)
    lines.append(f"Summary: {summary} ({len(report.findings)} findings)")
    return "\n".join(lines) + "\n"


def _record(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "title": finding.title,
        "severity": finding.severity.value,
        "indicator": finding.indicator,
        "measure": finding.measure,
        "periods": [str(p) for p in finding.periods],
        "message": finding.message,
        "published": finding.published,
        "expected": finding.expected,
        "computation": finding.computation,
        "location": {"path": finding.location.path, "line": finding.location.line,
                     "column": finding.location.column},
        "related": [str(loc) for loc in finding.related],
    }


def render_audit_json(report: AuditReport) -> str:
    payload = {
        "as_at": str(report.as_at),
        "rounding_rule": ROUNDING_RULE,
        "summary": report.summary,
        "findings": [_record(f) for f in report.findings],
    }
    return json_text(payload, indent=2) + "\n"


def finding_annotation(finding: Finding, *, strict: bool = False) -> Annotation:
    """Errors fail the run, and warnings too under --strict; rounding never does."""
    levels: dict[FindingSeverity, Level] = {
        FindingSeverity.ERROR: "error", FindingSeverity.WARNING: "warning",
        FindingSeverity.ROUNDING: "note"}
    level = levels[finding.severity]
    who = finding.indicator + (f" [{finding.measure}]" if finding.measure else "")
    return Annotation(
        code=finding.code, title=finding.title, level=level,
        message=f"{who}: {finding.message}", location=finding.location,
        fails=finding.severity is FindingSeverity.ERROR or (
            strict and finding.severity is FindingSeverity.WARNING),
        severity=finding.severity.value if finding.severity is FindingSeverity.ROUNDING else "",
        related=finding.related)


def render_audit_junit(report: AuditReport, indicators: Sequence[str], *,
                       strict: bool = False) -> str:
    """A test case per indicator audited, in report order, failed by its failing findings."""
    cases: dict[str, list[Annotation]] = {name: [] for name in indicators}
    for finding in report.findings:
        cases.setdefault(finding.indicator, []).append(finding_annotation(finding,
                                                                          strict=strict))
    return render_junit(f"kpirules audit {report.as_at}", cases, classname="kpirules.audit")


def render_audit_sarif(report: AuditReport, *, version: str, strict: bool = False) -> str:
    return render_sarif([finding_annotation(f, strict=strict) for f in report.findings],
                        version=version, rules=AUDIT_CODES)


def render_audit(report: AuditReport, format: str, *, title: str = "",
                 indicators: Sequence[str] = (), version: str = "",
                 strict: bool = False) -> str:
    """The audit in one of `AUDIT_FORMATS`."""
    if format == "json":
        return render_audit_json(report)
    if format == "junit":
        return render_audit_junit(report, indicators, strict=strict)
    if format == "sarif":
        return render_audit_sarif(report, version=version, strict=strict)
    if format == "text":
        return render_audit_text(report, title=title)
    raise ValueError(f"unknown format {format!r}")
