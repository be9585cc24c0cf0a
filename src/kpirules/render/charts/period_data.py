"""What a period chart draws: slots, lines of figures (with their intervals), targets
and a benchmark. Plain frozen data, built by `indicator.py` from a measure's series or
by anything else with figures by period; `period.period_chart` draws it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from fractions import Fraction

from kpirules.render.charts.axes import TickLabel
from kpirules.render.charts.intervals import IntervalBar

__all__ = ["BenchmarkLine", "Datum", "Line", "Mark", "PeriodChartData", "Role", "TargetStep"]


class Mark(enum.StrEnum):
    """A figure's standing: final figures are plain; the others are marked."""

    FINAL = "final"
    PROVISIONAL = "provisional"
    FORECAST = "forecast"


class Role(enum.StrEnum):
    """How a line is drawn: the figures of interest, or the comparison with them."""

    CURRENT = "current"
    COMPARISON = "comparison"


@dataclass(frozen=True)
class Datum:
    """One slot's figure: its value (None for none), the value as printed (`2,939`), and
    the figure in words for the text equivalent (`2,939 (provisional)`,
    `not yet published`)."""

    value: Fraction | None
    label: str
    words: str
    mark: Mark = Mark.FINAL
    intervals: tuple[IntervalBar, ...] = ()
    """The figure's confidence intervals, one per level, drawn as error bars."""


@dataclass(frozen=True)
class Line:
    name: str
    """Legend and table heading: `2019/20`, `2018/19`."""
    data: tuple[Datum, ...]
    role: Role = Role.CURRENT
    breaks: frozenset[int] = field(default_factory=frozenset)
    """Slots not joined to the slot before (the first slot of a year, year to date)."""


@dataclass(frozen=True)
class TargetStep:
    """A slot's target: a level (`low == high`) or a band, and its words."""

    low: Fraction
    high: Fraction
    words: str

    @property
    def is_band(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class BenchmarkLine:
    """A benchmark's figure per slot (None where it has none), and each in words."""

    name: str
    """`England`: the legend says `England (benchmark)`."""
    levels: tuple[Fraction | None, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class PeriodChartData:
    title: str
    description: str
    slots: tuple[str, ...]
    """Each slot's label on the axis: `Q1`, `Apr`, `2019/20`."""
    slot_names: tuple[str, ...]
    """Each slot's full name for the table: `2019/20 Q1`, or `Q1` when lines are years."""
    lines: tuple[Line, ...]
    targets: tuple[TargetStep | None, ...]
    """One per slot, None where there is none; empty for no targets at all."""
    tick_label: TickLabel
    groups: tuple[tuple[int, str], ...] = ()
    """(first slot, label) of each group of slots, such as the years of a long series."""
    value_label: bool = True
    """Print the latest current figure beside its marker."""
    benchmark: BenchmarkLine | None = None
