"""A comparator group's aggregate as a benchmark: the mean or median of its members' own
figures.

A catalogue may declare a benchmark that stands for a comparator group and is computed
rather than read (`benchmarks: {neighbours-mean: {label: Statistical neighbours, group:
neighbours, aggregate: mean}}`). Its figure for a period is the mean (or median) of the
figures the group's members have for that period, exactly, in `Fraction`s; members with
no figure for the period are left out, and the figure's note says how many counted. A
period no member has a figure for has no aggregate (a comparison then says so).

The aggregates need every member's figures, like ranks, so they are computed once per
indicator from the members' observations (`group_benchmark_figures`) and passed on with
the other benchmark figures. A pipeline that evaluates areas apart computes them once,
where all the members' rows are, and broadcasts them as a `BenchmarkSet`; figures the
caller already gives for an aggregate benchmark are used as given.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from statistics import median

from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.catalogue import Catalogue, Indicator, Measure
from kpirules.evaluation.series import build_series
from kpirules.evaluation.statistics import compare_spec
from kpirules.models import BenchmarkSpec
from kpirules.observations import ObservationSet, Status
from kpirules.periods import Period

__all__ = ["aggregate", "group_benchmark_figures", "with_group_benchmarks"]

# Display only: the exact aggregate is `BenchmarkFigure.computed`.
_SHOWN_PLACES = Decimal("1e-10")


def aggregate(kind: str, values: list[Fraction]) -> Fraction:
    """The mean or median of `values`, exactly (the median of an even count is the mean
    of the middle two)."""
    if not values:
        raise ValueError("values: an aggregate needs at least one figure")
    if kind == "mean":
        return sum(values, Fraction(0)) / len(values)
    if kind == "median":
        return Fraction(median(sorted(values)))
    raise ValueError(f"kind: '{kind}' is not mean or median")


def _shown(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(exact) == value:
        return exact
    return exact.quantize(_SHOWN_PLACES)


def _aggregated(catalogue: Catalogue, measure: Measure) -> tuple[str, BenchmarkSpec] | None:
    spec = compare_spec(measure)
    if spec is None:
        return None
    declared = catalogue.spec.benchmarks.get(spec.benchmark)
    if declared is None or declared.aggregate is None or declared.group is None:
        return None
    return spec.benchmark, declared


def group_benchmark_figures(catalogue: Catalogue, indicator: Indicator,
                            observations: ObservationSet, as_at: Period, *,
                            given: BenchmarkSet | None = None) -> Iterator[BenchmarkFigure]:
    """The aggregate benchmark figures the indicator's measures compare with, for every
    period (begun by the end of `as_at`) that any member of the group has a figure for;
    none for a measure whose figures `given` holds already."""
    for measure in indicator.measures:
        found = _aggregated(catalogue, measure)
        if found is None:
            continue
        benchmark_id, declared = found
        if given is not None and any(f.benchmark == benchmark_id
                                     for f in given.for_measure(indicator.id, measure.id)):
            continue
        assert declared.group is not None and declared.aggregate is not None
        group = catalogue.areas.group(declared.group)
        by_period: dict[Period, list[Fraction]] = {}
        for code in group.members:
            series = build_series(measure, observations.for_measure(indicator.id, measure.id,
                                                                    code), catalogue)
            for point in series.reported_points():
                if point.value is None or point.period.start > as_at.end:
                    continue
                by_period.setdefault(point.period, []).append(point.value)
        for period in sorted(by_period):
            values = by_period[period]
            value = aggregate(declared.aggregate, values)
            yield BenchmarkFigure(
                indicator=indicator.id, measure=measure.id, benchmark=benchmark_id,
                label=declared.label, area=declared.area, period=period,
                value=_shown(value), status=Status.FINAL, computed=value,
                group=declared.group,
                note=(f"{declared.aggregate} of {len(values)} of the {len(group.members)} "
                      f"members of {group.title} with a figure for {period}"))


def with_group_benchmarks(catalogue: Catalogue, indicator: Indicator,
                          observations: ObservationSet, as_at: Period,
                          benchmarks: BenchmarkSet | None) -> BenchmarkSet | None:
    """`benchmarks` with the group aggregates the indicator compares with, for those not
    given already."""
    extra = tuple(group_benchmark_figures(catalogue, indicator, observations, as_at,
                                          given=benchmarks))
    if not extra:
        return benchmarks
    return BenchmarkSet((*(benchmarks.figures if benchmarks is not None else ()), *extra))
