"""Tests for the located YAML loader: what it refuses, where it says so, that it never raises."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirules.issues import CODES, Issue, Severity
from kpirules.yamlsource import (
    DEFAULT_MAX_BYTES,
    YamlDocument,
    YamlMap,
    YamlScalar,
    YamlSeq,
    parse_yaml,
    read_yaml,
)
from strategies import catalogue_specs, dump_yaml, indicator_specs


def issues_of(text: str | bytes, **options: int) -> list[tuple[str, str, int, int]]:
    """(severity, code, line, column) of every issue reading `text` finds."""
    document = parse_yaml(text, "f.yaml", **options)
    return [(str(i.severity), i.code, i.location.line, i.location.column) for i in document.issues]


def only_issue(text: str | bytes, **options: int) -> Issue:
    document = parse_yaml(text, "f.yaml", **options)
    assert len(document.issues) == 1, document.issues
    return document.issues[0]


# What is read, and how ----------------------------------------------------------------


def test_numbers_are_exact_decimals_and_ints() -> None:
    """Plain decimal numbers are read exactly: ints stay ints, fractions become Decimals."""
    document = parse_yaml("a: 0.1\nb: 72.0\nc: 12\nd: -3\ne: 1E+3\nf: .5\n")
    assert document.issues == ()
    assert document.to_python() == {
        "a": Decimal("0.1"), "b": Decimal("72.0"), "c": 12, "d": -3, "e": Decimal("1E+3"),
        "f": Decimal(".5"),
    }  # fmt: skip
    values = document.to_python()
    assert str(values["b"]) == "72.0"
    assert isinstance(values["c"], int)


def test_dates_stay_text_and_quoted_values_stay_text() -> None:
    """Dates are not converted (kpirules has its own periods) and quoting keeps text as text."""
    document = parse_yaml("a: 2001-12-14\nb: '12'\nc: \"yes\"\nd: ~\ne: null\nf: !!str 0x1F\n")
    assert document.issues == ()
    assert document.to_python() == {"a": "2001-12-14", "b": "12", "c": "yes", "d": None,
                                    "e": None, "f": "0x1F"}


def test_standard_tags_are_allowed() -> None:
    """The standard scalar tags are allowed and mean what YAML says."""
    document = parse_yaml("a: !!int 12\nb: !!float 1\nc: !!bool yes\nd: !!str 5\n"
                          "e: !!null ''\nf: !!map {g: 1}\nh: !!seq [1]\n")
    assert document.issues == ()
    assert document.to_python() == {"a": 12, "b": Decimal(1), "c": True, "d": "5", "e": None,
                                    "f": {"g": 1}, "h": [1]}


def test_nodes_know_their_line_and_column() -> None:
    """Every node of the tree records the 1-based line and column where it starts."""
    document = parse_yaml("a:\n  b: [1, 'x']\n  c:\n    - d: 2\n")
    root = document.root
    assert isinstance(root, YamlMap)
    assert (root.location.line, root.location.column) == (1, 1)
    b = document.find(("a", "b"))
    assert isinstance(b, YamlSeq)
    assert (b.location.line, b.location.column) == (2, 6)
    x = document.find(("a", "b", 1))
    assert isinstance(x, YamlScalar)
    assert (x.location.line, x.location.column, x.quoted) == (2, 10, True)
    assert document.locate(("a", "c", 0, "d")).line == 4
    assert (document.locate(("a", "c", 0, "d"), key=True).column) == 7


def test_locate_skips_steps_the_tree_lacks() -> None:
    """A path step that matches nothing (a union member's name) is skipped, not fatal."""
    document = parse_yaml("aggregation:\n  kind: ratio\n  scale: x\n")
    location = document.locate(("aggregation", "ratio", "scale"))
    assert (location.line, location.column) == (3, 10)
    assert document.locate(("nothing", "here")).line == 1


def test_locate_in_scalar_points_at_a_character() -> None:
    """A position inside a one-line scalar is located at its own column, after any quote."""
    document = parse_yaml("a: value > targt\nb: 'value > targt'\n")
    assert document.locate_in_scalar(("a",), 8).column == 12
    assert document.locate_in_scalar(("b",), 8).column == 13


def test_byte_order_mark_is_accepted() -> None:
    """A UTF-8 byte order mark at the start of a file is ignored."""
    assert parse_yaml(b"\xef\xbb\xbfa: 1\n").to_python() == {"a": 1}


def test_empty_document_has_no_root() -> None:
    """An empty file (or only comments) has no tree and nothing to complain about yet."""
    for text in ("", "# only a comment\n", "\n\n"):
        document = parse_yaml(text)
        assert document.root is None
        assert document.issues == ()
        assert not document.ok


# Rejections, each at its exact place -------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    """A repeated key is an error at the second, and the message names both lines."""
    issue = only_issue("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n".replace("a: 4", "d: 4"))
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI002", 4, 3)
    assert "first at line 3, again at line 4" in issue.message
    issue = only_issue("id: a\ntitle: t\nid: b\n")
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI002", 3, 1)
    assert "'id'" in issue.message
    assert "line 1" in issue.message
    assert "line 3" in issue.message


def test_keys_equal_as_text_or_as_numbers_are_duplicates() -> None:
    """`2019` and "2019", or 1 and 1.0, are the same key, as the models would see them."""
    issue = only_issue("targets:\n  2019: {value: 1}\n  '2019': {value: 2}\n")
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI002", 3, 3)
    assert "first at line 2, again at line 3" in issue.message
    issue = only_issue("1: a\n1.0: b\n")
    assert (issue.code, issue.location.line) == ("KPI002", 2)
    assert "the same key as '1'" in issue.message


def test_duplicate_keys_are_all_reported() -> None:
    """Every repeated key is reported, not only the first."""
    found = issues_of("a: 1\na: 2\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert found == [("error", "KPI002", 2, 1), ("error", "KPI002", 5, 3),
                     ("error", "KPI002", 6, 1)]


def test_anchor_and_alias_are_refused() -> None:
    """Anchors and aliases are each an error where they are written."""
    document = parse_yaml("a: &x 1\nb: *x\n", "f.yaml")
    assert [(i.code, i.location.line, i.location.column) for i in document.issues] == [
        ("KPI003", 1, 4), ("KPI003", 2, 4)]
    assert "anchor '&x'" in document.issues[0].message
    assert "alias '*x'" in document.issues[1].message
    assert document.root is None


def test_anchor_on_a_collection_is_refused() -> None:
    """An anchor on a mapping or a list is refused at the anchor."""
    assert issues_of("a:\n  b: &m\n    c: 1\n") == [("error", "KPI003", 2, 6)]
    assert issues_of("a: &l [1]\n") == [("error", "KPI003", 1, 4)]


def test_merge_key_is_refused() -> None:
    """A merge key (`<<`) is refused at the key, even without an alias."""
    issue = only_issue("b:\n  <<: {c: 1}\n  d: 2\n")
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI003", 2, 3)
    assert "merge" in issue.message


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    """A quoted `'<<'` is just text, not a merge key."""
    assert parse_yaml("'<<': 1\n").to_python() == {"<<": 1}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !!python/tuple [1]\n", "!!python/tuple"),
        ("a: !Ref x\n", "!Ref"),
        ("a: !include other.yaml\n", "!include"),
        ("a: !<tag:example.com,2000:x> 1\n", "tag:example.com,2000:x"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!timestamp 2001-12-14\n", "!!timestamp"),
        ("a: !!set {x}\n", "!!set"),
        ("a: !!omap [x: 1]\n", "!!omap"),
        ("a: !!map [1]\n", "!!map"),
    ],
)
def test_tags_beyond_standard_scalars_are_refused(text: str, shown: str) -> None:
    """Python tags, custom tags and non-scalar standard tags are refused at the tag."""
    issue = only_issue(text)
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI004", 1, 4)
    assert shown in issue.message


