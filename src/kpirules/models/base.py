"""Shared pieces of the spec models: the frozen base class and strict scalar types.

The models hold data only. They are frozen and refuse unknown fields, and their scalar
types refuse the coercions pydantic would otherwise make (`"12"` to 12, `1` to True):
a spec says what it means, or validation says where it does not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from kpirules.numbers import bound_problem
from kpirules.text import first_control

__all__ = ["Id", "Name", "Number", "SpecModel", "Text", "YearLabel"]


class SpecModel(BaseModel):
    """Base of every spec model: frozen, unknown fields refused, docs in the schema."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        validate_default=False,
        hide_input_in_errors=True,
    )


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError(
            "number_type",
            "expected a number, got {got}",
            {"got": _describe(value)},
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise PydanticCustomError("number_finite", "expected a finite number")
    problem = bound_problem(value)
    if problem is not None:
        raise PydanticCustomError("number_range", problem)
    return Decimal(value)


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "text_type", "expected text, got {got}", {"got": _describe(value)}
        )
    found = first_control(value)
    if found is not None:
        raise PydanticCustomError(
            "text_control",
            "text may not hold the control character {char} (at character {at}); "
            "only line breaks and tabs are allowed",
            {"char": found[1], "at": found[0] + 1},
        )
    return value


def _year_label(value: Any) -> Any:
    # `2019:` is read by YAML as an integer key; a year label is text either way.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text '{shown}'"
    if isinstance(value, int | Decimal):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
"""A finite number written in plain decimal; kept exact as a Decimal."""

Text = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1)]
"""Non-empty text. Numbers and booleans are refused rather than turned into text."""

Id = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(examples=["asb-incidents"]),
]
"""An identifier: lower-case words joined by hyphens."""

Name = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40),
    Field(examples=["numerator"]),
]
"""A name usable in an expression: lower-case letters, digits and underscores."""

YearLabel = Annotated[str, BeforeValidator(_year_label), Field(examples=["2019/20", "2019"])]
"""A year in the indicator's calendar: `2019/20` (financial, academic) or `2019`."""
