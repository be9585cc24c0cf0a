"""Evaluating measures and indicators for a period.

For each measure: build its series, choose the period to show (the latest with a
figure among those begun by the end of the period asked for), resolve the target, rate
it by the rule, apply a recorded judgement, compare with the comparator, run further
analyses, and explain the result in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from kpirules.areas import Area
from kpirules.benchmarks import BenchmarkSet
from kpirules.catalogue import Catalogue, Indicator, Measure
from kpirules.errors import EvaluationError
from kpirules.evaluation.analyses import DEFAULT_ANALYSES, Analysis
from kpirules.evaluation.control import assurance_rating, control, spc_direction
from kpirules.evaluation.dot import comparator_period, direction
from kpirules.evaluation.explain import display_decimals, format_target, format_value
from kpirules.evaluation.rag import RATING_WORDS, rate, variance
from kpirules.evaluation.series import Point, Populations, Series, build_series
from kpirules.evaluation.statistics import measure_statistics, trend_direction
from kpirules.models import DotMethod, Rating
from kpirules.observations import Observation, ObservationSet, Status
from kpirules.periods import Calendar, Period
from kpirules.reports import LocatedAssessment, Report
from kpirules.results import (
    AnalysisResult,
    Basis,
    Direction,
    IndicatorResult,
    MeasureResult,
    RatingOutcome,
)
from kpirules.target import Target

__all__ = ["as_at_period", "evaluate_breakdowns", "evaluate_indicator", "evaluate_measure"]


class _NoPopulations:
    """Populations for a measure evaluated without its catalogue: none are known."""

    def population(self, population_id: str, year: Period) -> Fraction | None:
        return None

    def population_is_implied(self, population_id: str, year: Period) -> bool:
        return False


_NO_POPULATIONS = _NoPopulations()


def as_at_period(catalogue: Catalogue, observations: ObservationSet,
                 period: Period | None = None) -> Period:
    """The as-at period: as asked, else the catalogue's latest report, else the latest data."""
    if period is not None:
        return period
    if catalogue.latest_report is not None:
        return catalogue.latest_report
    calendar = Calendar(catalogue.spec.defaults.calendar.value)
    latest = max((row.period for row in observations if row.period.calendar is calendar),
                 default=None)
    if latest is None:
        raise EvaluationError("no period given, no latest report in the catalogue, and no "
                              "data to infer one from")
    return latest


