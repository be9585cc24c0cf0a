"""The report as one self-contained HTML file, from jinja2 templates.

Autoescaping is on for every template, so text from spec and data files (titles,
commentary, judgements) can never become markup; only chart SVG, which
`render.charts` builds and escapes itself, is marked safe. The CSS is inlined, there is
no script and nothing is fetched, so the file opens from an email attachment. A
council brands the report by giving a folder of templates: a file there named like one
of kpirules' own (`report.html.j2`, `card.html.j2`, `report.css`, ...) is used instead.
"""

from __future__ import annotations

from pathlib import Path

from kpirules.errors import TemplateError
from kpirules.render.report.view import ReportView

__all__ = ["TEMPLATES", "render_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""kpirules' own templates: copy one into your folder to change it."""


def render_html(view: ReportView, templates: str | Path | None = None) -> str:
    """The report's HTML. Same view and templates, same text."""
    import jinja2  # noqa: PLC0415 (jinja2 is needed only by the report)

    folders = [str(templates)] if templates is not None else []
    if templates is not None and not Path(templates).is_dir():
        raise TemplateError(f"no templates folder at {templates}")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    try:
        return environment.get_template("report.html.j2").render(report=view)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if isinstance(
            exc, jinja2.TemplateSyntaxError) else ""
        raise TemplateError(f"report template error{where}: {exc}") from exc
