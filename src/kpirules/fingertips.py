"""Reading the public-health Fingertips data-download CSV format.

A Fingertips download has one row per indicator, area, sex, age, category and time
period: the value with its 95% and 99.8% confidence limits, the count and denominator,
a value note, the recent trend and the comparison with England (and with the region).
`read_fingertips` maps its indicator ids onto catalogue indicators and gives:

- the figures as observations, one per area and period (the count and denominator as
  the numerator and denominator where the measure is a ratio of them);
- the areas the file names (code, name and type; region parents), with comparator
  groups of every area of a type and of the areas within each parent, for a catalogue
  that declares none;
- what the file publishes beside each figure (limits, comparison, trend), so that
  kpirules' own comparison can be checked against the published one
  (`check_comparisons`).

Rows are checked as a data file's are, by line and column; a missing value is a
`not_available` figure with the file's value note, never a zero; rows of an indicator
the mapping does not name are refused unless mapped to None (left out on purpose).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from kpirules.areas import Area, AreaGroup, Areas
from kpirules.catalogue import Catalogue
from kpirules.errors import DataError
from kpirules.issues import Issue, Location, Severity
from kpirules.numbers import parse_decimal
from kpirules.observations import Observation, ObservationSet
from kpirules.observations.reader import RowBuilder
from kpirules.periods import Period

__all__ = [
    "FINGERTIPS_COLUMNS",
    "ComparisonCheck",
    "FingertipsData",
    "FingertipsIndicator",
    "PublishedFigure",
    "check_comparisons",
    "read_fingertips",
]

FINGERTIPS_COLUMNS = (
    "Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name",
    "Area Type", "Sex", "Age", "Category Type", "Category", "Time period", "Value",
    "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit",
    "Upper CI 99.8 limit", "Count", "Denominator", "Value note", "Recent Trend",
    "Compared to England value or percentiles",
)
"""The columns read; others a download may carry (`Time period Sortable`, `New data`,
`Compared to goal`, comparisons with other parents) are allowed and not read."""

_REQUIRED = ("Indicator ID", "Area Code", "Area Name", "Area Type", "Time period", "Value")
_ENGLAND = "Compared to England value or percentiles"
_MAX_BYTES = 50_000_000


@dataclass(frozen=True)
class FingertipsIndicator:
    """Where a Fingertips indicator's rows go, and which of them."""

    indicator: str
    """The catalogue indicator's id."""
    measure: str | None = None
    sex: str | None = None
    """Only rows of this sex (`Persons`); every row when None."""
    age: str | None = None
    """Only rows of this age band; every row when None."""
    skip_categories: bool = False
    """Leave out rows broken down by a category (deprivation decile...), on purpose."""


@dataclass(frozen=True)
class PublishedFigure:
    """What the file prints beside one figure."""

    indicator: str
    measure: str | None
    area: str
    period: Period
    value: Decimal | None
    lower_95: Decimal | None
    upper_95: Decimal | None
    lower_998: Decimal | None
    upper_998: Decimal | None
    compared_to_england: str | None
    """As printed: `Better 95%`, `Similar`, `Worse 99.8%`, `Higher`, `Not compared`..."""
    recent_trend: str | None
    location: Location


@dataclass(frozen=True)
class FingertipsData:
    """A Fingertips file read against a catalogue."""

    observations: ObservationSet
    areas: Areas
    published: tuple[PublishedFigure, ...]
    catalogue: Catalogue
    """The catalogue to evaluate with: the one given, over the file's areas if it
    declares none."""


def _issue(code: str, message: str, location: Location) -> Issue:
    return Issue(code, Severity.ERROR, message, location)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].strip("-") or "area"


def _table(source: str | Path | Any
           ) -> tuple[list[dict[str, Any]], str, list[str], list[Issue]]:
    """The rows as dicts of cells, where they came from, the header, and its problems."""
    if isinstance(source, str | Path):
        path = Path(source)
        if path.stat().st_size > _MAX_BYTES:
            raise DataError([_issue("KPI100", f"file is larger than {_MAX_BYTES:,} bytes",
                                    Location(str(path)))])
        text = path.read_bytes().decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        rows = list(reader)
        header = list(reader.fieldnames or [])
        name = str(path)
    else:
        from kpirules.frames import narwhals  # noqa: PLC0415

        frame = narwhals("kpirules.read_fingertips on a DataFrame").from_native(
            source, eager_only=True)
        header = list(frame.columns)
        rows = frame.rows(named=True)
        name = "<frame>"
    issues = [_issue("KPI101", f"missing column '{column}'", Location(name, 1))
              for column in _REQUIRED if column not in header]
    return rows, name, header, issues


