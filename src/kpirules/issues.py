"""Issues: what validation, data readers and the audit report instead of raising.

An issue has a stable code, a severity, a message and a location. Codes are listed in
`CODES` with a one-line title, so documentation and tests can check every code is known
and every known code is documented.

Severities: `error` blocks; `warning` does not; `future` marks a new check that will
become an error in a later version. It does not block yet, so upgrading kpirules never
breaks a build that passed, but `--strict` makes it an error now (`promote_future`).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from kpirules.text import escape_controls

__all__ = ["CODES", "Issue", "Location", "Severity", "has_blocking", "promote_future"]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    FUTURE = "future"
    """A new check that will be an error in a later version; an error under --strict."""

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file: 1-based line and column; 0 means "the whole file" or "unknown"."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        # A file name may hold a newline or an escape sequence: printed as escapes, it
        # can neither forge a `path:line:col: error:` line nor rewrite a terminal.
        path = escape_controls(self.path)
        if self.line <= 0:
            return path
        if self.column <= 0:
            return f"{path}:{self.line}"
        return f"{path}:{self.line}:{self.column}"


# Stable codes. Never renumber: CI configurations and suppressions refer to them.
CODES: dict[str, str] = {
    # Reading YAML (KPI00x)
    "KPI001": "YAML syntax error",
    "KPI002": "duplicate key",
    "KPI003": "anchors and aliases are not allowed",
    "KPI004": "tag not allowed",
    "KPI005": "file is not valid UTF-8",
    "KPI006": "file too large",
    "KPI007": "YAML 1.1 implicit boolean",
    "KPI008": "number written in a form that is not plain decimal",
    "KPI009": "file cannot be read",
    # Schema (KPI01x)
    "KPI010": "required field missing",
    "KPI011": "unknown field",
    "KPI012": "invalid value",
    "KPI013": "wrong type",
    "KPI014": "document is not a mapping",
    "KPI015": "number out of range (too large, or too many decimal places)",
    # References across files (KPI02x)
    "KPI020": "duplicate indicator id",
    "KPI021": "unknown theme",
    "KPI022": "unknown population",
    "KPI023": "comparator period does not exist",
    "KPI024": "no catalogue file",
    "KPI025": "unknown measure",
    "KPI026": "indicator file outside its theme folder",
    "KPI027": "population has no figure for a year the spec uses",
    # Expressions (KPI03x)
    "KPI030": "expression is not valid",
    "KPI031": "unknown name in expression",
    "KPI032": "expression has the wrong type",
    # Targets (KPI04x)
    "KPI040": "target type does not suit the polarity",
    "KPI041": "band low is not below high",
    "KPI042": "target year does not fit the calendar",
    "KPI043": "profile length does not match the frequency",
    "KPI044": "polarity needs a target of another kind",
    # RAG and DOT (KPI05x)
    "KPI050": "RAG rules do not always give one rating",
    "KPI051": "tolerance does not suit the unit",
    "KPI052": "RAG rule uses a name that is not available",
    "KPI053": "tolerance gives both points and absolute for a percentage",
    # Measures, breakdowns, aggregation (KPI06x)
    "KPI060": "duplicate measure or breakdown id",
    "KPI061": "aggregation does not suit the frequency",
    "KPI062": "headline is not one of the measures",
    "KPI063": "rated breakdown does not suit its measure",
    # Areas and comparator groups (KPI07x)
    "KPI070": "duplicate area code, group id or home area",
    "KPI071": "unknown area type",
    "KPI072": "unknown area code",
    "KPI073": "comparator group is not well formed",
    "KPI074": "unknown comparator group",
    # Statistical process control (KPI09x)
    "KPI090": "SPC on an annual series",
    "KPI091": "method reads an SPC chart the measure does not declare",
    "KPI092": "rebase period is not in the measure's series",
    "KPI093": "SPC baseline is not a range of the measure's periods",
    "KPI094": "too few points for SPC limits",
    # Statistics (KPI08x)
    "KPI080": "unknown benchmark",
    "KPI081": "interval needs counts the measure does not have",
    "KPI082": "interval method does not suit the unit",
    "KPI083": "comparison needs an interval or a polarity it does not have",
    "KPI084": "recent trend needs an interval",
    "KPI085": "floor is not on the worse side of the target",
    "KPI086": "statistics and rating compare with different benchmarks",
    "KPI087": "benchmark figures in a spec: they belong in a benchmark file",
    "KPI088": "an aggregate benchmark needs a comparator group",
    # Observations and reports (KPI1xx)
    "KPI100": "data file cannot be read",
    "KPI101": "missing column",
    "KPI102": "unknown column",
    "KPI103": "figure is not a plain decimal number",
    "KPI104": "unknown indicator",
    "KPI105": "period does not fit the indicator's calendar",
    "KPI106": "duplicate row for the same key",
    "KPI107": "negative count",
    "KPI108": "population or denominator is zero or negative",
    "KPI109": "status does not agree with the figure",
    "KPI110": "unknown status",
    "KPI111": "unknown measure, breakdown, quantity or source",
    "KPI112": "report file is not valid",
    "KPI113": "judgement without a reason",
    "KPI114": "data not checked: the indicator's spec has errors",
    "KPI115": "unknown area",
    "KPI190": "path outside the repository root (a data path, or a link among specs)",
    "KPI191": "folder too large or too deep to walk",
    # Benchmark files (KPI12x)
    "KPI120": "benchmark row is not valid",
    "KPI121": "benchmark figures do not agree with each other",
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found, with where it is and how serious it is."""

    code: str
    severity: Severity
    message: str
    location: Location

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown issue code {self.code!r}")

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """GCC style: ``path:line:col: error: KPI012 message``, always one line (control
        characters in the path or message are written as escapes)."""
        return f"{self.location}: {self.severity}: {self.code} {escape_controls(self.message)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)


def has_blocking(issues: Iterable[Issue], *, strict: bool = False) -> bool:
    """True when any issue is an error, or any issue at all under `strict`."""
    items = list(issues)
    if strict:
        return bool(items)
    return any(issue.blocking for issue in items)


def promote_future(issues: Iterable[Issue]) -> list[Issue]:
    """The issues with every `future` one made an error, as `--strict` asks."""
    return [
        dataclasses.replace(issue, severity=Severity.ERROR,
                            message=f"{issue.message} [a future error, made an error by --strict]")
        if issue.severity is Severity.FUTURE else issue
        for issue in issues
    ]
