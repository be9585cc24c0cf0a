"""Renderings of an audit: a reviewer's text listing and JSON for other tools."""

from __future__ import annotations

import json
from typing import Any

from kpirules.audit.findings import ROUNDING_RULE, AuditReport, Finding, FindingSeverity

__all__ = ["render_audit_json", "render_audit_text"]

_ORDER = (FindingSeverity.ERROR, FindingSeverity.WARNING, FindingSeverity.ROUNDING)


def _line(finding: Finding) -> str:
    who = finding.indicator + (f" [{finding.measure}]" if finding.measure else "")
    text = f"{finding.location}: {finding.severity}: {finding.code} {who}: {finding.message}"
    if finding.related:
        text += "\n    see also " + ", ".join(str(loc) for loc in finding.related)
    return text


def render_audit_text(report: AuditReport, *, title: str = "") -> str:
    """Findings grouped by severity, errors first, each with file:line and its evidence."""
    lines = [f"kpirules audit: {title} as at {report.as_at}".replace(":  as", ": as"), ""]
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
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
