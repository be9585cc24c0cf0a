"""The spec reference: every field of every model, each with a valid example."""

from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel, TypeAdapter

from kpirules.models import Polarity
from kpirules.render.reference import models_by_file, render_reference
from kpirules.render.reference_examples import example
from kpirules.yamlsource import parse_yaml

MODELS = [model for _, _, models in models_by_file() for model in models]
FIELDS = [(model, name) for model in MODELS for name in model.model_fields]


def test_reference_covers_every_model_and_field() -> None:
    """Each model reachable from the three kinds of file has a section with a row for each
    of its fields."""
    text = render_reference()
    sections = text.split("\n### ")[1:]
    by_model = {section.split("\n", 1)[0]: section for section in sections}
    assert set(by_model) == {model.__name__ for model in MODELS}
    for model, name in FIELDS:
        assert f"\n| `{name}` |" in by_model[model.__name__], (model.__name__, name)


@pytest.mark.parametrize(("model", "name"), FIELDS,
                         ids=[f"{m.__name__}.{n}" for m, n in FIELDS])
def test_every_field_has_an_example_the_loader_accepts(model: type[BaseModel],
                                                       name: str) -> None:
    """The field's example, read as YAML by kpirules' own loader, is a valid value."""
    sample = example(model, name)
    assert sample is not None
    document = parse_yaml(f"{name}: {sample}\n", "example.yaml")
    assert document.issues == ()
    value = document.to_python()[name]
    hint = typing.get_type_hints(model, include_extras=True)[name]
    TypeAdapter(hint).validate_python(value)


def test_enumerations_and_defaults_are_stated() -> None:
    """Allowed values, their meanings from the source, and defaults appear in words."""
    text = render_reference()
    assert "one of " + ", ".join(f"`{p.value}`" for p in Polarity) in text
    assert ("- `within_band`: Good inside a band of targets, e.g. a repeat referral rate of "
            "28% to 40%.") in text
    assert "| `scale` | number | `100` |" in text
    assert "| `year_to_date` | one of `weighted`, `unweighted` | `weighted` |" in text
    assert "| `definition` | text | required |" in text


def test_reference_is_deterministic() -> None:
    """Rendering the reference twice gives the same bytes."""
    assert render_reference() == render_reference()
