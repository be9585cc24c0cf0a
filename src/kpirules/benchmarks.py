"""Benchmark figures: England's, a region's or a comparator group's, dated, from CSV files.

A catalogue declares its benchmarks (`benchmarks: {england: {label: England, area:
E92000001}}`) and keeps their figures in data files, one row per indicator, benchmark
and period:

| column | meaning |
|---|---|
| `indicator`, `measure` | the indicator (and measure) the figure benchmarks |
| `benchmark` | a benchmark id declared in the catalogue |
| `period` | a period in the indicator's calendar; empty for a figure given undated |
| `value` | the benchmark's figure, in the indicator's unit; empty with a no-value status |
| `lower`, `upper`, `confidence` | its published confidence interval (at 0.95 unless given) |
| `numerator`, `denominator` | its counts, if published |
| `rank`, `of` | the indicator's own rank within the group ("19 of 32") |
| `status` | as for observations: `final` (default), `provisional`, `not_yet_published`, ... |
| `note` | free text: the period as the source words it, the source |

Like the observation reader, every bad cell is an issue with file, row and column, and
nothing is dropped, coerced or guessed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from kpirules.catalogue import Catalogue
from kpirules.errors import DataError, PeriodError
from kpirules.issues import Issue, Location, Severity
from kpirules.numbers import parse_decimal
from kpirules.observations import Status
from kpirules.paths import FileRefused, expand, read_bounded
from kpirules.periods import Period

__all__ = ["BENCHMARK_COLUMNS", "BenchmarkFigure", "BenchmarkSet", "parse_benchmark_csv",
           "parse_benchmark_files", "read_benchmarks"]

BENCHMARK_COLUMNS = ("indicator", "measure", "benchmark", "period", "value", "lower", "upper",
                     "confidence", "numerator", "denominator", "rank", "of", "status", "note")
_REQUIRED = ("indicator", "benchmark", "value")
_NUMBERS = ("value", "lower", "upper", "confidence", "numerator", "denominator", "rank", "of")
_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class BenchmarkFigure:
    """One benchmark's figure for one indicator and period."""

    indicator: str
    measure: str
    benchmark: str
    label: str
    """The benchmark's label from the catalogue: `England`."""
    area: str | None
    period: Period | None
    """None for a figure the source gives without a period."""
    value: Decimal | None
    status: Status
    lower: Decimal | None = None
    upper: Decimal | None = None
    confidence: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    rank: int | None = None
    of: int | None = None
    note: str | None = None
    location: Location | None = None

    @property
    def exact(self) -> Fraction | None:
        return None if self.value is None else Fraction(self.value)

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None


@dataclass(frozen=True)
class BenchmarkSet:
    """Benchmark figures by indicator and measure."""

    figures: tuple[BenchmarkFigure, ...] = ()

    def for_measure(self, indicator: str, measure: str) -> tuple[BenchmarkFigure, ...]:
        return tuple(f for f in self.figures
                     if f.indicator == indicator and f.measure == measure)

    def find(self, indicator: str, measure: str, benchmark: str, period: Period, *,
             latest: bool = False) -> BenchmarkFigure | None:
        """The figure for `period`, or with `latest` the latest dated one at or before it."""
        dated = [f for f in self.for_measure(indicator, measure)
                 if f.benchmark == benchmark and f.period is not None
                 and f.period.calendar is period.calendar]
        same = [f for f in dated if f.period == period]
        if same or not latest:
            return same[0] if same else None
        earlier = [f for f in dated if f.period is not None and f.period.end <= period.end
                   and f.value is not None]
        return max(earlier, key=lambda f: (f.period.end, f.period.start)  # type: ignore[union-attr]
                   ) if earlier else None


def read_benchmarks(catalogue: Catalogue, paths: Sequence[str | Path] | None = None
                    ) -> BenchmarkSet:
    """Read the catalogue's benchmark files (or `paths`); raise `DataError` on any error."""
    figures, issues = parse_benchmark_files(catalogue, paths)
    errors = [issue for issue in issues if issue.blocking]
    if errors:
        raise DataError(errors)
    return BenchmarkSet(tuple(figures))


