"""Validating a catalogue: every file read, every issue found, none raised.

`validate(paths)` reads the catalogue file and every indicator file under the given
paths, validates each against the models (issues located at the offending field), then
runs the cross-file checks. It returns a report; whether the report blocks is decided
by the caller (the CLI exits 1 on errors, or on warnings under `--strict`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kpirules.issues import Issue, Severity, has_blocking
from kpirules.specfiles import SpecSet, read_spec_set
from kpirules.validation.checks import DEFAULT_CHECKS, Check, run_checks

__all__ = ["DEFAULT_CHECKS", "Check", "ValidationReport", "validate", "validate_spec_set"]


@dataclass(frozen=True)
class ValidationReport:
    """What validation found, sorted by file, line and column."""

    issues: tuple[Issue, ...]
    files: int
    specs: SpecSet

    @property
    def errors(self) -> int:
        return sum(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def warnings(self) -> int:
        return sum(issue.severity is Severity.WARNING for issue in self.issues)

    @property
    def future(self) -> int:
        """Issues of checks that will become errors (errors now under --strict)."""
        return sum(issue.severity is Severity.FUTURE for issue in self.issues)

    def ok(self, *, strict: bool = False) -> bool:
        return not has_blocking(self.issues, strict=strict)


def validate_spec_set(specs: SpecSet, checks: Iterable[Check] = DEFAULT_CHECKS) -> ValidationReport:
    issues = specs.all_issues()
    issues.extend(run_checks(specs, checks))
    # Repeated issues are reported once; ties in place are ordered by message, so the
    # output is the same on every run (a set's order is not).
    ordered = tuple(sorted(set(issues), key=lambda issue: (*issue.sort_key(), issue.message)))
    return ValidationReport(ordered, specs.files, specs)


def validate(
    paths: Sequence[str | Path], checks: Iterable[Check] = DEFAULT_CHECKS, *,
    data_root: str | Path | None = None,
) -> ValidationReport:
    """Read and check every spec file under `paths`.

    The catalogue's areas files must lie inside its repository root, or `data_root`
    when the user widens it (`kpirules.paths`).
    """
    return validate_spec_set(read_spec_set(paths, data_root=data_root), checks)
