"""The period chart: figures by period as lines, against target steps or a band.

A chart has slots (periods, left to right), one or more lines with a figure (or a gap)
per slot, and per slot a target (a level, drawn as a step, or a band, drawn shaded).
A line is broken at a gap and at every slot listed in its `breaks`, which is how a
year-to-date series is drawn a year at a time: its April figure restarts from zero, and
joining it to March would draw a collapse that never happened. A provisional figure has
a hollow marker; a forecast one a hollow marker and a dashed line into it.

A figure may carry confidence intervals, drawn as error bars through its marker (see
`intervals`), and the chart may carry a benchmark (England, say), drawn as a
dash-dotted step line apart from the target's dashed one. The axis covers every limit
and benchmark figure, and the description and the table say each one in words.

The spec-free input (`PeriodChartData`, in `period_data`) is built by `indicator.py`
from a measure's series; anything else with figures by period can draw itself the same
way. `period_words` says the chart in words: the description's account of intervals and
benchmark, and the table of every figure.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from kpirules.render.charts.axes import period_axis, tick_labels, value_axis
from kpirules.render.charts.chart import Chart
from kpirules.render.charts.intervals import LevelStyle, interval_bar, interval_legend
from kpirules.render.charts.legend import LegendEntry, legend
from kpirules.render.charts.period_data import (
    BenchmarkLine,
    Datum,
    Line,
    Mark,
    PeriodChartData,
    Role,
    TargetStep,
)
from kpirules.render.charts.period_words import (
    chart_description,
    chart_levels,
    chart_table,
    statistics_words,
)
from kpirules.render.charts.scale import LinearScale, SlotScale, nice_ticks
from kpirules.render.charts.steps import step_lines
from kpirules.render.charts.style import (
    BAND_EDGE,
    BAND_FILL,
    BENCHMARK,
    BENCHMARK_DASH,
    COMPARISON,
    CURRENT,
    TARGET,
    TEXT,
    Shape,
    marker,
    text_width,
)
from kpirules.render.charts.svg import coord, element, svg_document, xml_text

__all__ = [
    "BenchmarkLine",
    "Datum",
    "Line",
    "Mark",
    "PeriodChartData",
    "Role",
    "TargetStep",
    "period_chart",
    "statistics_words",
]


_ROLE_STYLE = {
    Role.CURRENT: (CURRENT, Shape.CIRCLE, None, 3),
    Role.COMPARISON: (COMPARISON, Shape.SQUARE, "6 4", 2),
}


def period_chart(data: PeriodChartData, *, id_prefix: str, width: int = 560,
                 height: int = 260, standalone: bool = True) -> Chart:
    """Draw `data`; see the module's notes. Deterministic: same data, same bytes."""
    numbers = [d.value for line in data.lines for d in line.data if d.value is not None]
    numbers += [edge for step in data.targets if step is not None
                for edge in (step.low, step.high)]
    numbers += [limit for line in data.lines for d in line.data for bar in d.intervals
                for limit in (bar.lower, bar.upper)]
    if data.benchmark is not None:
        numbers += [level for level in data.benchmark.levels if level is not None]
    ticks = nice_ticks(numbers, 5)
    labels = tick_labels(ticks, data.tick_label)
    left = Fraction(12) + max(text_width(text) for text in labels) + 8
    right = Fraction(width - 16)
    entries = _legend_entries(data)
    legend_parts, legend_height = legend(entries, left=left, top=Fraction(8), right=right)
    top = 8 + legend_height + 16
    bottom = Fraction(height - (44 if data.groups else 28))
    y = LinearScale(ticks.low, ticks.high, bottom, top)
    slots = SlotScale(len(data.slots), left, right)

    bands = _bands(data.targets, slots, y)
    body = [element("g", {"class": "band"}, "".join(bands))] if bands else []
    body += value_axis(y, ticks, data.tick_label, left=left, right=right)
    body += period_axis(slots, data.slots, top=top, bottom=bottom, groups=data.groups)
    steps = step_lines([s.low if s is not None and not s.is_band else None
                        for s in data.targets], slots, y, colour=TARGET, dash="7 3")
    if steps:
        body.append(element("g", {"class": "target"}, "".join(steps)))
    if data.benchmark is not None:
        body.append(element("g", {"class": "benchmark"}, "".join(step_lines(
            data.benchmark.levels, slots, y, colour=BENCHMARK, dash=BENCHMARK_DASH))))
    styles = chart_levels(data)
    shifts = _shifts(data, slots)
    gap = min((abs(a - b) for a, b in itertools.pairwise(shifts) if a != b),
              default=slots.width)
    cap = min(slots.width / 4, gap / 3)
    for line, shift in zip(data.lines, shifts, strict=True):
        body.append(element("g", {"class": f"series {line.role.value}"},
                            "".join(_bars(line, slots, y, styles, shift, cap)
                                    + _line(line, slots, y, shift))))
    if data.value_label:
        body += _latest_label(data.lines, slots, y, top, shifts)
    body += legend_parts
    description = chart_description(data)
    svg = svg_document(width, height, title=data.title, desc=description, body=body,
                       id_prefix=id_prefix, standalone=standalone)
    header, rows = chart_table(data)
    return Chart(svg, data.title, description, header, rows)


def _shifts(data: PeriodChartData, slots: SlotScale) -> list[Fraction]:
    """How far each line is moved off its slots' centres: nowhere, unless two or more
    lines carry intervals, whose bars would then stand on one another; then each line
    is set a little apart (dodged), in order, markers and bars together."""
    count = len(data.lines)
    if sum(any(d.intervals for d in line.data) for line in data.lines) < 2:
        return [Fraction(0)] * count
    step = min(Fraction(10), slots.width / (count + 1))
    return [(index - Fraction(count - 1, 2)) * step for index in range(count)]


