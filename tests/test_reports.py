"""Report files: what a report published, checked against the catalogue, located."""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import write_catalogue
from kpirules.catalogue import Catalogue, load_catalogue
from kpirules.errors import DataError
from kpirules.reports import parse_report_files, read_reports

CATALOGUE = """\
id: reported
title: Reported
latest_report: 2019/20 Q2
defaults:
  rag:
    tolerance: {relative: 5, points: 5}
themes:
  - {id: things, title: Things}
"""

SPECS = {
    "calls": """\
id: calls
title: Calls
theme: things
card: {definition: Calls.}
polarity: lower_is_better
unit: count
aggregation: discrete
""",
    "pay": """\
id: pay
title: Pay gap
theme: things
card: {definition: The gap.}
polarity: closest_to
unit: money
aggregation: snapshot
measures:
  - {id: mean, title: Mean}
  - {id: median, title: Median}
""",
}

HEAD = "report: 2019/20 Q2\ntitle: A report\nassessments:\n"


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("reported"), CATALOGUE, SPECS))


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body)
    return path


def test_files_of_one_report_are_merged(catalogue, tmp_path):
    """Two files with the same report period make one report, keyed by indicator and measure."""
    one = _write(tmp_path, "a.yaml", "  - {indicator: calls, period: 2019/20 Q2, rag: G}\n")
    two = _write(tmp_path, "b.yaml", "  - {indicator: pay, measure: mean, period: 2019/20 Q2,"
                 " rag: A, dot: \"↑\"}\n")
    reports = read_reports(catalogue, [one, two])
    (report,) = reports.values()
    assert str(report.period) == "2019/20 Q2"
    assert report.assessment("calls").assessment.rag == "G"
    assert report.assessment("pay", "mean").assessment.dot == "↑"
    assert report.assessment("pay") is None


@pytest.mark.parametrize(
    ("body", "code", "line", "words"),
    [
        ("  - {indicator: call, period: 2019/20 Q2}\n", "KPI104", 4, "did you mean 'calls'"),
        ("  - {indicator: pay, measure: mode, period: 2019/20 Q2}\n", "KPI111", 4,
         "no measure 'mode'"),
        ("  - {indicator: calls, period: 2019}\n", "KPI105", 4, "calendar"),
        ("  - {indicator: calls, period: 2019/20 Q2, rag: G,\n"
         "     judgement: {rating: R, reason: the report's words}}\n", "KPI113", 5,
         "printed G"),
        ("  - {indicator: calls, period: 2019/20 Q2}\n  - {indicator: calls, period: 2019/20 Q1}\n",
         "KPI106", 5, "assessed twice"),
        ("  - {indicator: calls, period: 2019/20 Q2, rag: Green}\n", "KPI012", 4, "'G'"),
    ],
)
def test_each_bad_assessment_is_reported_at_its_place(catalogue, tmp_path, body, code, line,
                                                      words):
    """A bad assessment is an issue with its code and line, and is left out of the report."""
    path = _write(tmp_path, "report.yaml", body)
    _, issues = parse_report_files(catalogue, [path])
    assert [(i.code, i.location.line) for i in issues] == [(code, line)]
    assert words in issues[0].message
    with pytest.raises(DataError):
        read_reports(catalogue, [path])


def test_a_missing_report_path_is_an_issue(catalogue, tmp_path):
    """A report path that does not exist is reported, not skipped."""
    _, issues = parse_report_files(catalogue, [tmp_path / "nowhere.yaml"])
    assert [i.code for i in issues] == ["KPI112"]
