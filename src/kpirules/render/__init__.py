"""Renderers: results in, text out. Nothing here prints or writes files."""

from kpirules.render.machine import render_csv, render_json
from kpirules.render.markdown import render_markdown
from kpirules.render.records import records
from kpirules.render.table import render_table

__all__ = ["records", "render_csv", "render_json", "render_markdown", "render_table"]
