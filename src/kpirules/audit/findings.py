"""Audit findings: what a published report gets wrong, each with its evidence."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from kpirules.issues import Location
from kpirules.periods import Period

__all__ = ["AUDIT_CODES", "ROUNDING_RULE", "AuditReport", "Finding", "FindingSeverity"]

ROUNDING_RULE = (
    "A difference is rounding-level when the published figure is less than one unit of its "
    "last decimal place from the exact value computed from its parts (for example 72.95 "
    "printed as 72.9, which round-half-even or truncation would give, or a total of figures "
    "that were themselves rounded); figures are otherwise expected to equal the exact value "
    "rounded half away from zero to the published precision."
)


class FindingSeverity(enum.StrEnum):
    ERROR = "error"
    """The report contradicts itself beyond rounding."""
    WARNING = "warning"
    """Questionable: worth a reviewer's look before the report goes out."""
    ROUNDING = "rounding"
    """A rounding-level difference, under the rounding rule."""


# Stable codes, one per check. Never renumber.
AUDIT_CODES: dict[str, str] = {
    "AUD001": "published ratio or rate does not follow from its numerator and denominator",
    "AUD002": "year-to-date figure is not the combination of its periods",
    "AUD003": "combined year-to-date figure lies outside the range of its parts",
    "AUD004": "figure does not equal the sum of its parts stated elsewhere",
    "AUD005": "the same figure is stated differently in two places",
    "AUD006": "population implied by a rate jumps between periods",
    "AUD007": "history figure disagrees with the table",
    "AUD010": "published arrow contradicts the values and polarity",
    "AUD011": "no arrow published where one is computable",
    "AUD012": "arrow published where none is computable",
    "AUD020": "rating published without a target",
    "AUD021": "published rating explained by neither the rule nor a recorded judgement",
    "AUD022": "rating published for a period whose target is n/a",
    "AUD023": "published rating is for another period than the latest with data",
    "AUD030": "breakdown table repeats a row",
    "AUD031": "breakdown total disagrees with the headline figure",
    "AUD040": "published confidence limit disagrees with the recomputed one",
    "AUD041": "published significance disagrees with the recomputed comparison",
    "AUD050": "published rank disagrees with the comparator group's figures",
}


@dataclass(frozen=True)
class Finding:
    """One inconsistency, with the figures, the expected value and how it was computed."""

    code: str
    severity: FindingSeverity
    indicator: str
    measure: str | None
    periods: tuple[Period, ...]
    message: str
    location: Location
    published: str | None = None
    expected: str | None = None
    computation: str | None = None
    related: tuple[Location, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.code not in AUDIT_CODES:
            raise ValueError(f"unknown audit code {self.code!r}")

    @property
    def title(self) -> str:
        return AUDIT_CODES[self.code]

    def sort_key(self) -> tuple[object, ...]:
        return (self.location.path, self.location.line, self.code, self.message)


@dataclass(frozen=True)
class AuditReport:
    """Every finding of an audit, in file order, with a summary by severity."""

    as_at: Period
    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, as_at: Period, findings: Iterable[Finding]) -> AuditReport:
        unique = {(f.code, f.location, f.message): f for f in findings}
        return cls(as_at, tuple(sorted(unique.values(), key=Finding.sort_key)))

    def count(self, severity: FindingSeverity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def summary(self) -> dict[str, int]:
        return {severity.value: self.count(severity) for severity in FindingSeverity}
