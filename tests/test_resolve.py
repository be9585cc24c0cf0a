"""Measure fields are inherited: catalogue defaults, then the indicator, then the measure."""

from __future__ import annotations

from kpirules.models import CatalogueSpec, IndicatorSpec
from kpirules.resolve import draft_measures

DEFAULTS = CatalogueSpec.model_validate({
    "id": "c", "title": "C", "themes": [{"id": "t", "title": "T"}],
    "defaults": {"rag": {"tolerance": {"relative": 5}},
                 "dot": {"comparator": "same_period_last_year", "unchanged_within": 2}},
}).defaults


def _indicator(**fields: object) -> IndicatorSpec:
    base = {"id": "i", "title": "I", "theme": "t", "card": {"definition": "D."},
            "polarity": "higher_is_better", "unit": "count", "aggregation": "discrete"}
    return IndicatorSpec.model_validate({**base, **fields})


def test_a_measure_overrides_the_indicator_field_by_field():
    """A measure's DOT setting keeps the indicator's comparator and the catalogue's rest."""
    spec = _indicator(dot={"comparator": "previous_period"},
                      measures=[{"id": "a", "title": "A", "dot": {"unchanged_within": 1}},
                                {"id": "b", "title": "B"}])
    first, second = draft_measures(spec, DEFAULTS)
    assert (first.dot.comparator, first.dot.unchanged_within) == ("previous_period", 1)
    assert (second.dot.comparator, second.dot.unchanged_within) == ("previous_period", 2)


def test_silence_inherits_the_catalogue():
    """An indicator that says nothing about RAG or DOT gets the catalogue's rules."""
    (draft,) = draft_measures(_indicator(), DEFAULTS)
    assert draft.rag_is_default
    assert draft.rag == DEFAULTS.rag
    assert (draft.dot.comparator, draft.dot.unchanged_within) == ("same_period_last_year", 2)