def parse_benchmark_files(catalogue: Catalogue, paths: Sequence[str | Path] | None = None
                          ) -> tuple[list[BenchmarkFigure], list[Issue]]:
    """Every figure that passed and every issue found, across files."""
    own = paths is None
    files, issues = expand(catalogue.benchmark_paths if own else paths,  # type: ignore[arg-type]
                           (".csv",), code="KPI100", what="benchmark file or folder",
                           root=catalogue.confined_to if own else None,
                           origins=catalogue.data_origins.get("benchmarks") if own else None)
    figures: list[BenchmarkFigure] = []
    for file in files:
        try:
            data = read_bounded(file, _MAX_BYTES)
        except FileRefused as exc:
            issues.append(Issue("KPI100", Severity.ERROR, f"file not read: {exc}",
                                Location(str(file))))
            continue
        except OSError as exc:
            issues.append(Issue("KPI100", Severity.ERROR,
                                f"cannot read file: {exc.strerror or exc}", Location(str(file))))
            continue
        found, problems = parse_benchmark_csv(data, str(file), catalogue)
        figures.extend(found)
        issues.extend(problems)
    issues.extend(_duplicates(figures))
    return figures, sorted(issues, key=Issue.sort_key)


def _issue(message: str, location: Location, code: str = "KPI120") -> Issue:
    return Issue(code, Severity.ERROR, message, location)


