"""JSON and CSV renderings of results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from kpirules.render.records import FIELDS, records
from kpirules.results import IndicatorResult
from kpirules.text import neutralise_cell

__all__ = ["render_csv", "render_json"]


def render_json(results: Iterable[IndicatorResult]) -> str:
    return json.dumps(records(results), indent=2, ensure_ascii=False) + "\n"


def render_csv(results: Iterable[IndicatorResult]) -> str:
    """One row per measure: an indicator with several measures has a row for each.

    Text cells are neutralised against formula injection (`kpirules.text.neutralise_cell`):
    a title such as `=HYPERLINK(...)` is shown as text by a spreadsheet, never run.
    Numbers are written as numbers.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in records(results):
        measures = row.get("measures")
        if measures:
            for measure in measures:
                writer.writerow(_safe({**row, **measure, "target": _cell(measure.get("target"))}))
        else:
            writer.writerow(_safe({**row, "target": _cell(row.get("target"))}))
    return out.getvalue()


def _safe(row: dict[str, object]) -> dict[str, object]:
    # A lone carriage return is a line break to a CSV reader, but not one the writer
    # quotes (its line ends are `\n`): written as `\n`, the cell stays one quoted cell.
    return {name: neutralise_cell(value).replace("\r\n", "\n").replace("\r", "\n")
            if isinstance(value, str) else value for name, value in row.items()}


def _cell(target: object) -> object:
    if isinstance(target, list):
        return f"{target[0]}-{target[1]}"
    return target
