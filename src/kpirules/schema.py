"""JSON Schemas of the spec files, generated from the models.

The generated schemas are committed under `schema/`; a test regenerates them and fails
when they differ, so the schema editors use never goes stale.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from kpirules.models import AreasSpec, CatalogueSpec, IndicatorSpec, ReportSpec

__all__ = ["SCHEMA_KINDS", "schema", "schema_json"]

SCHEMA_KINDS: dict[str, type[BaseModel]] = {
    "areas": AreasSpec,
    "catalogue": CatalogueSpec,
    "indicator": IndicatorSpec,
    "report": ReportSpec,
}


def schema(kind: str) -> dict[str, Any]:
    """The schema of a spec file kind, or of evaluate's JSON output (`results`)."""
    if kind == "results":
        from kpirules.render.results_schema import RESULTS_SCHEMA  # noqa: PLC0415

        return RESULTS_SCHEMA
    model = SCHEMA_KINDS[kind]
    generated = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://kpirules.invalid/schema/{kind}.schema.json",
        **generated,
    }


def schema_json(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
