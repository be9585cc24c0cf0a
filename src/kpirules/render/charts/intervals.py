"""Confidence intervals as error bars: a whisker from the lower to the upper limit, with
a cap at each end, drawn through the figure's marker.

Several levels (95% and 99.8%, say) are drawn one over the other and told apart by
line weight and dash as well as cap width, never by colour: the narrowest level is a
thick solid bar with short caps, the next a thin dashed bar with wider caps, any further
one a thin dotted bar. `level_styles` ranks the levels a chart draws; `interval_bar`
draws one bar; `interval_legend` explains the levels; `interval_words` says them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from kpirules.render.charts.legend import LegendEntry
from kpirules.render.charts.scale import LinearScale
from kpirules.render.charts.svg import coord, element
from kpirules.stats import level_words

__all__ = ["IntervalBar", "LevelStyle", "interval_bar", "interval_legend", "interval_words",
           "level_styles"]


@dataclass(frozen=True)
class IntervalBar:
    """One confidence interval of one figure: its limits, its level (0.95) and the
    limits as printed (`20.2–42.8 per 100,000`)."""

    lower: Fraction
    upper: Fraction
    confidence: float
    words: str

    @property
    def level(self) -> str:
        """`95%`, `99.8%`."""
        return level_words(self.confidence)


@dataclass(frozen=True)
class LevelStyle:
    """How one level's bars are drawn, and the words that say so."""

    width: int
    dash: str | None
    cap: int
    """Half the cap's width, in pixels."""
    words: str


_STYLES = (
    LevelStyle(3, None, 5, "thick solid bar"),
    LevelStyle(1, "4 2", 8, "thin dashed bar"),
    LevelStyle(1, "1 2", 10, "thin dotted bar"),
)


def level_styles(confidences: Iterable[float]) -> dict[float, LevelStyle]:
    """The style of each level, narrowest (lowest confidence) first; levels beyond the
    third share the dotted style."""
    ranked = sorted(set(confidences))
    return {level: _STYLES[min(rank, len(_STYLES) - 1)] for rank, level in enumerate(ranked)}


def interval_bar(bar: IntervalBar, x: Fraction, y: LinearScale, style: LevelStyle,
                 colour: str, *, cap_limit: Fraction | None = None) -> str:
    """The whisker and caps of `bar` at `x`, as one path. `cap_limit` narrows the caps
    where slots are narrow."""
    cap = Fraction(style.cap)
    if cap_limit is not None:
        cap = min(cap, cap_limit)
    top, bottom = coord(y(bar.upper)), coord(y(bar.lower))
    left, right, middle = coord(x - cap), coord(x + cap), coord(x)
    path = (f"M{left},{top} H{right} M{middle},{top} V{bottom} "
            f"M{left},{bottom} H{right}")
    return element("path", {"class": "ci", "d": path, "fill": "none", "stroke": colour,
                            "stroke-width": style.width, "stroke-dasharray": style.dash,
                            "stroke-linecap": "butt"})


def interval_legend(styles: dict[float, LevelStyle], colour: str) -> list[LegendEntry]:
    """A key entry per level, in the order the levels are ranked."""
    return [LegendEntry(f"{level_words(level)} confidence interval", colour, style.dash,
                        width=style.width, bar=True)
            for level, style in styles.items()]


def interval_words(styles: dict[float, LevelStyle], rows: Sequence[tuple[str,
                   tuple[IntervalBar, ...]]]) -> str:
    """What the bars show, in words: how each level is drawn, then every interval."""
    if not rows:
        return ""
    how = "; ".join(f"{level_words(level)}: {style.words}" for level, style in styles.items())
    each = "; ".join(f"{name}: " + ", ".join(f"{bar.level} CI {bar.words}" for bar in bars)
                     for name, bars in rows)
    return f"Confidence intervals are drawn as bars ({how}). {each}."
