"""Validation never raises: whatever the files hold, it returns located issues."""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kpirules._cli import main
from kpirules.issues import Issue
from kpirules.models import CatalogueSpec, IndicatorSpec
from kpirules.schema_issues import field_vocabulary
from kpirules.specfiles import validate_document
from kpirules.validation import validate
from kpirules.yamlsource import parse_yaml
from strategies import (
    SCHEMA_COMMENT,
    catalogue_specs,
    dump_yaml,
    exact_decimals,
    fewer_examples,
    indicator_specs,
    spec_sets,
)
from test_yamlsource import YAML_PIECES, edited_specs, yamlish

FIELD_NAMES = sorted(field_vocabulary([IndicatorSpec, CatalogueSpec]))
WORDS = ("higher_is_better", "within_band", "count", "rate", "ratio", "formula", "G", "n/a",
         "2019/20", "2019", "value > target", "otherwise", "sum", "financial")

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), exact_decimals(exponents=True),
    st.sampled_from(WORDS), st.text(max_size=8),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6), st.integers(0, 2030),
                 st.none(), st.booleans(), exact_decimals())
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
"""Any plain data: mappings keyed by field names or anything else, lists and scalars."""


def nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from nodes(value, (*path, i))


@st.composite
def damaged_specs(draw: st.DrawFn) -> Any:
    """A valid spec with one node replaced by any data at all."""
    spec = draw(st.one_of(indicator_specs(), catalogue_specs()))
    path = draw(st.sampled_from(list(nodes(spec))))
    replacement = draw(documents)
    if not path:
        return replacement
    parent = spec
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = replacement
    return spec


def check_issues(issues: tuple[Issue, ...] | list[Issue], text: str) -> None:
    lines = len(text.splitlines()) + 2  # YAML 1.1 also breaks lines at NEL, LS and PS
    for issue in issues:
        assert 0 <= issue.location.line <= lines, issue
        assert issue.location.column >= 0


@given(st.one_of(documents, damaged_specs()))
def test_any_data_validates_to_issues(data: Any) -> None:
    """Any data as a spec file gives a model or located issues; validation never raises."""
    text = dump_yaml(data).text
    document = parse_yaml(text, "f.yaml")
    for model in (IndicatorSpec, CatalogueSpec):
        loaded = validate_document(document, model)
        assert (loaded.model is None) == any(issue.blocking for issue in loaded.issues)
        check_issues(loaded.issues, text)


@given(st.one_of(st.text(), yamlish, edited_specs()))
def test_any_text_validates_to_issues(text: str) -> None:
    """Any text as a spec file gives a model or located issues; validation never raises."""
    document = parse_yaml(text, "f.yaml")
    for model in (IndicatorSpec, CatalogueSpec):
        loaded = validate_document(document, model)
        assert (loaded.model is None) == any(issue.blocking for issue in loaded.issues)
        check_issues(loaded.issues, text)


@st.composite
def damaged_spec_sets(draw: st.DrawFn) -> dict[str, str | bytes]:
    """The files of a generated spec set, some replaced by any data, text or bytes."""
    files: dict[str, str | bytes] = {
        name: dump_yaml(data, header=SCHEMA_COMMENT).text
        for name, data in draw(spec_sets(max_indicators=2)).files().items()
    }
    for name in draw(st.lists(st.sampled_from(sorted(files)), max_size=2, unique=True)):
        files[name] = draw(st.one_of(
            documents.map(lambda data: dump_yaml(data).text),
            damaged_specs().map(lambda data: dump_yaml(data).text),
            yamlish, st.binary(max_size=50),
        ))
    return files


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    folder = root / "specs"
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@fewer_examples(0.5)
@given(damaged_spec_sets())
def test_damaged_spec_sets_validate_to_issues(files: dict[str, str | bytes]) -> None:
    """A catalogue whose files hold anything validates to issues, never an exception."""
    with tempfile.TemporaryDirectory() as tmp:
        report = validate([write_files(Path(tmp), files)])
    assert report.files == len(files)


@fewer_examples(0.5)
@given(damaged_spec_sets(), st.sampled_from(("text", "json", "github")), st.booleans())
def test_cli_never_prints_a_traceback(
    files: dict[str, str | bytes], output: str, strict: bool
) -> None:
    """`kpirules validate` on any files exits 0 or 1 and prints no traceback."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_files(Path(tmp), files)
        argv = ["validate", str(folder), "--format", output, *(["--strict"] if strict else [])]
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(argv)
    assert status in (0, 1)
    for text in (stdout.getvalue(), stderr.getvalue()):
        assert "Traceback" not in text
        assert "internal error" not in text


@given(st.lists(st.sampled_from([*YAML_PIECES, "validate", "schema", "--format", "--strict",
                                 "--kind", "json", "--help", "-h", "x.yaml", "--version"]),
                max_size=5))
def test_cli_arguments_never_give_a_traceback(argv: list[str]) -> None:
    """Any command line exits 0, 1 or 2 and never prints a traceback."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp), \
            contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = exit_.code  # argparse: --help exits 0, a usage error exits 2
    assert status in (0, 1, 2)
    assert "Traceback" not in stdout.getvalue() + stderr.getvalue()
    assert "internal error" not in stderr.getvalue()


def test_decimal_keys_and_null_keys_are_unknown_fields() -> None:
    """Keys that are numbers, booleans or null are reported as unknown fields, located."""
    text = "id: a\n1.5: x\n~: y\ntrue: z\n"
    loaded = validate_document(parse_yaml(text, "f.yaml"), IndicatorSpec)
    unknown = [(i.location.line, i.location.column, i.message) for i in loaded.issues
               if i.code == "KPI011"]
    assert [(line, column) for line, column, _ in unknown] == [(2, 1), (3, 1), (4, 1)]
    assert "unknown field '1.5'" in unknown[0][2]
    assert "unknown field '~'" in unknown[1][2]
