"""Reading observation files (CSV, or YAML for hand-kept figures) against a catalogue.

Every row is checked on its own and every problem is reported with its file, row and
column; nothing is dropped, coerced or guessed. A file with errors yields no rows at
all from the public entry point (`read_observations` raises `DataError` listing every
issue), so a report is never produced from half a file.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpirules._bulk import bulk
from kpirules.catalogue import Catalogue, Indicator
from kpirules.csvsource import MAX_CSV_BYTES, open_csv, read_csv_bytes, syntax_issue
from kpirules.errors import DataError, PeriodError
from kpirules.issues import Issue, Location, Severity
from kpirules.models import BasicUnit, Frequency, Span
from kpirules.numbers import bound_problem, parse_decimal
from kpirules.observations.model import Observation, Source, Status
from kpirules.observations.store import ObservationSet
from kpirules.paths import expand
from kpirules.periods import Grain, Period
from kpirules.yamlsource import YamlMap, YamlScalar, YamlSeq, read_yaml

__all__ = [
    "AREA_COLUMNS",
    "COLUMNS",
    "parse_observation_files",
    "parse_observations_csv",
    "read_observations",
]

COLUMNS = ("indicator", "measure", "period", "span", "breakdown", "category", "quantity",
           "figure", "status", "source", "ref", "note")
"""The columns of a file of one organisation's figures."""
AREA_COLUMNS = (*COLUMNS, "area")
"""Every column a file may have: `area` is for catalogues that declare areas."""
_REQUIRED = ("indicator", "period", "figure")
_MAX_BYTES = MAX_CSV_BYTES
_COUNT_QUANTITIES = ("numerator", "denominator")

Place = Location | tuple[str, int, int]
"""Where a field is: a `Location`, or (path, line, column) of a CSV cell, made into a
`Location` only for an issue (a file of many rows has few issues)."""
Field = tuple[Any, Place]


def _issue(code: str, message: str, location: Place) -> Issue:
    if location.__class__ is tuple:
        location = Location(*location)
    return Issue(code, Severity.ERROR, message, location)  # type: ignore[arg-type]


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_observations(catalogue: Catalogue, paths: Sequence[str | Path] | None = None
                      ) -> ObservationSet:
    """Read the catalogue's observation files (or `paths`); raise `DataError` on any error."""
    with bulk():
        rows, issues = parse_observation_files(catalogue, paths)
    errors = [issue for issue in issues if issue.blocking]
    if errors:
        raise DataError(errors)
    return ObservationSet(rows)


def parse_observation_files(
    catalogue: Catalogue, paths: Sequence[str | Path] | None = None
) -> tuple[list[Observation], list[Issue]]:
    """Every row that passed and every issue found, across files, duplicates included."""
    own = paths is None
    files, issues = expand(catalogue.observation_paths if own else paths,  # type: ignore[arg-type]
                           (".csv", ".yaml", ".yml"), code="KPI100",
                           what="observation file or folder",
                           root=catalogue.confined_to if own else None,
                           origins=catalogue.data_origins.get("observations") if own else None)
    builder = RowBuilder(catalogue)
    rows: list[Observation] = []
    for file in files:
        if file.suffix == ".csv":
            data = read_csv_bytes(file, _MAX_BYTES)
            if isinstance(data, Issue):
                issues.append(data)
                continue
            found, problems = parse_observations_csv(data, str(file), builder)
        else:
            found, problems = _parse_yaml(file, builder)
        rows.extend(found)
        issues.extend(problems)
    issues.extend(builder.duplicate_issues())
    return rows, sorted(issues, key=Issue.sort_key)


def parse_observations_csv(
    data: bytes | str, path: str, builder: RowBuilder | Catalogue
) -> tuple[list[Observation], list[Issue]]:
    """Rows and issues of one CSV text."""
    own_builder = isinstance(builder, Catalogue)
    if isinstance(builder, Catalogue):
        builder = RowBuilder(builder)
    opened = open_csv(data, path, _MAX_BYTES)
    if isinstance(opened, Issue):
        return [], [opened]
    columns = opened.columns
    issues: list[Issue] = []
    rows: list[Observation] = []
    try:
        problems = _header_issues(columns, path)
        if problems:
            return [], problems
        numbers = range(1, len(columns) + 1)
        for start, record in opened.records(path, issues):
            fields = {
                name: (text, (path, start, i))
                for i, name, cell in zip(numbers, columns, record, strict=True)
                if (text := cell.strip())
            }
            observation = builder.build(fields, Location(path, start), issues)
            if observation is not None:
                rows.append(observation)
    except csv.Error as exc:
        issues.append(syntax_issue(exc, path, opened.reader.line_num))
    if own_builder:
        issues.extend(builder.duplicate_issues())
    return rows, issues


