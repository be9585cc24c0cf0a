"""Benchmark figures: England's, a region's or a comparator group's, dated, from CSV files.

A catalogue declares its benchmarks (`benchmarks: {england: {label: England, area:
E92000001}}`) and keeps their figures in data files, one row per indicator, benchmark
and period:

| column | meaning |
|---|---|
| `indicator`, `measure` | the indicator (and measure) the figure benchmarks |
| `benchmark` | a benchmark id declared in the catalogue |
| `label` | the label as the source words it (`ASCOF England average`); else the benchmark's |
| `period` | a period in the indicator's calendar; empty for a figure given undated |
| `value` | the figure; empty with a no-value status, or on a row giving only a rank |
| `unit` | empty: the measure's; else its own (`percentage`, `rate per 1000 residents`) |
| `lower`, `upper`, `confidence` | its published confidence interval (at 0.95 unless given) |
| `numerator`, `denominator` | its counts, if published |
| `rank`, `of` | the indicator's own rank within the benchmark's group ("19 of 32") |
| `first` | which end of the group is ranked 1: `highest`, `lowest`; else the better end |
| `status` | as for observations: `final` (default), `provisional`, `not_yet_published`, ... |
| `ref` | a position in the source, to tell apart two rows that state one figure twice |
| `note` | free text: the period as the source words it, the source |

A figure in another unit than the measure's (a rate per 1,000 where the indicator
counts; London's percentage change) is kept and shown, but never compared with the
measure's value: `BenchmarkSet.find` passes it over, as it passes over undated figures.

Like the observation reader, every bad cell is an issue with file, row and column, and
nothing is dropped, coerced or guessed.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from kpirules.catalogue import Catalogue, Measure
from kpirules.csvsource import MAX_CSV_BYTES, open_csv, read_csv_bytes, syntax_issue
from kpirules.errors import DataError, PeriodError
from kpirules.issues import Issue, Location, Severity
from kpirules.models import BasicUnit, MoneyUnit, RateUnit, Unit
from kpirules.numbers import parse_decimal
from kpirules.observations import Status
from kpirules.paths import expand
from kpirules.periods import Period

__all__ = ["BENCHMARK_COLUMNS", "BenchmarkFigure", "BenchmarkSet", "parse_benchmark_csv",
           "parse_benchmark_files", "parse_unit", "read_benchmarks", "same_unit"]

BENCHMARK_COLUMNS = ("indicator", "measure", "benchmark", "label", "period", "value", "unit",
                     "lower", "upper", "confidence", "numerator", "denominator", "rank", "of",
                     "first", "status", "ref", "note")
_REQUIRED = ("indicator", "benchmark", "value")
_NUMBERS = ("value", "lower", "upper", "confidence", "numerator", "denominator", "rank", "of")
_MAX_BYTES = MAX_CSV_BYTES


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
    stated_label: str | None = None
    """The label as the source words it (`ASCOF England average`), when it differs."""
    unit: Unit | None = None
    """The figure's own unit when it is not the measure's; None when it is the measure's."""
    first: str | None = None
    """Which end of the group is ranked 1: `highest`, `lowest`, or None for the better end."""
    ref: str | None = None
    group: str | None = None
    """The comparator group a rank is within: the benchmark's declared `group`."""
    computed: Fraction | None = None
    """A figure kpirules computed (a group's mean), exactly; `value` is then its decimal
    for display, which may be rounded."""

    @property
    def exact(self) -> Fraction | None:
        if self.computed is not None:
            return self.computed
        return None if self.value is None else Fraction(self.value)

    @property
    def shown_label(self) -> str:
        """The label as the source words it, else the benchmark's."""
        return self.stated_label or self.label

    @property
    def comparable(self) -> bool:
        """Whether the figure can be set against the measure's value: dated, and in the
        measure's unit."""
        return self.period is not None and self.unit is None

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None