def _text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return str(cell).strip()


def _number(cell: Any, column: str, where: Location, issues: list[Issue]) -> Decimal | None:
    text = _text(cell)
    if not text:
        return None
    try:
        return parse_decimal(text)
    except ValueError as exc:
        issues.append(_issue("KPI103", f"{column}: {exc}", where))
        return None


def read_fingertips(
    source: str | Path | Any,
    mapping: Mapping[int | str, str | FingertipsIndicator | None],
    catalogue: Catalogue,
) -> FingertipsData:
    """Read a Fingertips download (a CSV path, or a pandas/polars DataFrame of one).

    `mapping` takes each Fingertips indicator id in the file to a catalogue indicator
    id, a `FingertipsIndicator` (to pick a measure, a sex or an age), or None to leave
    it out. Raises `DataError` listing every problem by line and column.
    """
    rows, name, header, issues = _table(source)
    columns = {column: i + 1 for i, column in enumerate(header)}
    if issues:
        raise DataError(issues)
    plan = {str(key): (FingertipsIndicator(value) if isinstance(value, str) else value)
            for key, value in mapping.items()}
    areas = _areas(rows)
    target = catalogue if catalogue.areas else catalogue.with_areas(areas)
    builder = RowBuilder(target)
    observations: list[Observation] = []
    published: list[PublishedFigure] = []
    for number, row in enumerate(rows, start=2):
        where = Location(name, number)
        key = _text(row.get("Indicator ID"))
        if key not in plan:
            issues.append(_issue("KPI104", f"Fingertips indicator {key} is not mapped; map it "
                                 "to a catalogue indicator, or to None to leave it out", where))
            continue
        chosen = plan[key]
        if chosen is None or not _selected(chosen, row, where, issues):
            continue
        found = _observations(chosen, row, where, columns, builder, issues)
        observations.extend(found)
        if found:
            published.append(_published(chosen, row, found[0], where, issues))
    issues.extend(builder.duplicate_issues())
    if issues:
        raise DataError(issues)
    return FingertipsData(ObservationSet(observations), target.areas, tuple(published), target)


def _selected(chosen: FingertipsIndicator, row: Mapping[str, Any], where: Location,
              issues: list[Issue]) -> bool:
    if chosen.sex is not None and _text(row.get("Sex")) != chosen.sex:
        return False
    if chosen.age is not None and _text(row.get("Age")) != chosen.age:
        return False
    if _text(row.get("Category Type")):
        if not chosen.skip_categories:
            issues.append(_issue("KPI111", f"a row broken down by '{_text(row['Category Type'])}'"
                                 f" ({_text(row.get('Category'))}); set skip_categories for "
                                 f"{chosen.indicator} to leave such rows out", where))
        return False
    return True


def _observations(chosen: FingertipsIndicator, row: Mapping[str, Any], where: Location,
                  columns: Mapping[str, int], builder: RowBuilder, issues: list[Issue]
                  ) -> list[Observation]:
    def cell(column: str) -> tuple[Any, Location]:
        return (_text(row.get(column)), Location(where.path, where.line, columns[column]))

    base: dict[str, tuple[Any, Location]] = {
        "indicator": (chosen.indicator, where),
        "area": cell("Area Code"),
        "period": cell("Time period"),
    }
    if chosen.measure is not None:
        base["measure"] = (chosen.measure, where)
    value = _text(row.get("Value"))
    note = _text(row.get("Value note"))
    fields = dict(base)
    if value:
        fields["figure"] = cell("Value")
    else:
        fields["status"] = ("not_available", where)
    if note:
        fields["note"] = (note, where)
    found = []
    first = builder.build(fields, where, issues)
    if first is None:
        return []
    found.append(first)
    measure = builder.catalogue.indicator(chosen.indicator).measure(chosen.measure)
    if {"numerator", "denominator"} <= set(measure.inputs):
        for quantity, column in (("numerator", "Count"), ("denominator", "Denominator")):
            if _text(row.get(column)):
                part = builder.build({**base, "quantity": (quantity, where),
                                      "figure": cell(column)}, where, issues)
                if part is not None:
                    found.append(part)
    return found


