"""An indicator's benchmark figures as the rows a card or a methodology page shows.

The figures come from the catalogue's benchmark files; each row keeps the source's own
label and wording. A figure in another unit than the measure's is shown in its own unit
(`25.2 per 1,000` beside a count), which the reader needs to see that it is not the
indicator's figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kpirules.benchmarks import BenchmarkFigure
from kpirules.catalogue import Indicator
from kpirules.observations import Status
from kpirules.periods import Grain, Period
from kpirules.render.words import MONTH_NAMES, amount

__all__ = ["BenchmarkRow", "benchmark_rows"]


@dataclass(frozen=True)
class BenchmarkRow:
    """One benchmark figure in words: comparator, figure, period, rank, note."""

    label: str
    figure: str
    period: str
    rank: str
    note: str


def _figure(figure: BenchmarkFigure, indicator: Indicator) -> str:
    if figure.value is None:
        return "–" if figure.status is Status.FINAL else figure.status.words
    measure = next(m for m in indicator.measures if m.id == figure.measure)
    shown = amount(figure.unit or measure.unit, figure.value)
    return shown if figure.status is Status.FINAL else f"{shown} ({figure.status.words})"


def _period(period: Period | None) -> str:
    if period is None:
        return ""
    if period.grain is Grain.MONTH:
        # As a card words a month: `March 2019`, not `2019-03`.
        return f"{MONTH_NAMES[period.start.month - 1]} {period.start.year}"
    return str(period)


def _label(figure: BenchmarkFigure, indicator: Indicator) -> str:
    label = " ".join(figure.shown_label.split())
    if indicator.multi_measure:
        return f"{label} ({figure.measure})"
    return label


def benchmark_rows(indicator: Indicator, figures: Iterable[BenchmarkFigure]
                   ) -> tuple[BenchmarkRow, ...]:
    """The rows for the indicator's figures, in the order of the files."""
    rows = []
    for figure in figures:
        if figure.indicator != indicator.id:
            continue
        rank = ""
        if figure.rank is not None and figure.of is not None:
            rank = f"{figure.rank} of {figure.of}"
            if figure.first is not None:
                rank += f" (1 = {figure.first})"
        rows.append(BenchmarkRow(
            _label(figure, indicator), _figure(figure, indicator),
            _period(figure.period), rank,
            " ".join((figure.note or "").split())))
    return tuple(rows)
