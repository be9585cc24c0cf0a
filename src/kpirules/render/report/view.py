"""The report as its templates see it: frozen views of plain, already-formatted text.

Every figure in a view is formatted once, by the formatters every other output uses
(`format_value`, `target_figures`), so the HTML report, the workbook and the terminal
table print the same figure the same way. Text is plain text: the templates escape it.
Only chart SVG (built by `render.charts`, which escapes its own text) is markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpirules.render.charts import Chart

__all__ = [
    "AnalysisView",
    "BenchmarkView",
    "CardView",
    "ChangeView",
    "MeasureView",
    "RatingCountView",
    "RatingView",
    "ReportView",
    "SummaryView",
    "TextBlock",
    "ThemeRow",
    "ThemeView",
]


@dataclass(frozen=True)
class RatingView:
    """A rating as shown: `key` is `G`, `A`, `R` or `n/a` (a CSS class and a style);
    `words` `Green`; `judgement` says a person, not the rule, gave it."""

    key: str
    letter: str
    words: str
    judgement: bool = False
    rule_words: str | None = None
    """The rule's rating in words, beside a judgement."""


@dataclass(frozen=True)
class TextBlock:
    heading: str
    text: str


@dataclass(frozen=True)
class BenchmarkView:
    label: str
    figure: str
    period: str
    rank: str
    note: str


@dataclass(frozen=True)
class AnalysisView:
    """A further analysis (interval, comparison, trend, SPC, rank) by its name."""

    name: str
    heading: str
    summary: str
    facts: tuple[tuple[str, str], ...]
    chart: Chart | None = None
    icons: tuple[str, ...] = ()
    """SVG icons (SPC variation and assurance), drawn by `render.charts`, which escapes
    its own text."""


@dataclass(frozen=True)
class MeasureView:
    measure: str
    title: str | None
    """The measure's own title, for an indicator of several measures; else None."""
    period: str
    value: str
    """`format_value` of the result's value, or the data status in words."""
    status_note: str | None
    target: str
    rating: RatingView
    rating_reason: str
    judgement_reason: str | None
    arrow: str
    direction: str
    """The direction of travel in words, with its comparator."""
    explanation: str
    chart: Chart | None
    grid_header: tuple[str, ...]
    grid_rows: tuple[tuple[str, ...], ...]
    analyses: tuple[AnalysisView, ...]
    commentary: tuple[TextBlock, ...]
    published: str | None


@dataclass(frozen=True)
class CardView:
    indicator: str
    anchor: str
    title: str
    theme: str
    rating: RatingView
    texts: tuple[TextBlock, ...]
    measures: tuple[MeasureView, ...]
    commentary: tuple[TextBlock, ...]
    benchmark_text: str | None
    benchmarks: tuple[BenchmarkView, ...]
    polarity: str
    unit: str


@dataclass(frozen=True)
class ThemeRow:
    indicator: str
    anchor: str
    title: str
    period: str
    value: str
    target: str
    rating: RatingView
    arrow: str
    direction: str
    status: str
    spc_icons: tuple[str, ...] = ()
    """The headline's SPC variation and assurance icons, for a measure that declares SPC
    (SVG drawn by `render.charts`, which escapes its own text)."""


@dataclass(frozen=True)
class ThemeView:
    id: str
    anchor: str
    title: str
    rows: tuple[ThemeRow, ...]
    cards: tuple[CardView, ...]


@dataclass(frozen=True)
class RatingCountView:
    rating: RatingView
    count: int
    share: str
    by_rule: int
    by_judgement: int
    previous: int | None


@dataclass(frozen=True)
class ChangeView:
    indicator: str
    anchor: str
    title: str
    before: RatingView
    after: RatingView


@dataclass(frozen=True)
class SummaryView:
    total: int
    sentence: str
    """The shares as a covering report states them: `33% green, 31% amber, ...`."""
    counts: tuple[RatingCountView, ...]
    chart: Chart
    previous_period: str | None
    previous_note: str | None
    changes: tuple[ChangeView, ...]


@dataclass(frozen=True)
class ReportView:
    title: str
    organisation: str | None
    catalogue: str
    as_at: str
    source: str | None
    summary: SummaryView
    themes: tuple[ThemeView, ...]
    generator: str
