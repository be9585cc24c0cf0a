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
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

import yaml

from kpirules.issues import Issue, Location, Severity
from kpirules.numbers import bound_problem
from kpirules.paths import FileRefused, read_bounded

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


class YamlScalar(NamedTuple):
    """A scalar: its value, its text as written, and where it starts.

    `quoted` is true for every style but plain (quoted, literal `|` and folded `>`);
    `style` is PyYAML's style character (empty for plain).
    """

    value: ScalarValue
    text: str
    quoted: bool
    path: str
    line: int
    column: int
    style: str = ""

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)


class YamlSeq(NamedTuple):
    """A sequence and where it starts."""

    items: tuple[YamlNode, ...]
    path: str
    line: int
    column: int

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)


class YamlMap(NamedTuple):
    """A mapping, keys in the order written, and where it starts."""

    entries: tuple[tuple[YamlScalar, YamlNode], ...]
    path: str
    line: int
    column: int

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)

    def get(self, key: object) -> tuple[YamlScalar, YamlNode] | None:
        """The entry whose key is `key` (of the same type), or else whose key reads as it."""
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
    data: Any = field(default=None, repr=False, compare=False)
    """The tree as plain data, built with it; see `to_python`."""

    @property
    def ok(self) -> bool:
        return self.root is not None and not any(i.blocking for i in self.issues)

    def to_python(self) -> Any:
        """Plain dicts, lists and scalars, for the models to validate.

        The same objects are returned on every call: treat them as read-only.
        """
        if self.data is None and self.root is not None:
            object.__setattr__(self, "data", _to_python(self.root))
        return self.data

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

        Exact for one-line plain and quoted scalars; a multi-line or block scalar is
        located at its start, since folding changes where characters fall.
        """
        node = self.find(path)
        if not isinstance(node, YamlScalar):
            return self.locate(path)
        if "\n" in node.text or offset < 0 or node.style in ("|", ">"):
            return node.location
        shift = 1 if node.style in ("'", '"') else 0
        return Location(node.path, node.line, node.column + shift + offset)

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Location:
        """The location of the node at `path` (keys and indices), as deep as it exists.

        Path steps that match nothing are skipped rather than ending the walk, because
        pydantic puts union-member names into error paths (`aggregation.ratio.scale`).
        With `key=True` the location of the last mapping key is returned, which is
        where an unknown field should be reported.
        """
        node = self.root
        if node is None:
            return Location(self.path, 1, 1)
        best = node
        for i, step in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, YamlMap):
                found = node.get(step)
                if found is None:
                    continue
                k, v = found
                if last and key:
                    return k.location
                node = best = v
            elif isinstance(node, YamlSeq) and isinstance(step, int) and (
                0 <= step < len(node.items)
            ):
                node = best = node.items[step]
            # a step into a scalar, or a name pydantic invented: stay where we are
        return best.location


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
        data = read_bounded(path, max_bytes)
    except FileRefused as exc:
        code = "KPI006" if "limit" in str(exc) else "KPI009"
        issue = Issue(code, Severity.ERROR, f"file not read: {exc}", Location(name))
        return YamlDocument(name, None, (issue,))
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
    root, data_ = composer.compose()
    issues = tuple(sorted(composer.issues, key=Issue.sort_key))
    if any(i.blocking for i in issues):
        return YamlDocument(path, None, issues)
    return YamlDocument(path, root, issues, data_)


class _Stop(Exception):
    """Composition cannot go on (a syntax error); the issue is already recorded."""


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_AliasEvent = yaml.AliasEvent
_DocumentStartEvent = yaml.DocumentStartEvent
_SPECIAL_WORDS = {"true", "false", "yes", "no", "on", "off", "null"}
"""Plain words that are not text; every other plain scalar starting with a letter is."""


class _Composer:
    """Builds the located tree, and the same tree as plain data, from parser events.

    Iterative (no recursion limit) and lean: one pass, and a `Location` is made only
    for an issue (nodes keep their line and column).
    """

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.issues: list[Issue] = []

    def _at(self, mark: Any) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1)

    def _error(self, code: str, message: str, location: Location) -> None:
        self.issues.append(Issue(code, Severity.ERROR, message, location))

    def compose(self) -> tuple[YamlNode | None, Any]:
        """The root node and its plain data; (None, None) when composition stopped."""
        loader = _Parser(self.text)
        try:
            return self._compose(loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            location = self._at(mark) if mark is not None else Location(self.path)
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
        except yaml.reader.ReaderError as exc:
            # PyYAML places these by character offset ("<unicode string>, position 9");
            # turn the offset into a line and column like every other issue.
            position = max(0, int(exc.position))
            if exc.encoding != "unicode":
                # The C parser counts UTF-8 bytes, the Python one characters.
                position = len(self.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
            position = min(position, len(self.text))
            line = self.text.count("\n", 0, position) + 1
            column = position - (self.text.rfind("\n", 0, position) + 1) + 1
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            self._error("KPI001", f"YAML syntax error: the character U+{code:04X} is not "
                        "allowed (YAML refuses control characters and non-characters)",
                        Location(self.path, line, column))
        except yaml.YAMLError as exc:
            self._error("KPI001", f"YAML syntax error: {exc}", Location(self.path))
        except _Stop:
            pass
        finally:
            loader.dispose()
        return None, None

    def _compose(self, loader: Any) -> tuple[YamlNode | None, Any]:
        # Each open collection is [is_mapping, line, column, nodes, values]; a mapping's
        # nodes and values alternate key, value.
        stack: list[tuple[bool, int, int, list[Any], list[Any]]] = []
        root: YamlNode | None = None
        root_value: Any = None
        documents = 0
        path = self.path
        get_event = loader.get_event
        while True:
            event = get_event()
            if event is None:
                break
            kind = event.__class__
            if kind is _ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event, None)
                scalar = self._scalar(event)
                node: YamlNode = scalar
                value: Any = scalar.value
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                is_mapping = kind is _MappingStartEvent
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event, "map" if is_mapping else "seq")
                if len(stack) >= MAX_DEPTH:
                    self._error("KPI001", f"nesting deeper than {MAX_DEPTH} levels",
                                self._at(event.start_mark))
                    raise _Stop
                mark = event.start_mark
                stack.append((is_mapping, mark.line + 1, mark.column + 1, [], []))
                continue
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                is_mapping, line, column, nodes, values = stack.pop()
                if is_mapping:
                    node, value = self._mapping(nodes, values, line, column)
                else:
                    node, value = YamlSeq(tuple(nodes), path, line, column), values
            elif kind is _AliasEvent:
                self._error("KPI003", f"alias '*{event.anchor}' is not allowed; write the value "
                            "out in full", self._at(event.start_mark))
                mark = event.start_mark
                node = YamlScalar(None, "", False, path, mark.line + 1, mark.column + 1)
                value = None
            elif kind is _DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._error("KPI001", "a spec file holds one YAML document; found a second",
                                self._at(event.start_mark))
                    raise _Stop
                continue
            else:
                continue
            if stack:
                top = stack[-1]
                top[3].append(node)
                top[4].append(value)
            else:
                root, root_value = node, value
        return root, root_value

    def _check_anchor_and_tag(self, event: Any, collection: str | None) -> None:
        location = self._at(event.start_mark)
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
        text: str = event.value
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        style = event.style or ""
        tag = event.tag
        explicit = _STANDARD_TAGS.get(tag) if tag is not None and tag != "!" else None
        if style:
            if explicit is None or explicit == "str" or style in ("|", ">"):
                return YamlScalar(text, text, True, self.path, line, column, style)
        elif explicit is None:
            first = text[:1]
            if first.isalpha() and (len(text) > 5 or text.lower() not in _SPECIAL_WORDS):
                return YamlScalar(text, text, False, self.path, line, column)
        elif explicit == "str":
            return YamlScalar(text, text, False, self.path, line, column)
        value = self._plain_value(text, line, column, explicit)
        return YamlScalar(value, text, bool(style), self.path, line, column, style)

    def _plain_value(
        self, text: str, line: int, column: int, explicit: str | None
    ) -> ScalarValue:
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
                    Location(self.path, line, column)))
            return lowered in _TRUE
        if explicit in (None, "int", "float") and (
            _INT.fullmatch(text) or _DECIMAL.fullmatch(text)
        ):
            return self._number(text, line, column, explicit)
        if explicit is None and _looks_numeric(text):
            self._error("KPI008", f"'{text}' looks like a number but is not plain decimal "
                        "(octal, hexadecimal, sexagesimal, underscores and inf/nan are not "
                        "allowed); write it in plain decimal, or quote it if it is text",
                        Location(self.path, line, column))
            return text
        if explicit in ("int", "float", "bool", "null"):
            self._error("KPI012", f"'{text}' is not a valid !!{explicit}",
                        Location(self.path, line, column))
        return text

    def _number(self, text: str, line: int, column: int, explicit: str | None) -> ScalarValue:
        # Bounded before anything is built from it: `int()` of a 5,000-digit text raises,
        # and an exponent of 100,000,000 turns into a number that takes minutes to expand.
        # A refused number stays text, so its file yields no model.
        value = Decimal(text)
        problem = bound_problem(value)
        if problem is not None:
            shown = text if len(text) <= 30 else text[:27] + "..."
            self._error("KPI015", f"'{shown}': {problem}", Location(self.path, line, column))
            return text
        if explicit != "float" and _INT.fullmatch(text):
            return int(text)
        if explicit == "int" and value != value.to_integral_value():
            self._error("KPI012", f"'{text}' is tagged !!int but is not a whole number",
                        Location(self.path, line, column))
        return value

    def _mapping(
        self, nodes: list[Any], values: list[Any], line: int, column: int
    ) -> tuple[YamlMap, dict[Any, Any]]:
        entries: list[tuple[YamlScalar, YamlNode]] = []
        data: dict[Any, Any] = {}
        # Keys are compared as Python compares them (1, 1.0 and true are one key in a
        # dict) and as text (every key of a spec is text: `2019` and "2019" are one year),
        # so `seen` holds every key under its value and, if it is not text, its text.
        seen: dict[Any, YamlScalar] = {}
        for i in range(0, len(nodes), 2):
            key = nodes[i]
            if key.__class__ is not YamlScalar:
                self._error("KPI012", "a mapping key must be a plain value, not a list or "
                            "mapping", key.location)
                continue
            name = key.value
            if name.__class__ is str:
                if name == "<<" and not key.quoted:
                    self._error("KPI003", "merge keys ('<<') are not allowed; write each value "
                                "out in full", key.location)
                    continue
                first = seen.get(name)
            else:
                first = seen.get(name) or seen.get(str(name))
            if first is not None:
                same = "" if first.text == key.text else f" (the same key as '{first.text}')"
                self._error("KPI002", f"duplicate key '{key.text}'{same}: first at line "
                            f"{first.line}, again at line {key.line}", key.location)
                continue
            seen[name] = key
            if name.__class__ is not str:
                seen[str(name)] = key
            entries.append((key, nodes[i + 1]))
            data[name] = values[i + 1]
        return YamlMap(tuple(entries), self.path, line, column), data


_NUMERIC_HINT = re.compile(
    r"[-+]?(?:0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|"
    r"[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0[0-7]+|\.(?:inf|nan))",
    re.IGNORECASE,
)


def _looks_numeric(text: str) -> bool:
    return bool(_NUMERIC_HINT.fullmatch(text))
