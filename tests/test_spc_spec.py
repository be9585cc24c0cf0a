"""SPC in the spec language: declarations, validation codes at their lines, and the
methods that read the chart (`dot: {method: spc}`, `rag: {assurance: ...}`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpirules import evaluate, load_catalogue
from kpirules.evaluation.control import SpcResult
from kpirules.issues import Severity
from kpirules.render.charts.spc import spc_chart
from kpirules.validation import validate
from test_cli_validate import kpirules

CATALOGUE = """\
id: spc-tests
title: SPC tests
latest_report: 2023-03
defaults:
  calendar: financial
  frequency: {frequency}
  rag: {{tolerance: {{relative: 5, points: 5}}}}
themes:
  - id: things
    title: Things
data:
  observations: [../data]
"""

HEAD = """\
id: waits
title: Days waited
theme: things
card: {definition: Days waited.}
polarity: lower_is_better
unit: {kind: days}
aggregation: snapshot
"""


def write(root: Path, body: str, *, frequency: str = "monthly",
          rows: list[tuple[str, str]] = ()) -> Path:  # type: ignore[assignment]
    specs = root / "specs"
    (specs / "things").mkdir(parents=True)
    (specs / "catalogue.yaml").write_text(CATALOGUE.format(frequency=frequency))
    (specs / "things" / "waits.yaml").write_text(HEAD + body)
    (root / "data").mkdir()
    lines = ["indicator,period,figure"] + [f"waits,{p},{v}" for p, v in rows]
    (root / "data" / "waits.csv").write_text("\n".join(lines) + "\n")
    return specs


def issues_of(specs: Path, *, data: bool = False) -> list[dict[str, object]]:
    args = ["validate", str(specs), "--format", "json"] + (["--data"] if data else [])
    payload = json.loads(kpirules(*args).out)
    return payload["issues"]  # type: ignore[no-any-return]


def months(first_year: int, count: int) -> list[str]:
    return [f"{first_year + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(count)]


def test_a_full_declaration_validates(tmp_path: Path) -> None:
    body = """\
spc:
  baseline: {first: 12}
  rebase:
    - {period: 2021-04, reason: A new claim form}
  rules: {run: 8, trend: 6}
  screen_outliers: false
rag: {assurance: {hit_and_miss: R}}
dot: {method: spc}
"""
    rows = [(p, "20") for p in months(2019, 30)]
    assert issues_of(write(tmp_path, body, rows=rows), data=True) == []


def test_an_annual_survey_with_four_points_is_refused_with_the_data(tmp_path: Path) -> None:
    body = "spc: {}\n"
    rows = [("2016/17", "61"), ("2017/18", "63"), ("2018/19", "60"), ("2019/20", "64")]
    specs = write(tmp_path, body, frequency="annual", rows=rows)
    found = issues_of(specs, data=True)
    # Line 8 of the spec is `spc: {}` (the head is seven lines).
    assert {(i["code"], i["severity"], i["line"]) for i in found} == {
        ("KPI090", "warning", 8), ("KPI094", "error", 8)}
    refused = next(i for i in found if i["code"] == "KPI094")
    assert "at least 12 points" in str(refused["message"])
    assert "the data has 4" in str(refused["message"])
    assert kpirules("validate", str(specs), "--data").status == 1


def test_a_rebase_outside_the_series_is_located(tmp_path: Path) -> None:
    body = """\
spc:
  rebase:
    - period: 2030-04
      reason: Not yet
"""
    specs = write(tmp_path, body, rows=[(p, "20") for p in months(2019, 24)])
    found = issues_of(specs, data=True)
    assert [(i["code"], i["line"], i["column"]) for i in found] == [("KPI092", 10, 15)]
    assert "outside the series (2019-04 to 2021-03)" in str(found[0]["message"])


def test_a_rebase_that_is_not_a_period_of_the_measure_is_located(tmp_path: Path) -> None:
    body = """\
spc:
  rebase:
    - {period: 2021/22 Q1, reason: A quarter on a monthly measure}
