"""Statistics in specs and data: located validation issues, benchmark files, the audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factories import write_catalogue
from kpirules import load_catalogue, validate
from kpirules.audit import audit
from kpirules.benchmarks import parse_benchmark_csv, parse_benchmark_files
from kpirules.catalogue import Catalogue
from kpirules.observations import read_observations
from kpirules.reports import parse_report_files

CATALOGUE = """\
id: checked
title: Checked
latest_report: "2023"
defaults:
  calendar: calendar
  frequency: annual
  rag: {tolerance: {relative: 5, points: 5}}
themes: [{id: things, title: Things}]
populations:
  people: {title: People, figures: [{year: "2023", value: 1000, source: test}]}
benchmarks:
  england: {label: England, area: E92000001}
"""

RATE = """\
id: rate
title: A rate
theme: things
card: {definition: A rate.}
polarity: lower_is_better
unit: {kind: rate, per: 1000, population: people}
aggregation: {kind: rate, numerator: events}
"""

SCORE = """\
id: score
title: A score
theme: things
card: {definition: A score.}
polarity: higher_is_better
unit: score
aggregation: snapshot
"""


def codes_at(tmp_path: Path, spec: str, name: str = "rate") -> list[tuple[str, int, int]]:
    root = write_catalogue(tmp_path, CATALOGUE, {name: spec})
    report = validate([root])
    return [(i.code, i.location.line, i.location.column) for i in report.issues]


def line_of(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_the_valid_forms_pass(tmp_path: Path) -> None:
    spec = RATE + ("statistics: {interval: {method: byars}, compare: {benchmark: england}}\n"
                   "rag: {compare: {benchmark: england, similar: G}}\n"
                   "dot: {method: recent_trend}\n")
    assert codes_at(tmp_path, spec) == []


def test_an_unknown_benchmark_is_located_with_a_suggestion(tmp_path: Path) -> None:
    spec = RATE + "rag: {compare: {benchmark: englnd}}\n"
    root = write_catalogue(tmp_path, CATALOGUE, {"rate": spec})
    (issue,) = validate([root]).issues
    assert issue.code == "KPI080"
    assert (issue.location.line, issue.location.column) == line_of(spec, "englnd")
    assert "did you mean 'england'" in issue.message


def test_a_compare_rating_without_a_benchmark_is_a_located_error(tmp_path: Path) -> None:
    spec = RATE + "rag: {compare: {confidence: 0.95}}\n"
    found = codes_at(tmp_path, spec)
    assert found == [("KPI010", *line_of(spec, "{confidence"))]


def test_an_interval_on_a_measure_with_no_counts(tmp_path: Path) -> None:
    spec = SCORE + "statistics:\n  interval: {method: auto}\n"
    assert codes_at(tmp_path, spec, "score") == [("KPI081", *line_of(spec, "{method"))]


def test_wilson_on_a_rate_does_not_suit_the_unit(tmp_path: Path) -> None:
    spec = RATE + "statistics:\n  interval: {method: wilson}\n"
    assert codes_at(tmp_path, spec) == [("KPI082", *line_of(spec, "wilson"))]


def test_rating_by_comparison_needs_a_better_side(tmp_path: Path) -> None:
    spec = RATE.replace("lower_is_better", "none") + "rag:\n  compare: {benchmark: england}\n"
    assert codes_at(tmp_path, spec) == [("KPI083", *line_of(spec, "{benchmark"))]


def test_a_recent_trend_needs_counts(tmp_path: Path) -> None:
    spec = SCORE + "dot: {method: recent_trend}\n"
    assert codes_at(tmp_path, spec, "score") == [("KPI084", *line_of(spec, "recent_trend"))]


@pytest.mark.parametrize(("target", "polarity"), [
    ("{value: 80, floor: 85}", "higher_is_better"),
    ("{value: 80, floor: 75}", "lower_is_better"),
    ("{value: 80, floor: 75}", "closest_to")])
def test_a_floor_on_the_wrong_side(tmp_path: Path, target: str, polarity: str) -> None:
    spec = SCORE.replace("higher_is_better", polarity) + f'targets:\n  "2023": {target}\n'
    line, column = line_of(spec, "floor: ")
    assert codes_at(tmp_path, spec, "score") == [("KPI085", line, column + len("floor: "))]


def test_a_floor_goes_with_a_value_profile_or_annual_target(tmp_path: Path) -> None:
    spec = SCORE + 'targets:\n  "2023": {none: not_set, floor: 3}\n'
    assert [code for code, *_ in codes_at(tmp_path, spec, "score")] == ["KPI012"]


def test_two_benchmarks_for_one_measure(tmp_path: Path) -> None:
    catalogue = CATALOGUE + "  london: {label: London}\n"
    spec = RATE + ("statistics: {compare: {benchmark: london}}\n"
                   "rag: {compare: {benchmark: england}}\n")
    root = write_catalogue(tmp_path, catalogue, {"rate": spec})
    assert [(i.code, i.location.line) for i in validate([root]).issues] == [
        ("KPI086", line_of(spec, "rag:")[0])]


def test_rules_may_read_only_the_statistics_declared(tmp_path: Path) -> None:
    rules = "rag: {rules: [{when: lower > benchmark, rating: R}, {otherwise: G}]}\n"
    found = codes_at(tmp_path, RATE + rules)
    assert [code for code, *_ in found] == ["KPI052"]
    declared = RATE + "statistics: {interval: {}, compare: {benchmark: england}}\n" + rules
    assert codes_at(tmp_path, declared) == []


# Benchmark files --------------------------------------------------------------------------

@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return load_catalogue(write_catalogue(tmp_path, CATALOGUE, {"rate": RATE}))


HEADER = "indicator,measure,benchmark,period,value,lower,upper,confidence,rank,of,status,note"


@pytest.mark.parametrize(("row", "code", "column"), [
    ("rate,,scotland,2023,5,,,,,,,", "KPI080", 3),
    ("rate,,england,2023/24,5,,,,,,,", "KPI105", 4),
    ("rate,,england,2023,5%,,,,,,,", "KPI103", 5),
    ("rate,,england,2023,5,6,7,,,,,", "KPI121", 6),
    ("rate,,england,2023,5,4,,,,,,", "KPI120", 6),
    ("rate,,england,2023,5,4,6,95,,,,", "KPI120", 8),
    ("rate,,england,2023,5,,,,33,32,,", "KPI121", 9),
    ("rate,,england,2023,,,,,,,,", "KPI109", 0),  # the row: the cell is empty
    ("rate,,england,2023,5,,,,,,not_yet_published,", "KPI109", 11),
    ("nothing,,england,2023,5,,,,,,,", "KPI104", 1),
])
def test_a_bad_benchmark_row_is_located(catalogue: Catalogue, row: str, code: str,
                                        column: int) -> None:
    figures, issues = parse_benchmark_csv(f"{HEADER}\n{row}\n", "b.csv", catalogue)
    assert figures == []
    assert [(i.code, i.location.line, i.location.column) for i in issues] == [(code, 2, column)]


def test_a_good_benchmark_row_keeps_its_figures_exact(catalogue: Catalogue) -> None:
    rows = f"{HEADER}\nrate,,england,2023,5.10,4.9,5.3,0.95,19,32,,Fingertips\n" \
           "rate,,england,,,,,,,,not_yet_published,available 17/10/2019\n"
    figures, issues = parse_benchmark_csv(rows, "b.csv", catalogue)
    assert issues == []
    dated, undated = figures
    assert str(dated.value) == "5.10" and (dated.rank, dated.of) == (19, 32)
    assert dated.label == "England" and dated.area == "E92000001"
    assert undated.period is None and undated.value is None


OWN = "indicator,benchmark,label,period,value,unit,rank,of,first,ref,note"


@pytest.mark.parametrize(("row", "code", "column", "words"), [
    ("rate,england,,2023,5,per cent,,,,,", "KPI120", 6, "write a kind"),
    ("rate,england,,2023,5,rate per 1000 nobody,,,,,", "KPI120", 6,
     "population 'nobody' is not declared in the catalogue (people)"),
    ("rate,england,,2023,5,rate per 0 people,,,,,", "KPI120", 6, "'0' is not a whole number"),
    ("rate,england,,2023,5,,19,32,top,,", "KPI120", 9, "'highest' or 'lowest'"),
    ("rate,england,,2023,5,,,,highest,,", "KPI121", 9, "the row gives no rank"),
])
def test_a_bad_unit_or_rank_end_is_located(catalogue: Catalogue, row: str, code: str,
                                           column: int, words: str) -> None:
    figures, issues = parse_benchmark_csv(f"{OWN}\n{row}\n", "b.csv", catalogue)
    assert figures == []
    assert [(i.code, i.location.line, i.location.column) for i in issues] == [(code, 2, column)]
    assert words in issues[0].message


def test_a_figure_keeps_its_own_label_unit_and_rank_end(catalogue: Catalogue) -> None:
    """A rate per 1,000 people is the measure's unit, so it is comparable; a percentage
    change is not, whatever it is labelled; a row stated twice is told apart by `ref`."""
    rows = (f"{OWN}\n"
            "rate,england,England,2023,5,rate per 1000 people,,,,,\n"
            "rate,england,\"England, change\",2023,3.1,percentage,,,,,a percentage change\n"
            "rate,england,England (history),2023,5.0,,,,,history,\n"
            "rate,england,,,,count,19,32,highest,,1 = highest\n")
    figures, issues = parse_benchmark_csv(rows, "b.csv", catalogue)
    assert issues == []
    same, change, again, rank = figures
    assert same.unit is None and same.stated_label is None and same.comparable
    assert change.unit is not None and change.unit.kind == "percentage"
    assert change.shown_label == "England, change" and not change.comparable
    assert again.ref == "history" and again.shown_label == "England (history)"
    assert (rank.rank, rank.of, rank.first, rank.value) == (19, 32, "highest", None)


def test_the_same_figure_twice_without_a_ref_is_a_duplicate(catalogue: Catalogue,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(f"{OWN}\nrate,england,,2023,5,,,,,,\nrate,england,,2023,5.0,,,,,,\n"
                    "rate,england,,2023,5.00,,,,,history,\n")
    _, issues = parse_benchmark_files(catalogue, [path])
    assert [(i.code, i.location.line) for i in issues] == [("KPI106", 3)]


def test_figures_listed_in_a_spec_are_refused_with_where_they_go(tmp_path: Path) -> None:
    spec = RATE + "benchmarking:\n  text: London 29.5\n  values:\n    - {label: London}\n"
    assert codes_at(tmp_path, spec) == [("KPI087", *line_of(spec, "values:"))]
    (issue,) = validate([tmp_path]).issues
    assert "benchmark files" in issue.message and "docs/statistics.md" in issue.message


# The audit ---------------------------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "statistics"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "statistics")
    return tmp_path / "statistics"


def test_the_audit_checks_published_limits(example: Path) -> None:
    data = example / "data" / "observations" / "health.csv"
    with data.open("a") as out:
        # Byars gives 20.24 to 42.83; the lower is right, the upper misprinted.
        out.write("self-harm-admissions,,2023,,,,lower,20.2,,table,,\n"
                  "self-harm-admissions,,2023,,,,upper,48.3,,table,,\n")
    catalogue = load_catalogue(example / "specs")
    found = [f for f in audit(catalogue).findings if f.code == "AUD040"]
    assert [(f.published, f.expected, f.severity.value) for f in found] == [
        ("48.3", "42.8", "error")]


def test_the_audit_checks_a_published_significance(example: Path) -> None:
    catalogue = load_catalogue(example / "specs")
    report = example / "report.yaml"
    report.write_text('report: "2023"\ntitle: Test\nassessments:\n'
                      '  - {indicator: breastfeeding, period: "2023", significance: worse}\n'
                      '  - {indicator: self-harm-admissions, period: "2023", '
                      'significance: worse}\n')
    reports, problems = parse_report_files(catalogue, [report])
    assert problems == []
    found = [f for f in audit(catalogue, read_observations(catalogue), reports).findings
             if f.code == "AUD041"]
    assert [(f.indicator, f.published) for f in found] == [("breastfeeding", "worse")]
    assert "significantly better than London" in found[0].message
