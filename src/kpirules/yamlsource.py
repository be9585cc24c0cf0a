"""Located YAML: PyYAML's safe event stream composed into a tree that remembers positions.

PyYAML's own loaders throw positions away, keep the last of two duplicate keys, expand
aliases, and read `0.1` as a binary float. Specs must be exact and every complaint must
point at a line, so we compose the tree ourselves from parser events:

- mappings keep every key with its location, and a repeated key is an error naming
  both lines;
- anchors, aliases and merge keys are refused (they make a spec hard to review and are
  the vehicle of "billion laughs" expansion);
- only the standard scalar tags are allowed; `!!python/...` and custom tags are refused;
- numbers must be plain decimal: `0.1` becomes `Decimal('0.1')`, never a float;
  octal, hexadecimal, sexagesimal (`1:30`) and non-finite floats are refused;
- `yes`, `no`, `on` and `off` (YAML 1.1 booleans) are read as booleans, as YAML says,
  but draw a warning, because authors usually meant the word;
- dates stay text: kpirules has its own period syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from kpirules.issues import Issue, Location, Severity

__all__ = [
    "DEFAULT_MAX_BYTES",
    "YamlDocument",
    "YamlMap",
    "YamlNode",
    "YamlScalar",
    "YamlSeq",
    "parse_yaml",
    "read_yaml",
]

DEFAULT_MAX_BYTES = 1_000_000
MAX_DEPTH = 64

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ScalarValue: TypeAlias = str | int | Decimal | bool | None

_TAG_PREFIX = "tag:yaml.org,2002:"
_STANDARD_TAGS = {
    _TAG_PREFIX + name: name for name in ("str", "int", "float", "bool", "null")
}
_IMPLICIT_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
)
_TRUE = {"true", "yes", "on"}
_NULL = {"", "~", "null"}


@dataclass(frozen=True, slots=True)
class YamlScalar:
    value: ScalarValue
    location: Location
    text: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class YamlSeq:
    items: tuple[YamlNode, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class YamlMap:
    entries: tuple[tuple[YamlScalar, YamlNode], ...]
    location: Location

    def get(self, key: object) -> tuple[YamlScalar, YamlNode] | None:
        for k, v in self.entries:
            if k.value == key and type(k.value) is type(key):
                return k, v
        for k, v in self.entries:
            if str(k.value) == str(key):
                return k, v
        return None


YamlNode: TypeAlias = YamlScalar | YamlSeq | YamlMap


@dataclass(frozen=True)
class YamlDocument:
    """One YAML file: its tree (None when empty or refused) and what reading it found."""

    path: str
    root: YamlNode | None
    issues: tuple[Issue, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.root is not None and not any(i.blocking for i in self.issues)

    def to_python(self) -> Any:
        """Plain dicts, lists and scalars, for the models to validate."""
        return None if self.root is None else _to_python(self.root)

    def find(self, path: Sequence[str | int]) -> YamlNode | None:
        """The node at exactly `path`, or None."""
        node = self.root
        for step in path:
            if isinstance(node, YamlMap):
                found = node.get(step)
                if found is None:
                    return None
                node = found[1]
            elif isinstance(node, YamlSeq) and isinstance(step, int) and 0 <= step < len(
                node.items
            ):
                node = node.items[step]
            else:
                return None
        return node

    def locate_in_scalar(self, path: Sequence[str | int], offset: int) -> Location:
        """The location of character `offset` of the text scalar at `path`.

        Exact for one-line scalars; a folded or block scalar is located at its start,
        since folding changes where characters fall.
        """
        node = self.find(path)
        if not isinstance(node, YamlScalar):
            return self.locate(path)
        if "\n" in node.text or offset < 0:
            return node.location
        shift = 1 if node.quoted else 0
        loc = node.location
        return Location(loc.path, loc.line, loc.column + shift + offset)

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Location:
        """The location of the node at `path` (keys and indices), as deep as it exists.

        Path steps that match nothing are skipped rather than ending the walk, because
        pydantic puts union-member names into error paths (`aggregation.ratio.scale`).
        With `key=True` the location of the last mapping key is returned, which is
        where an unknown field should be reported.
        """
        node = self.root
        best = node.location if node is not None else Location(self.path, 1, 1)
        if node is None:
            return best
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, YamlMap):
                found = node.get(step)
                if found is None:
                    continue
                k, v = found
                if last and key:
                    return k.location
                node, best = v, v.location
            elif isinstance(node, YamlSeq) and isinstance(step, int) and (
                0 <= step < len(node.items)
            ):
                node = node.items[step]
                best = node.location
            # a step into a scalar, or a name pydantic invented: stay where we are
        return best


def _to_python(node: YamlNode) -> Any:
    if isinstance(node, YamlScalar):
        return node.value
    if isinstance(node, YamlSeq):
        return [_to_python(item) for item in node.items]
    return {k.value: _to_python(v) for k, v in node.entries}


def read_yaml(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    """Read and compose one YAML file; never raises for bad content, only reports."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        issue = Issue("KPI009", Severity.ERROR, f"cannot read file: {exc.strerror or exc}",
                      Location(name))
        return YamlDocument(name, None, (issue,))
    return parse_yaml(data, name, max_bytes=max_bytes)


