"""Charts as deterministic, accessible SVG: a few primitives and the charts built on them.

Primitives (each a small module, each documented where it is defined):

- `svg`: `xml_text` and `attr` escape text; `coord` prints an exact coordinate to one
  decimal place; `element` writes one element; `svg_document` wraps a chart's body with
  `role="img"`, a `<title>` (its accessible name) and a `<desc>`.
- `scale`: `LinearScale` (values to pixels), `SlotScale` (categories at slot centres),
  `nice_ticks` (round tick values, exact, with the decimal places they need).
- `axes`: `value_axis` (gridlines and tick labels) and `period_axis` (slot labels,
  optional year groups with rules between them).
- `legend`: `legend` lays out `LegendEntry` swatches in wrapping rows.
- `steps`: `step_lines` draws a level per slot (a target, a benchmark) as steps.
- `intervals`: `IntervalBar` and `interval_bar`, a confidence interval as an error bar
  (whisker and caps), with levels told apart by weight and dash (`level_styles`).
- `style`: the colours (all with WCAG AA contrast), `Shape` and `marker`, and
  `RATING_STYLES` (a rating's fill, ink, letter and shape, never colour alone).
- `chart`: `Chart`, what a chart function returns: the SVG and its text equivalent
  (title, description, a table of every figure drawn).

Charts: `period.period_chart` draws lines over periods against target steps or bands,
with each figure's intervals as error bars and a benchmark's line where given (its input
is `period_data`, its words and table `period_words`);
`indicator.card_chart` and `indicator.trend_chart` build it from a measure's series
(`indicator_statistics` finds each period's intervals and the benchmark's figures);
`summary.rating_bars` draws the count of each rating; `spc.spc_chart` draws an XmR chart
from an `spc` analysis and `spc_icons` the variation and assurance icons.

A new chart (an SPC chart, say) composes the same pieces: make a `LinearScale` from
`nice_ticks` of its values, draw `value_axis` and `period_axis`, add its own elements with
`element` and `marker`, then wrap them with `svg_document` and return a `Chart`. Use
`xml_text` for any text, and `Fraction`s for positions, and the bytes are deterministic.
"""

from kpirules.render.charts.chart import Chart
from kpirules.render.charts.indicator import card_chart, trend_chart, trend_label
from kpirules.render.charts.intervals import IntervalBar
from kpirules.render.charts.period import (
    BenchmarkLine,
    Datum,
    Line,
    Mark,
    PeriodChartData,
    Role,
    TargetStep,
    period_chart,
)
from kpirules.render.charts.scale import LinearScale, SlotScale, Ticks, nice_ticks
from kpirules.render.charts.style import RATING_STYLES, RatingStyle, Shape, marker
from kpirules.render.charts.svg import attr, coord, element, svg_document, xml_text

__all__ = [
    "RATING_STYLES",
    "BenchmarkLine",
    "Chart",
    "Datum",
    "IntervalBar",
    "Line",
    "LinearScale",
    "Mark",
    "PeriodChartData",
    "RatingStyle",
    "Role",
    "Shape",
    "SlotScale",
    "TargetStep",
    "Ticks",
    "attr",
    "card_chart",
    "coord",
    "element",
    "marker",
    "nice_ticks",
    "period_chart",
    "svg_document",
    "trend_chart",
    "trend_label",
    "xml_text",
]
