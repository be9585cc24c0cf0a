"""Building catalogue objects directly, for evaluation tests that need no YAML."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kpirules.catalogue import Measure, RuleList, derivation_formula
from kpirules.expressions import compile_expression
from kpirules.models import (
    Aggregation,
    BasicUnit,
    DotSpec,
    Polarity,
    RagSpec,
    Rating,
    SnapshotAggregation,
    TargetSpec,
    Tolerance,
    Unit,
)
from kpirules.periods import Calendar, Grain, Period

__all__ = ["make_measure", "write_catalogue"]


def make_measure(
    *,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    unit: Unit | None = None,
    aggregation: Aggregation | None = None,
    tolerance: dict[str, Any] | None = None,
    rules: list[tuple[str, Rating]] | None = None,
    otherwise: Rating = Rating.RED,
    unchanged_within: Decimal | int = 0,
    grain: Grain = Grain.QUARTER,
    calendar: Calendar = Calendar.FINANCIAL,
    targets: dict[str, TargetSpec] | None = None,
    decimals: int | None = None,
    comparator: str = "same_period_last_year",
) -> Measure:
    """A measure with the catalogue defaults of the seed unless told otherwise."""
    unit = unit or BasicUnit(kind="count")
    aggregation = aggregation or SnapshotAggregation(kind="snapshot")
    formula, inputs = derivation_formula(aggregation, unit)
    compiled = None
    if rules is not None:
        names = {"value": "number", "comparator": "number"}
        names.update({"low": "number", "high": "number"} if polarity is Polarity.WITHIN_BAND
                     else {"target": "number"})
        pairs = []
        for source, rating in rules:
            checked = compile_expression(source, names=names, result="boolean")
            used = dict.fromkeys(checked.names_used, "number")
            pairs.append((compile_expression(source, names=used, result="boolean"), rating))
        compiled = RuleList(tuple(pairs), otherwise)
        items: list[dict[str, Any]] = [{"when": s, "rating": r} for s, r in rules]
        rag = RagSpec(rules=(*items, {"otherwise": otherwise}))  # type: ignore[arg-type]
    else:
        rag = RagSpec(tolerance=Tolerance(**(tolerance or {"relative": 5, "points": 5})))
    return Measure(
        indicator_id="test-indicator",
        id="value",
        title="Test measure",
        polarity=polarity,
        unit=unit,
        decimals=decimals,
        aggregation=aggregation,
        calendar=calendar,
        grain=grain,
        targets=MappingProxyType({
            Period.parse(year, calendar): spec for year, spec in (targets or {}).items()
        }),
        rag=rag,
        rag_is_default=rules is None and tolerance is None,
        rules=compiled,
        dot=DotSpec(comparator=comparator,  # type: ignore[arg-type]
                    unchanged_within=Decimal(unchanged_within)),
        comparator_period=None,
        formula=formula,
        inputs=inputs,
    )


def write_catalogue(root: Path, catalogue: str, specs: dict[str, str], theme: str = "things"
                    ) -> Path:
    """A specs folder: `catalogue.yaml` and each spec text in the theme's folder."""
    (root / "catalogue.yaml").write_text(catalogue)
    (root / theme).mkdir(exist_ok=True)
    for name, text in specs.items():
        (root / theme / f"{name}.yaml").write_text(text)
    return root