def test_python_tag_on_the_document_is_refused() -> None:
    """A tag on the whole document is refused at line 1."""
    issue = only_issue("!!python/object/new:os.system\n- ls\n")
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI004", 1, 1)


def test_invalid_utf8_is_located_at_the_byte() -> None:
    """Invalid UTF-8 is reported at the line and column of the first bad byte."""
    issue = only_issue(b"a: 1\nbb: caf\xe9\n")
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI005", 2, 8)
    assert "0xe9" in issue.message


def test_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    """A file over the byte limit is refused whole, before it is parsed."""
    issue = only_issue("a: 1\nb: 2\nc: 3\n", max_bytes=14)
    assert (issue.code, issue.location.line) == ("KPI006", 0)
    assert parse_yaml("a: 1\nb: 2\nc: 3\n", max_bytes=15).issues == ()
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (DEFAULT_MAX_BYTES + 1))
    document = read_yaml(big)
    assert [i.code for i in document.issues] == ["KPI006"]
    assert document.issues[0].location.path == str(big)


def test_unreadable_file_is_an_issue(tmp_path: Path) -> None:
    """A file that cannot be read is an issue, not an exception."""
    document = read_yaml(tmp_path / "missing.yaml")
    assert [i.code for i in document.issues] == ["KPI009"]
    assert read_yaml(tmp_path).issues[0].code == "KPI009"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1, 2\nb: 3\n", 2, 2),
        ("a: b: c\n", 1, 5),
        ("a:\n\t- b\n", 2, 1),
        ("a: 'open\n", 2, 1),
        ("a: 1\n b: 2\n", 2, 3),
        ("- a\nb: 1\n", 2, 1),
        ("a: {b: 1\n", 2, 1),
        ("a: @x\n", 1, 4),
    ],
)
def test_syntax_error_is_located(text: str, line: int, column: int) -> None:
    """A syntax error is one KPI001 issue at the place the parser stopped."""
    issue = only_issue(text)
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI001", line, column)
    assert issue.message.startswith("YAML syntax error: ")