"""
    found = issues_of(write(tmp_path, body))
    assert [(i["code"], i["line"]) for i in found] == [("KPI092", 10)]
    assert "not a month of the financial calendar" in str(found[0]["message"])


@pytest.mark.parametrize("length", ["1", "0", "-3"])
def test_a_run_length_below_two_is_located(tmp_path: Path, length: str) -> None:
    body = f"spc:\n  rules: {{run: {length}}}\n"
    found = issues_of(write(tmp_path, body))
    # `  rules: {run: N}`: N is at column 16 of line 9.
    assert [(i["code"], i["line"], i["column"]) for i in found] == [("KPI012", 9, 16)]
    assert "greater than or equal to 2" in str(found[0]["message"])


@pytest.mark.parametrize(
    ("body", "code", "line", "words"),
    [
        ("dot: {method: spc}\n", "KPI091", 8, "declares no spc"),
        ("rag: {assurance: {}}\n", "KPI091", 8, "declares no spc"),
        ("spc:\n  baseline: {start: 2020-03, end: 2019-04}\n", "KPI093", 9,
         "not a range of at least 2"),
        ("spc:\n  baseline: {first: 12, start: 2019-04}\n", "KPI012", 9, "either first"),
        ("rag: {assurance: {}, tolerance: {relative: 5}}\nspc: {}\n", "KPI012", 8,
         "exactly one of tolerance, rules, assurance or compare; found tolerance and assurance"),
        ("dot: {method: trend_line}\n", "KPI012", 8, "'two_point', 'spc' or 'recent_trend'"),
    ],
)
def test_declarations_that_cannot_work_are_located(tmp_path: Path, body: str, code: str,
                                                   line: int, words: str) -> None:
    found = issues_of(write(tmp_path, body))
    assert [(i["code"], i["line"]) for i in found] == [(code, line)]
    assert words in str(found[0]["message"])


def test_assurance_needs_a_better_side(tmp_path: Path) -> None:
    specs = write(tmp_path, "spc: {}\nrag: {assurance: {}}\n")
    text = (specs / "things" / "waits.yaml").read_text()
    (specs / "things" / "waits.yaml").write_text(text.replace("lower_is_better", "none"))
    report = validate([specs])
    found = [(i.code, i.severity, i.location.line) for i in report.issues]
    assert ("KPI091", Severity.ERROR, 9) in found


def _evaluated(specs: Path) -> dict[str, object]:
    run = kpirules("evaluate", str(specs), "--format", "json")
    assert run.status == 0, run.err
    record = json.loads(run.out)["results"][0]
    assert isinstance(record, dict)
    return record


def test_limits_from_a_range_of_periods_end_to_end(tmp_path: Path) -> None:
    # 24 months: six of 30 (2019-04..2019-09), twelve alternating 20 and 22
    # (2019-10..2020-09), six of 40. The baseline is the twelve middle months: mean 21,
    # every moving range 2, limits 21 +/- 5.32. Both ends lie beyond those limits.
    values = [30] * 6 + [20, 22] * 6 + [40] * 6
    body = "spc:\n  baseline: {start: 2019-10, end: 2020-09}\n"
    rows = [(p, str(v)) for p, v in zip(months(2019, 24), values, strict=True)]
    record = _evaluated(write(tmp_path, body, rows=rows))
    spc = record["spc"]
    assert isinstance(spc, dict)
    (phase,) = spc["phases"]
    assert phase["baseline"] == {"from": "2019-10", "to": "2020-09", "points": 12}
    assert phase["limits"]["mean"] == 21
    assert phase["limits"]["upper"] == pytest.approx(26.32)
    assert phase["limits"]["lower"] == pytest.approx(15.68)
    beyond = [p["period"] for p in spc["points"]
              if {"rule": "outside_limits", "side": "high"} in p["rules"]]
    assert beyond == months(2019, 6) + months(2019, 24)[18:]


def test_the_summary_names_a_concern_outranked_by_improvement(tmp_path: Path) -> None:
    # Twelve steady months (mean 50.5), then seven falling months all above the mean:
    # lower is better, so the falling trend is improvement and the run above the mean
    # concern. Improvement is shown, and the summary says what it outranked.
    values = [50, 52, 49, 51, 53, 48, 50, 52, 51, 49, 50, 51, 57, 56, 55, 54, 53, 52, 51]
    body = "spc:\n  baseline: {first: 12}\ndot: {method: spc}\n"
    rows = [(p, str(v)) for p, v in zip(months(2019, 19), values, strict=True)]
    record = _evaluated(write(tmp_path, body, rows=rows))
    spc = record["spc"]
    assert isinstance(spc, dict)
    assert spc["variation"]["type"] == "special_cause_improving"
    assert (spc["variation"]["rule"], spc["variation"]["side"]) == ("trend", "low")
    assert spc["summary"].startswith(
        "Special cause of improving variation: the last 7 months form a trend, each lower "
        "than the one before it (it is also flagged the other way, by a run on one side of "
        "the mean, but where improvement and concern coincide, improvement is shown)")
    assert record["dot"] == "improved"


def test_a_floor_standard_is_the_second_target_line(tmp_path: Path) -> None:
    # 24 months alternating 20 and 22 days: mean 21, every moving range 2, limits
    # 21 +/- 5.32 = 15.68..26.32. Lower is better. The target of 17 lies within the
    # limits (hit and miss); the floor of 30 lies above the upper limit, so the process
    # meets the floor every time.
    values = [20, 22] * 12
    body = 'targets:\n  "2020/21": {value: 17, floor: 30}\nspc: {}\n'
    rows = [(p, str(v)) for p, v in zip(months(2019, 24), values, strict=True)]
    specs = write(tmp_path, body, rows=rows)
    assert issues_of(specs, data=True) == []
    record = _evaluated(specs)
    spc = record["spc"]
    assert isinstance(spc, dict)
    assert spc["assurance"]["type"] == "hit_and_miss"
    assert spc["floor_assurance"] == {
        "type": "consistently_passing", "floor": 30, "lower_limit": 15.68,
        "upper_limit": 26.32, "reason": "both process limits meet the floor"}
    assert "The floor standard of 30 days will be met consistently" in spc["summary"]
    # The chart draws it as a second target line with its own dash and legend entry.
    result = evaluate(load_catalogue(specs), indicator="waits")
    assert result.headline is not None
    found = result.headline.analysis("spc")
    assert isinstance(found, SpcResult)
    chart = spc_chart(found, "Days waited")
    assert chart is not None
    assert chart.svg.count('stroke-dasharray="3 3"') == 2  # the line and its legend key
    assert "Floor standard" in chart.svg


def test_minimum_points_can_be_the_mdc_tools_13(tmp_path: Path) -> None:
    # Twelve months: limits by kpirules' default (12), none when the spec asks for
    # Making Data Count's 13, and validation with the data says so at the declaration.
    rows = [(p, str(v)) for p, v in zip(
        months(2019, 12), [50, 52, 49, 51, 53, 48, 50, 52, 51, 49, 50, 51], strict=True)]
    default = _evaluated(write(tmp_path / "twelve", "spc: {}\n", rows=rows))
    assert default["spc"]["phases"][0]["limits"]["mean"] == 50.5  # type: ignore[index]
    specs = write(tmp_path / "mdc", "spc: {minimum_points: 13}\n", rows=rows)
    record = _evaluated(specs)
    spc = record["spc"]
    assert isinstance(spc, dict)
    assert spc["phases"][0]["limits"] is None
    assert spc["summary"].startswith("No SPC limits: 12 months of figures in the series, "
                                     "fewer than the 13 needed for limits")
    assert spc["settings"]["minimum_points"] == 13
    found = issues_of(specs, data=True)
    assert [(i["code"], i["line"]) for i in found] == [("KPI094", 8)]
    assert "at least 13 points" in str(found[0]["message"])


@pytest.mark.parametrize("value", [11, 21])
def test_minimum_points_outside_12_to_20_is_refused(tmp_path: Path, value: int) -> None:
    specs = write(tmp_path, f"spc: {{minimum_points: {value}}}\n",
                  rows=[(p, "20") for p in months(2019, 24)])
    found = issues_of(specs)
    assert [(i["code"], i["line"]) for i in found] == [("KPI012", 8)]
