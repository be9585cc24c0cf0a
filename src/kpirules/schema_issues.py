"""Turning pydantic's errors into located issues.

Pydantic reports a path of keys and indices; the located YAML tree turns that path into
the line and column of the offending field, so an author is sent to the exact place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from kpirules.issues import Issue, Severity
from kpirules.yamlsource import YamlDocument

__all__ = ["field_vocabulary", "schema_issues"]

_TYPE_ERRORS = {
    "number_type", "text_type", "string_type", "int_type", "int_parsing", "bool_type",
    "dict_type", "list_type", "tuple_type", "model_type", "model_attributes_type",
    "decimal_type", "float_type", "is_instance_of",
}


def field_vocabulary(models: Iterable[type[BaseModel]]) -> frozenset[str]:
    """Every field name of the given models and the models they contain."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    stack = list(models)
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack.extend(_models_in(info.annotation))
    return frozenset(names)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        yield from _models_in(origin)


def _dotted(loc: tuple[str | int, ...]) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text or "(document)"


def _clean_loc(loc: tuple[Any, ...], document: YamlDocument) -> tuple[str | int, ...]:
    """Drop the union-member names pydantic inserts (`aggregation.ratio.scale`)."""
    data = document.to_python()
    kept: list[str | int] = []
    node = data
    for step in loc:
        if isinstance(node, dict) and step in node:
            kept.append(step)
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str) and str(step) in map(str, node):
            key = next(k for k in node if str(k) == step)
            kept.append(step)
            node = node[key]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            kept.append(step)
            node = node[step]
        elif isinstance(node, dict | list):
            # A name pydantic invented (a union member or a function validator).
            if isinstance(step, str) and _is_member_name(step):
                continue
            kept.append(step)
            node = _ABSENT
        elif node is _ABSENT:
            kept.append(step)
        # else: a step below a scalar can only be a name pydantic invented
    return tuple(kept)


_ABSENT = object()


def _is_member_name(step: str) -> bool:
    return (
        step[:1].isupper()
        or step.startswith(("literal[", "function-", "tagged-union", "union["))
        or step in {"count", "percentage", "kg", "tonnes", "days", "score", "money", "rate",
                    "discrete", "cumulative", "snapshot", "average", "rolling", "ratio",
                    "per_household", "survey", "formula", "decimal", "int", "str"}
    )


def schema_issues(
    error: ValidationError, document: YamlDocument, vocabulary: frozenset[str]
) -> list[Issue]:
    """One located issue per pydantic error."""
    raw = error.errors(include_url=False)
    missing_by_parent: dict[tuple[str | int, ...], list[str]] = {}
    cleaned = []
    for item in raw:
        loc = _clean_loc(tuple(item["loc"]), document)
        cleaned.append((item, loc))
        if item["type"] == "missing" and loc:
            missing_by_parent.setdefault(loc[:-1], []).append(str(loc[-1]))
    issues: list[Issue] = []
    seen: set[tuple[str, tuple[str | int, ...]]] = set()
    for item, loc in cleaned:
        kind = item["type"]
        # A union reports one error per member; the first located one is enough.
        marker = (kind if kind != "missing" else "missing", loc)
        if marker in seen:
            continue
        seen.add(marker)
        where = _dotted(loc)
        if kind == "missing" and _misspelt(loc, cleaned):
            continue  # reported once, as the unknown field with a suggestion
        if kind == "missing":
            location = document.locate(loc[:-1])
            issues.append(Issue("KPI010", Severity.ERROR,
                                f"missing required field '{loc[-1]}' in {_dotted(loc[:-1])}"
                                if loc[:-1] else f"missing required field '{loc[-1]}'",
                                location))
        elif kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            candidates = missing_by_parent.get(loc[:-1]) or sorted(vocabulary)
            close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            issues.append(Issue("KPI011", Severity.ERROR, f"unknown field '{name}'{hint}",
                                document.locate(loc, key=True)))
        elif kind in _TYPE_ERRORS:
            issues.append(Issue("KPI013", Severity.ERROR, f"{where}: {_message(item)}",
                                document.locate(loc)))
        elif kind == "union_tag_invalid":
            issues.append(Issue("KPI012", Severity.ERROR, f"{where}.kind: {_message(item)}",
                                document.locate((*loc, "kind"))))
        else:
            issues.append(Issue("KPI012", Severity.ERROR,
                                f"{where}: {_message(item)}{_suggest_value(item)}",
                                document.locate(loc)))
    return sorted(issues, key=Issue.sort_key)


def _misspelt(loc: tuple[str | int, ...], cleaned: list[tuple[Any, tuple[str | int, ...]]]) -> bool:
    """Is this missing field present under a close misspelling?"""
    parent, name = loc[:-1], str(loc[-1])
    extras = [str(other[-1]) for item, other in cleaned
              if item["type"] == "extra_forbidden" and other[:-1] == parent]
    return bool(difflib.get_close_matches(name, extras, n=1, cutoff=0.6))


def _suggest_value(item: Any) -> str:
    """A "did you mean" for a mistyped choice (`lower_is_beter`)."""
    given = item.get("input")
    expected = (item.get("ctx") or {}).get("expected")
    if not isinstance(given, str) or not isinstance(expected, str):
        return ""
    choices = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _message(item: Any) -> str:
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    return message