@dataclass(frozen=True)
class BenchmarkSet:
    """Benchmark figures by indicator and measure."""

    figures: tuple[BenchmarkFigure, ...] = ()

    def for_indicator(self, indicator: str) -> tuple[BenchmarkFigure, ...]:
        """Every figure for the indicator's measures, in the order of the files."""
        return tuple(f for f in self.figures if f.indicator == indicator)

    def for_measure(self, indicator: str, measure: str) -> tuple[BenchmarkFigure, ...]:
        return tuple(f for f in self.figures
                     if f.indicator == indicator and f.measure == measure)

    def find(self, indicator: str, measure: str, benchmark: str, period: Period, *,
             latest: bool = False) -> BenchmarkFigure | None:
        """The figure for `period`, or with `latest` the latest dated one at or before it.

        Only comparable figures are found (dated, in the measure's unit); of a figure
        stated twice, the row without a `ref` is the one used."""
        dated = [f for f in self.for_measure(indicator, measure)
                 if f.benchmark == benchmark and f.comparable
                 and f.period is not None and f.period.calendar is period.calendar]
        dated.sort(key=lambda f: f.ref is not None)
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
        data = read_csv_bytes(file, _MAX_BYTES)
        if isinstance(data, Issue):
            issues.append(data)
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
    opened = open_csv(data, path, _MAX_BYTES)
    if isinstance(opened, Issue):
        return [], [opened]
    columns = opened.columns
    issues: list[Issue] = []
    figures: list[BenchmarkFigure] = []
    try:
        problems = [_issue(f"unknown column '{name}'", Location(path, 1, i + 1), "KPI102")
                    for i, name in enumerate(columns) if name not in BENCHMARK_COLUMNS]
        problems += [_issue(f"missing column '{name}'", Location(path, 1), "KPI101")
                     for name in _REQUIRED if name not in columns]
        if problems:
            return [], problems
        for start, record in opened.records(path, issues):
            cells = {name: (cell.strip(), Location(path, start, i + 1))
                     for i, (name, cell) in enumerate(zip(columns, record, strict=True))
                     if cell.strip()}
            figure = _figure(cells, Location(path, start), catalogue, issues)
            if figure is not None:
                figures.append(figure)
    except csv.Error as exc:
        issues.append(syntax_issue(exc, path, opened.reader.line_num))
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
    elif declared.aggregate is not None:
        issues.append(_issue(f"benchmark '{benchmark_id}' is computed, the {declared.aggregate} "
                             f"of the group {declared.group}'s figures: it has no figures of "
                             "its own to give", at))
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
    unit: Unit | None = None
    if "unit" in cells and not measure_id:
        pass  # the measure is unknown, and that is reported already
    elif "unit" in cells:
        text, at = cells["unit"]
        try:
            unit = parse_unit(text, catalogue.spec.populations)
        except ValueError as exc:
            issues.append(_issue(f"unit '{text}': {exc}", at))
        else:
            own = _measure(indicator.measures, measure_id)
            if own is not None and same_unit(unit, own.unit):
                unit = None
    first: str | None = None
    if "first" in cells:
        first, at = cells["first"]
        if first not in ("highest", "lowest"):
            issues.append(_issue(f"first is 'highest' or 'lowest' (which end of the group is "
                                 f"ranked 1), not '{first}'", at))
        elif "rank" not in cells:
            issues.append(_issue("first says which end a rank counts from, but the row gives "
                                 "no rank", at, "KPI121"))
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
    stated = " ".join(cells["label"][0].split()) if "label" in cells else None
    rank, of = numbers.get("rank"), numbers.get("of")
    return BenchmarkFigure(
        indicator=indicator_id, measure=measure_id, benchmark=benchmark_id,
        label=declared.label, area=declared.area, period=period, value=numbers.get("value"),
        status=status, lower=numbers.get("lower"), upper=numbers.get("upper"),
        confidence=numbers.get("confidence", Decimal("0.95") if "lower" in numbers else None),
        numerator=numbers.get("numerator"), denominator=numbers.get("denominator"),
        rank=int(rank) if rank is not None else None, of=int(of) if of is not None else None,
        note=cells["note"][0] if "note" in cells else None, location=where,
        stated_label=stated if stated and stated != declared.label else None,
        unit=unit, first=first, ref=cells["ref"][0] if "ref" in cells else None,
        group=declared.group)


_KINDS = ("count", "percentage", "kg", "tonnes", "days", "score")


def parse_unit(text: str, populations: Mapping[str, object]) -> Unit:
    """A unit as a benchmark file writes it: a kind (`percentage`, `count`, `kg`,
    `tonnes`, `days`, `score`, `money`) or `rate per 1000 <population id>`."""
    words = text.split()
    if len(words) == 1 and words[0] in _KINDS:
        return BasicUnit.model_validate({"kind": words[0]})
    if words == ["money"]:
        return MoneyUnit(kind="money")
    if len(words) == 4 and words[:2] == ["rate", "per"]:
        per, population = words[2], words[3]
        if not per.isdigit() or int(per) == 0:
            raise ValueError(f"'{per}' is not a whole number of people to be per, e.g. 1000")
        if population not in populations:
            known = ", ".join(sorted(populations)) or "none are declared"
            raise ValueError(f"population '{population}' is not declared in the catalogue "
                             f"({known})")
        return RateUnit(kind="rate", per=int(per), population=population)
    raise ValueError("write a kind (count, percentage, kg, tonnes, days, score, money) or "
                     "'rate per <N> <population id>'; empty means the measure's unit")


def same_unit(one: Unit, other: Unit | None) -> bool:
    """Whether two units measure alike (what they are `of` aside)."""
    if other is None or one.kind != other.kind:
        return False
    if isinstance(one, RateUnit) and isinstance(other, RateUnit):
        return (one.per, one.population) == (other.per, other.population)
    if isinstance(one, MoneyUnit) and isinstance(other, MoneyUnit):
        return (one.currency, one.scale) == (other.currency, other.scale)
    return True


def _measure(measures: Sequence[Measure], measure_id: str) -> Measure | None:
    return next((m for m in measures if m.id == measure_id), None)


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
    seen: dict[tuple[str, str, str, Period | None, str | None, str | None],
               BenchmarkFigure] = {}
    issues = []
    for figure in figures:
        key = (figure.indicator, figure.measure, figure.benchmark, figure.period,
               figure.note if figure.period is None else None, figure.ref)
        first = seen.get(key)
        if first is not None and figure.period is not None:
            issues.append(_issue(f"a second {figure.benchmark} figure for {figure.indicator} "
                                 f"{figure.period} (the first is at {first.location})",
                                 figure.location or Location(""), "KPI106"))
        seen.setdefault(key, figure)
    return issues