def _bars(line: Line, slots: SlotScale, y: LinearScale,
          styles: dict[float, LevelStyle], shift: Fraction, cap: Fraction) -> list[str]:
    """Each figure's intervals, widest first, so the narrower bar is drawn over it."""
    colour = _ROLE_STYLE[line.role][0]
    parts = []
    for index, datum in enumerate(line.data):
        for bar in sorted(datum.intervals, key=lambda b: -b.confidence):
            parts.append(interval_bar(bar, slots.centre(index) + shift, y,
                                      styles[bar.confidence], colour, cap_limit=cap))
    return parts


def _legend_entries(data: PeriodChartData) -> list[LegendEntry]:
    entries = []
    for line in data.lines:
        colour, shape, dash, _ = _ROLE_STYLE[line.role]
        entries.append(LegendEntry(line.name, colour, dash, shape))
    steps = [s for s in data.targets if s is not None]
    if any(not s.is_band for s in steps):
        entries.append(LegendEntry("Target", TARGET, "7 3"))
    if any(s.is_band for s in steps):
        entries.append(LegendEntry("Target band", BAND_EDGE, area=BAND_FILL))
    if data.benchmark is not None:
        entries.append(LegendEntry(f"{data.benchmark.name} (benchmark)", BENCHMARK,
                                   BENCHMARK_DASH))
    colours = [_ROLE_STYLE[line.role][0] for line in data.lines
               if any(d.intervals for d in line.data)]
    if colours:
        entries += interval_legend(chart_levels(data), colours[-1] if len(colours) == 1
                                   else TEXT)
    marks = {d.mark for line in data.lines for d in line.data if d.value is not None}
    if Mark.PROVISIONAL in marks:
        entries.append(LegendEntry("Provisional", TEXT, shape=Shape.CIRCLE, hollow=True))
    if Mark.FORECAST in marks:
        entries.append(LegendEntry("Forecast", TEXT, "3 3", Shape.CIRCLE, hollow=True))
    return entries


def _bands(targets: Sequence[TargetStep | None], slots: SlotScale,
           y: LinearScale) -> list[str]:
    parts = []
    for index, step in enumerate(targets):
        if step is None or not step.is_band:
            continue
        x0, x1 = slots.left(index), slots.right(index)
        top, bottom = y(step.high), y(step.low)
        parts.append(element("rect", {"x": x0, "y": top, "width": x1 - x0,
                                      "height": bottom - top, "fill": BAND_FILL}))
        for edge in (top, bottom):
            parts.append(element("line", {"x1": x0, "y1": edge, "x2": x1, "y2": edge,
                                          "stroke": BAND_EDGE, "stroke-width": 1}))
    return parts


def _runs(line: Line) -> list[list[int]]:
    runs: list[list[int]] = [[]]
    for index, datum in enumerate(line.data):
        if datum.value is None or index in line.breaks:
            runs.append([])
        if datum.value is not None:
            runs[-1].append(index)
    return [run for run in runs if run]


def _line(line: Line, slots: SlotScale, y: LinearScale, shift: Fraction) -> list[str]:
    colour, shape, dash, stroke = _ROLE_STYLE[line.role]
    parts = []

    def xy(index: int) -> str:
        value = line.data[index].value
        assert value is not None
        return f"{coord(slots.centre(index) + shift)},{coord(y(value))}"

    for run in _runs(line):
        # Segments into a forecast are dashed; the rest keep the line's own style.
        pieces: list[tuple[bool, list[int]]] = []
        for a, b in itertools.pairwise(run):
            forecast = line.data[b].mark is Mark.FORECAST
            if pieces and pieces[-1][0] == forecast:
                pieces[-1][1].append(b)
            else:
                pieces.append((forecast, [a, b]))
        for forecast, indexes in pieces:
            parts.append(element("polyline", {
                "points": " ".join(xy(i) for i in indexes), "fill": "none",
                "stroke": colour, "stroke-width": stroke,
                "stroke-dasharray": "3 3" if forecast else dash,
                "stroke-linejoin": "round", "stroke-linecap": "round"}))
    for index, datum in enumerate(line.data):
        if datum.value is None:
            continue
        parts.append(marker(shape, slots.centre(index) + shift, y(datum.value), colour,
                            hollow=datum.mark is not Mark.FINAL))
    return parts


def _latest_label(lines: Sequence[Line], slots: SlotScale, y: LinearScale,
                  top: Fraction, shifts: Sequence[Fraction]) -> list[str]:
    """The latest current figure printed above its marker, or below it near the top."""
    current = [(line, shift) for line, shift in zip(lines, shifts, strict=True)
               if line.role is Role.CURRENT]
    if not current:
        return []
    line, shift = current[-1]
    present = [i for i, d in enumerate(line.data) if d.value is not None]
    if not present:
        return []
    index = present[-1]
    datum = line.data[index]
    assert datum.value is not None
    x = slots.centre(index) + shift
    level = y(datum.value)
    if datum.intervals:
        # Above the error bar's top cap, not across the bar; below it near the top.
        anchor = "middle"
        high = y(max(bar.upper for bar in datum.intervals))
        low = y(min(bar.lower for bar in datum.intervals))
        level = high - 6 if high - 6 >= top + 12 else low + 16
    else:
        anchor = "end" if index == len(line.data) - 1 and len(line.data) > 1 else "middle"
        x = x if anchor == "middle" else x - 8
        level = level + 22 if level - 10 < top + 12 else level - 10
    return [element("text", {"x": x, "y": level,
                             "font-size": 12, "font-weight": "bold", "fill": CURRENT,
                             "stroke": "#ffffff", "stroke-width": 3, "paint-order": "stroke",
                             "text-anchor": anchor}, xml_text(datum.label))]
