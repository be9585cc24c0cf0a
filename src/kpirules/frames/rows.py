"""Results as flat rows: one per indicator, measure, area and rated breakdown row.

These are the records `Results.to_records()` returns and the columns of
`Results.to_frame()`. Every column is listed in `RESULT_COLUMNS` with its type, so the
frame's dtypes never depend on which values happen to be present. Numbers are floats
for analysis; `published` keeps the figure as printed, and `value_exact` the exact
value as a fraction, so nothing exact is lost on the way out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any

from kpirules.results import IndicatorResult, MeasureResult, Results

__all__ = ["RESULT_COLUMNS", "result_rows"]

RESULT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("catalogue", "string", "the catalogue's id"),
    ("as_at", "string", "the period the results are as at"),
    ("indicator", "string", "indicator id"),
    ("theme", "string", "theme id"),
    ("measure", "string", "measure id (`value` for a single-measure indicator)"),
    ("headline", "bool", "whether this measure stands for the indicator"),
    ("area_code", "string", "the area's code; null for one organisation"),
    ("area_name", "string", "the area's name"),
    ("area_type", "string", "the area type's id"),
    ("breakdown", "string", "breakdown id of a rated breakdown row; null for the measure"),
    ("category", "string", "the breakdown row's members, joined by '; '"),
    ("period", "string", "the period shown (the latest with a figure)"),
    ("requested_period", "string", "the period asked for"),
    ("status", "string", "data status: final, provisional, ... or no_data"),
    ("value", "float64", "the value (null when there is none)"),
    ("value_exact", "string", "the exact value as a fraction, e.g. `2939` or `2200000/3951`"),
    ("published", "string", "the figure as published, keeping its precision"),
    ("target", "float64", "the target (null for a band or no target)"),
    ("target_low", "float64", "a band's lower bound"),
    ("target_high", "float64", "a band's upper bound"),
    ("rule_rag", "string", "the rule's rating: G, A, R or null"),
    ("rag", "string", "the reported rating: G, A, R or null"),
    ("rag_basis", "string", "rule, judgement or none"),
    ("dot", "string", "improved, worsened, unchanged or n/a"),
    ("comparator_period", "string", "the period the direction compares with"),
    ("comparator_value", "float64", "the comparator's value"),
    ("rank_group", "string", "the first comparator group the area is ranked in"),
    ("rank", "int64", "position in that group, 1 = best (ties share the best position)"),
    ("rank_of", "int64", "how many of the group's areas have a value"),
    ("quartile", "int64", "1 = the best quarter of the group, 4 = the worst"),
    ("explanation", "string", "the result in words"),
)


def _float(value: Fraction | None) -> float | None:
    return float(value) if value is not None else None


def _exact(value: Fraction | None) -> str | None:
    return str(value) if value is not None else None


def _rank(result: MeasureResult) -> dict[str, Any]:
    found = result.analysis("rank")
    ranks = getattr(found, "ranks", ())
    first = ranks[0] if ranks else None
    if first is None:
        return {"rank_group": None, "rank": None, "rank_of": None, "quartile": None}
    return {"rank_group": first.group, "rank": first.position, "rank_of": first.of,
            "quartile": first.quartile}


def _row(results: Results, top: IndicatorResult, m: MeasureResult) -> dict[str, Any]:
    area = m.area or top.area
    target = m.target
    row: dict[str, Any] = {
        "catalogue": results.catalogue,
        "as_at": str(results.as_at) if results.as_at is not None else None,
        "indicator": top.indicator,
        "theme": top.theme,
        "measure": m.measure,
        "headline": top.headline is not None and top.headline.measure == m.measure,
        "area_code": area.code if area else None,
        "area_name": area.name if area else None,
        "area_type": area.type if area else None,
        "breakdown": m.breakdown,
        "category": "; ".join(m.category) if m.category else None,
        "period": str(m.period) if m.period else None,
        "requested_period": str(m.requested) if m.requested else None,
        "status": m.status.value if m.status else "no_data",
        "value": _float(m.value),
        "value_exact": _exact(m.value),
        "published": str(m.published) if m.published is not None else None,
        "target": _float(target.value),
        "target_low": _float(target.low),
        "target_high": _float(target.high),
        "rule_rag": m.rule.rating.value if m.rule.rating else None,
        "rag": m.rating.value if m.rating else None,
        "rag_basis": m.basis.value,
        "dot": m.dot.value,
        "comparator_period": str(m.comparator_period) if m.comparator_period else None,
        "comparator_value": _float(m.comparator_value),
        **_rank(m),
        "explanation": m.explanation,
    }
    if m.breakdown is not None:
        row["headline"] = False
    return row


def _measure_results(result: IndicatorResult) -> Iterator[MeasureResult]:
    yield from result.measures
    yield from result.breakdowns


def result_rows(results: Iterable[IndicatorResult]) -> list[dict[str, Any]]:
    """One record per measure result and rated breakdown row, keyed as `RESULT_COLUMNS`."""
    if not isinstance(results, Results):
        results = Results(results)
    return [_row(results, top, m) for top in results for m in _measure_results(top)]