def parse_yaml(
    data: bytes | str, path: str = "<string>", *, max_bytes: int = DEFAULT_MAX_BYTES
) -> YamlDocument:
    """Compose YAML text (bytes must be UTF-8) into a located tree, collecting issues."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        issue = Issue("KPI006", Severity.ERROR,
                      f"file is larger than the {max_bytes:,}-byte limit for a spec",
                      Location(path))
        return YamlDocument(path, None, (issue,))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        issue = Issue("KPI005", Severity.ERROR,
                      f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                      Location(path, line, column))
        return YamlDocument(path, None, (issue,))
    if text.startswith("\ufeff"):
        text = text[1:]
    composer = _Composer(path, text)
    root = composer.compose()
    issues = tuple(sorted(composer.issues, key=Issue.sort_key))
    if any(i.blocking for i in issues):
        return YamlDocument(path, None, issues)
    return YamlDocument(path, root, issues)


class _Stop(Exception):
    """Composition cannot go on (a syntax error); the issue is already recorded."""


class _Composer:
    """Builds the located tree from parser events, iteratively (no recursion limit)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.issues: list[Issue] = []

    def _loc(self, mark: Any) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1)

    def _error(self, code: str, message: str, location: Location) -> None:
        self.issues.append(Issue(code, Severity.ERROR, message, location))

    def _events(self) -> Iterator[Any]:
        loader = _Parser(self.text)
        try:
            while loader.check_event():
                yield loader.get_event()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            location = self._loc(mark) if mark is not None else Location(self.path)
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                context = exc.context
                start = exc.context_mark
                if start is not None and mark is not None and start.line != mark.line:
                    # Name where the unfinished construct began: that is usually the
                    # line to fix (an unclosed bracket or quote).
                    context += f" that starts at line {start.line + 1}, column {start.column + 1}"
                problem = f"{exc.problem} ({context})"
            self._error("KPI001", f"YAML syntax error: {problem}", location)
            raise _Stop from None
        except yaml.YAMLError as exc:
            self._error("KPI001", f"YAML syntax error: {exc}", Location(self.path))
            raise _Stop from None
        finally:
            loader.dispose()

    def compose(self) -> YamlNode | None:
        try:
            return self._compose()
        except _Stop:
            return None

    def _compose(self) -> YamlNode | None:
        # Each open collection is [kind, location, children]; a mapping's children
        # alternate key, value.
        stack: list[tuple[str, Location, list[YamlNode]]] = []
        root: YamlNode | None = None
        documents = 0
        for event in self._events():
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._error("KPI001", "a spec file holds one YAML document; found a second",
                                self._loc(event.start_mark))
                    raise _Stop
                continue
            if isinstance(event, yaml.AliasEvent):
                self._error("KPI003", f"alias '*{event.anchor}' is not allowed; write the value "
                            "out in full", self._loc(event.start_mark))
                node: YamlNode = YamlScalar(None, self._loc(event.start_mark), "", False)
            elif isinstance(event, yaml.ScalarEvent):
                self._check_anchor_and_tag(event, collection=None)
                node = self._scalar(event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                self._check_anchor_and_tag(
                    event, collection="seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
                )
                if len(stack) >= MAX_DEPTH:
                    self._error("KPI001", f"nesting deeper than {MAX_DEPTH} levels",
                                self._loc(event.start_mark))
                    raise _Stop
                kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
                stack.append((kind, self._loc(event.start_mark), []))
                continue
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                kind, location, children = stack.pop()
                node = (YamlSeq(tuple(children), location) if kind == "seq"
                        else self._mapping(children, location))
            else:
                continue
            if stack:
                stack[-1][2].append(node)
            else:
                root = node
        return root

    def _check_anchor_and_tag(self, event: Any, collection: str | None) -> None:
        location = self._loc(event.start_mark)
        if event.anchor is not None:
            self._error("KPI003", f"anchor '&{event.anchor}' is not allowed; write each value "
                        "out in full", location)
        tag = event.tag
        if tag is None or tag == "!":
            return
        if collection == "seq" and tag == _TAG_PREFIX + "seq":
            return
        if collection == "map" and tag == _TAG_PREFIX + "map":
            return
        if collection is None and tag in _STANDARD_TAGS:
            return
        shown = tag.replace(_TAG_PREFIX, "!!")
        self._error("KPI004", f"tag '{shown}' is not allowed; specs use plain YAML values only",
                    location)

    def _scalar(self, event: Any) -> YamlScalar:
        location = self._loc(event.start_mark)
        text: str = event.value
        quoted = event.style not in (None, "")
        tag = event.tag
        explicit = _STANDARD_TAGS.get(tag) if tag not in (None, "!") else None
        if quoted and explicit is None:
            return YamlScalar(text, location, text, True)
        if explicit == "str" or (event.style in ("|", ">")):
            return YamlScalar(text, location, text, quoted)
        value = self._plain_value(text, location, explicit)
        return YamlScalar(value, location, text, quoted)

    def _plain_value(self, text: str, location: Location, explicit: str | None) -> ScalarValue:
        lowered = text.lower()
        if explicit in (None, "null") and lowered in _NULL:
            return None
        if explicit in (None, "bool") and lowered in ("true", "false", "yes", "no", "on", "off"):
            word = str(lowered in _TRUE).lower()
            if explicit is None and lowered in _IMPLICIT_BOOL_WORDS:
                self.issues.append(Issue(
                    "KPI007", Severity.WARNING,
                    f"'{text}' is read as the boolean {word} (YAML 1.1); "
                    f"quote it if you meant the word, or write {word}",
                    location))
            return lowered in _TRUE
        if explicit in (None, "int") and _INT.fullmatch(text):
            return int(text)
        if explicit == "float" and _INT.fullmatch(text):
            return Decimal(text)  # `!!float 1` is the float 1
        if explicit in (None, "float", "int") and _DECIMAL.fullmatch(text):
            value = Decimal(text)
            if explicit == "int" and value != value.to_integral_value():
                self._error("KPI012", f"'{text}' is tagged !!int but is not a whole number",
                            location)
            return value
        if explicit is None and _looks_numeric(text):
            self._error("KPI008", f"'{text}' looks like a number but is not plain decimal "
                        "(octal, hexadecimal, sexagesimal, underscores and inf/nan are not "
                        "allowed); write it in plain decimal, or quote it if it is text",
                        location)
            return text
        if explicit in ("int", "float", "bool", "null"):
            self._error("KPI012", f"'{text}' is not a valid !!{explicit}", location)
        return text

    def _mapping(self, children: list[YamlNode], location: Location) -> YamlMap:
        entries: list[tuple[YamlScalar, YamlNode]] = []
        # Keys are compared as Python compares them (1, 1.0 and true are one key in a
        # dict) and as text (every key of a spec is text: `2019` and "2019" are one year).
        seen: dict[Any, YamlScalar] = {}
        seen_text: dict[str, YamlScalar] = {}
        for key, value in zip(children[0::2], children[1::2], strict=True):
            if not isinstance(key, YamlScalar):
                self._error("KPI012", "a mapping key must be a plain value, not a list or "
                            "mapping", key.location)
                continue
            if key.text == "<<" and not key.quoted:
                self._error("KPI003", "merge keys ('<<') are not allowed; write each value out "
                            "in full", key.location)
                continue
            first = seen.get(key.value) or seen_text.get(str(key.value))
            if first is not None:
                same = "" if first.text == key.text else f" (the same key as '{first.text}')"
                self._error("KPI002", f"duplicate key '{key.text}'{same}: first at line "
                            f"{first.location.line}, again at line {key.location.line}",
                            key.location)
                continue
            seen[key.value] = key
            seen_text[str(key.value)] = key
            entries.append((key, value))
        return YamlMap(tuple(entries), location)


_NUMERIC_HINT = re.compile(
    r"[-+]?(?:0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|"
    r"[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0[0-7]+|\.(?:inf|nan))",
    re.IGNORECASE,
)


def _looks_numeric(text: str) -> bool:
    return bool(_NUMERIC_HINT.fullmatch(text))
