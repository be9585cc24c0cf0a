"""The report as an Excel workbook (the `excel` extra: XlsxWriter).

Sheets: `Summary` (counts and shares by rating), one per theme (the theme table with
numbers), `Results` (every indicator and measure result in tidy form: the JSON output's
fields, then its statistics and SPC figures as columns, see `xlsx_analyses`) and
`Figures` (every figure of every series, by period, in tidy form).

- Numbers are numbers, with a display format for their unit (`0.0"%"` for a percentage
  stated in percentage points, `"£"#,##0.000"m"`, `#,##0.0" per 100,000"`), never text.
- A RAG cell holds the letter, with its fill and a contrasting font.
- Every sheet has a frozen header row and an autofilter.
- Text is always written as a string, never as a formula; text that a spreadsheet would
  take for one (starting `=`, `+`, `-`, `@`) is also marked "quote prefix", so editing the
  cell keeps it text.
- The same input gives the same bytes: the document properties are fixed (created at
  2000-01-01, the title and the as-at period), never the time of writing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from kpirules.errors import MissingExtraError
from kpirules.evaluation.control import SpcResult
from kpirules.evaluation.series import reported_span
from kpirules.evaluation.statistics import BenchmarkAnalysis
from kpirules.models import MoneyUnit, RateUnit, Unit
from kpirules.numbers import format_number
from kpirules.render.charts import RATING_STYLES
from kpirules.render.records import FIELDS, number, records
from kpirules.render.report.build import ReportData
from kpirules.render.report.xlsx_analyses import AnalysisColumn, analysis_columns
from kpirules.render.table import ARROWS
from kpirules.results import MeasureResult

__all__ = ["RESULT_COLUMNS", "render_xlsx", "sheet_name"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
_BAD_SHEET_CHARS = set("[]:*?/\\")

RESULT_COLUMNS = tuple(
    name for field in FIELDS for name in ((field, "target_high") if field == "target"
                                          else (field,)))
"""The `Results` sheet's columns: the JSON fields, a band target's high end apart."""


def _writer() -> Any:
    try:
        import xlsxwriter  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        raise MissingExtraError("the Excel workbook (kpirules report --format xlsx)",
                                "excel", needs="XlsxWriter") from None
    return xlsxwriter


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of `[]:*?/\\`), unique in
    `taken` (compared as Excel does, ignoring case)."""
    base = "".join(" " if ch in _BAD_SHEET_CHARS else ch for ch in " ".join(title.split()))
    base = base.strip("' ") or "Sheet"
    name = base[:31]
    counter = 2
    while name.lower() in taken:
        suffix = f" ({counter})"
        name = base[:31 - len(suffix)] + suffix
        counter += 1
    taken.add(name.lower())
    return name


def number_format(unit: Unit, decimals: int) -> str:
    """The display format of a unit's figures at `decimals` places."""
    places = "0" if decimals == 0 else "0." + "0" * decimals
    base = f"#,##{places}"
    if isinstance(unit, MoneyUnit):
        suffix = {"units": "", "thousands": '"k"', "millions": '"m"'}[unit.scale]
        return f'"£"{base}{suffix}'
    if isinstance(unit, RateUnit):
        return f'{base}" per {format_number(unit.per)}"'
    if unit.kind == "percentage":
        return f'{places}"%"'
    if unit.kind in ("kg", "tonnes", "days"):
        return f'{base}" {unit.kind}"'
    return base


class _Book:
    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def format(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        if key not in self.formats:
            self.formats[key] = self.workbook.add_format(properties)
        return self.formats[key]

    def text(self, sheet: Any, row: int, col: int, value: str | None, **style: Any) -> None:
        if value is None or value == "":
            sheet.write_blank(row, col, None, self.format(**style) if style else None)
            return
        if value.startswith(_FORMULA_START):
            style = {**style, "quote_prefix": True}
        sheet.write_string(row, col, value, self.format(**style) if style else None)

    def number(self, sheet: Any, row: int, col: int, value: int | float | None,
               num_format: str | None = None) -> None:
        style = self.format(num_format=num_format) if num_format else None
        if value is None:
            sheet.write_blank(row, col, None, style)
        else:
            sheet.write_number(row, col, value, style)

    def rating(self, sheet: Any, row: int, col: int, key: str) -> None:
        style = RATING_STYLES[key]
        letter = key if key != "n/a" else "n/a"
        self.text(sheet, row, col, letter, bg_color=style.fill, font_color=style.ink,
                  bold=True, align="center", pattern=1)

    def header(self, sheet: Any, columns: Sequence[str], widths: Sequence[int]) -> None:
        bold = self.format(bold=True, bg_color="#16325C", font_color="#FFFFFF", pattern=1,
                           text_wrap=True, valign="top")
        for col, (name, width) in enumerate(zip(columns, widths, strict=True)):
            sheet.write_string(0, col, name, bold)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)


