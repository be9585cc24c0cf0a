"""Results to a pandas or polars DataFrame, with the dtypes `RESULT_COLUMNS` documents.

Built natively for each library, so that missing values stay missing in every column:
pandas gets its nullable dtypes (`string`, `Float64`, `Int64`, `boolean`), polars its
own (`String`, `Float64`, `Int64`, `Boolean`).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from kpirules.errors import MissingExtraError
from kpirules.frames import Frame
from kpirules.frames.rows import RESULT_COLUMNS, result_rows
from kpirules.results import IndicatorResult

__all__ = ["BACKENDS", "records_frame", "results_frame"]

BACKENDS = ("pandas", "polars")

_PANDAS = {"string": "string", "float64": "Float64", "int64": "Int64", "bool": "boolean"}
_POLARS = {"string": "String", "float64": "Float64", "int64": "Int64", "bool": "Boolean"}


def _library(backend: str) -> Any:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    try:
        return import_module(backend)
    except ImportError:
        raise MissingExtraError(f"a {backend} DataFrame", "frames",
                                needs=f"and {backend} itself: pip install {backend}") from None


def records_frame(rows: list[dict[str, Any]], columns: tuple[tuple[str, str, str], ...],
                  backend: str) -> Frame:
    """A DataFrame of `rows` with exactly `columns` (name, dtype, description), in order."""
    library = _library(backend)
    data = {name: [row.get(name) for row in rows] for name, _, _ in columns}
    if backend == "pandas":
        return library.DataFrame({
            name: library.Series(data[name], dtype=_PANDAS[kind]) for name, kind, _ in columns
        })
    schema = {name: getattr(library, _POLARS[kind]) for name, kind, _ in columns}
    return library.DataFrame(data, schema=schema)


def results_frame(results: Iterable[IndicatorResult], backend: str = "pandas") -> Frame:
    """One row per indicator, measure, area and rated breakdown row."""
    return records_frame(result_rows(results), RESULT_COLUMNS, backend)
