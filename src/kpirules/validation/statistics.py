"""Checks of the statistics a spec declares: intervals, comparisons, trends and floors.

- KPI080: a comparison names a benchmark the catalogue does not declare.
- KPI081: an interval (or a comparison, which needs one) on a measure with no counts.
- KPI082: an interval method that does not suit the measure (Wilson on a rate).
- KPI083: a comparison that rates needs a better and a worse (higher or lower is better).
- KPI084: a recent-trend direction on a measure with no counts for its intervals.
- KPI085: a floor that is not on the worse side of its target, or has no worse side.
- KPI086: the shown comparison and the rating's name different benchmarks.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from kpirules.issues import Issue, Location, Severity
from kpirules.models import (
    Aggregation,
    BasicUnit,
    CumulativeAggregation,
    DiscreteAggregation,
    DotMethod,
    IntervalMethodName,
    Polarity,
    RateAggregation,
    RateUnit,
    RatioAggregation,
    RollingAggregation,
    SnapshotAggregation,
    Unit,
)
from kpirules.numbers import format_number

if TYPE_CHECKING:
    from kpirules.resolve import MeasureDraft
    from kpirules.validation.checks import CheckContext, IndicatorView

__all__ = ["check_statistics", "counts_kind"]


def counts_kind(aggregation: Aggregation | None, unit: Unit | None) -> str | None:
    """`proportion` for a ratio of counts, `rate` for a count per N people, `count` for a
    plain count; None when the figure has no counts to compute an interval from."""
    if isinstance(aggregation, RatioAggregation):
        return "proportion"
    if isinstance(aggregation, RateAggregation) and isinstance(unit, RateUnit):
        return "rate"
    if isinstance(unit, BasicUnit) and unit.kind == "count" and isinstance(
            aggregation, DiscreteAggregation | CumulativeAggregation | RollingAggregation
            | SnapshotAggregation):
        return "count"
    return None

_SUITS = {
    IntervalMethodName.WILSON: ("proportion",),
    IntervalMethodName.BYARS: ("rate", "count"),
    IntervalMethodName.EXACT: ("rate", "count"),
}
_KIND_WORDS = {"proportion": "a proportion (a ratio of counts)", "rate": "a rate",
               "count": "a count"}


def _issue(code: str, message: str, location: Location) -> Issue:
    return Issue(code, Severity.ERROR, message, location)


def check_statistics(ctx: CheckContext) -> Iterator[Issue]:
    """Declared statistics suit the measure and name declared benchmarks."""
    declared = dict(ctx.catalogue.benchmarks) if ctx.catalogue is not None else {}
    for view in ctx.indicators:
        for draft in view.measures:
            yield from _measure(view, draft, declared)


def _measure(view: IndicatorView, draft: MeasureDraft, declared: Mapping[str, object]
             ) -> Iterator[Issue]:
    kind = counts_kind(draft.aggregation, draft.unit)
    statistics = draft.statistics
    base = view.path_of(draft, "statistics")
    if statistics is not None and statistics.interval is not None:
        where = view.locate((*base, "interval"))
        if kind is None:
            yield _issue("KPI081", "a confidence interval needs counts: a ratio (numerator "
                         "and denominator), a rate (count and population) or a count; this "
                         f"measure's aggregation is {_aggregation(draft)}", where)
        method = statistics.interval.method
        if kind is not None and method in _SUITS and kind not in _SUITS[method]:
            suits = " or ".join(_KIND_WORDS[k] for k in _SUITS[method])
            yield _issue("KPI082", f"the {method} method is for {suits}, but this measure is "
                         f"{_KIND_WORDS[kind]}; use auto", view.locate((*base, "interval",
                                                                        "method")))
    compares = []
    if statistics is not None and statistics.compare is not None:
        compares.append((statistics.compare.benchmark, (*base, "compare"), False))
    if draft.rag.compare is not None and not draft.rag_is_default:
        compares.append((draft.rag.compare.benchmark,
                         (*view.path_of(draft, "rag"), "compare"), True))
    for benchmark, path, rates in compares:
        if benchmark not in declared:
            close = difflib.get_close_matches(benchmark, list(declared), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else (
                "" if declared else "; declare it under `benchmarks` in the catalogue")
            yield _issue("KPI080", f"benchmark '{benchmark}' is not declared in the "
                         f"catalogue{hint}", view.locate((*path, "benchmark")))
        if kind is None:
            yield _issue("KPI081", "a comparison with a benchmark needs the value's "
                         "confidence interval, and this measure has no counts "
                         f"(its aggregation is {_aggregation(draft)})", view.locate(path))
        if rates and draft.polarity not in (Polarity.HIGHER_IS_BETTER,
                                           Polarity.LOWER_IS_BETTER):
            yield _issue("KPI083", "rating by comparison needs a better and a worse: polarity "
                         f"higher_is_better or lower_is_better, not {draft.polarity}",
                         view.locate(path))
        elif not rates and draft.polarity in (Polarity.WITHIN_BAND, Polarity.CLOSEST_TO):
            yield _issue("KPI083", f"a comparison with a benchmark does not suit polarity "
                         f"{draft.polarity}; it reads higher or lower than the benchmark",
                         view.locate(path))
    if len({benchmark for benchmark, _, _ in compares}) > 1:
        yield _issue("KPI086", "the statistics compare with "
                     f"'{compares[0][0]}' but the rating with '{compares[1][0]}'; a measure "
                     "shows one comparison", view.locate(compares[1][1]))
    if draft.dot.method is DotMethod.RECENT_TREND and kind is None:
        yield _issue("KPI084", "a recent-trend direction weighs each point by its confidence "
                     "interval, which needs counts; this measure's aggregation is "
                     f"{_aggregation(draft)}", view.locate((*view.path_of(draft, "dot"),
                                                            "method")))
    yield from _floors(view, draft)


def _aggregation(draft: MeasureDraft) -> str:
    return draft.aggregation.kind if draft.aggregation is not None else "not given"


def _floors(view: IndicatorView, draft: MeasureDraft) -> Iterator[Issue]:
    base = view.path_of(draft, "targets")
    for year, target in draft.targets.items():
        if target.floor is None:
            continue
        where = view.locate((*base, year, "floor"))
        if draft.polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
            yield _issue("KPI085", f"a floor needs a worse side: polarity higher_is_better or "
                         f"lower_is_better, not {draft.polarity}", where)
            continue
        higher = draft.polarity is Polarity.HIGHER_IS_BETTER
        figures = [target.value, target.annual,
                   *[p for p in (target.profile or ()) if p != "n/a"]]
        for figure in figures:
            if figure is None or isinstance(figure, str):
                continue
            if (target.floor > figure) if higher else (target.floor < figure):
                side = "above" if higher else "below"
                yield _issue("KPI085", f"the floor {format_number(target.floor)} is {side} "
                             f"the target {format_number(figure)}: with "
                             f"{draft.polarity} the floor is the worse limit", where)
                break
