"""The workbook, read back with openpyxl: its figures, types and ratings are the JSON
output's; numbers are numbers with formats; text is never a formula; same bytes."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirules._cli import main
from kpirules.benchmarks import read_benchmarks
from kpirules.catalogue import load_catalogue
from kpirules.evaluation.evaluate import as_at_period
from kpirules.evaluation.statistics import BenchmarkAnalysis
from kpirules.observations import read_observations
from kpirules.render import render_json
from kpirules.render.charts import RATING_STYLES
from kpirules.render.report import ReportData, build_report, render_xlsx
from kpirules.render.report.xlsx import RESULT_COLUMNS, sheet_name
from kpirules.render.report.xlsx_analyses import level_label
from report_helpers import SPECS, seed_report

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def workbook() -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(seed_report())))


def _rows(sheet: Any) -> list[dict[str, Any]]:
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _json_rows() -> list[dict[str, Any]]:
    rows = []
    for record in json.loads(render_json(seed_report().results))["results"]:
        for row in ([{**record, **m} for m in record["measures"]] if record.get("measures")
                    else [record]):
            target = row.get("target")
            high = None
            if isinstance(target, list):
                target, high = target
            rows.append({**{k: row.get(k) for k in RESULT_COLUMNS}, "target": target,
                         "target_high": high})
    return rows


def test_results_sheet_equals_the_json_output(workbook: Any) -> None:
    """Every figure, its type (int, float, text, empty) and every rating match."""
    sheet = _rows(workbook["Results"])
    expected = _json_rows()
    assert len(sheet) == len(expected)
    for got, want in zip(sheet, expected, strict=True):
        for column in RESULT_COLUMNS:
            value = want[column]
            assert got[column] == value, (want["indicator"], column)
            assert type(got[column]) is type(value), (want["indicator"], column)


def test_sheets_frozen_filtered_and_named(workbook: Any) -> None:
    names = workbook.sheetnames
    assert names[0] == "Summary" and names[-2:] == ["Results", "Figures"]
    assert len(names) == 3 + len(seed_report().view.themes)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title


def test_numbers_have_formats_and_ratings_fills(workbook: Any) -> None:
    """ASB calls: 2,939 as a number formatted with thousands; its RAG cell says R on the
    red fill. A percentage keeps percentage points with a % sign in its format."""
    sheet = workbook["Enforcement and Community Saf"] if (
        "Enforcement and Community Saf" in workbook.sheetnames) else next(
        s for s in workbook.worksheets if s.title.startswith("Enforcement"))
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "asb-incidents")
    value = row[header.index("Value")]
    assert value.value == 2939 and value.data_type == "n"
    assert value.number_format == "#,##0"
    rag = row[header.index("RAG")]
    assert rag.value == "R"
    assert rag.fill.fgColor.rgb.upper().endswith(RATING_STYLES["R"].fill[1:].upper())
    results = workbook["Results"]
    columns = [c.value for c in results[1]]
    percent = next(r for r in results.iter_rows(min_row=2)
                   if r[0].value == "council-listens")
    assert percent[columns.index("value")].value == 47
    assert percent[columns.index("value")].number_format.endswith('"%"')


def test_summary_sheet(workbook: Any) -> None:
    rows = _rows(workbook["Summary"])
    assert [(r["Rating"], r["Indicators"]) for r in rows] == [
        ("G", 16), ("A", 15), ("R", 11), ("n/a", 7)]
    assert round(rows[0]["Share"], 4) == round(16 / 49, 4)


def test_same_input_same_bytes() -> None:
    assert render_xlsx(seed_report()) == render_xlsx(seed_report())


def _with_text(data: ReportData, text: str) -> ReportData:
    first = data.results[0]
    measures = tuple(replace(m, explanation=text, title=text) for m in first.measures)
    headline = measures[0] if first.headline is not None else None
    changed = replace(first, title=text, measures=measures, headline=headline)
    # One indicator is enough, and keeps a hundred examples fast.
    view = replace(data.view, themes=data.view.themes[:1])
    return replace(data, view=view, results=(changed,), figures=data.figures[:1])


@given(st.sampled_from("=+-@"),
       st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30))
def test_formula_text_is_written_as_text(start: str, rest: str) -> None:
    """Commentary that looks like a formula is stored as a string, exactly."""
    text = start + rest
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(_with_text(seed_report(), text))))
    results = book["Results"]
    columns = [c.value for c in results[1]]
    cell = results.cell(row=2, column=columns.index("explanation") + 1)
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in
             ["A/B: C?", "x" * 40, "x" * 40, "Summary", "summary", "[]"]]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == len(names)


def test_missing_extra_names_the_install_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    assert main(["report", str(SPECS), "--out", str(tmp_path / "r.xlsx")]) == 2
    assert "pip install 'kpirules[excel]'" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_report_command_writes_xlsx(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(SPECS), "--format", "xlsx", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"


def test_theme_sheets_give_the_spc_reading_in_words(tmp_path: Path) -> None:
    """The SPC example's theme sheet has each indicator's variation and assurance (as
    worked out in tests/test_spc_examples.py); the seed, with no SPC, leaves them empty."""
    out = tmp_path / "spc.xlsx"
    specs = SPECS.parent / "examples" / "spc" / "specs"
    assert main(["report", str(specs), "--format", "xlsx", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    (theme,) = book.sheetnames[1:-2]  # Summary, one theme, Results, Figures
    rows = _rows(book[theme])
    assert {r["Indicator"]: (r["SPC variation"], r["SPC assurance"]) for r in rows} == {
        "benefit-claim-days": ("special cause of improving variation",
                               "will meet the target only some of the time"),
        "missed-bin-collections": ("common cause variation",
                                   "will consistently meet the target"),
        "rent-collected": ("common cause variation", "will consistently fail the target"),
    }
    seed = openpyxl.load_workbook(io.BytesIO(render_xlsx(seed_report())))
    for name in seed.sheetnames[1:-2]:
        assert all(r["SPC variation"] is None and r["SPC assurance"] is None
                   for r in _rows(seed[name]))


# --- The statistics and SPC figures, as columns after the JSON fields ------------------

EXAMPLES = SPECS.parent / "examples"

# Each analysis column and where its figure is in the JSON record; `ci_<level>_*` columns
# are read from the interval's level at that confidence (see `_json_figure`).
_ANALYSIS_PATHS: dict[str, tuple[str | int, ...]] = {
    "ci_numerator": ("interval", "numerator"),
    "ci_denominator": ("interval", "denominator"),
    **{f"benchmark_{key}": ("benchmark", key) for key in (
        "id", "label", "area", "period", "value", "status", "lower", "upper",
        "confidence", "rank", "of")},
    **{f"comparison_{key}": ("comparison", key) for key in (
        "benchmark", "outcome", "significance", "confidence", "reason")},
    **{f"trend_{key}": ("trend", key) for key in (
        "direction", "reading", "slope", "chi_squared", "points", "reason")},
    "trend_from": ("trend", "periods", 0),
    "trend_to": ("trend", "periods", -1),
    "spc_variation": ("spc", "variation", "type"),
    "spc_variation_period": ("spc", "variation", "period"),
    "spc_variation_rule": ("spc", "variation", "rule"),
    "spc_variation_side": ("spc", "variation", "side"),
    "spc_assurance": ("spc", "assurance", "type"),
    "spc_assurance_target": ("spc", "assurance", "target"),
    "spc_floor_assurance": ("spc", "floor_assurance", "type"),
    "spc_phase": ("spc", "phases", -1, "number"),
    "spc_phase_from": ("spc", "phases", -1, "from"),
    "spc_mean": ("spc", "phases", -1, "limits", "mean"),
    "spc_lower": ("spc", "phases", -1, "limits", "lower"),
    "spc_upper": ("spc", "phases", -1, "limits", "upper"),
    "spc_provisional": ("spc", "phases", -1, "limits", "provisional"),
}

_STATISTICS_COLUMNS = [
    "ci_numerator", "ci_denominator",
    "ci_95_method", "ci_95_lower", "ci_95_upper",
    "ci_99.8_method", "ci_99.8_lower", "ci_99.8_upper",
    "benchmark_id", "benchmark_label", "benchmark_area", "benchmark_period",
    "benchmark_value", "benchmark_status", "benchmark_lower", "benchmark_upper",
    "benchmark_confidence", "benchmark_rank", "benchmark_of",
    "comparison_benchmark", "comparison_outcome", "comparison_significance",
    "comparison_confidence", "comparison_reason",
    "trend_direction", "trend_reading", "trend_slope", "trend_chi_squared", "trend_points",
    "trend_from", "trend_to", "trend_reason",
]
_SPC_COLUMNS = [
    "spc_variation", "spc_variation_period", "spc_variation_rule", "spc_variation_side",
    "spc_assurance", "spc_assurance_target", "spc_floor_assurance", "spc_phase",
    "spc_phase_from", "spc_mean", "spc_lower", "spc_upper", "spc_provisional",
]


def _json_figure(record: dict[str, Any], column: str) -> Any:
    if column.startswith("ci_") and column not in _ANALYSIS_PATHS:
        _, level, key = column.split("_")
        interval = record.get("interval") or {}
        return next((found[key] for found in interval.get("levels", [])
                     if round(found["confidence"] * 100, 6) == float(level)), None)
    found: Any = record
    for key in _ANALYSIS_PATHS[column]:
        if found is None:
            return None
        found = found[key] if isinstance(key, int) else found.get(key)
    return found


def _kind(value: Any) -> str:
    """A cell's type as a workbook has it: a spreadsheet number has no int or float (the
    JSON's 3.0 reads back as 3), but a number is never text or a boolean."""
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else type(value).__name__


