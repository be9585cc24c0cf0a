"""A plain-text report table that fits a 100-column terminal.

Ratings sit in their own narrow column with the rule's rating beside a judgement, and
direction of travel is an arrow, so the state of the whole catalogue reads at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from kpirules.evaluation.explain import format_value, target_places
from kpirules.models import MoneyUnit, RateUnit, Unit
from kpirules.numbers import format_number
from kpirules.observations import Status
from kpirules.periods import Period
from kpirules.render.statistics import statistics_line
from kpirules.render.width import fit, pad
from kpirules.results import Basis, Direction, IndicatorResult, MeasureResult
from kpirules.target import Target
from kpirules.text import escape_controls

__all__ = [
    "ARROWS",
    "compact_value",
    "rag_cell",
    "render_table",
    "short_title",
    "target_cell",
]

WIDTH = 100
ARROWS = {Direction.IMPROVED: "↑", Direction.WORSENED: "↓", Direction.UNCHANGED: "↔",
          Direction.NOT_COMPARABLE: "–"}
_STATUS_MARK = {Status.PROVISIONAL: "p", Status.FORECAST: "f"}
_COLOURS = {"G": "\033[42;30m", "A": "\033[43;30m", "R": "\033[41;37m"}
_RESET = "\033[0m"
_Align = Literal["<", ">", "^"]
_COLUMNS: tuple[tuple[str, int, _Align], ...] = (
    ("Indicator", 43, "<"), ("Period", 11, "<"), ("Value", 14, ">"), ("Target", 12, ">"),
    ("RAG", 7, "<"), ("DOT", 3, "^"))


def compact_value(unit: Unit, value: object, decimals: int) -> str:
    """A value short enough for a table cell: 62%, £7.011m, 129.2/100k."""
    if isinstance(unit, RateUnit):
        per = {1000: "1k", 10000: "10k", 100000: "100k"}.get(unit.per, format_number(unit.per))
        return f"{format_number(value, decimals)}/{per}"  # type: ignore[arg-type]
    if isinstance(unit, MoneyUnit):
        return format_value(unit, value, decimals)  # type: ignore[arg-type]
    text = format_value(unit, value, decimals)  # type: ignore[arg-type]
    return text.replace(" tonnes", "t").replace(" days", "d").replace(" kg", "kg")


def target_cell(unit: Unit, target: Target, decimals: int) -> str:
    """A target as short as it can be said: 2,757; 28–40%; none."""
    if target.is_band:
        assert target.low is not None and target.high is not None
        low = format_number(target.low, target_places(target.low, decimals))
        high = compact_value(unit, target.high, target_places(target.high, decimals))
        return f"{low}–{high}"
    if target.value is not None:
        places = decimals if isinstance(unit, MoneyUnit) and unit.scale == "units" else (
            target_places(target.value, decimals))
        return compact_value(unit, target.value, places)
    return "none"


def rag_cell(rating: str | None, rule: str | None, basis: Basis) -> str:
    """`G`, `A*(R)` for a judgement where the rule says Red, `n/a` when unrated."""
    shown = rating or "n/a"
    if basis is Basis.JUDGEMENT:
        return f"{shown}*({rule or '-'})"
    return shown


_BOILERPLATE = ("The number of ", "The percentage of ", "The total number of ", "The total ",
                "The average number of ", "The weight of ", "The ", "Number of ")


def short_title(title: str) -> str:
    """The title without the words every title starts with: "Active volunteers"."""
    for prefix in _BOILERPLATE:
        if title.startswith(prefix) and len(title) > len(prefix):
            rest = title[len(prefix):]
            return rest[0].upper() + rest[1:]
    return title


def _fit(text: str, width: int) -> str:
    """Cut to `width` terminal columns: a wide character takes two, a combining mark none.

    Titles and labels come from specs and data: no control character reaches the
    terminal (an escape sequence would recolour or rewrite it).
    """
    return fit(escape_controls(text), width)


def _row(cells: Sequence[str], colour_rag: str | None = None) -> str:
    parts = []
    for (name, width, align), cell in zip(_COLUMNS, cells, strict=True):
        text = pad(_fit(cell, width), width, align)
        if name == "RAG" and colour_rag in _COLOURS:
            text = f"{_COLOURS[colour_rag]}{text}{_RESET}"
        parts.append(text)
    return " ".join(parts).rstrip()


def _measure_cells(m: MeasureResult, label: str, rating: str | None,
                   rule: str | None, basis: Basis) -> list[str]:
    unit = m.unit
    if m.value is None:
        value = (m.status.words if m.status else "no data")
    else:
        mark = _STATUS_MARK.get(m.status) if m.status is not None else None
        value = compact_value(unit, m.value, m.decimals) + (f" {mark}" if mark else "")
    period = str(m.period) if m.period else str(m.requested or "")
    if m.period is not None and m.requested is not None and m.period != m.requested:
        period += "†"
    return [label, period, value, target_cell(unit, m.target, m.decimals),
            rag_cell(rating, rule, basis), ARROWS[m.dot]]


def render_table(results: Iterable[IndicatorResult], *, title: str = "",
                 as_at: Period | None = None, colour: bool = False) -> str:
    """The report as text, grouped by theme, with a count of ratings at the end."""
    lines: list[str] = []
    heading = title + (f" — as at {as_at}" if as_at else "")
    if heading:
        lines.append(_fit(heading, WIDTH))
    lines.append("RAG: G green, A amber, R red, n/a none; A*(R) = Amber by judgement, the rule"
                 " gives Red")
    lines.append("DOT: ↑ improved ↓ worsened ↔ unchanged – n/a; † = latest available period;"
                 " p provisional, f forecast")
    theme = None
    counts: dict[str, int] = {}
    for result in results:
        if result.theme != theme:
            theme = result.theme
            lines.append("")
            lines.append(_fit(result.theme_title.upper(), WIDTH))
            lines.append(_row([name for name, _, _ in _COLUMNS]))
        key = result.rating.value if result.rating else "n/a"
        counts[key] = counts.get(key, 0) + 1
        rule = result.rule.rating.value if result.rule.rating else None
        rating = result.rating.value if result.rating else None
        if result.headline is not None:
            cells = _measure_cells(result.headline, short_title(result.title), rating, rule,
                                   result.basis)
        else:
            cells = [short_title(result.title), str(result.period or ""), "", "",
                     rag_cell(rating, rule, result.basis), ""]
        lines.append(_row(cells, key if colour else None))
        extra = statistics_line(result.headline) if result.headline is not None else None
        if extra:
            lines.append(_fit(f"  ↳ {extra}", WIDTH))
        if len(result.measures) > 1 or result.headline is None:
            for m in result.measures:
                lines.append(_row(_measure_cells(
                    m, "  · " + short_title(m.title), m.rating.value if m.rating else None,
                    m.rule.rating.value if m.rule.rating else None, m.basis)))
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("G", "A", "R", "n/a"))
    lines.append("")
    lines.append(f"{sum(counts.values())} indicators: {summary}")
    return "\n".join(lines) + "\n"
