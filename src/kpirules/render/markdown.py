"""A Markdown rendering of results: one table per theme."""

from __future__ import annotations

from collections.abc import Iterable

from kpirules.periods import Period
from kpirules.render.statistics import statistics_line
from kpirules.render.table import ARROWS, compact_value, rag_cell, target_cell
from kpirules.results import IndicatorResult

__all__ = ["render_markdown"]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(results: Iterable[IndicatorResult], *, title: str = "",
                    as_at: Period | None = None) -> str:
    lines = [f"# {title}" + (f" — as at {as_at}" if as_at else ""), ""] if title else []
    theme = None
    for result in results:
        if result.theme != theme:
            theme = result.theme
            lines += ["", f"## {result.theme_title}", "",
                      "| Indicator | Period | Value | Target | RAG | DOT | Explanation |",
                      "|---|---|--:|--:|:-:|:-:|---|"]
        rule = result.rule.rating.value if result.rule.rating else None
        rag = rag_cell(result.rating.value if result.rating else None, rule, result.basis)
        measures = [result.headline] if result.headline else list(result.measures)
        for i, m in enumerate(measures):
            if m.value is None:
                value = m.status.words if m.status else "no data"
            else:
                value = compact_value(m.unit, m.value, m.decimals)
            target = target_cell(m.unit, m.target, m.decimals)
            extra = statistics_line(m)
            explanation = f"{m.explanation} ({extra})" if extra else m.explanation
            name = result.title if i == 0 else ""
            label = name if result.headline else f"{name} — {m.title}" if name else m.title
            lines.append(f"| {_escape(label)} | {m.period or ''} | {value} | {target} | "
                         f"{rag if i == 0 else ''} | {ARROWS[m.dot]} | {_escape(explanation)} |")
    return "\n".join(lines).strip() + "\n"
