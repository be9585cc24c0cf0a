"""A legend: a row of swatches with their words, wrapping onto further rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from kpirules.render.charts.style import TEXT, Shape, marker, text_width
from kpirules.render.charts.svg import coord, element, xml_text

__all__ = ["LegendEntry", "legend"]

_SWATCH = 26


@dataclass(frozen=True)
class LegendEntry:
    """One key: a line (with a dash pattern and marker) or, with `area`, a filled box."""

    words: str
    colour: str
    dash: str | None = None
    shape: Shape | None = None
    hollow: bool = False
    area: str | None = None
    """The fill of an area swatch (a band); `colour` is then its edge."""
    width: int = 2
    """The line's stroke width."""
    bar: bool = False
    """An error bar (a vertical whisker with caps) instead of a line."""


def _swatch(entry: LegendEntry, x: Fraction, y: Fraction) -> list[str]:
    if entry.area is not None:
        return [element("rect", {"x": x, "y": y - 6, "width": _SWATCH, "height": 12,
                                 "fill": entry.area, "stroke": entry.colour,
                                 "stroke-width": 1})]
    if entry.bar:
        mid, cap = x + Fraction(_SWATCH, 2), Fraction(5)
        path = (f"M{coord(mid - cap)},{coord(y - 7)} H{coord(mid + cap)} "
                f"M{coord(mid)},{coord(y - 7)} V{coord(y + 7)} "
                f"M{coord(mid - cap)},{coord(y + 7)} H{coord(mid + cap)}")
        return [element("path", {"d": path, "fill": "none", "stroke": entry.colour,
                                 "stroke-width": entry.width,
                                 "stroke-dasharray": entry.dash})]
    parts = [element("line", {"x1": x, "y1": y, "x2": x + _SWATCH, "y2": y,
                              "stroke": entry.colour, "stroke-width": entry.width,
                              "stroke-dasharray": entry.dash})]
    if entry.shape is not None:
        parts.append(marker(entry.shape, x + Fraction(_SWATCH, 2), y, entry.colour,
                            hollow=entry.hollow))
    return parts


def legend(entries: Sequence[LegendEntry], *, left: Fraction, top: Fraction,
           right: Fraction, size: int = 12) -> tuple[list[str], Fraction]:
    """The legend's elements, laid out from (left, top) and wrapped before `right`, and
    the height it takes."""
    parts: list[str] = []
    x, y = left, top + Fraction(size, 2)
    row = Fraction(size + 8)
    for entry in entries:
        width = _SWATCH + 6 + text_width(entry.words, size) + 16
        if x > left and x + width > right:
            x, y = left, y + row
        parts += _swatch(entry, x, y)
        parts.append(element("text", {"x": x + _SWATCH + 6, "y": y + Fraction(size * 35, 100),
                                      "font-size": size, "fill": TEXT},
                             xml_text(entry.words)))
        x += width
    height = (y - top) + Fraction(size, 2) if entries else Fraction(0)
    return parts, height
