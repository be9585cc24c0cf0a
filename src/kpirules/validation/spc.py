"""Checks of SPC declarations: periods that fit, methods that have a chart to read, and
(with the data) series long enough to draw limits from.

Codes: KPI090 SPC on an annual series (a warning: it gains one point a year); KPI091
`dot: {method: spc}` or `rag: {assurance: ...}` without an `spc` declaration, or
assurance on a measure with no better side; KPI092 a rebase period that is not a period
of the measure (or, with the data, outside its series); KPI093 a baseline range that is
not a range of the measure's periods; KPI094 (with the data) too few points for limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from kpirules.errors import PeriodError
from kpirules.issues import Issue, Location, Severity
from kpirules.models import DotMethod, Frequency, Polarity
from kpirules.periods import Calendar, Grain, Period

if TYPE_CHECKING:
    from kpirules.catalogue import Catalogue
    from kpirules.observations import ObservationSet
    from kpirules.resolve import MeasureDraft
    from kpirules.specfiles import SpecSet
    from kpirules.validation.checks import CheckContext, IndicatorView

__all__ = ["check_spc", "spc_data_issues"]

_GRAIN = {Frequency.MONTHLY: Grain.MONTH, Frequency.QUARTERLY: Grain.QUARTER,
          Frequency.ANNUAL: Grain.YEAR}


def _issue(code: str, message: str, location: Location, *, warning: bool = False) -> Issue:
    return Issue(code, Severity.WARNING if warning else Severity.ERROR, message, location)


def _period(text: str, calendar: Calendar, grain: Grain) -> Period | None:
    try:
        period = Period.parse(text, calendar)
    except PeriodError:
        return None
    return period if period.grain is grain else None


def check_spc(ctx: CheckContext) -> Iterator[Issue]:
    """SPC declarations fit their measure; methods that read SPC have one to read."""
    for view in ctx.indicators:
        grain = _GRAIN[view.frequency]
        for draft in view.measures:
            yield from _methods(view, draft)
            if draft.spc is None:
                continue
            where = view.path_of(draft, "spc")
            if view.frequency is Frequency.ANNUAL:
                yield _issue("KPI090", f"SPC on an annual series: limits need at least "
                             f"{draft.spc.minimum_points} points, and an annual series gains one a "
                             "year; a monthly or quarterly series suits SPC",
                             view.locate(where, key=True), warning=True)
            seen: dict[Period, int] = {}
            for i, rebase in enumerate(draft.spc.rebase):
                period = _period(rebase.period, view.calendar, grain)
                at = view.locate((*where, "rebase", i, "period"))
                if period is None:
                    yield _issue("KPI092", f"rebase period '{rebase.period}' is not a "
                                 f"{grain.value} of the {view.calendar.value} calendar", at)
                elif period in seen:
                    yield _issue("KPI092", f"rebase period {period} is given twice", at)
                else:
                    seen[period] = i
            baseline = draft.spc.baseline
            if baseline is not None and baseline.start is not None and baseline.end is not None:
                start = _period(baseline.start, view.calendar, grain)
                end = _period(baseline.end, view.calendar, grain)
                for text, period, field in ((baseline.start, start, "start"),
                                            (baseline.end, end, "end")):
                    if period is None:
                        yield _issue("KPI093", f"baseline {field} '{text}' is not a "
                                     f"{grain.value} of the {view.calendar.value} calendar",
                                     view.locate((*where, "baseline", field)))
                if start is not None and end is not None:
                    count = len(start.through(end)) if start <= end else 0
                    if count < 2:
                        yield _issue("KPI093", f"the baseline from {start} to {end} is not a "
                                     "range of at least 2 periods",
                                     view.locate((*where, "baseline")))
                    elif any(start < p <= end for p in seen):
                        yield _issue("KPI093", f"the baseline from {start} to {end} crosses "
                                     "a rebase; a baseline lies within one phase",
                                     view.locate((*where, "baseline")))


def _methods(view: IndicatorView, draft: MeasureDraft) -> Iterator[Issue]:
    if draft.dot.method is DotMethod.SPC and draft.spc is None:
        yield _issue("KPI091", "dot method spc reads the SPC chart, but the measure "
                     "declares no spc", view.locate(_dot_method_at(view, draft)))
    if draft.rag.assurance is None:
        return
    at = (*view.path_of(draft, "rag"), "assurance") if not draft.rag_is_default else ()
    if draft.spc is None:
        yield _issue("KPI091", "RAG by assurance reads the SPC chart, but the measure "
                     "declares no spc", view.locate(at, key=bool(at)))
    if draft.polarity in (Polarity.NONE, Polarity.CLOSEST_TO):
        polarity = draft.polarity.value if draft.polarity else "none"
        yield _issue("KPI091", f"RAG by assurance needs a better side of the target; "
                     f"polarity {polarity} has none", view.locate(at, key=bool(at)))


def _dot_method_at(view: IndicatorView, draft: MeasureDraft) -> tuple[str | int, ...]:
    layers: list[tuple[tuple[str | int, ...], object]] = []
    if draft.index is not None and view.spec.measures is not None:
        layers.append((("measures", draft.index, "dot"), view.spec.measures[draft.index].dot))
    layers.append((("dot",), view.spec.dot))
    for path, dot in layers:
        if dot is not None and "method" in getattr(dot, "model_fields_set", ()):
            return (*path, "method")
    return ()


def spc_data_issues(specs: SpecSet, catalogue: Catalogue, observations: ObservationSet
                    ) -> list[Issue]:
    """With the data: each SPC series long enough for limits, each rebase inside it."""
    from kpirules.evaluation.control import spc_points  # noqa: PLC0415
    from kpirules.evaluation.series import build_series  # noqa: PLC0415

    files = {file.path: file for file in specs.indicators}
    issues: list[Issue] = []
    for indicator in catalogue.indicators:
        file = files.get(indicator.path)
        if file is None:
            continue
        for position, measure in enumerate(indicator.measures):
            if measure.spc is None:
                continue
            own = (indicator.spec.measures is not None
                   and indicator.spec.measures[position].spc is not None)
            where: tuple[str | int, ...] = ("measures", position, "spc") if own else ("spc",)
            rows = observations.for_measure(indicator.id, measure.id)
            points = spc_points(build_series(measure, rows, catalogue), None)
            periods = [p.period for p in points]
            issues.extend(_data_checks(file.document.locate, where, measure.spc.rebase,
                                       periods, indicator.frequency,
                                       measure.spc.minimum_points))
    return issues


def _data_checks(locate: Callable[..., Location], where: tuple[str | int, ...],
                 rebase: Sequence[tuple[Period, str]], periods: Sequence[Period],
                 frequency: Frequency, minimum: int) -> Iterator[Issue]:
    if len(periods) < minimum:
        annual = " (an annual series gains one a year)" if frequency is Frequency.ANNUAL \
            else ""
        yield _issue("KPI094", f"SPC needs at least {minimum} points to draw limits; "
                     f"the data has {len(periods)}{annual}", locate(where, key=True))
    for i, (period, _) in enumerate(rebase):
        if not periods or not periods[0] < period <= periods[-1]:
            span = f"{periods[0]} to {periods[-1]}" if periods else "no figures"
            yield _issue("KPI092", f"rebase period {period} is outside the series "
                         f"({span}); a rebase starts a phase after the first figure",
                         locate((*where, "rebase", i, "period")))