def _header_issues(columns: list[str], path: str) -> list[Issue]:
    issues = []
    seen: set[str] = set()
    for i, name in enumerate(columns):
        where = Location(path, 1, i + 1)
        if name not in AREA_COLUMNS:
            issues.append(_issue("KPI102", f"unknown column '{name}'"
                                 f"{_suggest(name, AREA_COLUMNS)}", where))
        elif name in seen:
            issues.append(_issue("KPI102", f"column '{name}' appears twice", where))
        seen.add(name)
    for name in _REQUIRED:
        if name not in seen:
            issues.append(_issue("KPI101", f"missing column '{name}'", Location(path, 1)))
    return issues


def _parse_yaml(path: Path, builder: RowBuilder) -> tuple[list[Observation], list[Issue]]:
    document = read_yaml(path, max_bytes=_MAX_BYTES)
    issues = list(document.issues)
    root = document.root
    if root is None:
        return [], issues
    if not isinstance(root, YamlMap) or root.get("observations") is None:
        issues.append(_issue("KPI100", "an observations YAML file is a mapping with an "
                             "'observations' list", root.location))
        return [], issues
    defaults: dict[str, Field] = {}
    for key, value in root.entries:
        if key.value == "observations":
            continue
        if key.value != "indicator" or not isinstance(value, YamlScalar):
            issues.append(_issue("KPI102", f"unknown field '{key.value}' at the top of an "
                                 "observations file (only 'indicator' and 'observations')",
                                 key.location))
            continue
        defaults["indicator"] = (_scalar_text(value), value.location)
    found = root.get("observations")
    assert found is not None
    items = found[1]
    if not isinstance(items, YamlSeq):
        issues.append(_issue("KPI100", "'observations' must be a list", items.location))
        return [], issues
    rows = []
    for item in items.items:
        if not isinstance(item, YamlMap):
            issues.append(_issue("KPI100", "each observation is a mapping of fields",
                                 item.location))
            continue
        fields = dict(defaults)
        for key, value in item.entries:
            name = str(key.value)
            if name not in AREA_COLUMNS:
                issues.append(_issue("KPI102", f"unknown field '{name}'"
                                     f"{_suggest(name, AREA_COLUMNS)}", key.location))
                continue
            if not isinstance(value, YamlScalar):
                issues.append(_issue("KPI100", f"'{name}' must be a single value",
                                     value.location))
                continue
            if value.value is None:
                continue
            fields[name] = (value.value if name == "figure" else _scalar_text(value),
                            value.location)
        observation = builder.build(fields, item.location, issues)
        if observation is not None:
            rows.append(observation)
    return rows, issues


def _scalar_text(node: YamlScalar) -> str:
    return node.text if not isinstance(node.value, str) else node.value


_MEMBERS: dict[Any, dict[Any, Any]] = {}
"""Each enumeration's members by value: looking a value up this way is quicker than
calling the enumeration, which is what a failed look-up still does, for its message."""


@dataclass
class _Seen:
    location: Location


