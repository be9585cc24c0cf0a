"""The exit-code convention every command follows: 0 ok, 1 findings, 2 usage, 3 bug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kpirules.schema
from kpirules._cli import ExitCode, UsageError, exit_code, main
from kpirules.errors import (
    DataError,
    EvaluationError,
    ExpressionSyntaxError,
    PeriodError,
    SpecValidationError,
    YamlError,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_codes_are_the_documented_numbers() -> None:
    assert [int(code) for code in ExitCode] == [0, 1, 2, 3]
    assert [code.name for code in ExitCode] == ["OK", "FINDINGS", "USAGE", "INTERNAL"]


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (UsageError("no catalogue at x"), ExitCode.USAGE),
        (EvaluationError("no indicator 'x'"), ExitCode.USAGE),
        (PeriodError("a year has quarters 1 to 4"), ExitCode.USAGE),
        (FileNotFoundError(2, "No such file or directory", "x.csv"), ExitCode.USAGE),
        (PermissionError(13, "Permission denied", "out.json"), ExitCode.USAGE),
        (SpecValidationError(()), ExitCode.FINDINGS),
        (YamlError("duplicate key"), ExitCode.FINDINGS),
        (DataError(()), ExitCode.FINDINGS),
        (ExpressionSyntaxError("bad"), ExitCode.FINDINGS),
        (RuntimeError("boom"), ExitCode.INTERNAL),
        (KeyError("x"), ExitCode.INTERNAL),
    ],
)
def test_one_mapping_from_errors_to_codes(error: BaseException, code: ExitCode) -> None:
    assert exit_code(error) is code


def test_an_internal_error_is_a_short_message_without_a_traceback(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(kind: str) -> str:
        raise RuntimeError("the schema generator broke")

    monkeypatch.setattr(kpirules.schema, "schema_json", broken)
    code, out, err = run(capsys, "schema")
    assert code == 3
    assert "Traceback" not in out + err
    assert "internal error: RuntimeError: the schema generator broke" in err
    assert "please report it" in err and "--debug" in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_prints_the_traceback(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """`--debug` is accepted before or after the command's name."""
    def broken(kind: str) -> str:
        raise RuntimeError("the schema generator broke")

    monkeypatch.setattr(kpirules.schema, "schema_json", broken)
    argv = ["--debug", "schema"] if where == "before" else ["schema", "--debug"]
    code, _, err = run(capsys, *argv)
    assert code == 3
    assert err.startswith("Traceback (most recent call last):")
    assert "in broken" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["evaluate", "--period", "2019/20 Q9"], "report period '2019/20 Q9'"),
        (["evaluate", "--indicator", "no-such-indicator"], "no indicator 'no-such-indicator'"),
        (["evaluate", "no/such/folder"], "no catalogue at no/such/folder"),
        (["audit", "no/such/folder"], "no catalogue at no/such/folder"),
        (["docs", "no/such/folder", "--out", "x"], "no catalogue at no/such/folder"),
        (["validate", "no/such/folder"], "no such file or folder: no/such/folder"),
        (["reference", "--check"], "--check needs --out FILE"),
        (["evaluate", "--fail-on", "green"], "invalid choice"),
    ],
)
def test_usage_errors_and_unreadable_input_exit_2(capsys: pytest.CaptureFixture[str],
                                                  argv: list[str], words: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert words in err
    assert "Traceback" not in out + err


def test_fail_on_red_gates_on_the_seeds_red_ratings(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed report rates 11 indicators Red, and the pay gap's median measure is Red too."""
    code, out, err = run(capsys, "evaluate", "--fail-on", "red")
    assert code == 1
    assert out.splitlines()[-1] == "49 indicators: 16 G, 15 A, 11 R, 7 n/a"  # still printed
    (line,) = [line for line in err.splitlines() if "or worse" in line]
    assert line.startswith("kpirules evaluate: 12 rating(s) red or worse: ")
    named = line.split(": ", 2)[2].split(", ")
    assert {"asb-incidents", "revenue-budget", "gender-pay-gap/median"} <= set(named)
    assert "twitter-followers" not in named  # Amber


def test_fail_on_amber_adds_the_ambers(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", "--fail-on", "amber")
    assert code == 1
    assert re.search(r"27 rating\(s\) amber or worse: .*twitter-followers", err)


@pytest.mark.parametrize("indicator", ["active-volunteers", "events-evaluation"])
def test_fail_on_passes_green_and_unrated(capsys: pytest.CaptureFixture[str],
                                         indicator: str) -> None:
    """A Green indicator, and one with no rating at all, pass even --fail-on amber."""
    code, _, err = run(capsys, "evaluate", "--indicator", indicator, "--fail-on", "amber")
    assert code == 0
    assert "or worse" not in err


def test_without_fail_on_ratings_never_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "evaluate", "--indicator", "asb-incidents")
    assert code == 0
