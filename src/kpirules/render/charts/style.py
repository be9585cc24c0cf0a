"""Colours, line styles and marker shapes shared by every chart.

Every colour that carries meaning has at least 3:1 contrast with the white background
(WCAG 2.1 AA for graphical objects), and text colours at least 4.5:1. No meaning rests on
colour alone: series differ in marker shape and dash as well, a provisional or forecast
figure has a hollow marker (and, for a forecast, a dashed line into it), and a rating
has a letter and a shape (see `RATING_STYLES`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

from kpirules.render.charts.svg import coord, element

__all__ = [
    "AXIS",
    "BAND_EDGE",
    "BAND_FILL",
    "BENCHMARK",
    "BENCHMARK_DASH",
    "COMPARISON",
    "CURRENT",
    "GRID",
    "RATING_STYLES",
    "TARGET",
    "TEXT",
    "RatingStyle",
    "Shape",
    "marker",
    "text_width",
]

CURRENT = "#1d4f91"
"""The figures of the period shown: dark blue, 8.3:1 on white."""
COMPARISON = "#5f6368"
"""The same periods a year earlier: grey, 6.0:1."""
TARGET = "#a3400b"
"""Target lines: burnt orange, 6.2:1."""
BENCHMARK = "#6a3d9a"
"""A benchmark's line (England, say): purple, 7.5:1, dash-dotted (`BENCHMARK_DASH`),
where the target's is dashed."""
BENCHMARK_DASH = "10 3 2 3"
BAND_FILL = "#e2efe4"
BAND_EDGE = "#2e6b3a"
"""A target band: a pale green area between dark green edges (6.4:1)."""
GRID = "#dadce0"
AXIS = "#5f6368"
TEXT = "#202124"
"""Axis and legend text: 16:1."""


class Shape(enum.StrEnum):
    CIRCLE = "circle"
    SQUARE = "square"
    DIAMOND = "diamond"
    TRIANGLE = "triangle"
    TRIANGLE_DOWN = "triangle_down"


@dataclass(frozen=True)
class RatingStyle:
    """How a rating is drawn: a fill, a text colour with 4.5:1 contrast on that fill, a
    letter and a shape, so that the rating reads without colour."""

    letter: str
    words: str
    fill: str
    ink: str
    shape: Shape
    edge: str
    """An outline with 3:1 contrast on white, so a pale fill still shows its shape."""


RATING_STYLES = {
    "G": RatingStyle("G", "Green", "#00703c", "#ffffff", Shape.CIRCLE, "#00703c"),
    "A": RatingStyle("A", "Amber", "#f6b73c", "#202124", Shape.TRIANGLE, "#8a5a00"),
    "R": RatingStyle("R", "Red", "#c4262e", "#ffffff", Shape.SQUARE, "#c4262e"),
    "n/a": RatingStyle("–", "Not applicable", "#e8eaed", "#202124", Shape.DIAMOND, "#5f6368"),
}
"""Keyed by the rating's value (`G`, `A`, `R`), and `n/a` for no rating."""


def text_width(text: str, size: int = 12) -> Fraction:
    """An estimate of the width of `text` at font `size`, for laying out labels: browsers
    measure text, but a deterministic chart must not depend on a font it cannot see."""
    return Fraction(len(text) * size * 56, 100)


def marker(shape: Shape, x: Fraction, y: Fraction, colour: str, *, size: int = 8,
           hollow: bool = False, edge: str | None = None) -> str:
    """A marker of about `size` pixels centred on (x, y); hollow ones are white inside.
    `edge` outlines a filled marker in another colour."""
    fill = "#ffffff" if hollow else colour
    paint = {"fill": fill, "stroke": edge or colour, "stroke-width": 2 if hollow else 1}
    half = Fraction(size, 2)
    if shape is Shape.CIRCLE:
        return element("circle", {"cx": x, "cy": y, "r": half, **paint})
    if shape is Shape.SQUARE:
        side = half * Fraction(17, 10)
        return element("rect", {"x": x - side / 2, "y": y - side / 2, "width": side,
                                "height": side, **paint})
    if shape is Shape.DIAMOND:
        d = half * Fraction(13, 10)
        corners = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    elif shape is Shape.TRIANGLE:
        d = half * Fraction(13, 10)
        corners = [(x, y - d), (x + d, y + d * Fraction(3, 4)), (x - d, y + d * Fraction(3, 4))]
    else:
        d = half * Fraction(13, 10)
        corners = [(x, y + d), (x + d, y - d * Fraction(3, 4)), (x - d, y - d * Fraction(3, 4))]
    points = " ".join(f"{coord(cx)},{coord(cy)}" for cx, cy in corners)
    return element("polygon", {"points": points, **paint})
