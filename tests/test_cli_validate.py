"""Tests for `kpirules validate` and the command line's help, exit codes and start-up."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpirules._cli import _parser, main
from kpirules.render.validation import github_property as _github_property
from test_validation_checks import ASB, CATALOGUE, INDICATOR, where

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


def kpirules(*argv: str) -> Run:
    """Run the command line in-process, capturing its output and exit status."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as exit_:  # argparse exits for --help and usage errors
            status = int(exit_.code or 0)
    return Run(status, out.getvalue(), err.getvalue())


def write_specs(root: Path, indicator: str = INDICATOR) -> Path:
    folder = root / "specs"
    (folder / "safety").mkdir(parents=True)
    (folder / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (folder / ASB).write_text(indicator, encoding="utf-8")
    return folder


# The real catalogue and clean runs ----------------------------------------------------------


def test_real_catalogue_validates() -> None:
    """`kpirules validate specs` exits 0 on the project's own catalogue, with no errors."""
    run = kpirules("validate", str(SPECS))
    assert run.status == 0, run.out + run.err
    assert ": error:" not in run.out
    assert re.search(r"kpirules validate: \d+ file\(s\) checked: ", run.err)


def test_default_path_is_specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no path, `kpirules validate` checks specs/ in the current folder."""
    write_specs(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = kpirules("validate")
    assert (run.status, run.out) == (0, "")
    assert "2 file(s) checked: ok" in run.err


def test_single_file_finds_its_catalogue_above(tmp_path: Path) -> None:
    """A single indicator file is checked against the catalogue.yaml above it (pre-commit)."""
    folder = write_specs(tmp_path)
    run = kpirules("validate", str(folder / ASB))
    assert run.status == 0, run.out + run.err
    broken = INDICATOR.replace("theme: safety", "theme: safty")
    (folder / ASB).write_text(broken, encoding="utf-8")
    run = kpirules("validate", str(folder / ASB))
    assert run.status == 1
    assert "KPI021" in run.out


# Rejections name the right line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "code", "needle"),
    [
        (("title: ASB incidents", "title: ASB incidents\ntitle: Again"), "KPI002", "title: Again"),
        (("unit: count", "unit: &u count"), "KPI003", "&u"),
        (("unit: count", "unit: !!python/object/apply:os.system [ls]"), "KPI004", "!!python"),
        (("polarity:", "polarty:"), "KPI011", "polarty"),
        (("title: ASB incidents", "title: [ASB incidents"), "KPI001", "[ASB"),
    ],
)
def test_rejected_spec_exits_1_and_names_the_line(
    tmp_path: Path, change: tuple[str, str], code: str, needle: str
) -> None:
    """A duplicate key, anchor, python tag, unknown field or syntax error exits 1 at its line."""
    text = INDICATOR.replace(*change)
    folder = write_specs(tmp_path, text)
    run = kpirules("validate", str(folder))
    assert run.status == 1
    path = folder / ASB
    lines = [line for line in run.out.splitlines() if f" {code} " in line]
    assert len(lines) == 1, run.out
    if code == "KPI001":
        # The parser stops at the next key, and the message names where the list began.
        line, column = where(text, ": safety")
        start_line, start_column = where(text, "[ASB")
        assert (f"(while parsing a flow sequence that starts at line {start_line}, column "
                f"{start_column})") in lines[0]
    else:
        line, column = where(text, needle)
    assert lines[0].startswith(f"{path}:{line}:{column}: error: {code} "), lines[0]


def test_duplicate_key_output_names_both_lines(tmp_path: Path) -> None:
    """The duplicate-key message in the output names the first line and the second."""
    text = INDICATOR.replace("title: ASB incidents", "title: ASB incidents\ntitle: Again")
    run = kpirules("validate", str(write_specs(tmp_path, text)))
    first, second = where(text, "title:")[0], where(text, "title: Again")[0]
    assert f"duplicate key 'title': first at line {first}, again at line {second}" in run.out


def test_text_format_is_gcc_style(tmp_path: Path) -> None:
    """Text output is one `path:line:col: severity: CODE message` line per issue, in order."""
    text = INDICATOR.replace("title: ASB incidents", "title: yes").replace(
        "theme: safety", "theme: safty")
    folder = write_specs(tmp_path, text)
    run = kpirules("validate", str(folder))
    path = folder / ASB
    assert run.out.splitlines() == [
        f"{path}:{':'.join(map(str, where(text, 'yes')))}: warning: KPI007 'yes' is read as "
        "the boolean true (YAML 1.1); quote it if you meant the word, or write true",
        f"{path}:{':'.join(map(str, where(text, 'yes')))}: error: KPI013 title: expected text, "
        "got the boolean true",
    ]
    assert "1 error(s), 1 warning(s)" in run.err


# Formats ----------------------------------------------------------------------------------------


def test_json_format_has_the_documented_shape(tmp_path: Path) -> None:
    """`--format json` prints files, error and warning counts, and every issue's fields."""
    text = INDICATOR.replace("title: ASB incidents", "title: yes")
    folder = write_specs(tmp_path, text)
    run = kpirules("validate", str(folder), "--format", "json")
    assert run.status == 1
    payload = json.loads(run.out)
    assert set(payload) == {"files", "errors", "warnings", "future", "issues"}
    assert (payload["files"], payload["errors"], payload["warnings"]) == (2, 1, 1)
    line, column = where(text, "yes")
    assert payload["issues"] == [
        {"path": str(folder / ASB), "line": line, "column": column, "severity": "warning",
         "code": "KPI007", "message": payload["issues"][0]["message"]},
        {"path": str(folder / ASB), "line": line, "column": column, "severity": "error",
         "code": "KPI013", "message": "title: expected text, got the boolean true"},
    ]
    clean = kpirules("validate", str(write_specs(tmp_path / "clean")), "--format", "json")
    assert json.loads(clean.out) == {"files": 2, "errors": 0, "warnings": 0, "future": 0,
                                     "issues": []}


def test_github_format_prints_annotations(tmp_path: Path) -> None:
    """`--format github` prints one workflow-command annotation per issue."""
    text = INDICATOR.replace("title: ASB incidents", "title: yes")
    folder = write_specs(tmp_path, text)
    run = kpirules("validate", str(folder), "--format", "github")
    line, column = where(text, "yes")
    place = f"file={folder / ASB},line={line},col={column}"
    assert run.out.splitlines() == [
        f"::warning {place},title=KPI007::'yes' is read as the boolean true (YAML 1.1); quote "
        "it if you meant the word, or write true",
        f"::error {place},title=KPI013::title: expected text, got the boolean true",
    ]
    assert run.status == 1


def test_github_format_escapes_line_breaks_and_percent(tmp_path: Path) -> None:
    """Annotation messages escape %, CR and LF as GitHub requires."""
    text = INDICATOR.replace("title: ASB incidents", 'title: "50%"\nx%: 1')
    run = kpirules("validate", str(write_specs(tmp_path, text)), "--format", "github")
    assert "unknown field 'x%25'" in run.out


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    """Warnings alone exit 0, or 1 with `--strict`."""
    text = INDICATOR.replace("polarity: lower_is_better", "polarity: none")
    folder = write_specs(tmp_path, text)
    assert kpirules("validate", str(folder)).status == 0
    strict = kpirules("validate", str(folder), "--strict")
    assert strict.status == 1
    assert "warning: KPI040" in strict.out


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    """A path named on the command line that does not exist exits 2, naming it."""
    run = kpirules("validate", str(tmp_path / "nowhere"))
    assert run.status == 2
    assert f"no such file or folder: {tmp_path / 'nowhere'}" in run.err


# Usage, help and start-up ------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--format", "xml"],
        ["validate", "--no-such-option"],
        ["schema", "--kind", "spreadsheet"],
        ["frobnicate"],
        ["--no-such-option"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    """A bad option, choice or command (or no command) exits 2 with a message, no traceback."""
    run = kpirules(*argv)
    assert run.status == 2
    assert "Traceback" not in run.err
    assert run.err or run.out


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_help_describes_every_command_and_option() -> None:
    """`kpirules --help` and each command's `--help` describe every option and argument."""
    parser = _parser()
    top = kpirules("--help")
    assert top.status == 0
    commands = subparsers(parser)
    assert set(commands) >= {"validate", "schema", "evaluate"}
    for name in commands:
        assert re.search(rf"^\s+{name}\s+\S", top.out, re.MULTILINE), f"{name} undescribed"
    for name, command in {"": parser, **commands}.items():
        help_text = kpirules(*([name] if name else []), "--help")
        assert help_text.status == 0
        assert command.description, f"kpirules {name} has no description"
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"kpirules {name}: {action.option_strings or action.dest}"
            for option in action.option_strings:
                assert option in help_text.out, f"kpirules {name} --help omits {option}"
            if not action.option_strings:
                assert (action.metavar or action.dest) in help_text.out


def test_validate_help_states_the_exit_codes() -> None:
    """`kpirules validate --help` says what each exit status means."""
    text = " ".join(kpirules("validate", "--help").out.split())
    assert "0 clean" in text
    assert "1 issues found" in text
    assert "2 usage error" in text


def test_version() -> None:
    """`kpirules --version` prints the package version."""
    import kpirules as package  # noqa: PLC0415

    assert kpirules("--version").out == f"kpirules {package.__version__}\n"


def test_cli_import_does_not_load_pydantic() -> None:
    """Importing the command line, and running --help, loads neither pydantic nor the models."""
    code = (
        "import sys, contextlib, io\n"
        "import kpirules._cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        cli.main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = [m for m in ('pydantic', 'yaml', 'kpirules.models') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


# The pre-commit hook ----------------------------------------------------------------------------


def test_pre_commit_hook_runs_the_validator_on_spec_files(tmp_path: Path) -> None:
    """`.pre-commit-hooks.yaml` declares a python hook running `kpirules validate` on spec files."""
    import yaml  # noqa: PLC0415

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "kpirules-validate"]
    assert hook["language"] == "python"
    assert hook["entry"] == "kpirules validate"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("specs/catalogue.yaml", "specs/public-realm/waste.yaml", "specs/x/y.yml",
                 "council/specs/catalogue.yaml"):
        assert files.search(name), name
    for name in ("data/reports/q2.yaml", "README.md", "specs/notes.txt", "schema/x.json"):
        assert not files.search(name), name
    # As pre-commit runs it: the entry followed by the changed files, from the repo root.
    folder = write_specs(tmp_path)
    broken = INDICATOR.replace("title: ASB incidents", "title: [ASB")
    (folder / "safety" / "broken.yaml").write_text(broken.replace("id: asb", "id: broken"),
                                                   encoding="utf-8")
    argv = [*hook["entry"].split()[1:], str(folder / ASB), str(folder / "safety" / "broken.yaml")]
    run = kpirules(*argv)
    assert run.status == 1
    assert [line.split(": ")[0] for line in run.out.splitlines()] == [
        f"{folder / 'safety' / 'broken.yaml'}:4:6"]
    assert kpirules(*hook["entry"].split()[1:], str(folder / ASB)).status == 0


def test_github_annotation_properties_are_escaped() -> None:
    """A comma or colon in a path cannot end the annotation's file property early."""
    assert _github_property("specs/a,b:c%.yaml") == "specs/a%2Cb%3Ac%25.yaml"