class RowBuilder:
    """Checks one row's fields against the catalogue and builds its observation."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.seen: dict[tuple[object, ...], Location] = {}
        self.duplicates: list[Issue] = []

    def duplicate_issues(self) -> list[Issue]:
        return self.duplicates

    def build(
        self, fields: Mapping[str, Field], where: Location, issues: list[Issue]
    ) -> Observation | None:
        before = len(issues)
        indicator = self._indicator(fields, where, issues)
        if indicator is None:
            return None
        period = self._period(indicator, fields, where, issues)
        measure = self._measure(indicator, fields, issues)
        span = self._enum(fields, "span", Span, issues)
        breakdown, category = self._breakdown(indicator, fields, issues)
        source = self._enum(fields, "source", Source, issues) or Source.TABLE
        quantity = self._quantity(indicator, measure, breakdown, fields, issues)
        figure = self._figure(fields, issues)
        status = self._status(fields, figure, where, issues)
        area = self._area(fields, issues)
        if len(issues) > before or period is None or status is None or quantity is None:
            return None
        self._signs(indicator, measure, breakdown, quantity, figure, fields, issues)
        if len(issues) > before:
            return None
        observation = Observation(
            indicator=indicator.id,
            measure=measure,
            period=period,
            span=span,
            breakdown=breakdown,
            category=category,
            quantity=quantity,
            figure=figure,
            status=status,
            source=source,
            ref=_text(fields, "ref"),
            note=_text(fields, "note"),
            location=where,
            area=area,
        )
        key = observation.key
        first = self.seen.get(key)
        if first is not None:
            self.duplicates.append(_issue(
                "KPI106", f"duplicate row: the same indicator, measure, period, span, "
                f"breakdown, quantity, source, ref and area as {first}; give a 'ref' if the "
                "source really prints it twice", where))
            return None
        self.seen[key] = where
        return observation

    def _indicator(self, fields: Mapping[str, Field], where: Location, issues: list[Issue]
                   ) -> Indicator | None:
        if "indicator" not in fields:
            issues.append(_issue("KPI104", "no indicator given", where))
            return None
        name, location = fields["indicator"]
        if name in self.catalogue.unchecked:
            return None  # its spec has errors; `validate --data` says its data is unchecked
        if not self.catalogue.has_indicator(name):
            ids = [indicator.id for indicator in self.catalogue.indicators]
            issues.append(_issue("KPI104", f"unknown indicator '{name}'{_suggest(name, ids)}",
                                 location))
            return None
        return self.catalogue.indicator(name)

    def _area(self, fields: Mapping[str, Field], issues: list[Issue]) -> str | None:
        if "area" not in fields:
            return None
        code, location = fields["area"]
        areas = self.catalogue.areas
        if not areas:
            issues.append(_issue("KPI115", f"area '{code}': the catalogue declares no areas; "
                                 "declare them under 'areas' or leave the column empty",
                                 location))
            return None
        if str(code) not in areas:
            issues.append(_issue("KPI115", f"unknown area '{code}'"
                                 f"{_suggest(str(code), areas.by_code)}", location))
            return None
        return str(code)

    def _period(self, indicator: Indicator, fields: Mapping[str, Field], where: Location,
                issues: list[Issue]) -> Period | None:
        if "period" not in fields:
            issues.append(_issue("KPI105", "no period given", where))
            return None
        text, location = fields["period"]
        try:
            period = Period.parse(str(text), indicator.calendar)
        except PeriodError as exc:
            issues.append(_issue("KPI105", f"period '{text}' does not fit {indicator.id}'s "
                                 f"{indicator.calendar.value} calendar: {exc}", location))
            return None
        if indicator.frequency is Frequency.ANNUAL and period.grain is not Grain.YEAR \
                and not period.grain.pooled:
            issues.append(_issue("KPI105", f"{indicator.id} is annual, so its periods are "
                                 f"years, not {period.grain.value}s", location))
            return None
        return period

    def _measure(self, indicator: Indicator, fields: Mapping[str, Field],
                 issues: list[Issue]) -> str | None:
        if "measure" not in fields and not indicator.multi_measure:
            return None
        ids = [measure.id for measure in indicator.measures]
        if "measure" not in fields:
            if indicator.multi_measure:
                issues.append(_issue("KPI111", f"{indicator.id} has several measures; give "
                                     f"one of {', '.join(ids)}", fields["indicator"][1]))
            return None
        name, location = fields["measure"]
        if not indicator.multi_measure:
            issues.append(_issue("KPI111", f"{indicator.id} has a single measure; leave "
                                 "'measure' empty", location))
            return None
        if name not in ids:
            issues.append(_issue("KPI111", f"unknown measure '{name}' of {indicator.id}"
                                 f"{_suggest(name, ids)}", location))
            return None
        return str(name)

    def _breakdown(self, indicator: Indicator, fields: Mapping[str, Field],
                   issues: list[Issue]) -> tuple[str | None, tuple[str, ...] | None]:
        if "breakdown" not in fields:
            if "category" in fields:
                issues.append(_issue("KPI111", "a category needs a breakdown",
                                     fields["category"][1]))
            return None, None
        name, location = fields["breakdown"]
        breakdown = indicator.breakdowns.get(name)
        if breakdown is None:
            issues.append(_issue("KPI111", f"unknown breakdown '{name}' of {indicator.id}"
                                 f"{_suggest(name, indicator.breakdowns)}", location))
            return None, None
        if "category" not in fields:
            issues.append(_issue("KPI111", f"breakdown '{name}' rows need a category "
                                 f"({'; '.join(breakdown.dimensions)})", location))
            return None, None
        text, where = fields["category"]
        members = tuple(part.strip() for part in str(text).split(";"))
        if len(members) != len(breakdown.dimensions) or not all(members):
            issues.append(_issue("KPI111", f"category '{text}' needs {len(breakdown.dimensions)}"
                                 f" members ({'; '.join(breakdown.dimensions)}), joined by '; '",
                                 where))
            return None, None
        return str(name), members

    def _quantity(self, indicator: Indicator, measure: str | None, breakdown: str | None,
                  fields: Mapping[str, Field], issues: list[Issue]) -> str | None:
        if "quantity" not in fields:
            return "value"
        name, location = fields["quantity"]
        if name == "value":
            return "value"
        allowed = ["value", *_COUNT_QUANTITIES]
        if breakdown is None:
            try:
                target = indicator.measure(measure)
            except Exception:  # an unknown measure is already reported
                return None
            allowed = ["value", *target.inputs]
            if target.statistics is not None and target.statistics.interval is not None:
                # A published confidence interval, at the first level declared.
                allowed += ["lower", "upper"]
        if name not in allowed:
            issues.append(_issue("KPI111", f"quantity '{name}' is not one of "
                                 f"{', '.join(allowed)}{_suggest(name, allowed)}", location))
            return None
        return str(name)

    def _figure(self, fields: Mapping[str, Field], issues: list[Issue]) -> Decimal | None:
        if "figure" not in fields:
            return None
        value, location = fields["figure"]
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            figure = Decimal(value)
        else:
            try:
                figure = parse_decimal(str(value))
            except ValueError as exc:
                issues.append(_issue("KPI103", str(exc), location))
                return None
        problem = bound_problem(figure)
        if problem is not None:
            issues.append(_issue("KPI015", problem, location))
            return None
        return figure

    def _status(self, fields: Mapping[str, Field], figure: Decimal | None, where: Location,
                issues: list[Issue]) -> Status | None:
        status: Status | None = self._enum(fields, "status", Status, issues)
        if "status" in fields and status is None:
            return None
        if status is None:
            if figure is None and "figure" not in fields:
                issues.append(_issue("KPI109", "no figure and no status: a missing value "
                                     "needs a status (not_yet_published, not_available or "
                                     "not_applicable)", where))
                return None
            return Status.FINAL
        if figure is not None and not status.has_value:
            issues.append(_issue("KPI109", f"status {status} says there is no figure, but "
                                 f"the row gives {figure}", fields["status"][1]))
            return None
        if figure is None and status.has_value and "figure" not in fields:
            issues.append(_issue("KPI109", f"status {status} needs a figure; use "
                                 "not_yet_published, not_available or not_applicable for a "
                                 "missing one", fields["status"][1]))
            return None
        return status

    def _enum(self, fields: Mapping[str, Field], name: str, kind: Any,
              issues: list[Issue]) -> Any:
        if name not in fields:
            return None
        text, location = fields[name]
        members = _MEMBERS.get(kind)
        if members is None:
            members = _MEMBERS[kind] = {member.value: member for member in kind}
        found = members.get(text)
        if found is not None:
            return found
        try:
            return kind(text)
        except ValueError:
            choices = [member.value for member in kind]
            code = "KPI110" if name == "status" else "KPI111"
            issues.append(_issue(code, f"{name} '{text}' is not one of {', '.join(choices)}"
                                 f"{_suggest(str(text), choices)}", location))
            return None

    def _signs(self, indicator: Indicator, measure: str | None, breakdown: str | None,
               quantity: str, figure: Decimal | None, fields: Mapping[str, Field],
               issues: list[Issue]) -> None:
        if figure is None:
            return
        location = fields["figure"][1]
        if quantity == "denominator" and figure <= 0:
            issues.append(_issue("KPI108", f"a denominator must be positive, not {figure}",
                                 location))
            return
        counted = quantity in _COUNT_QUANTITIES
        if breakdown is not None:
            unit = indicator.breakdowns[breakdown].unit
            counted = counted or (isinstance(unit, BasicUnit) and unit.kind == "count")
        elif quantity == "value":
            unit = indicator.measure(measure).unit
            counted = isinstance(unit, BasicUnit) and unit.kind == "count"
        if counted and figure < 0:
            issues.append(_issue("KPI107", f"a count cannot be negative: {figure}", location))


def _text(fields: Mapping[str, Field], name: str) -> str | None:
    if name not in fields:
        return None
    return str(fields[name][0])




