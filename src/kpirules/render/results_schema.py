"""The JSON Schema of `kpirules evaluate --format json`, published as
`schema/results.schema.json`.

Written by hand, beside the renderer it describes (`render/records.py`); a test checks
real output against it and the committed file against this one.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RESULTS_SCHEMA"]

_TEXT_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_NUMBER_OR_NULL: dict[str, Any] = {"type": ["number", "null"]}
_RATING = {"enum": ["G", "A", "R", "n/a"]}
_PUBLISHED = {"type": ["string", "null"]}

_FIGURES: dict[str, Any] = {
    "period": {**_TEXT_OR_NULL, "description": "The period shown: the latest with a figure."},
    "requested_period": {**_TEXT_OR_NULL, "description": "The period asked for."},
    "status": {"type": "string", "description": "final, provisional, forecast, "
               "not_yet_published, not_available, not_applicable, no_data or no_headline"},
    "value": {**_NUMBER_OR_NULL, "description": "The value: as published, else exact to its "
              "display precision plus four places."},
    "target": {"oneOf": [{"type": ["number", "null"]},
                         {"type": "array", "items": {"type": "number"}, "minItems": 2,
                          "maxItems": 2}],
               "description": "A target value, or a band [low, high]."},
    "variance": _NUMBER_OR_NULL,
    "variance_relative": {**_NUMBER_OR_NULL, "description": "Per cent of the target."},
    "dot": {"enum": ["improved", "worsened", "unchanged", "n/a"]},
    "comparator_period": _TEXT_OR_NULL,
    "comparator_value": _NUMBER_OR_NULL,
    "explanation": {"type": "string"},
    "rule_rag": _RATING,
    "rag": _RATING,
    "rag_basis": {"enum": ["rule", "judgement", "none"]},
    "rag_reason": {"type": "string"},
}

_RANK: dict[str, Any] = {
    "type": "array",
    "description": "The area's place in each comparator group it belongs to.",
    "items": {
        "type": "object",
        "required": ["group", "title", "period", "position", "of", "members", "tied",
                     "quartile", "best"],
        "properties": {
            "group": {"type": "string"}, "title": {"type": "string"},
            "period": {"type": "string"},
            "position": {"type": "integer", "minimum": 1},
            "of": {"type": "integer", "minimum": 1},
            "members": {"type": "integer", "minimum": 1},
            "tied": {"type": "integer", "minimum": 0},
            "quartile": {"type": "integer", "minimum": 1, "maximum": 4},
            "best": {"type": "string"},
        },
        "additionalProperties": False,
    },
}

_ANY: dict[str, Any] = {"type": ["object", "array", "string", "number", "boolean", "null"]}
_ANALYSES: dict[str, Any] = {
    "consistency": _ANY, "interval": _ANY, "benchmark": _ANY, "comparison": _ANY,
    "trend": _ANY, "spc": _ANY, "rank": _RANK,
}
"""Analyses with a record, each under its name (see docs/design.md)."""

_MEASURE: dict[str, Any] = {
    "type": "object",
    "required": ["measure", "title", *_FIGURES, "published_rag", "published_dot"],
    "properties": {
        "measure": {"type": "string"}, "title": {"type": "string"}, **_FIGURES,
        "published_rag": _PUBLISHED, "published_dot": _PUBLISHED, **_ANALYSES,
    },
    "additionalProperties": False,
}

_BREAKDOWN_ROW: dict[str, Any] = {
    "type": "object",
    "required": ["breakdown", "category", "title", *_FIGURES],
    "properties": {
        "breakdown": {"type": "string"},
        "category": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "title": {"type": "string"}, **_FIGURES,
    },
    "additionalProperties": False,
}

_RESULT: dict[str, Any] = {
    "type": "object",
    "required": ["indicator", "measure", "title", "theme", "area", "area_name", *_FIGURES,
                 "published_rag", "published_dot"],
    "properties": {
        "indicator": {"type": "string"},
        "measure": {**_TEXT_OR_NULL, "description": "The headline measure's id."},
        "title": {"type": "string"},
        "theme": {"type": "string"},
        "area": {**_TEXT_OR_NULL, "description": "The area's code; null for one "
                 "organisation."},
        "area_name": _TEXT_OR_NULL,
        **_FIGURES,
        "published_rag": _PUBLISHED,
        "published_dot": _PUBLISHED,
        "measures": {"type": "array", "items": _MEASURE,
                     "description": "Every measure, when there are several."},
        **_ANALYSES,
        "breakdowns": {"type": "array", "items": _BREAKDOWN_ROW,
                       "description": "Rated breakdown rows."},
    },
    "additionalProperties": False,
}

RESULTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://kpirules.invalid/schema/results.schema.json",
    "title": "kpirules evaluate --format json",
    "description": "Results of evaluating a catalogue: one record per indicator and area.",
    "type": "object",
    "required": ["kpirules_version", "as_at", "catalogue", "results"],
    "properties": {
        "kpirules_version": {"type": "string"},
        "as_at": {**_TEXT_OR_NULL, "description": "The period the results are as at."},
        "catalogue": {**_TEXT_OR_NULL, "description": "The catalogue's id."},
        "results": {"type": "array", "items": _RESULT},
    },
    "additionalProperties": False,
}
