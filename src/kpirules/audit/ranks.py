"""The audit's check of published ranks ("19 of 32") against the group's own figures.

A benchmark rank that names its comparator group (`rank: {position: 19, of: 32,
group: london-boroughs}`) is recomputed from the figures of the group's members for the
benchmark's period (or, when the card's period is not one kpirules can read, the home
area's latest), with 1 at the end the rank says (`first`), else the better end.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from kpirules.audit.findings import Finding, FindingSeverity
from kpirules.catalogue import Indicator, Measure
from kpirules.errors import PeriodError
from kpirules.evaluation.dot import merit
from kpirules.evaluation.series import build_series, reported_span
from kpirules.issues import Location
from kpirules.models import Benchmark, Rank
from kpirules.periods import Period
from kpirules.ranking import GroupSummary, place

__all__ = ["check_ranks"]


def _period(item: Benchmark, measure: Measure) -> Period | None:
    if item.period is None:
        return None
    try:
        return Period.parse(item.period, measure.calendar)
    except PeriodError:
        return None


def _merit(rank: Rank, measure: Measure, period: Period, value: Fraction) -> Fraction | None:
    if rank.first == "highest":
        return value
    if rank.first == "lowest":
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
    for indicator in ctx.catalogue.indicators:
        measure = indicator.headline
        benchmarking = indicator.spec.benchmarking
        if measure is None or benchmarking is None:
            continue
        for i, item in enumerate(benchmarking.values):
            rank = item.rank
            if rank is None or rank.group is None:
                continue
            found = _check(ctx, indicator, measure, i, item, rank, home)
            if found is not None:
                yield found


def _check(ctx: object, indicator: Indicator, measure: Measure, index: int, item: Benchmark,
           rank: Rank, home: str) -> Finding | None:
    from kpirules.audit.checks import AuditContext  # noqa: PLC0415

    assert isinstance(ctx, AuditContext) and rank.group is not None
    group = ctx.catalogue.areas.group(rank.group)
    if home not in group.members:
        return None
    period = _period(item, measure)
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
            found = _merit(rank, measure, period, point.value)
            if found is not None:
                merits[code] = found
    if home not in merits:
        return None
    placing = place(merits[home], GroupSummary.of(merits.values()))
    if (placing.position, placing.of) == (rank.position, rank.of):
        return None
    end = rank.first or "the better end"
    missing = len(group.members) - len(merits)
    also = f" ({missing} member(s) have no figure for {period})" if missing else ""
    return Finding(
        code="AUD050", severity=FindingSeverity.ERROR, indicator=indicator.id, measure=None,
        periods=(period,),
        message=(f"{indicator.id}: {item.label}: the card prints {rank.position} of {rank.of}"
                 f" in {group.title}, but the group's figures for {period} give "
                 f"{placing.words()}{also} (1 = {end})"),
        location=Location(indicator.path),
        published=f"{rank.position} of {rank.of}",
        expected=f"{placing.position} of {placing.of}",
        computation=f"{len(merits)} members with a figure for {period}, ranked from "
                    f"{end}",
    )
