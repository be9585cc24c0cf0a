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
from kpirules.yamlsource import YamlDocument, YamlMap, YamlScalar

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


def _clean_loc(
    loc: tuple[Any, ...], data: Any, *, absent_kept: bool = True
) -> tuple[str | int, ...]:
    """Drop the names pydantic inserts into a path (`aggregation.ratio.scale`).

    A step may be a key of the data or a name pydantic invented (a union member, a
    validator, a tag). A tag can coincide with a key (a RAG rule's `when` tag and its
    `when` field), so every reading is tried and the one that follows the data furthest
    wins. With `absent_kept`, a last step the data lacks is kept (the name of a missing
    or unknown field); otherwise it is dropped.
    """
    return _match(data, tuple(loc), 0, absent_kept)[1]


def _match(
    node: Any, loc: tuple[Any, ...], i: int, absent_kept: bool
) -> tuple[int, tuple[str | int, ...]]:
    """(score, kept steps) of the best reading of `loc[i:]` from `node`."""
    if i == len(loc):
        return 0, ()
    step = loc[i]
    last = i == len(loc) - 1
    if not isinstance(node, dict | list):
        # Pydantic never descends into a scalar: what follows was invented. A step that
        # does not look invented is a sign of a wrong reading, so it costs a point.
        score, rest = _match(node, loc, i + 1, absent_kept)
        penalty = 0 if isinstance(step, str) and _is_member_name(step) else 1
        return score - penalty, rest
    child = _child(node, step)
    options: list[tuple[int, tuple[str | int, ...]]] = []
    if child is not _ABSENT:
        score, rest = _match(child, loc, i + 1, absent_kept)
        options.append((score + 1, (step, *rest)))
    if isinstance(step, str):
        # The same step read as a name pydantic invented.
        score, rest = _match(node, loc, i + 1, absent_kept)
        if child is not _ABSENT or not last:
            options.append((score, rest))
        elif absent_kept:
            options.append((1, (step,)))
        else:
            options.append((0, ()))
    elif child is _ABSENT:
        options.append((0, (step,) if last and absent_kept else ()))
    return max(options, key=lambda option: option[0])


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, dict):
        if step in node:
            return node[step]
        if isinstance(step, str):
            for key, value in node.items():
                if str(key) == step:
                    return value
        return _ABSENT
    if isinstance(step, int) and not isinstance(step, bool) and 0 <= step < len(node):
        return node[step]
    return _ABSENT


_ABSENT = object()


def _is_member_name(step: str) -> bool:
    return (
        step[:1].isupper()
        or "[" in step
        or step.startswith(("function-", "tagged-union", "union", "lax-or-strict"))
        or step in {"count", "percentage", "kg", "tonnes", "days", "score", "money", "rate",
                    "discrete", "cumulative", "snapshot", "average", "rolling", "ratio",
                    "per_household", "survey", "formula", "decimal", "int", "str", "bool",
                    "when", "otherwise"}
    )


# Figures once listed in a spec's `benchmarking.values` now live in data files; an old
# spec is told where they went rather than that the field is unknown.
_MOVED_VALUES = (
    "benchmarking.values is no longer part of a spec: benchmark figures (London's, "
    "England's, a rank) are kept in benchmark files; declare the benchmark under "
    "'benchmarks' in catalogue.yaml and put its figures in a CSV named under "
    "'data: benchmarks' (docs/statistics.md); the card's words stay in benchmarking.text")


