"""Axes: a value axis with gridlines and tick labels, and a period axis with groups.

Both return SVG elements (strings) to put in a chart's body. Tick labels are formatted
by the caller (`label(value, decimals)`), so an axis prints `62%` or `£7.0m` exactly as
the rest of the report does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from kpirules.render.charts.scale import LinearScale, SlotScale, Ticks
from kpirules.render.charts.style import AXIS, GRID, TEXT, text_width
from kpirules.render.charts.svg import element, xml_text

__all__ = ["TickLabel", "period_axis", "tick_labels", "value_axis"]

TickLabel = Callable[[Fraction, int], str]
"""Formats a tick value at the given decimal places."""


def tick_labels(ticks: Ticks, label: TickLabel) -> list[str]:
    return [label(value, ticks.decimals) for value in ticks.values]


def value_axis(scale: LinearScale, ticks: Ticks, label: TickLabel, *, left: Fraction,
               right: Fraction, size: int = 12) -> list[str]:
    """Horizontal gridlines across `left..right` at each tick, labels right-aligned just
    left of `left`. The lowest gridline is drawn darker: it is the axis line."""
    parts = []
    for value, text in zip(ticks.values, tick_labels(ticks, label), strict=True):
        y = scale(value)
        colour = AXIS if value == ticks.low else GRID
        parts.append(element("line", {"x1": left, "y1": y, "x2": right, "y2": y,
                                      "stroke": colour, "stroke-width": 1}))
        parts.append(element("text", {"x": left - 6, "y": y + Fraction(size * 35, 100),
                                      "font-size": size, "fill": TEXT,
                                      "text-anchor": "end"}, xml_text(text)))
    return parts


def period_axis(slots: SlotScale, labels: Sequence[str], *, top: Fraction, bottom: Fraction,
                groups: Sequence[tuple[int, str]] = (), size: int = 12) -> list[str]:
    """Labels centred under each slot at `bottom`; with `groups` (first slot, label),
    a second row naming each group (a year) and a vertical rule between groups from
    `top` to `bottom`. Labels thin out to every n-th when they would collide."""
    parts = []
    widest = max((text_width(text, size) for text in labels), default=Fraction(0))
    every = 1
    while every < len(labels) and slots.width * every < widest + 6:
        every += 1
    for index, text in enumerate(labels):
        if index % every:
            continue
        parts.append(element("text", {"x": slots.centre(index), "y": bottom + size + 4,
                                      "font-size": size, "fill": TEXT,
                                      "text-anchor": "middle"}, xml_text(text)))
    ends = [start for start, _ in groups[1:]] + ([slots.count] if groups else [])
    for (start, text), end in zip(groups, ends, strict=True):
        if start > 0:
            x = slots.left(start)
            parts.append(element("line", {"x1": x, "y1": top, "x2": x, "y2": bottom + 8,
                                          "stroke": AXIS, "stroke-width": 1,
                                          "stroke-dasharray": "2 3"}))
        middle = (slots.left(start) + slots.right(end - 1)) / 2
        parts.append(element("text", {"x": middle, "y": bottom + 2 * size + 10,
                                      "font-size": size, "fill": TEXT, "font-weight": "bold",
                                      "text-anchor": "middle"}, xml_text(text)))
    return parts
