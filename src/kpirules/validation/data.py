"""Checking a catalogue's data files against the specs that validated.

A broken spec must not hide every problem in the figures: the data of each indicator
whose spec validated is checked, and each indicator whose spec has errors is named as
not checked (KPI114), so nothing is skipped silently. Only a broken catalogue file
stops the data being checked at all, because every data path and default is in it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from kpirules.benchmarks import parse_benchmark_files
from kpirules.catalogue import build_catalogue
from kpirules.issues import Issue, Location, Severity
from kpirules.models import IndicatorSpec
from kpirules.observations import ObservationSet, parse_observation_files
from kpirules.paths import expand
from kpirules.reports import parse_report_files
from kpirules.specfiles import SpecFile, SpecSet
from kpirules.validation import ValidationReport
from kpirules.validation.spc import spc_data_issues

__all__ = ["DataCheck", "check_data"]


@dataclass(frozen=True)
class DataCheck:
    """What checking the data found, and which files and indicators it covered."""

    issues: tuple[Issue, ...]
    files: tuple[str, ...]
    """The observation and report files read."""
    unchecked: tuple[str, ...]
    """Indicators whose data was not checked because their specs have errors."""


def check_data(report: ValidationReport, *, data_root: str | Path | None = None) -> DataCheck:
    """The issues of the data files of every indicator whose spec validated.

    Data paths must stay inside the catalogue's repository root, or `data_root` when
    the user widens it (`kpirules.paths`).
    """
    specs = report.specs
    broken = {issue.location.path for issue in report.issues if issue.blocking}
    catalogue_file = specs.catalogue
    if catalogue_file is None or catalogue_file.model is None or \
            catalogue_file.path in broken or any(
                issue.blocking and issue.location.path in ("", ".") for issue in report.issues):
        where = Location(catalogue_file.path if catalogue_file else ".")
        return DataCheck((Issue("KPI114", Severity.WARNING,
                                "no data checked: the catalogue file has errors, and every "
                                "data path and default is in it", where),), (), ())
    good = tuple(f for f in specs.indicators if f.model is not None and f.path not in broken)
    left_out = [f for f in specs.indicators if f not in good]
    unchecked = {name: f for f in left_out if (name := _indicator_id(f)) is not None}
    catalogue = dataclasses.replace(
        build_catalogue(SpecSet(catalogue_file, good, specs.issues, specs.areas)),
        unchecked=frozenset(unchecked),
        data_root=Path(os.path.realpath(data_root)) if data_root is not None else None)
    observations, observation_issues = parse_observation_files(catalogue)
    _, report_issues = parse_report_files(catalogue)
    _, benchmark_issues = parse_benchmark_files(catalogue)
    issues = [
        Issue("KPI114", Severity.WARNING,
              f"the data of '{name}' was not checked, because its spec has errors",
              Location(file.path))
        for name, file in sorted(unchecked.items())
    ]
    issues.extend(observation_issues)
    issues.extend(report_issues)
    issues.extend(spc_data_issues(SpecSet(catalogue_file, good, specs.issues, specs.areas),
                                  catalogue, ObservationSet(observations)))
    issues.extend(benchmark_issues)
    root = catalogue.confined_to
    files = [*expand(catalogue.observation_paths, (".csv", ".yaml", ".yml"), code="KPI100",
                     what="observation file or folder", root=root)[0],
             *expand(catalogue.report_paths, (".yaml", ".yml"), code="KPI112",
                     what="report file or folder", root=root)[0],
             *expand(catalogue.benchmark_paths, (".csv",), code="KPI100",
                     what="benchmark file or folder", root=root)[0]]
    return DataCheck(tuple(issues), tuple(str(p) for p in files), tuple(sorted(unchecked)))


def _indicator_id(file: SpecFile[IndicatorSpec]) -> str | None:
    """The id a broken spec file declares, read from its YAML where the model failed."""
    if file.model is not None:
        return file.model.id
    data = file.document.to_python() if file.document.ok else None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"])
    return None