def parse_benchmark_csv(data: bytes | str, path: str, catalogue: Catalogue
                        ) -> tuple[list[BenchmarkFigure], list[Issue]]:
    """The figures and issues of one benchmark CSV text."""
    if isinstance(data, bytes):
        if len(data) > _MAX_BYTES:
            return [], [_issue(f"file is larger than {_MAX_BYTES:,} bytes", Location(path),
                               "KPI100")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            return [], [_issue(f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                               Location(path, line), "KPI100")]
    else:
        text = data
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    issues: list[Issue] = []
    figures: list[BenchmarkFigure] = []
    try:
        header = next(reader, None)
        if header is None:
            return [], [_issue("empty file: expected a header row", Location(path, 1),
                               "KPI101")]
        columns = [name.strip() for name in header]
        problems = [_issue(f"unknown column '{name}'", Location(path, 1, i + 1), "KPI102")
                    for i, name in enumerate(columns) if name not in BENCHMARK_COLUMNS]
        problems += [_issue(f"missing column '{name}'", Location(path, 1), "KPI101")
                     for name in _REQUIRED if name not in columns]
        if problems:
            return [], problems
        line = reader.line_num
        for record in reader:
            start = line + 1
            line = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != len(columns):
                issues.append(_issue(f"row has {len(record)} fields but the header has "
                                     f"{len(columns)}", Location(path, start), "KPI100"))
                continue
            cells = {name: (cell.strip(), Location(path, start, i + 1))
                     for i, (name, cell) in enumerate(zip(columns, record, strict=True))
                     if cell.strip()}
            figure = _figure(cells, Location(path, start), catalogue, issues)
            if figure is not None:
                figures.append(figure)
    except csv.Error as exc:
        issues.append(_issue(f"CSV syntax error: {exc}", Location(path, reader.line_num),
                             "KPI100"))
    return figures, issues


Cells = Mapping[str, tuple[str, Location]]


def _figure(cells: Cells, where: Location, catalogue: Catalogue, issues: list[Issue]
            ) -> BenchmarkFigure | None:
    before = len(issues)
    indicator_id, at = cells.get("indicator", ("", where))
    if not catalogue.has_indicator(indicator_id):
        issues.append(_issue(f"unknown indicator '{indicator_id}'", at, "KPI104"))
        return None
    indicator = catalogue.indicator(indicator_id)
    measure_id, at = cells.get("measure", ("", where))
    measures = [m.id for m in indicator.measures]
    if not measure_id:
        measure_id = measures[0] if not indicator.multi_measure else ""
        if not measure_id:
            issues.append(_issue(f"{indicator_id} has several measures; name one of "
                                 f"{', '.join(measures)}", where, "KPI111"))
    elif measure_id not in measures:
        issues.append(_issue(f"{indicator_id} has no measure '{measure_id}'", at, "KPI111"))
    benchmark_id, at = cells.get("benchmark", ("", where))
    declared = catalogue.spec.benchmarks.get(benchmark_id)
    if declared is None:
        known = ", ".join(sorted(catalogue.spec.benchmarks)) or "none are declared"
        issues.append(_issue(f"unknown benchmark '{benchmark_id}' (the catalogue declares "
                             f"{known})", at, "KPI080"))
    period: Period | None = None
    if "period" in cells:
        text, at = cells["period"]
        try:
            period = Period.parse(text, indicator.calendar)
        except PeriodError as exc:
            issues.append(_issue(f"period '{text}': {exc}", at, "KPI105"))
    numbers: dict[str, Decimal] = {}
    for name in _NUMBERS:
        if name in cells:
            text, at = cells[name]
            try:
                numbers[name] = parse_decimal(text)
            except ValueError as exc:
                issues.append(_issue(str(exc), at, "KPI103"))
    status = Status.FINAL
    if "status" in cells:
        text, at = cells["status"]
        try:
            status = Status(text)
        except ValueError:
            issues.append(_issue(f"unknown status '{text}'", at, "KPI110"))
    _consistent(cells, numbers, status, where, issues)
    if len(issues) > before:
        return None
    assert declared is not None
    rank, of = numbers.get("rank"), numbers.get("of")
    return BenchmarkFigure(
        indicator=indicator_id, measure=measure_id, benchmark=benchmark_id,
        label=declared.label, area=declared.area, period=period, value=numbers.get("value"),
        status=status, lower=numbers.get("lower"), upper=numbers.get("upper"),
        confidence=numbers.get("confidence", Decimal("0.95") if "lower" in numbers else None),
        numerator=numbers.get("numerator"), denominator=numbers.get("denominator"),
        rank=int(rank) if rank is not None else None, of=int(of) if of is not None else None,
        note=cells["note"][0] if "note" in cells else None, location=where)


def _consistent(cells: Cells, numbers: Mapping[str, Decimal], status: Status, where: Location,
                issues: list[Issue]) -> None:
    def at(name: str) -> Location:
        return cells[name][1] if name in cells else where

    value = numbers.get("value")
    if value is None and status.has_value and "value" not in cells and "rank" not in numbers:
        issues.append(_issue(f"no value, but the status is '{status}': give the figure, or "
                             "a status such as not_yet_published", at("value"), "KPI109"))
    if value is not None and not status.has_value:
        issues.append(_issue(f"a value with the status '{status}', which has none",
                             at("status"), "KPI109"))
    lower, upper = numbers.get("lower"), numbers.get("upper")
    if (lower is None) != (upper is None):
        issues.append(_issue("give both lower and upper, or neither", at("lower")))
    if lower is not None and upper is not None and value is not None \
            and not lower <= value <= upper:
        issues.append(_issue(f"the interval {lower} to {upper} does not contain the value "
                             f"{value}", at("lower"), "KPI121"))
    confidence = numbers.get("confidence")
    if confidence is not None and not 0 < confidence < 1:
        issues.append(_issue("confidence is a level between 0 and 1, e.g. 0.95",
                             at("confidence")))
    for name in ("numerator", "denominator"):
        if name in numbers and numbers[name] < 0:
            issues.append(_issue(f"{name} must not be negative", at(name), "KPI107"))
    if "denominator" in numbers and numbers["denominator"] == 0:
        issues.append(_issue("denominator must be greater than zero", at("denominator"),
                             "KPI108"))
    for name in ("rank", "of"):
        if name in numbers and (numbers[name] < 1 or numbers[name] != int(numbers[name])):
            issues.append(_issue(f"{name} is a whole number from 1", at(name)))
    rank, of = numbers.get("rank"), numbers.get("of")
    if (rank is None) != (of is None):
        issues.append(_issue("give both rank and of (19 of 32), or neither", at("rank")))
    elif rank is not None and of is not None and rank > of:
        issues.append(_issue(f"rank {rank} is beyond the {of} in the group", at("rank"),
                             "KPI121"))


def _duplicates(figures: Sequence[BenchmarkFigure]) -> list[Issue]:
    seen: dict[tuple[str, str, str, Period | None, str | None], BenchmarkFigure] = {}
    issues = []
    for figure in figures:
        key = (figure.indicator, figure.measure, figure.benchmark, figure.period,
               figure.note if figure.period is None else None)
        first = seen.get(key)
        if first is not None and figure.period is not None:
            issues.append(_issue(f"a second {figure.benchmark} figure for {figure.indicator} "
                                 f"{figure.period} (the first is at {first.location})",
                                 figure.location or Location(""), "KPI106"))
        seen.setdefault(key, figure)
    return issues