def _evaluated(specs: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """`kpirules evaluate --format json`, one record per Results row (a measure's row has
    its own analyses, never its indicator's headline's)."""
    assert main(["evaluate", str(specs), "--format", "json"]) == 0
    rows = []
    for record in json.loads(capsys.readouterr().out)["results"]:
        shared = {k: record.get(k) for k in RESULT_COLUMNS if k != "target_high"}
        rows += ([{**shared, **m} for m in record["measures"]] if record.get("measures")
                 else [record])
    return rows


def _report_book(specs: Path, tmp_path: Path) -> Any:
    out = tmp_path / f"{specs.parent.name}.xlsx"
    assert main(["report", str(specs), "--format", "xlsx", "--out", str(out)]) == 0
    return openpyxl.load_workbook(out)


@pytest.mark.parametrize(("example", "columns"), [
    ("statistics", _STATISTICS_COLUMNS), ("spc", _SPC_COLUMNS)])
def test_analysis_columns_equal_the_json_output(
        example: str, columns: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every interval, benchmark, comparison, trend and SPC cell is its JSON field, of
    the same type (numbers numbers, true/false booleans, blank for null), a float to the
    16 significant digits a workbook keeps; the JSON fields before them are still equal
    too."""
    specs = EXAMPLES / example / "specs"
    book = _report_book(specs, tmp_path)
    sheet = book["Results"]
    header = [c.value for c in sheet[1]]
    assert header == [*RESULT_COLUMNS, *columns]
    expected = _evaluated(specs, capsys)
    got = _rows(sheet)
    assert [r["indicator"] for r in got] == [r["indicator"] for r in expected]
    filled = 0
    for row, record in zip(got, expected, strict=True):
        for column in columns:
            want = _json_figure(record, column)
            if isinstance(want, float):
                # The writer keeps 16 significant digits (a spreadsheet shows 15); an
                # interval's limits are in the JSON to 17.
                want = float(f"{want:.16g}")
            assert row[column] == want, (record["indicator"], column)
            assert _kind(row[column]) == _kind(want), (record["indicator"], column)
            filled += want is not None
        for column in ("value", "rag", "explanation"):
            assert row[column] == record[column], (record["indicator"], column)
    assert filled > len(got)  # the examples do carry the figures


def test_analysis_figures_are_numbers_in_the_measures_format(tmp_path: Path) -> None:
    """Self-harm's 95% Byars interval, 20.2 to 42.8 per 100,000, is two numbers in the
    rate's format; benefit-claim days' limits are in days to two places (one more than
    the value, as the SPC summary words them: 13.76–22.90 days); a confidence is a share
    shown as a percentage; a measure without statistics has blank cells."""
    stats = _report_book(EXAMPLES / "statistics" / "specs", tmp_path)["Results"]
    header = [c.value for c in stats[1]]
    cells = {r[0].value: {h: c for h, c in zip(header, r, strict=True)}
             for r in stats.iter_rows(min_row=2)}
    harm = cells["self-harm-admissions"]
    for column, shown in (("ci_95_lower", 20.2), ("ci_95_upper", 42.8),
                          ("benchmark_value", 20.0)):
        assert harm[column].data_type == "n"
        assert harm[column].number_format == '#,##0.0" per 100,000"'
        assert round(harm[column].value, 1) == shown
    assert harm["comparison_confidence"].value == 0.95
    assert harm["comparison_confidence"].number_format == "0.0%"
    assert harm["comparison_outcome"].value == "worse"
    assert cells["breastfeeding"]["ci_95_lower"].number_format == '0.0"%"'
    assert all(cells["decent-homes"][c].value is None for c in _STATISTICS_COLUMNS)
    spc = _report_book(EXAMPLES / "spc" / "specs", tmp_path)["Results"]
    header = [c.value for c in spc[1]]
    days = next({h: c for h, c in zip(header, r, strict=True)}
                for r in spc.iter_rows(min_row=2) if r[0].value == "benefit-claim-days")
    assert days["spc_lower"].number_format == '#,##0.00" days"'
    assert (round(days["spc_lower"].value, 2), round(days["spc_upper"].value, 2)) == (
        13.76, 22.90)
    assert days["spc_assurance_target"].number_format == '#,##0.0" days"'
    assert days["spc_provisional"].value is True


def test_seed_results_have_no_analysis_columns(workbook: Any) -> None:
    """The seed declares no statistics or SPC, so its Results sheet is the JSON fields."""
    assert [c.value for c in workbook["Results"][1]] == list(RESULT_COLUMNS)


def _statistics_report() -> ReportData:
    catalogue = load_catalogue(EXAMPLES / "statistics" / "specs")
    observations = read_observations(catalogue)
    return build_report(catalogue, observations,
                        as_at_period(catalogue, observations, None),
                        benchmarks=read_benchmarks(catalogue), generator="kpirules test")


def test_a_measure_row_has_only_its_own_analyses() -> None:
    """An indicator whose headline has an interval and a second measure without one: the
    second measure's row has blank statistics, not the headline's."""
    data = _statistics_report()
    first = data.results[0]
    (headline,) = first.measures
    bare = replace(headline, measure="bare", analyses=())
    changed = replace(first, measures=(headline, bare))
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(
        replace(data, results=(changed, *data.results[1:])))))
    rows = {(r["indicator"], r["measure"]): r for r in _rows(book["Results"])}
    assert rows[(first.indicator, "value")]["ci_95_lower"] is not None
    assert all(rows[(first.indicator, "bare")][c] is None for c in _STATISTICS_COLUMNS)


def test_statistics_workbook_same_bytes() -> None:
    assert render_xlsx(_statistics_report()) == render_xlsx(_statistics_report())


@given(st.sampled_from("=+-@"),
       st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20))
def test_analysis_text_is_never_a_formula(start: str, rest: str) -> None:
    """A benchmark's label that looks like a formula is stored as text, exactly."""
    text = start + rest
    data = _statistics_report()
    first = data.results[0]
    (measure,) = first.measures
    analyses = tuple(replace(a, figure=replace(a.figure, label=text))
                     if isinstance(a, BenchmarkAnalysis) else a for a in measure.analyses)
    changed = replace(measure, analyses=analyses)
    result = replace(first, measures=(changed,), headline=changed)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(replace(data, results=(result,)))))
    sheet = book["Results"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("benchmark_label") + 1)
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix


@given(st.integers(min_value=1, max_value=999))
def test_level_labels_read_back_as_the_confidence(thousandths: int) -> None:
    """`ci_<level>_*`: the level is the confidence in percent, with no exponent and no
    trailing zeros, so it reads back as the same confidence."""
    confidence = thousandths / 1000
    label = level_label(confidence)
    assert float(label) / 100 == pytest.approx(confidence, abs=1e-12)
    assert label == f"{thousandths / 10:g}"
