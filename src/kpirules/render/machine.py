"""JSON and CSV renderings of results."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from kpirules.render.records import FIELDS, records
from kpirules.results import IndicatorResult, Results
from kpirules.text import json_text, neutralise_cell

__all__ = ["render_csv", "render_json"]


def render_json(results: Iterable[IndicatorResult]) -> str:
    """The envelope `{kpirules_version, as_at, catalogue, results}` that
    `schema/results.schema.json` describes; `results` holds one record per indicator
    and area."""
    from kpirules import __version__  # noqa: PLC0415

    if not isinstance(results, Results):
        results = Results(results)
    envelope = {
        "kpirules_version": __version__,
        "as_at": str(results.as_at) if results.as_at is not None else None,
        "catalogue": results.catalogue or None,
        "results": records(results),
    }
    return json_text(envelope, indent=2, default=_plain) + "\n"


def _plain(value: object) -> object:
    """JSON for what an analysis record may hold beyond JSON's types."""
    if isinstance(value, Fraction | Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)


def render_csv(results: Iterable[IndicatorResult]) -> str:
    """One row per measure: an indicator with several measures has a row for each.

The last two columns, `spc_variation` and `spc_assurance`, give the SPC reading of a
measure that declares `spc` (`special_cause_improving`, `hit_and_miss`...).

    Text cells are neutralised against formula injection (`kpirules.text.neutralise_cell`):
    a title such as `=HYPERLINK(...)` is shown as text by a spreadsheet, never run.
    Numbers are written as numbers.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*FIELDS, *_SPC_COLUMNS], lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in records(results):
        measures = row.get("measures")
        if measures:
            for measure in measures:
                writer.writerow(_safe({**row, **measure, "target": _cell(measure.get("target")),
                                       **_spc_cells(measure)}))
        else:
            writer.writerow(_safe({**row, "target": _cell(row.get("target")),
                                   **_spc_cells(row)}))
    return out.getvalue()


_SPC_COLUMNS = ("spc_variation", "spc_assurance")


def _spc_cells(row: dict[str, object]) -> dict[str, object]:
    """The SPC reading as two flat cells, so a summary table shows the variation and the
    assurance beside the RAG (blank where the measure declares no SPC or has no limits)."""
    found = row.get("spc")
    if not isinstance(found, dict):
        return {}
    variation, assurance = found.get("variation"), found.get("assurance")
    return {
        "spc_variation": variation.get("type") if isinstance(variation, dict) else None,
        "spc_assurance": assurance.get("type") if isinstance(assurance, dict) else None,
    }


def _safe(row: dict[str, object]) -> dict[str, object]:
    # One result, one line: a line break inside a text cell (a title or a label may hold
    # one) is written as a space, so no line of the file can start with text from a
    # spec, such as a forged `::error` annotation when the CSV is printed to a CI log.
    return {name: _one_line(neutralise_cell(value)) if isinstance(value, str) else value
            for name, value in row.items()}


def _one_line(text: str) -> str:
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _cell(target: object) -> object:
    if isinstance(target, list):
        return f"{target[0]}-{target[1]}"
    return target
