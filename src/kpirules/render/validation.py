"""Validation issues as text: GCC-style lines, JSON, GitHub annotations, JUnit, SARIF.

`--strict` has been applied before these see the issues (future issues promoted to
errors); `strict` here only decides which warnings fail the run.
"""

from __future__ import annotations

from collections.abc import Sequence

from kpirules.issues import CODES, Issue, Severity
from kpirules.render.ci import Annotation, Level, render_junit, render_sarif
from kpirules.text import escape_controls, json_text

__all__ = [
    "VALIDATION_FORMATS",
    "github_property",
    "issue_annotation",
    "render_issues",
    "validation_summary",
]

VALIDATION_FORMATS = ("text", "json", "github", "junit", "sarif")


def issue_annotation(issue: Issue, *, strict: bool = False) -> Annotation:
    level: Level = "error" if issue.severity is Severity.ERROR else "warning"
    return Annotation(
        code=issue.code, title=CODES[issue.code], level=level, message=issue.message,
        location=issue.location, fails=issue.blocking or strict,
        severity="future" if issue.severity is Severity.FUTURE else "")


def validation_summary(issues: Sequence[Issue], files: int) -> str:
    """`N file(s) checked: 1 error(s), 0 warning(s)` (and the future ones, if any)."""
    if not issues:
        return f"{files} file(s) checked: ok"
    counts = {severity: sum(i.severity is severity for i in issues) for severity in Severity}
    words = f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s)"
    if counts[Severity.FUTURE]:
        words += f", {counts[Severity.FUTURE]} future error(s)"
    return f"{files} file(s) checked: {words}"


def render_issues(issues: Sequence[Issue], format: str, *, files: Sequence[str],
                  version: str, strict: bool = False) -> str:
    """The issues in one of `VALIDATION_FORMATS`; `files` are every file checked."""
    if format == "json":
        return _json(issues, len(files))
    if format == "github":
        return "".join(_github(i) + "\n" for i in issues)
    if format == "junit":
        cases: dict[str, list[Annotation]] = {name: [] for name in files}
        for issue in issues:
            cases.setdefault(issue.location.path, []).append(issue_annotation(issue,
                                                                              strict=strict))
        return render_junit("kpirules validate", cases, classname="kpirules.validate")
    if format == "sarif":
        return render_sarif([issue_annotation(i, strict=strict) for i in issues],
                            version=version, rules=CODES)
    if format == "text":
        return "".join(i.format() + "\n" for i in issues)
    raise ValueError(f"unknown format {format!r}")


def _json(issues: Sequence[Issue], files: int) -> str:
    payload = {
        "files": files,
        "errors": sum(i.severity is Severity.ERROR for i in issues),
        "warnings": sum(i.severity is Severity.WARNING for i in issues),
        "future": sum(i.severity is Severity.FUTURE for i in issues),
        "issues": [
            {"path": i.location.path, "line": i.location.line, "column": i.location.column,
             "severity": str(i.severity), "code": i.code, "message": i.message}
            for i in issues
        ],
    }
    return json_text(payload, indent=2) + "\n"


def _github(issue: Issue) -> str:
    level = "error" if issue.blocking else "warning"
    message = escape_controls(issue.message, allowed="\r\n")
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    place = f"file={github_property(issue.location.path)}"
    if issue.location.line:
        place += f",line={issue.location.line}"
    if issue.location.column:
        place += f",col={issue.location.column}"
    title = issue.code + (" (future error)" if issue.severity is Severity.FUTURE else "")
    return f"::{level} {place},title={github_property(title)}::{message}"


def github_property(value: str) -> str:
    """GitHub's workflow-command escaping for a property value."""
    value = escape_controls(value, allowed="\r\n")
    for raw, escaped in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"),
                         (",", "%2C")):
        value = value.replace(raw, escaped)
    return value