def evaluate_measure(
    measure: Measure,
    series: Series,
    as_at: Period,
    assessment: LocatedAssessment | None = None,
    analyses: Sequence[Analysis] = DEFAULT_ANALYSES,
    *,
    area: Area | None = None,
    populations: Populations | None = None,
    benchmarks: BenchmarkSet | None = None,
) -> MeasureResult:
    """Evaluate one measure as at `as_at` (a period of any calendar), for one area.

    `populations` (the catalogue) gives the denominators of rates for the measure's
    confidence intervals; `benchmarks` the figures its comparison reads.
    """
    requested = Period.latest_begun_by(measure.calendar, measure.grain, as_at.end)
    shown = series.latest_available(as_at)
    asked = series.point(requested)
    point = shown
    period = shown.period if shown is not None else None
    decimals = display_decimals(measure, point.published.published
                                if point is not None and point.published else None)
    value = point.value if point is not None else None
    status = point.status if point is not None else (asked.status if asked else None)
    target = measure.target_for(period) if period is not None else measure.target_for(requested)
    # SPC comes before rating and direction, which may read it.
    charted = control(measure, series, period, target, decimals)
    by_spc = measure.dot.method is DotMethod.SPC
    # RAG rules may read `comparator` even when direction of travel is read from SPC.
    compared_with = comparator_period(measure, period) if period is not None else None
    comparator = series.point(compared_with) if compared_with is not None else None
    comparator_value = comparator.value if comparator is not None else None
    # Statistics come before rating and direction, which may read them.
    computed = measure_statistics(measure, series, point, populations or _NO_POPULATIONS,
                                  benchmarks, decimals)
    if measure.rag.assurance is not None:
        rule = assurance_rating(measure, charted)
        found_variance = variance(measure, value, target) \
            if value is not None and target.exists else None
    else:
        rule, found_variance = rate(measure, value, target, comparator_value, decimals,
                                    computed.rule_inputs(), computed.comparison)
    if value is None:
        words = status.words if status is not None else "no data"
        rule = RatingOutcome(None, f"no rating: {words}")
    if by_spc:
        dot, dot_reason = spc_direction(charted) if value is not None else (
            Direction.NOT_COMPARABLE, "no value to compare")
    elif measure.dot.method is DotMethod.RECENT_TREND:
        dot, dot_reason = trend_direction(computed.trend) if value is not None else (
            Direction.NOT_COMPARABLE, "no value to compare")
    else:
        dot, dot_reason = direction(
            measure, value, comparator_value, target, str(compared_with),
            decimals=display_decimals(measure, comparator.published.published
                                      if comparator is not None and comparator.published
                                      else None),
        )
    judgement = assessment.assessment.judgement if assessment is not None else None
    rating, basis, reason = _reported(rule, judgement.rating if judgement else None,
                                      judgement.reason if judgement else None)
    found: list[AnalysisResult] = [*computed.analyses(), *([charted] if charted else [])]
    if point is not None:
        for analysis in analyses:
            outcome = analysis.run(series, point)
            if outcome is not None:
                found.append(outcome)
    published = point.published.published if point is not None and point.published else None
    explanation = _explain(measure, requested, period, value, decimals, status, target,
                           rule, rating, basis, judgement.reason if judgement else None,
                           dot_reason, asked)
    if computed.note is not None:
        # A declared interval that cannot be computed says why, rather than vanishing.
        explanation += f"; {computed.note}"
    return MeasureResult(
        indicator=measure.indicator_id,
        measure=measure.id,
        title=measure.title,
        unit=measure.unit,
        period=period,
        requested=requested,
        status=status,
        value=value,
        published=published,
        decimals=decimals,
        target=target,
        variance=found_variance,
        rule=rule,
        rating=rating,
        basis=basis,
        rating_reason=reason,
        judgement=judgement.reason if judgement else None,
        dot=dot,
        dot_reason=dot_reason,
        comparator_period=compared_with,
        comparator_value=comparator_value,
        explanation=explanation,
        published_rating=assessment.assessment.rag if assessment else None,
        published_arrow=assessment.assessment.dot if assessment else None,
        analyses=tuple(found),
        area=area,
    )


def _reported(rule: RatingOutcome, judged: Rating | None, why: str | None
              ) -> tuple[Rating | None, Basis, str]:
    if judged is not None:
        ruled = RATING_WORDS[rule.rating] if rule.rating else "no rating"
        return judged, Basis.JUDGEMENT, (f"{RATING_WORDS[judged]} by judgement (the rule gives "
                                         f"{ruled}): {why}")
    if rule.rating is not None:
        return rule.rating, Basis.RULE, rule.reason
    return None, Basis.NONE, rule.reason


def _explain(measure: Measure, requested: Period, period: Period | None,
             value: Fraction | None, decimals: int, status: Status | None, target: Target,
             rule: RatingOutcome, rating: Rating | None, basis: Basis, judgement: str | None,
             dot_reason: str, asked: Point | None) -> str:
    if period is None or value is None:
        words = status.words if status is not None else "no figure"
        text = f"No figure for {requested}: {words}"
        if basis is Basis.JUDGEMENT and rating is not None:
            text += f"; reported {RATING_WORDS[rating]} by judgement: {judgement}"
        return text
    parts = []
    lead = format_value(measure.unit, value, decimals)
    if status in (Status.PROVISIONAL, Status.FORECAST):
        lead += f" ({status.words})"
    if period != requested:
        missing = asked.status if asked is not None else None
        why = missing.words if missing is not None else "no figure yet"
        lead = f"{lead} in {period} ({requested}: {why})"
    if measure.rag.compare is not None or (not target.exists and rule.rating is not None):
        parts.append(f"{lead}: {rule.reason}")
    elif target.exists:
        parts.append(f"{lead} against {format_target(measure, target, decimals)}: {rule.reason}")
    else:
        parts.append(f"{lead}: {format_target(measure, target, decimals)}, so no rating by rule")
    if basis is Basis.JUDGEMENT and rating is not None:
        parts.append(f"reported {RATING_WORDS[rating]} by judgement: {judgement}")
    parts.append(dot_reason)
    return "; ".join(parts)