def test_second_document_is_refused() -> None:
    """A file holds one document; a second is an error at its start."""
    assert issues_of("a: 1\n---\nb: 2\n") == [("error", "KPI001", 2, 1)]


def test_nesting_is_limited() -> None:
    """Absurdly deep nesting is refused rather than composed."""
    found = issues_of("[" * 100 + "]" * 100)
    assert found == [("error", "KPI001", 1, 65)]


def test_collection_keys_are_refused() -> None:
    """A list or mapping used as a key is refused at the key."""
    assert issues_of("? [a]\n: 1\n") == [("error", "KPI012", 1, 3)]


@pytest.mark.parametrize(
    "number",
    ["017", "0o17", "0x1F", "0X1f", "0b101", "1:30", "190:20:30", "1_000", "1_000.5", ".inf",
     "-.Inf", "+.INF", ".nan", ".NaN"],
)
def test_numbers_that_are_not_plain_decimal_are_refused(number: str) -> None:
    """Octal, hex, binary, sexagesimal, underscores and non-finite numbers are refused."""
    issue = only_issue(f"value: {number}\n")
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI008", 1, 8)
    assert f"'{number}'" in issue.message


def test_quoted_numbers_are_text() -> None:
    """Quoting a number-like word keeps it as text, without complaint."""
    document = parse_yaml("a: '0x1F'\nb: \"1:30\"\n")
    assert document.issues == ()
    assert document.to_python() == {"a": "0x1F", "b": "1:30"}


@pytest.mark.parametrize(("word", "value"), [("yes", True), ("No", False), ("on", True),
                                             ("OFF", False)])
def test_implicit_booleans_are_read_with_a_warning(word: str, value: bool) -> None:
    """YAML 1.1 booleans (yes/no/on/off) are booleans, with a warning at the word."""
    document = parse_yaml(f"a:\n  b: {word}\n", "f.yaml")
    assert document.to_python() == {"a": {"b": value}}
    assert document.ok
    [issue] = document.issues
    assert (issue.code, issue.severity, issue.location.line, issue.location.column) == (
        "KPI007", Severity.WARNING, 2, 6)
    assert f"'{word}'" in issue.message
    assert f"write {str(value).lower()}" in issue.message


def test_true_false_and_quoted_words_draw_no_warning() -> None:
    """`true`, `false`, quoted `"yes"` and one-letter `y` draw no warning."""
    document = parse_yaml("a: true\nb: False\nc: 'yes'\nd: y\ne: n\n")
    assert document.issues == ()
    assert document.to_python() == {"a": True, "b": False, "c": "yes", "d": "y", "e": "n"}