def schema_issues(
    error: ValidationError, document: YamlDocument, vocabulary: frozenset[str]
) -> list[Issue]:
    """One located issue per pydantic error."""
    raw = error.errors(include_url=False)
    data = document.to_python()
    missing_by_parent: dict[tuple[str | int, ...], list[str]] = {}
    cleaned = []
    for item in raw:
        absent_kept = item["type"] in ("missing", "extra_forbidden")
        raw_loc = tuple(item["loc"])
        if item["type"] == "invalid_key":
            # The last step is pydantic's rendering of the key (`Decimal('1.5')`, `None`).
            raw_loc = raw_loc[:-1]
        loc = _clean_loc(raw_loc, data, absent_kept=absent_kept)
        cleaned.append((item, loc))
        if item["type"] == "missing" and loc:
            missing_by_parent.setdefault(loc[:-1], []).append(str(loc[-1]))
    issues: list[Issue] = []
    seen: set[tuple[str, tuple[str | int, ...]]] = set()
    for item, loc in cleaned:
        kind = item["type"]
        # A union reports one error per member; the first located one is enough.
        marker = (kind, loc if kind != "invalid_key" else (*loc, repr(item.get("input"))))
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
        elif kind == "extra_forbidden" and loc[-2:] == ("benchmarking", "values"):
            issues.append(Issue("KPI087", Severity.ERROR, _MOVED_VALUES,
                                document.locate(loc, key=True)))
        elif kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            candidates = missing_by_parent.get(loc[:-1]) or sorted(vocabulary)
            close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            hint = _comma_hint(document, loc) or hint
            issues.append(Issue("KPI011", Severity.ERROR, f"unknown field '{name}'{hint}",
                                document.locate(loc, key=True)))
        elif kind == "invalid_key":
            key = _key_node(document, loc, item.get("input"))
            shown = key.text if key is not None else str(item.get("input"))
            issues.append(Issue("KPI011", Severity.ERROR,
                                f"unknown field '{shown}': field names are words, not numbers, "
                                "booleans or null",
                                key.location if key is not None else document.locate(loc)))
        elif kind == "number_range":
            issues.append(Issue("KPI015", Severity.ERROR, f"{where}: {_message(item)}",
                                document.locate(loc)))
        elif kind in _TYPE_ERRORS:
            issues.append(Issue("KPI013", Severity.ERROR, f"{where}: {_message(item)}",
                                document.locate(loc)))
        elif kind == "union_tag_invalid":
            ctx = item.get("ctx") or {}
            issues.append(Issue("KPI012", Severity.ERROR,
                                f"{where}.kind: '{ctx.get('tag')}' is not one of "
                                f"{ctx.get('expected_tags')}{_suggest_value(item)}",
                                document.locate((*loc, "kind"))))
        elif kind == "union_tag_not_found":
            issues.append(Issue("KPI010", Severity.ERROR,
                                f"missing required field 'kind' in {where}", document.locate(loc)))
        else:
            issues.append(Issue("KPI012", Severity.ERROR,
                                f"{where}: {_message(item)}{_suggest_value(item)}",
                                document.locate(loc)))
    return sorted(issues, key=Issue.sort_key)


def _comma_hint(document: YamlDocument, loc: tuple[str | int, ...]) -> str:
    """A hint for text cut at a comma inside `{...}`: `{definition: Fires, of all kinds}`
    reads as the field `definition: Fires` and a field `of all kinds` with no value.

    Only a key with no value, written on the same line as the end of the plain text
    before it in the same mapping, is taken for the rest of that text: in block style a
    new key always starts a line.
    """
    if not loc:
        return ""
    parent = document.find(loc[:-1])
    if not isinstance(parent, YamlMap):
        return ""
    entries = parent.entries
    for i, (key, value) in enumerate(entries):
        if i == 0 or str(key.value) != str(loc[-1]):
            continue
        before_key, before = entries[i - 1]
        if not (isinstance(value, YamlScalar) and value.value is None and not value.text
                and isinstance(before, YamlScalar) and not before.quoted
                and before.line == key.line and not key.quoted):
            return ""
        whole = f"{before.text}, {key.text}"
        quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return (f": the value of '{before_key.text}' looks cut at a comma inside {{...}}; "
                f"a comma ends a value there unless the value is quoted: "
                f"{before_key.text}: {quoted}")
    return ""


def _key_node(
    document: YamlDocument, path: tuple[str | int, ...], value: Any
) -> YamlScalar | None:
    """The key of the mapping at `path` whose value is `value` (of the same type)."""
    node = document.find(path)
    if not isinstance(node, YamlMap):
        return None
    for key, _ in node.entries:
        if type(key.value) is type(value) and key.value == value:
            return key
    return None


def _misspelt(loc: tuple[str | int, ...], cleaned: list[tuple[Any, tuple[str | int, ...]]]) -> bool:
    """Is this missing field present under a close misspelling?"""
    parent, name = loc[:-1], str(loc[-1])
    extras = [str(other[-1]) for item, other in cleaned
              if item["type"] == "extra_forbidden" and other[:-1] == parent]
    return bool(difflib.get_close_matches(name, extras, n=1, cutoff=0.6))


def _suggest_value(item: Any) -> str:
    """A "did you mean" for a mistyped choice (`lower_is_beter`)."""
    ctx = item.get("ctx") or {}
    given = ctx["tag"] if "tag" in ctx else item.get("input")
    expected = ctx.get("expected", ctx.get("expected_tags"))
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
