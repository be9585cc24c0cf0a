"""JSON and CSV renderings of results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from kpirules.render.records import FIELDS, records
from kpirules.results import IndicatorResult

__all__ = ["render_csv", "render_json"]


def render_json(results: Iterable[IndicatorResult]) -> str:
    return json.dumps(records(results), indent=2, ensure_ascii=False) + "\n"


def render_csv(results: Iterable[IndicatorResult]) -> str:
    """One row per measure: an indicator with several measures has a row for each."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in records(results):
        measures = row.get("measures")
        if measures:
            for measure in measures:
                writer.writerow({**row, **measure, "target": _cell(measure.get("target"))})
        else:
            writer.writerow({**row, "target": _cell(row.get("target"))})
    return out.getvalue()


def _cell(target: object) -> object:
    if isinstance(target, list):
        return f"{target[0]}-{target[1]}"
    return target
