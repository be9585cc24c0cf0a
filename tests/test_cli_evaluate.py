"""`kpirules evaluate`: the README's main command, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kpirules._cli import main

ROOT = Path(__file__).resolve().parents[1]
FIELDS = {"indicator", "title", "theme", "period", "value", "target", "rule_rag", "rag",
          "rag_basis", "rag_reason", "dot", "comparator_period", "comparator_value", "status",
          "explanation"}


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_every_documented_field_for_all_49_indicators(capsys):
    """With no catalogue argument, evaluate reads specs/ and prints one object each."""
    code, out, _ = run(capsys, "evaluate", "--format", "json")
    assert code == 0
    envelope = json.loads(out)
    assert (envelope["as_at"], envelope["catalogue"]) == ("2019/20 Q2", "lbbd-kpi-2019-20")
    records = envelope["results"]
    assert len(records) == 49
    for record in records:
        assert set(record) >= FIELDS
        assert record["rag"] in {"G", "A", "R", "n/a"}
        assert record["rule_rag"] in {"G", "A", "R", "n/a"}
        assert record["rag_basis"] in {"rule", "judgement", "none"}
        assert record["dot"] in {"improved", "worsened", "unchanged", "n/a"}
        target = record["target"]
        assert target is None or isinstance(target, int | float) or (
            isinstance(target, list) and len(target) == 2)


def test_json_figures_are_the_reports(capsys):
    """The ASB record carries the card's own figures and its band-free target."""
    code, out, _ = run(capsys, "evaluate", "--indicator", "asb-incidents", "--format", "json")
    assert code == 0
    (record,) = json.loads(out)["results"]
    assert (record["value"], record["target"], record["rag"], record["dot"]) == (
        2939, 2757, "R", "worsened")
    assert (record["comparator_period"], record["comparator_value"]) == ("2018/19 Q2", 2758)
    marac = json.loads(run(capsys, "evaluate", "--indicator", "marac-repeat-referrals",
                           "--format", "json")[1])["results"][0]
    assert marac["target"] == [28, 40]


def test_the_table_fits_100_columns_and_counts_the_ratings(capsys):
    """Every line of the table is at most 100 characters, ending with a tally."""
    code, out, _ = run(capsys, "evaluate")
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[-1] == "49 indicators: 16 G, 15 A, 11 R, 7 n/a"
    assert "\033[" not in out  # no colour when not writing to a terminal


def test_csv_and_markdown_formats(capsys):
    """CSV has a row per measure with the JSON's fields; Markdown has a table per theme."""
    _, out, _ = run(capsys, "evaluate", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(rows[0]) >= FIELDS
    assert len(rows) == 47 + 2 + 6  # 47 single measures, the pay gap's two, six questions
    _, out, _ = run(capsys, "evaluate", "--format", "markdown")
    assert out.count("\n## ") == 9


def test_an_earlier_period_evaluates_as_at_that_period(capsys):
    """--period 2019/20 Q1 shows each indicator as the Q1 report would have."""
    _, out, _ = run(capsys, "evaluate", "--period", "2019/20 Q1", "--indicator",
                    "asb-incidents", "--format", "json")
    record = json.loads(out)["results"][0]
    assert (record["period"], record["value"], record["target"]) == ("2019/20 Q1", 1402, 1357)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("evaluate", "--indicator", "asb"), 2, "no indicator 'asb'"),
        (("evaluate", "--period", "Q5 2019"), 2, "report period"),
        (("evaluate", "nowhere"), 2, "no catalogue"),
        (("evaluate", "--format", "xml"), 2, "invalid choice"),
    ],
)
def test_errors_are_messages_not_tracebacks(capsys, args, code, words):
    """Bad arguments exit 2 (usage) with a one-line message and no traceback."""
    got, out, err = run_safely(capsys, *args)
    assert got == code
    assert words in err
    assert "Traceback" not in out + err


def run_safely(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_lists_the_seeds_findings_and_fails_on_errors(capsys):
    """`kpirules audit` prints findings with file:line, a summary, and exits 1 on errors."""
    code, out, _ = run(capsys, "audit")
    assert code == 1
    assert ("data/observations/enforcement-and-community-safety/fpn-issued.csv:7: error: "
            "AUD002 fpn-issued: 2019/20 Q2 year to date: published 659, but the sum of "
            "quarters to date: 344 + 314 = 658") in out
    assert out.splitlines()[-1].startswith("Summary: ")
    code, out, _ = run(capsys, "audit", "--format", "json")
    payload = json.loads(out)
    assert payload["as_at"] == "2019/20 Q2"
    assert payload["summary"]["error"] == sum(
        f["severity"] == "error" for f in payload["findings"])
    assert all(f["location"]["path"] and f["location"]["line"] for f in payload["findings"])
