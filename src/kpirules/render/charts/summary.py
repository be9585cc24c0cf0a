"""The summary chart: how many indicators have each rating, as horizontal bars.

Each bar is labelled with the rating's letter in its shape, its name, the count and the
share, so the chart reads without colour; a bar is drawn even at zero (as a hairline) so
every rating keeps its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from kpirules.render.charts.chart import Chart
from kpirules.render.charts.scale import LinearScale
from kpirules.render.charts.style import GRID, RATING_STYLES, TEXT, marker
from kpirules.render.charts.svg import element, svg_document, xml_text

__all__ = ["RatingCount", "rating_bars"]

_ROW = 34


@dataclass(frozen=True)
class RatingCount:
    """`rating` is a key of `RATING_STYLES`; `share` is the count as printed (`33%`)."""

    rating: str
    label: str
    count: int
    share: str


def rating_bars(counts: Sequence[RatingCount], *, title: str, description: str,
                id_prefix: str, width: int = 520, standalone: bool = False) -> Chart:
    height = 16 + _ROW * len(counts)
    left, right = Fraction(150), Fraction(width - 110)
    most = max((c.count for c in counts), default=0)
    x = LinearScale(Fraction(0), Fraction(max(most, 1)), left, right)
    body = [element("line", {"x1": left, "y1": 8, "x2": left, "y2": height - 8,
                             "stroke": GRID, "stroke-width": 1})]
    for row, count in enumerate(counts):
        style = RATING_STYLES[count.rating]
        middle = Fraction(8 + _ROW * row + _ROW // 2)
        body.append(marker(style.shape, Fraction(18), middle, style.fill, size=20,
                           edge=style.edge))
        body.append(element("text", {"x": 18, "y": middle + 4, "font-size": 11,
                                     "font-weight": "bold", "fill": style.ink,
                                     "text-anchor": "middle"}, xml_text(style.letter)))
        body.append(element("text", {"x": 36, "y": middle + 5, "font-size": 13,
                                     "fill": TEXT}, xml_text(count.label)))
        bar = max(x(Fraction(count.count)) - left, Fraction(1))
        body.append(element("rect", {"x": left, "y": middle - 11, "width": bar, "height": 22,
                                     "fill": style.fill, "stroke": style.edge,
                                     "stroke-width": 1}))
        body.append(element("text", {"x": left + bar + 8, "y": middle + 5, "font-size": 13,
                                     "fill": TEXT},
                             xml_text(f"{count.count} ({count.share})")))
    svg = svg_document(width, height, title=title, desc=description, body=body,
                       id_prefix=id_prefix, standalone=standalone)
    rows = tuple((c.label, str(c.count), c.share) for c in counts)
    return Chart(svg, title, description, ("Rating", "Indicators", "Share"), rows)
