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
from kpirules.render import render_json
from kpirules.render.charts import RATING_STYLES
from kpirules.render.report import ReportData, render_xlsx
from kpirules.render.report.xlsx import RESULT_COLUMNS, sheet_name
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
