"""A period chart in words: its description's account of the intervals and the
benchmark, and the table of every figure drawn (its text equivalent)."""

from __future__ import annotations

from kpirules.render.charts.intervals import LevelStyle, interval_words, level_styles
from kpirules.render.charts.period_data import Line, PeriodChartData
from kpirules.stats import level_words

__all__ = ["chart_description", "chart_levels", "chart_table", "statistics_words"]


def chart_levels(data: PeriodChartData) -> dict[float, LevelStyle]:
    """The style of each confidence level the chart draws."""
    return level_styles(bar.confidence for line in data.lines for d in line.data
                        for bar in d.intervals)


def _slot_name(data: PeriodChartData, line: Line, index: int) -> str:
    name = data.slot_names[index]
    return f"{line.name} {name}" if len(data.lines) > 1 else name


def statistics_words(data: PeriodChartData) -> str:
    """The intervals and the benchmark the chart draws, in words (empty for none): what
    its description adds to the caller's, and what a page's image text should add."""
    parts = []
    rows = [(_slot_name(data, line, index), datum.intervals)
            for line in data.lines for index, datum in enumerate(line.data)
            if datum.intervals]
    if rows:
        parts.append(interval_words(chart_levels(data), rows))
    benchmark = data.benchmark
    if benchmark is not None:
        figures = "; ".join(f"{data.slot_names[i]} {benchmark.words[i]}"
                            for i, level in enumerate(benchmark.levels) if level is not None)
        parts.append(f"The dash-dotted purple line is the benchmark, {benchmark.name}: "
                     f"{figures}.")
    return " ".join(parts)


def chart_description(data: PeriodChartData) -> str:
    """The caller's description, then the intervals and the benchmark in words."""
    return " ".join(part for part in (data.description, statistics_words(data)) if part)


def chart_table(data: PeriodChartData) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The chart's figures as a table: a row per slot; a column per line, the target,
    each line's intervals by level, and the benchmark."""
    header = ["Period", *(line.name for line in data.lines)]
    has_targets = any(step is not None for step in data.targets)
    if has_targets:
        header.append("Target")
    levels = sorted({bar.confidence for line in data.lines for d in line.data
                     for bar in d.intervals})
    with_bars = [line for line in data.lines if any(d.intervals for d in line.data)]
    for line in with_bars:
        prefix = f"{line.name} " if len(data.lines) > 1 else ""
        header += [f"{prefix}{level_words(level)} confidence interval" for level in levels]
    benchmark = data.benchmark
    if benchmark is not None:
        header.append(f"{benchmark.name} (benchmark)")
    rows = []
    for index, name in enumerate(data.slot_names):
        row = [name, *(line.data[index].words for line in data.lines)]
        if has_targets:
            step = data.targets[index]
            row.append(step.words if step is not None else "none")
        for line in with_bars:
            found = {bar.confidence: bar.words for bar in line.data[index].intervals}
            row += [found.get(level, "none") for level in levels]
        if benchmark is not None:
            row.append(benchmark.words[index])
        rows.append(tuple(row))
    return tuple(header), tuple(rows)
