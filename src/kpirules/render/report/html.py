"""The report as one self-contained HTML file, from jinja2 templates.

Autoescaping is on for every template, so text from spec and data files (titles,
commentary, judgements) can never become markup; only chart SVG, which
`render.charts` builds and escapes itself, is marked safe. The CSS is inlined, there is
no script and nothing is fetched, so the file opens from an email attachment. A
council brands the report by giving a folder of templates: a file there named like one
of kpirules' own (`report.html.j2`, `card.html.j2`, `report.css`, ...) is used instead.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from kpirules.errors import TemplateError
from kpirules.render.report.view import ReportView

__all__ = ["TEMPLATES", "render_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""kpirules' own templates: copy one into your folder to change it."""


@functools.cache
def _environment(folder: str | None) -> Any:
    """One environment per templates folder: templates compile once per process."""
    import jinja2  # noqa: PLC0415 (jinja2 is needed only by the report)

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([*([folder] if folder else []), str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
    )


def render_html(view: ReportView, templates: str | Path | None = None) -> str:
    """The report's HTML. Same view and templates, same text."""
    import jinja2  # noqa: PLC0415

    if templates is not None and not Path(templates).is_dir():
        raise TemplateError(f"no templates folder at {templates}")
    folder = str(Path(templates).resolve()) if templates is not None else None
    try:
        return str(_environment(folder).get_template("report.html.j2").render(report=view))
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(
            exc, jinja2.TemplateSyntaxError) else ""
        raise TemplateError(f"report template error{where}: {exc}") from exc
