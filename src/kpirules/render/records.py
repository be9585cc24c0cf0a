"""Results as plain records (dicts of JSON types), shared by the JSON and CSV renderers."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from kpirules.numbers import round_half_up
from kpirules.results import IndicatorResult, MeasureResult
from kpirules.target import Target

__all__ = ["FIELDS", "analysis_records", "number", "record", "records"]

FIELDS = (
    "indicator", "measure", "title", "theme", "area", "area_name", "period",
    "requested_period", "status", "value",
    "target", "variance", "variance_relative", "rule_rag", "rag", "rag_basis", "rag_reason",
    "dot", "comparator_period", "comparator_value", "published_rag", "published_dot",
    "explanation",
)

_EXTRA_PLACES = 4


def number(value: Fraction | Decimal | None, published: Decimal | None = None,
           decimals: int = 0) -> int | float | None:
    """A JSON number: the published figure exactly, else the exact value to a few places.

    Floats are produced from decimal text, so 556.8 prints as 556.8; a computed value
    that has no finite decimal form is given to its display precision plus four places.
    """
    if value is None:
        return None
    if published is not None:
        text = published
    elif isinstance(value, Fraction) and _terminates(value):
        text = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        text = round_half_up(value, decimals + _EXTRA_PLACES)
    if text == text.to_integral_value():
        return int(text)
    return float(text)


def _terminates(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1 and value.denominator < 10**12


def _target(target: Target, decimals: int) -> Any:
    if target.is_band:
        return [number(target.low, decimals=decimals), number(target.high, decimals=decimals)]
    return number(target.value, decimals=decimals)


def _measure_fields(m: MeasureResult) -> dict[str, Any]:
    variance = m.variance
    return {
        "period": str(m.period) if m.period else None,
        "requested_period": str(m.requested) if m.requested else None,
        "status": m.status.value if m.status else "no_data",
        "value": number(m.value, m.published, m.decimals),
        "target": _target(m.target, m.decimals),
        "variance": number(variance.absolute, decimals=m.decimals) if variance else None,
        "variance_relative": (number(variance.relative, decimals=1)
                              if variance and variance.relative is not None else None),
        "dot": m.dot.value,
        "comparator_period": str(m.comparator_period) if m.comparator_period else None,
        "comparator_value": number(m.comparator_value, decimals=m.decimals),
        "explanation": m.explanation,
    }


def _breakdown(m: MeasureResult) -> dict[str, Any]:
    return {"breakdown": m.breakdown, "category": list(m.category or ()), "title": m.title,
            **_measure_fields(m), "rule_rag": _rag(m.rule.rating), "rag": _rag(m.rating),
            "rag_basis": m.basis.value, "rag_reason": m.rating_reason}


def _rag(rating: Any) -> str:
    return rating.value if rating is not None else "n/a"


def record(result: IndicatorResult) -> dict[str, Any]:
    """One indicator: its headline's figures, and each measure's when it has several."""
    base: dict[str, Any] = {
        "indicator": result.indicator,
        "measure": result.headline.measure if result.headline else None,
        "title": result.title,
        "theme": result.theme,
        "area": result.area.code if result.area else None,
        "area_name": result.area.name if result.area else None,
    }
    if result.headline is not None:
        base.update(_measure_fields(result.headline))
    else:
        base.update({
            "period": str(result.period) if result.period else None,
            "requested_period": None, "status": "no_headline", "value": None, "target": None,
            "variance": None, "variance_relative": None, "dot": "n/a",
            "comparator_period": None, "comparator_value": None,
            "explanation": f"{result.rule.reason}; see its measures",
        })
    base.update({
        "rule_rag": _rag(result.rule.rating),
        "rag": _rag(result.rating),
        "rag_basis": result.basis.value,
        "rag_reason": result.rating_reason,
        "published_rag": result.published_rating,
        "published_dot": result.published_arrow,
    })
    ordered = {name: base.get(name) for name in FIELDS}
    if result.headline is not None:
        ordered.update(analysis_records(result.headline))
    if len(result.measures) > 1 or result.headline is None:
        ordered["measures"] = [
            {"measure": m.measure, "title": m.title, **_measure_fields(m),
             "rule_rag": _rag(m.rule.rating), "rag": _rag(m.rating),
             "rag_basis": m.basis.value, "rag_reason": m.rating_reason,
             "published_rag": m.published_rating, "published_dot": m.published_arrow,
             **analysis_records(m)}
            for m in result.measures
        ]
    if result.breakdowns:
        ordered["breakdowns"] = [_breakdown(m) for m in result.breakdowns]
    return ordered


def analysis_records(result: MeasureResult) -> dict[str, Any]:
    """Each analysis that has a `record()`, under its name (`spc`, `interval`...)."""
    found: dict[str, Any] = {}
    for analysis in result.analyses:
        write = getattr(analysis, "record", None)
        if callable(write):
            found[analysis.name] = write()
    return found


def records(results: Iterable[IndicatorResult]) -> list[dict[str, Any]]:
    return [record(result) for result in results]
