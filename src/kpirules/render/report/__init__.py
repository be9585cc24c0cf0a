"""The published report: a self-contained HTML scorecard and an Excel workbook.

`build_report` evaluates a catalogue as at a report period into a `ReportView` (plain,
formatted text and charts); `render_html` renders it through autoescaped jinja2
templates; `render_xlsx` (with the `excel` extra) writes the workbook.
"""

from kpirules.render.report.build import ReportData, build_report
from kpirules.render.report.html import TEMPLATES, render_html
from kpirules.render.report.view import ReportView
from kpirules.render.report.xlsx import render_xlsx

__all__ = ["TEMPLATES", "ReportData", "ReportView", "build_report", "render_html", "render_xlsx"]