def _value(result: MeasureResult) -> int | float | None:
    return number(result.value, result.published, result.decimals)


def _summary(book: _Book, data: ReportData) -> None:
    sheet = book.workbook.add_worksheet("Summary")
    summary = data.view.summary
    columns = ["Rating", "Words", "Indicators", "Share", "By rule", "By judgement"]
    if summary.previous_period:
        columns.append(f"{summary.previous_period}"
                       + (" (by rule)" if summary.previous_note else ""))
    book.header(sheet, columns, [8, 16, 12, 10, 10, 14, 20][:len(columns)])
    for row, count in enumerate(summary.counts, start=1):
        book.rating(sheet, row, 0, count.rating.key)
        book.text(sheet, row, 1, count.rating.words)
        book.number(sheet, row, 2, count.count)
        book.number(sheet, row, 3, count.count / summary.total if summary.total else 0, "0%")
        book.number(sheet, row, 4, count.by_rule)
        book.number(sheet, row, 5, count.by_judgement)
        if summary.previous_period:
            book.number(sheet, row, 6, count.previous)
    sheet.autofilter(0, 0, len(summary.counts), len(columns) - 1)


_THEME_COLUMNS = ("Indicator", "Measure", "Title", "Period", "Value", "Target", "Target high",
                  "RAG", "Rule RAG", "Basis", "DOT", "Direction", "Status", "Explanation",
                  "SPC variation", "SPC assurance")
_THEME_WIDTHS = (24, 16, 50, 11, 12, 12, 11, 6, 9, 10, 5, 11, 14, 80, 26, 20)


def _theme_sheets(book: _Book, data: ReportData, taken: set[str]) -> None:
    by_theme: dict[str, list[tuple[Any, MeasureResult]]] = {}
    for result in data.results:
        for measure in result.measures:
            by_theme.setdefault(result.theme, []).append((result, measure))
    for theme in data.view.themes:
        sheet = book.workbook.add_worksheet(sheet_name(theme.title, taken))
        book.header(sheet, _THEME_COLUMNS, _THEME_WIDTHS)
        rows = by_theme.get(theme.id, [])
        for row, (result, m) in enumerate(rows, start=1):
            fmt = number_format(m.unit, m.decimals)
            book.text(sheet, row, 0, result.indicator)
            book.text(sheet, row, 1, m.measure)
            book.text(sheet, row, 2, m.title)
            book.text(sheet, row, 3, str(m.period) if m.period else None)
            book.number(sheet, row, 4, _value(m), fmt)
            low = m.target.low if m.target.is_band else m.target.value
            book.number(sheet, row, 5, number(low, decimals=m.decimals), fmt)
            book.number(sheet, row, 6, number(m.target.high, decimals=m.decimals)
                        if m.target.is_band else None, fmt)
            book.rating(sheet, row, 7, m.rating.value if m.rating else "n/a")
            book.text(sheet, row, 8, m.rule.rating.value if m.rule.rating else "n/a")
            book.text(sheet, row, 9, m.basis.value)
            book.text(sheet, row, 10, ARROWS[m.dot])
            book.text(sheet, row, 11, m.dot.value)
            book.text(sheet, row, 12, m.status.value if m.status else "no_data")
            book.text(sheet, row, 13, m.explanation)
            found = m.analysis("spc")
            if isinstance(found, SpcResult):
                reading, assured = found.variation, found.assurance
                book.text(sheet, row, 14, reading.type.words if reading and reading.type
                          else None)
                book.text(sheet, row, 15, assured.type.words if assured else None)
        sheet.autofilter(0, 0, max(len(rows), 1), len(_THEME_COLUMNS) - 1)


def _result_rows(data: ReportData) -> list[dict[str, Any]]:
    rows = []
    for record in records(data.results):
        measures = record.get("measures")
        # A measure's row takes the indicator's fields but only its own analyses, never
        # the headline's.
        shared = {name: record.get(name) for name in FIELDS}
        for row in ([{**shared, **m} for m in measures] if measures else [record]):
            target = row.get("target")
            high = None
            if isinstance(target, list):
                target, high = target
            rows.append({**row, "target": target, "target_high": high})
    return rows