def test_wrong_standard_tag_value_is_refused() -> None:
    """A value that does not fit its explicit standard tag is an error at the value."""
    assert issues_of("a: !!int 1.5\n") == [("error", "KPI012", 1, 4)]
    assert issues_of("a: !!bool maybe\n") == [("error", "KPI012", 1, 4)]


def test_every_problem_in_a_file_is_reported() -> None:
    """Reading goes on after a refused node, so one pass reports every problem."""
    found = issues_of("a: &x 1\nb: !Ref 2\nc: 0x1\nd: 1\nd: 2\ne: yes\n")
    assert found == [
        ("error", "KPI003", 1, 4), ("error", "KPI004", 2, 4), ("error", "KPI008", 3, 4),
        ("error", "KPI002", 5, 1), ("warning", "KPI007", 6, 4),
    ]  # fmt: skip


# Never raising ------------------------------------------------------------------------------


def check_document(document: YamlDocument) -> None:
    """What every document must satisfy, whatever its text."""
    assert isinstance(document, YamlDocument)
    for issue in document.issues:
        assert issue.code in CODES
        assert issue.location.path == "f.yaml"
        assert issue.location.line >= 0
        assert issue.location.column >= 0
    if document.ok:
        document.to_python()


@given(st.text())
def test_any_text_gives_a_document(text: str) -> None:
    """Any text whatsoever gives a document with issues; the loader never raises."""
    check_document(parse_yaml(text, "f.yaml"))


@given(st.binary())
def test_any_bytes_give_a_document(data: bytes) -> None:
    """Any bytes whatsoever give a document with issues; the loader never raises."""
    check_document(parse_yaml(data, "f.yaml"))


YAML_PIECES = (
    "a", "b", "id", ":", ": ", " ", "  ", "\n", "- ", "-", "&x ", "*x", "!!python/object ",
    "!Ref ", "!!str ", "{", "}", "[", "]", ", ", "'", '"', "# c", "? ", "<<: ", "|\n  ", ">-\n  ",
    "0x1F", "1:30", "yes", "~", "\t", "---\n", "...\n", "%YAML 1.1\n", "!", "@", "`", "1.5",
    "2019/20", "\\", "\ufeff", "\x85", "\u2028", "é", "\x00",
)  # fmt: skip
yamlish = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)
"""Text made of YAML's own punctuation, keys and values: mostly almost-valid YAML."""


@st.composite
def edited_specs(draw: st.DrawFn) -> str:
    """A generated spec's YAML with a few characters inserted, deleted or replaced."""
    spec = draw(st.one_of(indicator_specs(), catalogue_specs()))
    text = dump_yaml(spec).text
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(YAML_PIECES))
        how = draw(st.sampled_from(("insert", "delete", "replace")))
        if how == "insert":
            text = text[:at] + piece + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + len(piece):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


@given(st.one_of(yamlish, edited_specs()))
def test_any_yamlish_text_gives_a_document(text: str) -> None:
    """Almost-valid YAML, and valid specs with a few edits, never make the loader raise."""
    check_document(parse_yaml(text, "f.yaml"))


# Numbers within the loader's bounds: 15 digits before the point, 15 after it.
_BOUND = 10**15 - 1
in_range_decimals = st.decimals(
    min_value=-_BOUND, max_value=_BOUND, allow_nan=False, allow_infinity=False
).filter(lambda d: isinstance(d.as_tuple().exponent, int) and d.as_tuple().exponent >= -15)


@given(st.recursive(
    st.none() | st.booleans() | st.integers(-_BOUND, _BOUND) | st.text(max_size=5)
    | in_range_decimals,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5) | st.integers(-_BOUND, _BOUND), inner, max_size=3),
    max_leaves=10,
))
def test_plain_data_round_trips(data: object) -> None:
    """Any plain data written by the test writer reads back equal (Decimals exactly)."""
    document = parse_yaml(dump_yaml(data).text, "f.yaml")
    assert document.issues == ()
    assert document.to_python() == data
