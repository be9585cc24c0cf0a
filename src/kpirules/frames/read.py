"""Observations from a pandas or polars DataFrame, with the checks of the CSV reader.

Each row goes through the same row checks as a CSV row, so a DataFrame is refused for
the same reasons a file would be. A problem is reported by the row's index label and the
column's name. Nothing is coerced: text columns hold text (a period may also be an
integer year), a figure is an integer, a `Decimal`, text in plain decimal, or a float,
read as the shortest decimal that gives the float back (`0.1` is 0.1, the number pandas
shows); booleans, infinities and other types are refused. A missing cell (None, NaN,
NaT) is an empty cell, so a missing figure needs a status, as in a file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kpirules.catalogue import Catalogue
from kpirules.errors import DataError
from kpirules.frames import Frame, narwhals
from kpirules.issues import Issue, Location, Severity
from kpirules.observations import AREA_COLUMNS, ObservationSet
from kpirules.observations.reader import RowBuilder

__all__ = ["read_frame"]

_REQUIRED = ("indicator", "period")


def _issue(code: str, message: str, location: Location) -> Issue:
    return Issue(code, Severity.ERROR, message, location)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas' NA and NaT are their own types; both say "no value".
    return type(value).__name__ in ("NAType", "NaTType")


def _cell(name: str, value: Any) -> tuple[Any, str | None]:
    """The cell as the row checks read it, or why it cannot be read."""
    if isinstance(value, bool):
        return None, f"'{name}' holds a boolean ({value}); nothing is coerced"
    if name == "figure":
        if isinstance(value, int | Decimal):
            return value, None
        if isinstance(value, float):
            if not math.isfinite(value):
                return None, f"figure {value} is not a finite number"
            return Decimal(repr(value)), None
        if isinstance(value, str):
            return value.strip(), None
        return None, f"figure must be a number or text, not {type(value).__name__}"
    if isinstance(value, str):
        return value.strip(), None
    if name == "period" and isinstance(value, int):
        return str(value), None
    return None, f"'{name}' must be text, not {type(value).__name__} ({value!r}); nothing is " \
        "coerced"


def read_frame(frame: Frame, catalogue: Catalogue,
               columns: Mapping[str, str] | None = None) -> ObservationSet:
    """Observations from a DataFrame whose columns are the observation columns.

    `columns` maps observation column names to the frame's own, for those that differ:
    `columns={"figure": "value", "period": "time_period"}`. Raises `DataError` listing
    every bad row and cell, by index label and column; `MissingExtraError` without the
    frames extra.
    """
    nw = narwhals("kpirules.read_frame")
    try:
        data = nw.from_native(frame, eager_only=True)
    except TypeError:
        raise DataError([_issue("KPI100", f"not a pandas or polars DataFrame: "
                                f"{type(frame).__name__}", Location("<frame>"))]) from None
    names = dict(columns or {})
    issues: list[Issue] = []
    for mapped, theirs in names.items():
        if mapped not in AREA_COLUMNS:
            issues.append(_issue("KPI102", f"columns= maps '{mapped}', which is not an "
                                 f"observation column ({', '.join(AREA_COLUMNS)})",
                                 Location("<frame>")))
        elif theirs not in data.columns:
            issues.append(_issue("KPI101", f"columns= maps '{mapped}' to '{theirs}', which the "
                                 "frame does not have", Location("<frame>")))
    ours_of = {theirs: ours for ours, theirs in names.items()}
    used: dict[str, str] = {}
    for theirs in data.columns:
        ours: str | None = ours_of.get(theirs, theirs if theirs not in names.values() else None)
        if ours is None or ours not in AREA_COLUMNS:
            issues.append(_issue("KPI102", f"unknown column '{theirs}'; map it with columns= "
                                 f"or drop it", Location(f"<frame> column '{theirs}'")))
        elif ours not in names or names[ours] == theirs:
            used[ours] = theirs
    for name in _REQUIRED:
        if name not in used:
            issues.append(_issue("KPI101", f"missing column '{name}'", Location("<frame>")))
    if issues:
        raise DataError(issues)
    labels = _labels(frame, len(data))
    values = {ours: data[theirs].to_list() for ours, theirs in used.items()}
    builder = RowBuilder(catalogue)
    rows = []
    for position, label in enumerate(labels):
        where = Location(f"<frame> row {label}")
        fields: dict[str, tuple[Any, Location]] = {}
        unreadable = False
        for ours, column in values.items():
            raw = column[position]
            if _missing(raw):
                continue
            cell = Location(f"<frame> row {label}, column '{used[ours]}'")
            value, problem = _cell(ours, raw)
            if problem is not None:
                issues.append(_issue("KPI103" if ours == "figure" else "KPI100", problem, cell))
                unreadable = True
            elif value != "":
                fields[ours] = (value, cell)
        if unreadable:
            continue
        observation = builder.build(fields, where, issues)
        if observation is not None:
            rows.append(observation)
    issues.extend(builder.duplicate_issues())
    if issues:
        raise DataError(issues)
    return ObservationSet(rows)


def _labels(frame: Frame, length: int) -> list[Any]:
    """pandas rows by their index label; polars (which has none) by position."""
    index = getattr(frame, "index", None)
    if index is not None and len(index) == length:
        return list(index)
    return list(range(length))