def _published(chosen: FingertipsIndicator, row: Mapping[str, Any], first: Observation,
               where: Location, issues: list[Issue]) -> PublishedFigure:
    def number(column: str) -> Decimal | None:
        return _number(row.get(column), column, where, issues)

    return PublishedFigure(
        indicator=chosen.indicator, measure=chosen.measure, area=cast(str, first.area),
        period=first.period, value=first.figure,
        lower_95=number("Lower CI 95.0 limit"), upper_95=number("Upper CI 95.0 limit"),
        lower_998=number("Lower CI 99.8 limit"), upper_998=number("Upper CI 99.8 limit"),
        compared_to_england=_text(row.get(_ENGLAND)) or None,
        recent_trend=_text(row.get("Recent Trend")) or None, location=where,
    )


def _areas(rows: Iterable[Mapping[str, Any]]) -> Areas:
    """The file's areas, with a group of every area of each type (but England's) and
    of the areas within each parent; England is the benchmark of the first."""
    by_code: dict[str, Area] = {}
    types: dict[str, str] = {}
    england: str | None = None
    for row in rows:
        code = _text(row.get("Area Code"))
        kind = _text(row.get("Area Type"))
        if not code or code in by_code or not kind:
            continue
        slug = _slug(kind)
        types.setdefault(slug, kind)
        parent = _text(row.get("Parent Code")) or None
        by_code[code] = Area(code, _text(row.get("Area Name")) or code, slug,
                             parent if parent != code else None)
        if slug == "england":
            england = code
    groups: list[AreaGroup] = []
    for slug, kind in types.items():
        if slug == "england":
            continue
        members = tuple(c for c, a in by_code.items() if a.type == slug)
        groups.append(AreaGroup(f"all-{slug}", f"{kind} areas in England", members,
                                  england))
        parents = dict.fromkeys(a.parent for a in by_code.values()
                                if a.type == slug and a.parent and a.parent != england)
        for parent in parents:
            if parent is None:
                continue
            title = by_code[parent].name if parent in by_code else parent
            inside = tuple(c for c in members if by_code[c].parent == parent)
            groups.append(AreaGroup(_slug(f"{slug}-in-{parent}"), f"{kind} areas in {title}",
                                    inside, parent if parent in by_code else None))
    return Areas(MappingProxyType(by_code), MappingProxyType(types), tuple(groups))


@dataclass(frozen=True)
class ComparisonCheck:
    """The file's comparison with England beside kpirules' own, from the same figures."""

    figure: PublishedFigure
    published: str
    """The published outcome, as kpirules words it: better, similar, worse, higher,
    lower or not compared."""
    computed: str
    reason: str

    @property
    def agrees(self) -> bool:
        return self.published == self.computed


def _outcome_words(text: str) -> str:
    word = text.split(maxsplit=1)[0].lower() if text else ""
    return "not compared" if word == "not" else word


def check_comparisons(data: FingertipsData, polarity: Mapping[str, str] | None = None
                      ) -> tuple[ComparisonCheck, ...]:
    """kpirules' comparison with England (`kpirules.stats.compare`, the 95% limits as
    published) for every figure whose file gives one, beside the published outcome.

    `polarity` maps catalogue indicator ids to `higher_is_better`, `lower_is_better` or
    `none`; by default each indicator's headline polarity.
    """
    from kpirules.stats import Interval, IntervalMethod, compare  # noqa: PLC0415

    england = next((code for code, area in data.areas.by_code.items()
                    if area.type == "england"), None)
    values = {(f.indicator, f.measure, f.period): f.value for f in data.published
              if f.area == england}
    found = []
    for figure in data.published:
        if figure.area == england or figure.compared_to_england is None:
            continue
        benchmark = values.get((figure.indicator, figure.measure, figure.period))
        side = (polarity or {}).get(figure.indicator) or data.catalogue.indicator(
            figure.indicator).measure(figure.measure).polarity.value
        if side not in ("higher_is_better", "lower_is_better"):
            side = "none"
        subject: Interval | None = None
        if figure.value is not None and figure.lower_95 is not None \
                and figure.upper_95 is not None:
            # The limits are the file's own; `method` names how kpirules would have
            # computed them, which it did not, so the method is left as published.
            subject = Interval(Fraction(figure.value), float(figure.lower_95),
                               float(figure.upper_95), 0.95,
                               cast(IntervalMethod, "published"))
        outcome = compare(subject if subject is not None else figure.value, benchmark, side)
        found.append(ComparisonCheck(figure, _outcome_words(figure.compared_to_england),
                                     outcome.outcome.value, outcome.reason))
    return tuple(found)