def _results_sheet(book: _Book, data: ReportData) -> None:
    sheet = book.workbook.add_worksheet("Results")
    rows = _result_rows(data)
    extra = analysis_columns(rows)
    columns = (*RESULT_COLUMNS, *(column.name for column in extra))
    book.header(sheet, columns, [max(10, min(len(c) + 4, 40)) for c in columns])
    units: dict[tuple[Any, Any], MeasureResult] = {
        (r.indicator, m.measure): m for r in data.results for m in r.measures}
    for row_index, row in enumerate(rows, start=1):
        measure = units.get((row["indicator"], row.get("measure")))
        fmt = number_format(measure.unit, measure.decimals) if measure else None
        for col, name in enumerate(RESULT_COLUMNS):
            value = row.get(name)
            if name in ("rag", "rule_rag") and isinstance(value, str):
                book.rating(sheet, row_index, col, value)
            elif isinstance(value, bool) or value is None or isinstance(value, str):
                book.text(sheet, row_index, col, None if value is None else str(value))
            else:
                numeric = name in ("value", "target", "target_high", "comparator_value",
                                   "variance")
                book.number(sheet, row_index, col, value,
                            fmt if numeric else ('0.0"%"' if name == "variance_relative"
                                                 else None))
        for col, column in enumerate(extra, start=len(RESULT_COLUMNS)):
            _analysis_cell(book, sheet, row_index, col, column, row, measure)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)


def _analysis_cell(book: _Book, sheet: Any, row_index: int, col: int, column: AnalysisColumn,
                   row: dict[str, Any], measure: MeasureResult | None) -> None:
    value = column.value(row)
    if column.kind == "text" or isinstance(value, str):
        book.text(sheet, row_index, col, None if value is None else str(value))
    elif column.kind == "flag" and isinstance(value, bool):
        sheet.write_boolean(row_index, col, value)
    elif column.kind in ("figure", "limit") and measure is not None:
        unit = measure.unit
        found = measure.analysis("benchmark") if column.analysis == "benchmark" else None
        if isinstance(found, BenchmarkAnalysis) and found.figure.unit is not None:
            unit = found.figure.unit  # a benchmark figure stated in its own unit
        places = measure.decimals + (1 if column.kind == "limit" else 0)
        book.number(sheet, row_index, col, value, number_format(unit, places))
    else:
        book.number(sheet, row_index, col, value, "0.0%" if column.kind == "share" else None)


_FIGURE_COLUMNS = ("Indicator", "Measure", "Period", "Span", "Value", "Published", "Status",
                   "Source", "Target", "Target high")


def _figure(value: Fraction | None, published: Decimal | None) -> int | float | None:
    return number(value, published, 4)


def _figures_sheet(book: _Book, data: ReportData) -> None:
    sheet = book.workbook.add_worksheet("Figures")
    book.header(sheet, _FIGURE_COLUMNS, [24, 16, 12, 18, 12, 10, 18, 10, 12, 11])
    row = 0
    for indicator in data.figures:
        for figures in indicator.measures:
            measure = figures.measure
            fmt = number_format(measure.unit, figures.result.decimals)
            for point in figures.series.reported_points():
                if point.value is None and point.status is None:
                    continue
                row += 1
                target = measure.target_for(point.period)
                span = reported_span(measure, point.period)
                book.text(sheet, row, 0, indicator.result.indicator)
                book.text(sheet, row, 1, measure.id)
                book.text(sheet, row, 2, str(point.period))
                book.text(sheet, row, 3, span.value if span is not None else "year")
                published = point.published.published if point.published else None
                book.number(sheet, row, 4, _figure(point.value, published), fmt)
                book.text(sheet, row, 5, "yes" if point.published else (
                    "calculated" if point.value is not None else "no"))
                book.text(sheet, row, 6, point.status.value if point.status else None)
                book.text(sheet, row, 7, point.published.source.value
                          if point.published else None)
                low = target.low if target.is_band else target.value
                book.number(sheet, row, 8, number(low, decimals=4), fmt)
                book.number(sheet, row, 9, number(target.high, decimals=4)
                            if target.is_band else None, fmt)
    sheet.autofilter(0, 0, max(row, 1), len(_FIGURE_COLUMNS) - 1)


def render_xlsx(data: ReportData) -> bytes:
    """The workbook's bytes. Same report, same bytes."""
    xlsxwriter = _writer()
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False,
                                            "strings_to_urls": False})
    view = data.view
    workbook.set_properties({
        "title": f"{view.title} — as at {view.as_at}",
        "subject": view.catalogue,
        "author": view.generator,
        "company": view.organisation or "",
        "comments": "Generated by kpirules from the indicator specs and their figures.",
        "created": _FIXED_TIME,
    })
    book = _Book(workbook)
    taken = {"summary", "results", "figures"}
    _summary(book, data)
    _theme_sheets(book, data, taken)
    _results_sheet(book, data)
    _figures_sheet(book, data)
    workbook.close()
    return buffer.getvalue()
