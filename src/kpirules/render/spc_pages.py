"""The SPC part of a methodology page: the chart, the icons and the summary.

A measure that declares `spc` gets, under its figures, its XmR chart
(`<indicator>[.<measure>].spc.svg`), the variation and assurance icons (shared files,
one per reading) and the analysis's summary in words.
"""

from __future__ import annotations

from kpirules.catalogue import Indicator, Measure
from kpirules.evaluation.control import SpcResult
from kpirules.render.charts.spc import spc_chart
from kpirules.render.charts.spc_icons import assurance_icon, variation_icon
from kpirules.render.figures import MeasureFigures
from kpirules.render.mdtext import prose

__all__ = ["spc_files", "spc_icons", "spc_lines", "spc_of"]


def spc_of(figures: MeasureFigures) -> SpcResult | None:
    found = figures.result.analysis("spc")
    return found if isinstance(found, SpcResult) else None


def _chart_name(indicator: Indicator, measure: Measure) -> str:
    if indicator.multi_measure:
        return f"{indicator.id}.{measure.id}.spc.svg"
    return f"{indicator.id}.spc.svg"


def spc_icons(found: SpcResult, id_prefix: str = "") -> list[tuple[str, str, str]]:
    """(file name, alternative text, svg) for the icons of the reading.

    `id_prefix` keeps the icons' element ids unique where several share one page.
    """
    icons = []
    reading = found.variation
    if reading is not None and reading.type is not None:
        side = reading.signal.side if reading.signal is not None else None
        name = f"spc-{reading.type.value}{'-' + side.value if side else ''}.svg"
        icons.append((name, reading.type.words,
                      variation_icon(reading.type, side, id_prefix=id_prefix + name[:-4])))
    if found.assurance is not None:
        kind = found.assurance.type
        name = f"spc-{kind.value}.svg"
        icons.append((name, f"assurance: {kind.words}",
                      assurance_icon(kind, id_prefix=id_prefix + name[:-4])))
    return icons


def spc_files(indicator: Indicator, figures: MeasureFigures) -> dict[str, str]:
    """The chart and icon files a measure's SPC section shows, by name."""
    found = spc_of(figures)
    if found is None:
        return {}
    files = {name: svg for name, _, svg in spc_icons(found)}
    chart = spc_chart(found, figures.measure.title,
                      id_prefix=f"spc-{indicator.id}-{figures.measure.id}")
    if chart is not None:
        files[_chart_name(indicator, figures.measure)] = chart.svg
    return files


def spc_lines(indicator: Indicator, figures: MeasureFigures) -> list[str]:
    """Markdown: the chart, the icons and the summary; none without `spc`."""
    found = spc_of(figures)
    if found is None:
        return []
    lines = ["**Statistical process control.** " + prose(found.summary()), ""]
    if found.chart is not None:
        lines += [f"![{prose(f'SPC chart of {figures.measure.title}')}]"
                  f"({_chart_name(indicator, figures.measure)})", ""]
    icons = spc_icons(found)
    if icons:
        lines += [" ".join(f"![{prose(words)}]({name})" for name, words, _ in icons), ""]
    for period, reason in found.rebases:
        lines += [f"- Rebased at {period}: {prose(reason)}"]
    for note in found.notes:
        lines += [f"- {prose(note)}"]
    if found.rebases or found.notes:
        lines.append("")
    return lines
