"""Tests for the committed JSON Schemas: fresh, complete, and named by every spec file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kpirules.models import AreasSpec, CatalogueSpec, IndicatorSpec, ReportSpec
from kpirules.schema import SCHEMA_KINDS, schema, schema_json
from test_cli_validate import kpirules

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
KINDS = ("indicator", "catalogue", "report", "areas")


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_fresh(kind: str) -> None:
    """The committed schema is exactly what the models generate now."""
    path = SCHEMA_DIR / f"{kind}.schema.json"
    refresh = f"kpirules schema --kind {kind} > schema/{kind}.schema.json"
    assert path.is_file(), f"{path} is missing; create it with: {refresh}"
    assert path.read_text(encoding="utf-8") == schema_json(kind), (
        f"schema/{kind}.schema.json is stale (the models changed); refresh it with: {refresh}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_prints_the_schema(kind: str) -> None:
    """`kpirules schema --kind K` prints the generated schema, as JSON, and exits 0."""
    run = kpirules("schema", "--kind", kind)
    assert run.status == 0
    assert run.out == schema_json(kind)
    assert json.loads(run.out)["$id"].endswith(f"/{kind}.schema.json")


def test_schema_command_defaults_to_indicator() -> None:
    """`kpirules schema` with no kind prints the indicator schema."""
    assert kpirules("schema").out == schema_json("indicator")


def test_schema_kinds_are_the_four_file_kinds() -> None:
    """There is a schema for each kind of YAML file: catalogue, indicator, report, areas."""
    assert {"catalogue": CatalogueSpec, "indicator": IndicatorSpec,
                            "report": ReportSpec, "areas": AreasSpec} == SCHEMA_KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_schema_refuses_unknown_fields_like_the_models(kind: str) -> None:
    """The schema lists every top-level field and, like the models, forbids any other."""
    generated = schema(kind)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["additionalProperties"] is False
    assert set(generated["properties"]) == set(SCHEMA_KINDS[kind].model_fields)
    for name, definition in generated.get("$defs", {}).items():
        if definition.get("type") == "object" and "properties" in definition:
            assert definition.get("additionalProperties") is False, name


def test_field_docs_reach_the_schema() -> None:
    """Field docstrings become schema descriptions, which editors show on hover."""
    properties = schema("indicator")["properties"]
    assert "calendar" in properties["calendar"].get("description", "").lower()
    assert properties["notes"].get("description")


def test_every_spec_file_names_the_committed_schema() -> None:
    """Each spec file's first line points editors at the committed schema of its kind."""
    files = sorted((REPO / "specs").rglob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path}: first line is {first!r}"
        kind = "catalogue" if path.name == "catalogue.yaml" else "indicator"
        target = (path.parent / match.group(1)).resolve()
        assert target == SCHEMA_DIR / f"{kind}.schema.json", path
        assert target.is_file(), f"{path} names {target}, which does not exist"
