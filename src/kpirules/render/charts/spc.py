"""The SPC chart: an XmR chart of a measure, drawn from its `spc` analysis.

Points joined by a line within each phase; each phase's mean (solid) and process limits
(dashed) across its own periods; the target as a line (or a band), and a floor standard
as a second, dotted target line; phases separated by a rule and named under the axis. A
point flagged by a special-cause rule is marked by colour *and* shape: improving a blue
diamond, concerning an orange square, neither a purple downward triangle; common cause a
small grey circle, and a point of a phase without limits a hollow circle. The `<title>`
names the chart and the `<desc>` is the analysis's summary, so a screen reader hears
what the chart shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kpirules.evaluation.control import SpcResult
from kpirules.evaluation.explain import format_value
from kpirules.render.charts.axes import TickLabel, period_axis, value_axis
from kpirules.render.charts.chart import Chart
from kpirules.render.charts.legend import LegendEntry, legend
from kpirules.render.charts.scale import LinearScale, SlotScale, nice_ticks
from kpirules.render.charts.style import (
    BAND_EDGE,
    BAND_FILL,
    CURRENT,
    TARGET,
    Shape,
    marker,
)
from kpirules.render.charts.svg import coord, element, svg_document
from kpirules.spc import VariationType, point_variation

__all__ = ["VARIATION_STYLES", "VariationStyle", "spc_chart"]

WIDTH = 720
_LEFT, _RIGHT, _TOP, _PLOT = Fraction(72), Fraction(WIDTH - 16), Fraction(16), Fraction(240)
MEAN = "#3c4043"
"""The centre line: near-black grey, 10:1 on white."""
LIMIT = "#5f6368"
"""Process limits: grey, 6.0:1, dashed."""


@dataclass(frozen=True)
class VariationStyle:
    """How a point of one kind of variation is marked: colour and shape, and words."""

    colour: str
    shape: Shape
    words: str
    size: int


VARIATION_STYLES = {
    VariationType.COMMON_CAUSE: VariationStyle("#5f6368", Shape.CIRCLE, "Common cause", 6),
    VariationType.IMPROVING: VariationStyle("#1d4f91", Shape.DIAMOND,
                                            "Special cause: improving", 10),
    VariationType.CONCERNING: VariationStyle("#b44c00", Shape.SQUARE,
                                             "Special cause: concerning", 10),
    VariationType.NEITHER: VariationStyle("#6a3d9a", Shape.TRIANGLE_DOWN,
                                          "Special cause: neither", 10),
}
"""Blue 8.3:1, orange 4.6:1, purple 7.5:1 and grey 6.0:1 on white; every shape differs."""


def _label(result: SpcResult) -> TickLabel:
    def label(value: Fraction, decimals: int) -> str:
        return format_value(result.unit, value, decimals)
    return label


def spc_chart(result: SpcResult, title: str, *, id_prefix: str = "spc") -> Chart | None:
    """The chart of an `spc` analysis, or None when it has no points to draw."""
    chart = result.chart
    if chart is None or not chart.points:
        return None
    periods = [str(p) for p in result.periods]
    values = [p.value for p in chart.points]
    lines = [v for phase in chart.phases if phase.limits is not None
             for v in (phase.limits.lower, phase.limits.upper)]
    target = result.target
    marks = [v for v in (target.value, target.low, target.high, target.floor) if v is not None]
    ticks = nice_ticks([*values, *lines, *marks])
    scale = LinearScale(ticks.low, ticks.high, _TOP + _PLOT, _TOP)
    slots = SlotScale(len(values), _LEFT, _RIGHT)
    bottom = _TOP + _PLOT
    body: list[str] = []
    if target.is_band and target.low is not None and target.high is not None:
        top_y, low_y = scale(target.high), scale(target.low)
        body.append(element("rect", {"x": _LEFT, "y": top_y, "width": _RIGHT - _LEFT,
                                     "height": low_y - top_y, "fill": BAND_FILL,
                                     "stroke": BAND_EDGE, "stroke-width": 1}))
    body += value_axis(scale, ticks, _label(result), left=_LEFT, right=_RIGHT)
    groups = [(phase.start, f"Phase {phase.number}" if len(chart.phases) > 1 else "")
              for phase in chart.phases]
    body += period_axis(slots, periods, top=_TOP, bottom=bottom,
                        groups=groups if len(chart.phases) > 1 else ())
    for phase in chart.phases:
        limits = phase.limits
        if limits is None:
            continue
        x1, x2 = slots.left(phase.start), slots.right(phase.stop - 1)
        for value, colour, dash in ((limits.upper, LIMIT, "6 4"), (limits.lower, LIMIT, "6 4"),
                                    (limits.mean, MEAN, None)):
            y = scale(value)
            body.append(element("line", {"x1": x1, "y1": y, "x2": x2, "y2": y,
                                         "stroke": colour, "stroke-width": 2 if dash is None
                                         else 1, "stroke-dasharray": dash}))
    if target.value is not None:
        y = scale(target.value)
        body.append(element("line", {"x1": _LEFT, "y1": y, "x2": _RIGHT, "y2": y,
                                     "stroke": TARGET, "stroke-width": 2,
                                     "stroke-dasharray": "12 4 2 4"}))
    if target.floor is not None:
        # The second target line: the floor standard, in the target's colour with a
        # dash of its own, so it reads apart from the target without colour.
        y = scale(target.floor)
        body.append(element("line", {"x1": _LEFT, "y1": y, "x2": _RIGHT, "y2": y,
                                     "stroke": TARGET, "stroke-width": 2,
                                     "stroke-dasharray": _FLOOR_DASH}))
    for phase in chart.phases:
        xy = [f"{coord(slots.centre(i))},{coord(scale(values[i]))}"
              for i in range(phase.start, phase.stop)]
        if len(xy) > 1:
            body.append(element("polyline", {"points": " ".join(xy), "fill": "none",
                                              "stroke": CURRENT, "stroke-width": 1}))
    kinds: list[VariationType] = []
    rows = []
    for point in chart.points:
        phase = chart.phase_of(point.index)
        x, y = slots.centre(point.index), scale(point.value)
        if phase.limits is None:
            body.append(marker(Shape.CIRCLE, x, y, CURRENT, size=6, hollow=True))
            kind_words = "not assessed: no limits"
        else:
            kind = point_variation(point, result.better)
            style = VARIATION_STYLES[kind]
            if kind not in kinds:
                kinds.append(kind)
            body.append(marker(style.shape, x, y, style.colour, size=style.size))
            kind_words = kind.words
        limits = phase.limits
        rows.append((periods[point.index], _fmt(result, point.value, exact=True),
                     str(phase.number),
                     _fmt(result, limits.mean) if limits else "",
                     _fmt(result, limits.lower) if limits else "",
                     _fmt(result, limits.upper) if limits else "",
                     ", ".join(f"{s.rule.value} ({s.side.value})" for s in point.signals),
                     kind_words))
    entries = [LegendEntry("Figures", CURRENT, shape=Shape.CIRCLE),
               LegendEntry("Mean", MEAN), LegendEntry("Process limits", LIMIT, dash="6 4")]
    if target.value is not None:
        entries.append(LegendEntry("Target", TARGET, dash="12 4 2 4"))
    if target.floor is not None:
        entries.append(LegendEntry("Floor standard", TARGET, dash=_FLOOR_DASH))
    elif target.is_band:
        entries.append(LegendEntry("Target band", BAND_EDGE, area=BAND_FILL))
    order = [VariationType.COMMON_CAUSE, VariationType.IMPROVING, VariationType.CONCERNING,
             VariationType.NEITHER]
    entries += [LegendEntry(VARIATION_STYLES[k].words, VARIATION_STYLES[k].colour,
                            shape=VARIATION_STYLES[k].shape) for k in order if k in kinds]
    key, key_height = legend(entries, left=_LEFT, top=bottom + 52, right=_RIGHT)
    body += key
    height = int(bottom + 52 + key_height + 12)
    name = f"SPC chart of “{title}”, {periods[0]} to {periods[-1]}"
    svg = svg_document(WIDTH, height, title=name, desc=result.summary(),
                       body=[element("g", {"stroke-linecap": "round"}, "\n".join(body))],
                       id_prefix=id_prefix)
    header = ("Period", "Value", "Phase", "Mean", "Lower limit", "Upper limit", "Rules",
              "Variation")
    return Chart(svg, name, result.summary(), header, tuple(rows))


_FLOOR_DASH = "3 3"


def _fmt(result: SpcResult, value: Fraction, *, exact: bool = False) -> str:
    places = result.decimals - 1 if exact else result.decimals
    return format_value(result.unit, value, max(places, 0))