def evaluate_indicator(
    catalogue: Catalogue,
    indicator: Indicator,
    observations: ObservationSet,
    as_at: Period,
    report: Report | None = None,
    analyses: Sequence[Analysis] = DEFAULT_ANALYSES,
    *,
    area: Area | None = None,
    benchmarks: BenchmarkSet | None = None,
) -> IndicatorResult:
    """Evaluate every measure of an indicator for one area (None: the organisation).

    The headline stands for the indicator. A report file records what the organisation
    published, so its ratings and judgements apply only to the home area (or no area).
    """
    if area is not None and area.code != catalogue.areas.home:
        report = None
    results = []
    for measure in indicator.measures:
        rows = observations.for_measure(indicator.id, measure.id,
                                        area.code if area is not None else None)
        series = build_series(measure, rows, catalogue)
        own = report.assessment(indicator.id, measure.id) if report and \
            indicator.multi_measure else None
        if measure is indicator.headline and own is None and report is not None:
            own = report.assessment(indicator.id, None)
        results.append(evaluate_measure(measure, series, as_at, own, analyses, area=area,
                                        populations=catalogue, benchmarks=benchmarks))
    headline = next((r for r in results if indicator.headline is not None
                     and r.measure == indicator.headline.id), None)
    top = report.assessment(indicator.id, None) if report is not None else None
    if headline is not None:
        rating, basis, reason, rule = (headline.rating, headline.basis, headline.rating_reason,
                                       headline.rule)
        judgement = headline.judgement
    else:
        rule = RatingOutcome(None, "no rating: the indicator has no headline measure")
        judged = top.assessment.judgement if top is not None else None
        rating, basis, reason = _reported(rule, judged.rating if judged else None,
                                          judged.reason if judged else None)
        judgement = judged.reason if judged else None
    return IndicatorResult(
        indicator=indicator.id,
        title=indicator.title,
        theme=indicator.theme.id,
        theme_title=indicator.theme.title,
        headline=headline,
        measures=tuple(results),
        breakdowns=evaluate_breakdowns(catalogue, indicator, observations, as_at, area=area),
        rating=rating,
        basis=basis,
        rating_reason=reason,
        rule=rule,
        judgement=judgement,
        published_rating=top.assessment.rag if top is not None else None,
        published_arrow=top.assessment.dot if top is not None else None,
        area=area,
    )


def evaluate_breakdowns(
    catalogue: Catalogue,
    indicator: Indicator,
    observations: ObservationSet,
    as_at: Period,
    *,
    area: Area | None = None,
) -> tuple[MeasureResult, ...]:
    """Each row of each rated breakdown (each service block, ward or group), rated as
    its breakdown says, in the order the rows were first read.

    A row's figures are the breakdown rows of its category; they make a series of their
    own, so the row gets a value, target, rating and direction like any measure.
    """
    found: list[MeasureResult] = []
    code = area.code if area is not None else None
    for breakdown_id, measure in indicator.rated_breakdowns.items():
        by_category: dict[tuple[str, ...], list[Observation]] = {}
        for row in observations.for_measure(indicator.id, measure.id, code):
            if row.breakdown == breakdown_id and row.category is not None:
                by_category.setdefault(row.category, []).append(
                    replace(row, breakdown=None, category=None))
        for category, rows in by_category.items():
            series = build_series(measure, rows, catalogue)
            result = evaluate_measure(measure, series, as_at, None, (), area=area)
            found.append(replace(result, title=f"{measure.title}: {'; '.join(category)}",
                                 breakdown=breakdown_id, category=category))
    return tuple(found)
