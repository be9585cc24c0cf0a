"""Merging measure fields: catalogue defaults, then the indicator, then the measure.

An indicator states its measure fields once; each measure inherits them and may
override any; the catalogue's defaults fill what neither says. The validator and the
catalogue builder both use this, so "what a measure means" is decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kpirules.models import (
    Aggregation,
    BreakdownRating,
    CalendarName,
    Defaults,
    DotSpec,
    Frequency,
    IndicatorSpec,
    MeasureFields,
    MeasureSpec,
    Polarity,
    RagSpec,
    SpcSpec,
    StatisticsSpec,
    TargetSpec,
    Unit,
)

__all__ = [
    "MeasureDraft",
    "draft_breakdowns",
    "draft_measures",
    "indicator_calendar",
    "indicator_frequency",
]

SINGLE_MEASURE_ID = "value"


@dataclass(frozen=True)
class MeasureDraft:
    """A measure's fields after inheritance; None where nothing said anything."""

    id: str
    title: str
    index: int | None
    """Position in the spec's `measures` list, or None for a single-measure indicator."""
    polarity: Polarity | None
    unit: Unit | None
    decimals: int | None
    aggregation: Aggregation | None
    targets: dict[str, TargetSpec]
    rag: RagSpec
    rag_is_default: bool
    dot: DotSpec
    note: str | None = None
    spc: SpcSpec | None = None
    """The measure's SPC declaration (measure, else indicator); catalogues set none."""
    statistics: StatisticsSpec | None = None
    """The measure's statistics (measure, else indicator); catalogues set none."""
    breakdown: int | None = None
    """For a rated breakdown: its position in the spec's `breakdowns` list."""


def indicator_calendar(spec: IndicatorSpec, defaults: Defaults) -> CalendarName:
    return spec.calendar or defaults.calendar


def indicator_frequency(spec: IndicatorSpec, defaults: Defaults) -> Frequency:
    return spec.frequency or defaults.frequency


def draft_measures(spec: IndicatorSpec, defaults: Defaults) -> tuple[MeasureDraft, ...]:
    """The measures of an indicator with inherited fields filled in."""
    if not spec.measures:
        return (_draft(spec, None, None, defaults),)
    return tuple(_draft(spec, measure, i, defaults) for i, measure in enumerate(spec.measures))


def draft_breakdowns(spec: IndicatorSpec, defaults: Defaults) -> tuple[MeasureDraft, ...]:
    """Rated breakdowns as measures: the measure they break down, in their own unit and
    decimals, with the fields their `rate` gives instead of the measure's."""
    measures = {draft.id: draft for draft in draft_measures(spec, defaults)}
    found = []
    for i, breakdown in enumerate(spec.breakdowns):
        if breakdown.rate is None:
            continue
        measure = measures.get(breakdown.measure or SINGLE_MEASURE_ID)
        if measure is None:
            continue  # an unknown measure is reported by the measure checks
        rate = breakdown.rate if isinstance(breakdown.rate, BreakdownRating) else None
        own = {} if rate is None else {
            name: getattr(rate, name) for name in ("polarity", "targets", "rag")
            if getattr(rate, name) is not None}
        found.append(replace(
            measure, title=breakdown.title, unit=breakdown.unit, decimals=breakdown.decimals,
            breakdown=i,
            polarity=own.get("polarity", measure.polarity),
            targets=dict(own.get("targets", measure.targets)),
            rag=own.get("rag", measure.rag),
            rag_is_default=measure.rag_is_default and "rag" not in own,
            dot=_merge_dot(rate.dot, measure.dot) if rate and rate.dot else measure.dot,
        ))
    return tuple(found)


def _pick(field: str, *layers: MeasureFields | None) -> object:
    for layer in layers:
        if layer is not None:
            value = getattr(layer, field)
            if value is not None:
                return value
    return None


def _draft(
    spec: IndicatorSpec, measure: MeasureSpec | None, index: int | None, defaults: Defaults
) -> MeasureDraft:
    layers = (measure, spec)
    rag = _pick("rag", *layers)
    targets = _pick("targets", *layers)
    return MeasureDraft(
        id=measure.id if measure else SINGLE_MEASURE_ID,
        title=measure.title if measure else spec.title,
        index=index,
        polarity=_pick("polarity", *layers),  # type: ignore[arg-type]
        unit=_pick("unit", *layers),  # type: ignore[arg-type]
        decimals=_pick("decimals", *layers),  # type: ignore[arg-type]
        aggregation=_pick("aggregation", *layers),  # type: ignore[arg-type]
        targets=dict(targets) if isinstance(targets, dict) else {},
        rag=rag if isinstance(rag, RagSpec) else defaults.rag,
        rag_is_default=not isinstance(rag, RagSpec),
        dot=_merge_dot(measure.dot if measure else None, spec.dot, defaults.dot),
        note=measure.note if measure else None,
        spc=_pick("spc", *layers),  # type: ignore[arg-type]
        statistics=_pick("statistics", *layers),  # type: ignore[arg-type]
    )


def _merge_dot(*layers: DotSpec | None) -> DotSpec:
    """Field by field, the first layer that sets it: measure, indicator, catalogue."""
    given = [layer for layer in layers if layer is not None]

    def first(field: str) -> Any:
        for layer in given:
            if field in layer.model_fields_set or layer is given[-1]:
                value = getattr(layer, field)
                if value is not None or layer is given[-1]:
                    return value
        return None

    return DotSpec(
        method=first("method"),
        comparator=first("comparator"),
        unchanged_within=first("unchanged_within"),
        note=first("note"),
    )
