"""The audit's check of published ranks ("19 of 32") against the group's own figures.

A benchmark figure with a rank, whose benchmark stands for a declared comparator group
(`benchmarks: {london-boroughs: {label: London boroughs, group: london-boroughs}}`), is
recomputed from the figures of the group's members for the row's period (or, for an
undated row, the home area's latest), with 1 at the end the row says (`first`), else the
better end. A rank of a figure in another unit than the measure's (a rate per 1,000 where
the indicator counts) ranks figures kpirules does not hold, so it is not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from kpirules.audit.findings import Finding, FindingSeverity
from kpirules.benchmarks import BenchmarkFigure
from kpirules.catalogue import Indicator, Measure
from kpirules.evaluation.dot import merit
from kpirules.evaluation.series import build_series, reported_span
from kpirules.issues import Location
from kpirules.periods import Period
from kpirules.ranking import GroupSummary, place

__all__ = ["check_ranks"]


def _merit(first: str | None, measure: Measure, period: Period, value: Fraction
           ) -> Fraction | None:
    if first == "highest":
        return value
    if first == "lowest":
        return -value
    return merit(measure.polarity, value, measure.target_for(period))


def check_ranks(ctx: object) -> Iterator[Finding]:
    """A published rank within a declared group agrees with the group's figures."""
    from kpirules.audit.checks import AuditContext  # noqa: PLC0415

    assert isinstance(ctx, AuditContext)
    areas = ctx.catalogue.areas
    home = areas.home
    if home is None:
        return
    for figure in ctx.benchmarks.figures:
        if figure.rank is None or figure.of is None or figure.group is None \
                or figure.unit is not None:
            continue
        indicator = ctx.catalogue.indicator(figure.indicator)
        measure = next(m for m in indicator.measures if m.id == figure.measure)
        found = _check(ctx, indicator, measure, figure, home)
        if found is not None:
            yield found


def _check(ctx: object, indicator: Indicator, measure: Measure, figure: BenchmarkFigure,
           home: str) -> Finding | None:
    from kpirules.audit.checks import AuditContext  # noqa: PLC0415

    assert isinstance(ctx, AuditContext) and figure.group is not None
    assert figure.rank is not None and figure.of is not None
    group = ctx.catalogue.areas.group(figure.group)
    if home not in group.members:
        return None
    period = figure.period
    if period is None:
        shown = ctx.series[(indicator.id, measure.id)].latest_available(ctx.as_at)
        if shown is None:
            return None
        period = shown.period
    merits: dict[str, Fraction] = {}
    for code in group.members:
        series = build_series(measure, ctx.observations.for_measure(indicator.id, measure.id,
                                                                    code), ctx.catalogue)
        point = series.point(period, reported_span(measure, period))
        if point is not None and point.value is not None:
            found = _merit(figure.first, measure, period, point.value)
            if found is not None:
                merits[code] = found
    if home not in merits:
        return None
    placing = place(merits[home], GroupSummary.of(merits.values()))
    if (placing.position, placing.of) == (figure.rank, figure.of):
        return None
    end = figure.first or "the better end"
    missing = len(group.members) - len(merits)
    also = f" ({missing} member(s) have no figure for {period})" if missing else ""
    return Finding(
        code="AUD050", severity=FindingSeverity.ERROR, indicator=indicator.id,
        measure=measure.id if indicator.multi_measure else None,
        periods=(period,),
        message=(f"{indicator.id}: {figure.shown_label}: the benchmarks print {figure.rank} "
                 f"of {figure.of} in {group.title}, but the group's figures for {period} give "
                 f"{placing.words()}{also} (1 = {end})"),
        location=figure.location or Location(indicator.path),
        published=f"{figure.rank} of {figure.of}",
        expected=f"{placing.position} of {placing.of}",
        computation=f"{len(merits)} members with a figure for {period}, ranked from "
                    f"{end}",
    )
