"""The audit's checks: each a small function from the audit context to findings.

Every check reads the same series evaluation reads, so a figure is judged by the same
arithmetic that produced the report. A difference inside the published rounding is a
`rounding` finding, never an error; false positives are bugs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from kpirules.audit.findings import Finding, FindingSeverity
from kpirules.benchmarks import BenchmarkSet
from kpirules.catalogue import Catalogue, Indicator, Measure
from kpirules.evaluation.dot import comparator_period, direction
from kpirules.evaluation.explain import display_decimals
from kpirules.evaluation.series import Derivation, Figure, Point, Series
from kpirules.models import BreakdownSpec, RateUnit, ShareTotal, Span
from kpirules.numbers import (
    Agreement,
    compare_to_published,
    decimals_of,
    format_number,
    to_fraction,
)
from kpirules.observations import Observation, ObservationSet, Source
from kpirules.periods import Period
from kpirules.reports import LocatedAssessment, Report
from kpirules.results import Direction, IndicatorResult, MeasureResult

__all__ = ["AUDIT_CHECKS", "AuditCheck", "AuditContext"]

ERROR, WARNING, ROUNDING = FindingSeverity.ERROR, FindingSeverity.WARNING, FindingSeverity.ROUNDING
_ARROW = {"↑": Direction.IMPROVED, "↓": Direction.WORSENED, "↔": Direction.UNCHANGED}
_COMBINED = ("sum_of_periods", "sum_of_months", "mean_of_periods", "weighted_ratio")


@dataclass(frozen=True)
class AuditContext:
    catalogue: Catalogue
    observations: ObservationSet
    report: Report | None
    as_at: Period
    series: Mapping[tuple[str, str], Series]
    results: Mapping[str, IndicatorResult]
    benchmarks: BenchmarkSet = field(default_factory=BenchmarkSet)
    """The benchmark figures, with the ranks the audit checks."""

    def measures(self) -> Iterator[tuple[Indicator, Measure, Series]]:
        for indicator in self.catalogue.indicators:
            for measure in indicator.measures:
                yield indicator, measure, self.series[(indicator.id, measure.id)]


AuditCheck = Callable[[AuditContext], Iterable[Finding]]


def _span_words(point: Point) -> str:
    if point.span is None:
        return str(point.period)
    words = {Span.PERIOD: "", Span.YEAR_TO_DATE: " year to date",
             Span.ROLLING_12_MONTHS: " rolling 12 months"}
    return f"{point.period}{words[point.span]}"


def _half_unit(figure: object) -> Fraction:
    from decimal import Decimal  # noqa: PLC0415

    assert isinstance(figure, Decimal)
    return Fraction(1, 2 * 10 ** decimals_of(figure))


def _slack(measure: Measure, derivation: Derivation) -> Fraction:
    """How far a derivation can be from the truth because its parts were rounded.

    Counts (and numerators and denominators) are exact. Other figures (tonnes, kg per
    household, percentages, days) are published rounded, each within half a unit of its
    last place: a sum of them can be off by the sum of those, a mean by their mean.
    """
    rounded = [part for part in derivation.parts if part.figure is not None and not (
        part.quantity in ("numerator", "denominator") or measure.unit.kind == "count")]
    if not rounded:
        return Fraction(0)
    halves = [_half_unit(part.figure) for part in rounded]
    if derivation.method.startswith("mean"):
        return sum(halves, Fraction(0)) / len(halves)
    return sum(halves, Fraction(0))


def _verdict(measure: Measure, derivation: Derivation, published: Figure
             ) -> FindingSeverity | None:
    """None when the figure follows from its parts; else how serious the gap is."""
    agreement = compare_to_published(derivation.value, published.published).agreement
    if agreement is Agreement.AGREES:
        return None
    if agreement is Agreement.ROUNDING:
        return ROUNDING
    gap = abs(derivation.value - published.value)
    if gap <= _slack(measure, derivation) + _half_unit(published.published):
        return ROUNDING
    return ERROR


def _expected(derivation: Derivation, published: Figure) -> str:
    places = decimals_of(published.published)
    if (derivation.value * 10**places).denominator != 1:
        places += 2
    return format_number(derivation.value, places)


def _finding(code: str, severity: FindingSeverity, measure: Measure, point: Point,
             figure: Figure, message: str, derivation: Derivation | None = None,
             related: Iterable[Observation] = ()) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        indicator=measure.indicator_id,
        measure=None if measure.id == "value" else measure.id,
        periods=(point.period,),
        message=message,
        location=figure.observation.location,
        published=str(figure.published),
        expected=_expected(derivation, figure) if derivation else None,
        computation=derivation.description if derivation else None,
        related=tuple(o.location for o in related if o is not figure.observation),
    )


# --- arithmetic -------------------------------------------------------------------------


def check_ratios(ctx: AuditContext) -> Iterator[Finding]:
    """A published ratio or rate follows from its own numerator and denominator."""
    for _, measure, series in ctx.measures():
        for point in series.points.values():
            published = point.published
            if published is None:
                continue
            for derivation in point.derivations:
                if derivation.method != "formula":
                    continue
                severity = _verdict(measure, derivation, published)
                if severity is None:
                    continue
                if not derivation.exact_parts and severity is ERROR:
                    severity = WARNING  # an implied population is itself rounded
                yield _finding(
                    "AUD001", severity, measure, point, published,
                    f"{_span_words(point)}: published {published.published}, but "
                    f"{derivation.description}", derivation, derivation.parts)


def check_year_to_date(ctx: AuditContext) -> Iterator[Finding]:
    """A year-to-date figure is the declared combination of its periods and lies among them."""
    for _, measure, series in ctx.measures():
        for point in series.points.values():
            published = point.published
            if published is None or point.span is not Span.YEAR_TO_DATE:
                continue
            for derivation in point.derivations:
                if derivation.method not in _COMBINED:
                    continue
                severity = _verdict(measure, derivation, published)
                if severity is not None:
                    yield _finding(
                        "AUD002", severity, measure, point, published,
                        f"{_span_words(point)}: published {published.published}, but the "
                        f"{derivation.description}", derivation, derivation.parts)
                if derivation.method in ("mean_of_periods", "weighted_ratio"):
                    yield from _outside_range(measure, series, point, published, derivation)


def _outside_range(measure: Measure, series: Series, point: Point, published: Figure,
                   derivation: Derivation) -> Iterator[Finding]:
    values = []
    for period in point.period.year_to_date():
        part = series.point(period, Span.PERIOD)
        if part is None or part.value is None:
            return
        values.append(part.value)
    low, high = min(values), max(values)
    if not low <= published.value <= high:
        yield _finding(
            "AUD003", ERROR, measure, point, published,
            f"{_span_words(point)}: published {published.published}, outside the range of its "
            f"periods ({format_number(low, 2)} to {format_number(high, 2)}), which a "
            "combination of them cannot leave", derivation, derivation.parts)


def check_parts(ctx: AuditContext) -> Iterator[Finding]:
    """A figure equals the sum of its parts where the report states them elsewhere."""
    for _, measure, series in ctx.measures():
        for point in series.points.values():
            published = point.published
            if point.span in (Span.YEAR_TO_DATE, None):
                continue
            if published is None:
                yield from _derivations_disagree(measure, point)
                continue
            ytd = series.point(point.period, Span.YEAR_TO_DATE)
            ytd_checked = ytd is not None and ytd.published is not None and any(
                d.method == "sum_of_periods" for d in ytd.derivations)
            for derivation in point.derivations:
                if derivation.method == "formula" or derivation.method.startswith("year_end"):
                    continue
                if derivation.method == "ytd_difference" and ytd_checked:
                    continue  # the year-to-date check already weighs these three figures
                severity = _verdict(measure, derivation, published)
                if severity is None:
                    continue
                if severity is ERROR and published.source is Source.BENCHMARK:
                    severity = WARNING  # benchmarks are often extracted on other dates
                yield _finding(
                    "AUD004", severity, measure, point, published,
                    f"{_span_words(point)}: published {published.published} "
                    f"({published.source.value}), but {derivation.description}",
                    derivation, derivation.parts)


def _derivations_disagree(measure: Measure, point: Point) -> Iterator[Finding]:
    """Nothing printed for the point, but its parts give two different answers.

    The quarter alone from the months stated in the commentary, against the quarter alone
    from the table's year-to-date figures: 85 + 59 + 54 = 198 against 417 - 220 = 197.
    """
    ways = [d for d in point.derivations if d.method in ("sum_of_months", "ytd_difference")]
    if len(ways) < 2:
        return
    first, second = ways[0], ways[1]
    gap = abs(first.value - second.value)
    if gap == 0:
        return
    slack = _slack(measure, first) + _slack(measure, second)
    severity = ROUNDING if gap <= slack else ERROR
    stated = next((p for p in first.parts if p.source is not Source.TABLE), first.parts[0])
    yield Finding(
        code="AUD004", severity=severity, indicator=measure.indicator_id,
        measure=None if measure.id == "value" else measure.id, periods=(point.period,),
        message=(f"{_span_words(point)}: the {first.description}, but the "
                 f"{second.description}"),
        location=stated.location, computation=f"{first.description}; {second.description}",
        expected=format_number(second.value, max(decimals_of(p.figure) for p in second.parts
                                                 if p.figure is not None)),
        related=tuple(p.location for p in second.parts))


def check_restatements(ctx: AuditContext) -> Iterator[Finding]:
    """A figure stated in two places (table, commentary, history) says the same both times."""
    for _, measure, series in ctx.measures():
        for point in series.points.values():
            published = point.published
            figures = point.figures
            if not figures:
                continue
            reference = published or figures[0]
            for other in figures:
                if other is reference:
                    continue
                finer, coarser = sorted((reference, other),
                                        key=lambda f: -decimals_of(f.published))
                agreement = compare_to_published(finer.value, coarser.published).agreement
                if agreement is Agreement.AGREES:
                    continue
                severity = ROUNDING if agreement is Agreement.ROUNDING else ERROR
                code = "AUD007" if Source.HISTORY in (other.source, reference.source) else "AUD005"
                if severity is ERROR and Source.BENCHMARK in (other.source, reference.source):
                    severity = WARNING
                yield Finding(
                    code=code, severity=severity, indicator=measure.indicator_id,
                    measure=None if measure.id == "value" else measure.id,
                    periods=(point.period,),
                    message=(f"{_span_words(point)}: the {reference.source.value} gives "
                             f"{reference.published}, the {other.source.value} gives "
                             f"{other.published}"),
                    location=other.observation.location, published=str(other.published),
                    expected=str(reference.published),
                    related=(reference.observation.location,))
            if point.span is None and published is not None and \
                    published.source is not Source.TABLE:
                yield from _history_against_table(measure, series, point, published)


def _history_against_table(measure: Measure, series: Series, point: Point, stated: Figure
                           ) -> Iterator[Finding]:
    """A whole-year figure stated in words against the year the table gives."""
    for derivation in point.derivations:
        if derivation.method == "formula":
            continue
        severity = _verdict(measure, derivation, stated)
        if severity is None:
            continue
        code = "AUD007" if stated.source is Source.HISTORY else "AUD005"
        message = (f"{point.period}: the {stated.source.value} gives {stated.published}, but "
                   f"the table gives {derivation.description}")
        last = _last_period_figure(series, point.period)
        if severity is ERROR and last is not None and last.published == stated.published:
            # A year quoted as its last quarter: a different reading, not a slip of figures.
            severity = WARNING
            message += (f"; {stated.published} is the figure for {last.observation.period}, "
                        "not the year's")
        yield _finding(code, severity, measure, point, stated, message, derivation,
                       derivation.parts)


def _last_period_figure(series: Series, year: Period) -> Figure | None:
    grain = series.measure.grain
    if grain is year.grain:
        return None
    point = series.point(year.periods(grain)[-1])
    return point.published if point is not None else None


def check_population_jumps(ctx: AuditContext) -> Iterator[Finding]:
    """The population a published rate implies does not jump between periods."""
    tolerance = to_fraction(ctx.catalogue.spec.defaults.population_tolerance) / 100
    for _, measure, series in ctx.measures():
        if not isinstance(measure.unit, RateUnit):
            continue
        implied = []
        for point in sorted(series.points.values(), key=lambda p: (p.period.end, p.period)):
            rate = point.published
            count = point.inputs.get("numerator")
            if rate is None or count is None or rate.value <= 0:
                continue
            half = Fraction(1, 2 * 10 ** decimals_of(rate.published))
            scale = count.value * measure.unit.per
            low, high = scale / (rate.value + half), scale / (rate.value - half)
            implied.append((point, rate, count, low, high))
        for (p1, r1, c1, lo1, hi1), (p2, r2, c2, lo2, hi2) in itertools.pairwise(implied):
            gap = max(lo2 - hi1, lo1 - hi2, Fraction(0))
            base = min(hi1, hi2)
            if gap / base <= tolerance:
                continue
            mid1, mid2 = (lo1 + hi1) / 2, (lo2 + hi2) / 2
            change = (mid2 - mid1) / mid1 * 100
            yield Finding(
                code="AUD006", severity=WARNING, indicator=measure.indicator_id,
                measure=None if measure.id == "value" else measure.id,
                periods=(p1.period, p2.period),
                message=(f"the population implied moves {format_number(change, 1)}% from "
                         f"{_span_words(p1)} ({c1.published} / {r1.published} per "
                         f"{format_number(measure.unit.per)} ≈ {format_number(mid1, 0)}) to "
                         f"{_span_words(p2)} ({c2.published} / {r2.published} ≈ "
                         f"{format_number(mid2, 0)}), beyond the catalogue's "
                         f"{format_number(tolerance * 100, 0)}% tolerance even allowing for the "
                         "rates' rounding"),
                location=r2.observation.location, published=str(r2.published),
                computation=f"population = count × {measure.unit.per} / rate",
                related=(r1.observation.location, c1.observation.location,
                         c2.observation.location))


# --- arrows and ratings -----------------------------------------------------------------


def _assessments(ctx: AuditContext) -> Iterator[tuple[Indicator, Measure | None,
                                                      LocatedAssessment]]:
    if ctx.report is None:
        return
    for (indicator_id, measure_id), located in ctx.report.assessments.items():
        indicator = ctx.catalogue.indicator(indicator_id)
        measure = indicator.measure(measure_id) if measure_id else indicator.headline
        yield indicator, measure, located


def check_arrows(ctx: AuditContext) -> Iterator[Finding]:
    """A published arrow agrees with the values and polarity; one is printed where computable."""
    for indicator, measure, located in _assessments(ctx):
        if measure is None:
            continue
        series = ctx.series[(indicator.id, measure.id)]
        period = located.period
        point = series.point(period)
        if point is None or point.value is None:
            latest = series.latest_available(period)
            if latest is not None:
                point, period = latest, latest.period
        compared = comparator_period(measure, period)
        then = series.point(compared)
        value = point.value if point else None
        before = then.value if then else None
        places = display_decimals(measure, then.published.published
                                  if then is not None and then.published else None)
        found, reason = direction(measure, value, before, measure.target_for(period),
                                  str(compared), decimals=places)
        arrow = located.assessment.dot
        if found is Direction.UNCHANGED:
            reason = f"is {reason}"
        subject = f"{measure.title} ({period})" if indicator.multi_measure else str(period)
        if arrow in _ARROW:
            if found is Direction.NOT_COMPARABLE:
                yield _report_finding("AUD012", WARNING, indicator, measure, located,
                                      f"{subject}: the report prints {arrow}, but {reason}")
            elif _ARROW[arrow] is not found:
                yield _report_finding(
                    "AUD010", ERROR, indicator, measure, located,
                    f"{subject}: the report prints {arrow} ({_ARROW[arrow].value}), but the "
                    f"value {reason} ({measure.polarity.value.replace('_', ' ')})")
        elif found is not Direction.NOT_COMPARABLE and arrow is None:
            yield _report_finding("AUD011", WARNING, indicator, measure, located,
                                  f"{subject}: no arrow is printed, but the value {reason}")
        elif arrow == "n/a" and found is not Direction.NOT_COMPARABLE:
            yield _report_finding("AUD011", WARNING, indicator, measure, located,
                                  f"{subject}: the arrow is printed as n/a, but the value "
                                  f"{reason}")


def _report_finding(code: str, severity: FindingSeverity, indicator: Indicator,
                    measure: Measure | None, located: LocatedAssessment, message: str
                    ) -> Finding:
    return Finding(code=code, severity=severity, indicator=indicator.id,
                   measure=measure.id if measure is not None and indicator.multi_measure
                   else None,
                   periods=(located.period,), message=message, location=located.location,
                   published=located.assessment.rag if code.startswith("AUD02") else
                   located.assessment.significance if code.startswith("AUD04") else
                   located.assessment.dot)


def check_ratings(ctx: AuditContext) -> Iterator[Finding]:
    """A published rating has a target, a rule or a judgement behind it, for its period."""
    for indicator, measure, located in _assessments(ctx):
        rag = located.assessment.rag
        if measure is None or rag in (None, "n/a"):
            continue
        period = located.period
        target = measure.target_for(period)
        judgement = located.assessment.judgement
        subject = f"{period}"
        if not target.exists:
            n_a = target.reason is not None and "n/a" in target.reason
            code = "AUD022" if n_a else "AUD020"
            backing = ("a recorded judgement" if judgement is not None
                       else "no recorded judgement")
            yield _report_finding(code, WARNING, indicator, measure, located,
                                  f"{subject}: rated {rag} with {target.reason}; the rating "
                                  f"rests on {backing}")
        result = ctx.results.get(indicator.id)
        rule = result.rule.rating.value if result and result.rule.rating else None
        if judgement is None and rag != rule:
            yield _report_finding("AUD021", ERROR, indicator, measure, located,
                                  f"{subject}: the report rates {rag}, the rule gives "
                                  f"{rule or 'no rating'}, and no judgement is recorded")
        if result is not None and result.headline is not None and \
                result.headline.period is not None and result.headline.period != period:
            yield _report_finding("AUD023", WARNING, indicator, measure, located,
                                  f"the rating is recorded for {period}, but the latest "
                                  f"period with a figure is {result.headline.period}")


# --- breakdowns -------------------------------------------------------------------------


def check_breakdowns(ctx: AuditContext) -> Iterator[Finding]:
    """Breakdown tables print each row once and add up to the headline they break down."""
    for indicator in ctx.catalogue.indicators:
        rows = [r for r in ctx.observations.for_indicator(indicator.id) if r.breakdown]
        for breakdown in indicator.breakdowns.values():
            mine = [r for r in rows if r.breakdown == breakdown.id]
            yield from _repeated_rows(indicator, breakdown, mine)
            yield from _totals(ctx, indicator, breakdown, mine)


def _repeated_rows(indicator: Indicator, breakdown: BreakdownSpec,
                   rows: list[Observation]) -> Iterator[Finding]:
    """A printed row that repeats an earlier one (kept with a `ref`), reported once."""
    first_of: dict[tuple[object, ...], Observation] = {}
    repeats: dict[tuple[object, ...], list[tuple[Observation, Observation]]] = {}
    for row in rows:
        key = (row.period, row.span, row.category, row.quantity, row.source)
        first = first_of.get(key)
        if first is None:
            first_of[key] = row
        else:
            repeats.setdefault((row.ref, first.ref), []).append((first, row))
    for (ref, first_ref), pairs in repeats.items():
        same = all(a.figure == b.figure for a, b in pairs)
        names = sorted({"; ".join((b.category or ())[:1]) for _, b in pairs})
        periods = tuple(sorted({b.period for _, b in pairs}))
        where = f" ({ref}, repeating {first_ref})" if ref and first_ref else ""
        yield Finding(
            code="AUD030", severity=ERROR, indicator=indicator.id, measure=None,
            periods=periods,
            message=(f"breakdown '{breakdown.title}' prints the row "
                     f"'{', '.join(names)}' twice{where} for "
                     f"{', '.join(str(p) for p in periods)}, "
                     f"{'with the same figures' if same else 'with different figures'}; a "
                     "total of the table would count it twice"),
            location=pairs[0][1].location, published=None,
            related=tuple(a.location for a, _ in pairs[:1]))


def _totals(ctx: AuditContext, indicator: Indicator, breakdown: BreakdownSpec,
            rows: list[Observation]) -> Iterator[Finding]:
    total = breakdown.total
    if total == "none":
        return
    measure = indicator.measure(breakdown.measure) if breakdown.measure else indicator.headline
    if measure is None:
        return
    series = ctx.series[(indicator.id, measure.id)]
    unique: dict[tuple[Period, tuple[str, ...] | None], Observation] = {}
    for row in rows:
        if row.figure is not None and row.quantity == "value":
            unique.setdefault((row.period, row.category), row)
    periods = sorted({period for period, _ in unique})
    for period in periods:
        members = [r for (p, _), r in unique.items() if p == period]
        point = series.point(period)
        if point is None or point.published is None:
            continue
        if isinstance(total, ShareTotal):
            chosen = [r for r in members if _in_share(breakdown, total, r)]
            whole = sum((to_fraction(r.figure) for r in members if r.figure is not None),
                        Fraction(0))
            if whole == 0:
                continue
            part = sum((to_fraction(r.figure) for r in chosen if r.figure is not None),
                       Fraction(0))
            value = part / whole * 100
            how = (f"{format_number(part, 0)} of {format_number(whole, 0)} in the breakdown "
                   f"= {format_number(value, 2)}%")
        else:
            value = sum((to_fraction(r.figure) for r in members if r.figure is not None),
                        Fraction(0))
            how = f"the breakdown adds up to {format_number(value, 2)}"
        agreement = compare_to_published(value, point.published.published).agreement
        if agreement is Agreement.AGREES:
            continue
        severity = ROUNDING if agreement is Agreement.ROUNDING else ERROR
        yield Finding(
            code="AUD031", severity=severity, indicator=indicator.id,
            measure=None if measure.id == "value" else measure.id, periods=(period,),
            message=(f"{period}: the headline is {point.published.published}, but {how} "
                     f"(breakdown '{breakdown.title}')"),
            location=point.published.observation.location,
            published=str(point.published.published), expected=format_number(value, 2),
            computation=how, related=tuple(r.location for r in members[:3]))


def _in_share(breakdown: BreakdownSpec, total: ShareTotal, row: Observation) -> bool:
    members = dict(zip(breakdown.dimensions, row.category or (), strict=False))
    return all(members.get(dimension) == member for dimension, member in total.share.items())


# --- statistics -------------------------------------------------------------------------


def check_statistics(ctx: AuditContext) -> Iterator[Finding]:
    """Published confidence limits and significance agree with the recomputed ones."""
    for indicator in ctx.catalogue.indicators:
        result = ctx.results.get(indicator.id)
        if result is None:
            continue
        for each in result.measures:
            yield from _published_limits(
                ctx, indicator.measure(each.measure if indicator.multi_measure else None), each)
    for indicator, assessed, located in _assessments(ctx):
        stated = located.assessment.significance
        found = ctx.results.get(indicator.id)
        if assessed is None or stated is None or found is None:
            continue
        shown = next((m for m in found.measures if m.measure == assessed.id), None)
        comparison = shown.analysis("comparison") if shown is not None else None
        outcome = getattr(comparison, "outcome", None)
        if outcome is None or comparison is None:
            yield _report_finding("AUD041", WARNING, indicator, assessed, located,
                                  f"{located.period}: the report states '{stated}', but the "
                                  "spec declares no comparison to check it against")
        elif str(outcome) != stated:
            yield _report_finding("AUD041", ERROR, indicator, assessed, located,
                                  f"{located.period}: the report states '{stated}', but "
                                  f"the comparison gives {comparison.summary()}")


def _published_limits(ctx: AuditContext, measure: Measure, shown: MeasureResult
                      ) -> Iterator[Finding]:
    interval = shown.analysis("interval")
    first = getattr(interval, "first", None)
    if first is None or shown.period is None:
        return
    for row in ctx.observations.for_measure(measure.indicator_id, measure.id):
        if row.quantity not in ("lower", "upper") or row.period != shown.period \
                or row.figure is None or row.breakdown is not None:
            continue
        computed = Fraction(first.lower if row.quantity == "lower" else first.upper)
        places = decimals_of(row.figure)
        expected = format_number(computed, places, thousands=False)
        if Decimal(expected) == row.figure:
            continue
        unit = Fraction(1, 10**places)
        severity = ROUNDING if abs(computed - Fraction(row.figure)) < unit else ERROR
        yield Finding(
            code="AUD040", severity=severity, indicator=measure.indicator_id,
            measure=None if measure.id == "value" else measure.id, periods=(shown.period,),
            message=(f"{shown.period}: the published {first.level} {row.quantity} limit is "
                     f"{row.figure}, but {interval.summary()}"),  # type: ignore[union-attr]
            location=row.location, published=str(row.figure), expected=expected,
            computation=f"{first.level} confidence limit by {first.method}")


def check_ranks(ctx: AuditContext) -> Iterator[Finding]:
    """A published rank ("19 of 32") agrees with its comparator group's figures."""
    from kpirules.audit.ranks import check_ranks as ranks  # noqa: PLC0415

    return ranks(ctx)


AUDIT_CHECKS: tuple[AuditCheck, ...] = (
    check_ratios,
    check_year_to_date,
    check_parts,
    check_restatements,
    check_population_jumps,
    check_arrows,
    check_ratings,
    check_breakdowns,
    check_statistics,
    check_ranks,
)

