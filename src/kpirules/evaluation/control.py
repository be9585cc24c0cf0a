"""SPC for a measure: its declaration and series turned into an XmR chart, read in words.

The chart reads the figures of the measure's own periods (months or quarters), oldest
first, up to the period shown. A cumulative measure is charted by the period alone
(each quarter's own count, not its year to date), as running totals are not a process.
Rebase periods and a baseline range become point indices; a rebase outside the charted
periods is left out and said so. The result, named `spc`, carries the chart, the
variation of the latest point, assurance against the target, and a summary in words.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from kpirules.catalogue import Measure, SpcSetup
from kpirules.errors import StatisticsError
from kpirules.evaluation.explain import format_target, format_value, target_places
from kpirules.evaluation.rag import RATING_WORDS
from kpirules.evaluation.series import Point, Series
from kpirules.models import CumulativeAggregation, Polarity, Span, Unit
from kpirules.numbers import format_number, round_half_up
from kpirules.periods import Grain, Period
from kpirules.results import Direction, RatingOutcome
from kpirules.spc import (
    Assurance,
    AssuranceType,
    Better,
    Limits,
    Rule,
    Side,
    Variation,
    VariationType,
    XmrChart,
    assurance,
    point_variation,
    variation,
    xmr,
)
from kpirules.target import Target

__all__ = [
    "SpcResult",
    "assurance_rating",
    "better_of",
    "control",
    "spc_direction",
    "spc_points",
]

_GRAIN_WORDS = {Grain.MONTH: ("month", "months"), Grain.QUARTER: ("quarter", "quarters"),
                Grain.YEAR: ("year", "years")}


def better_of(polarity: Polarity) -> Better | None:
    if polarity is Polarity.HIGHER_IS_BETTER:
        return Better.HIGHER
    if polarity is Polarity.LOWER_IS_BETTER:
        return Better.LOWER
    return None


def spc_points(series: Series, shown: Period | None) -> tuple[Point, ...]:
    """The points the chart reads, oldest first: those with a value, up to `shown`."""
    measure = series.measure
    cumulative = isinstance(measure.aggregation, CumulativeAggregation)
    found = []
    for point in series.reported_points():
        if shown is not None and point.period > shown:
            continue
        own = series.point(point.period, Span.PERIOD) if cumulative else point
        if own is not None and own.value is not None:
            found.append(own)
    return tuple(found)


@dataclass(frozen=True)
class SpcResult:
    """The `spc` analysis of one measure: chart, variation, assurance, summary."""

    name: str
    periods: tuple[Period, ...]
    chart: XmrChart | None
    """None when there are no figures, or the declaration cannot be applied (`notes`)."""
    rebases: tuple[tuple[Period, str], ...]
    """The rebase periods applied, with their recorded reasons."""
    variation: Variation | None
    assurance: Assurance | None
    assurance_reason: str
    """Why there is no assurance, when there is none."""
    target: Target
    better: Better | None
    unit: Unit
    decimals: int
    """Places for the mean and limits: one more than the measure's figures."""
    grain: Grain
    notes: tuple[str, ...]
    text: str
    floor_assurance: Assurance | None = None
    """Assurance against the target's floor standard, the chart's second target line."""

    def summary(self) -> str:
        return self.text

    @property
    def limits(self) -> Limits | None:
        return self.chart.latest_phase.limits if self.chart is not None else None

    def record(self) -> dict[str, Any]:
        """JSON-ready: phases with limits, each point's flags, variation, assurance."""
        chart = self.chart
        return {
            "summary": self.text,
            "phases": [] if chart is None else [self._phase(i) for i in range(len(chart.phases))],
            "points": [] if chart is None else [
                {"period": str(self.periods[p.index]), "value": self._n(p.value, exact=True),
                 "moving_range": self._n(p.moving_range, exact=True), "phase": p.phase,
                 "rules": [{"rule": s.rule.value, "side": s.side.value} for s in p.signals],
                 "variation": (point_variation(p, self.better).value
                               if chart.phase_of(p.index).limits is not None else None)}
                for p in chart.points
            ],
            "variation": None if self.variation is None else {
                "type": self.variation.type.value if self.variation.type else None,
                "period": str(self.periods[self.variation.index]),
                "rule": self.variation.signal.rule.value if self.variation.signal else None,
                "side": self.variation.signal.side.value if self.variation.signal else None,
                "reason": self.variation.reason,
            },
            "assurance": None if self.assurance is None else {
                "type": self.assurance.type.value,
                "target": self._n(self.assurance.target),
                "low": self._n(self.assurance.low),
                "high": self._n(self.assurance.high),
                "lower_limit": self._n(self.assurance.lower),
                "upper_limit": self._n(self.assurance.upper),
                "reason": self.assurance.reason,
            },
            "assurance_reason": self.assurance_reason if self.assurance is None else None,
            "floor_assurance": None if self.floor_assurance is None else {
                "type": self.floor_assurance.type.value,
                "floor": self._n(self.floor_assurance.target),
                "lower_limit": self._n(self.floor_assurance.lower),
                "upper_limit": self._n(self.floor_assurance.upper),
                "reason": self.floor_assurance.reason.replace("the target", "the floor"),
            },
            "settings": None if chart is None else {
                "run_length": chart.run_length, "trend_length": chart.trend_length,
                "screen_outliers": chart.screened, "minimum_points": chart.minimum_points,
                "stable_points": chart.stable_points,
            },
            "notes": list(self.notes),
        }

    def _phase(self, i: int) -> dict[str, Any]:
        assert self.chart is not None
        phase = self.chart.phases[i]
        limits = phase.limits
        reason = next((why for period, why in self.rebases
                       if period == self.periods[phase.start]), None) if i else None
        return {
            "number": phase.number,
            "from": str(self.periods[phase.start]),
            "to": str(self.periods[phase.stop - 1]),
            "rebase_reason": reason,
            "baseline": {"from": str(self.periods[phase.baseline[0]]),
                         "to": str(self.periods[phase.baseline[1] - 1]),
                         "points": phase.baseline[1] - phase.baseline[0]},
            "limits": None if limits is None else {
                "mean": self._n(limits.mean),
                "lower": self._n(limits.lower),
                "upper": self._n(limits.upper),
                "lower_2_sigma": self._n(limits.line(-2)),
                "upper_2_sigma": self._n(limits.line(2)),
                "lower_1_sigma": self._n(limits.line(-1)),
                "upper_1_sigma": self._n(limits.line(1)),
                "sigma": self._n(limits.sigma),
                "mean_moving_range": self._n(limits.mean_moving_range),
                "provisional": limits.provisional,
                "screened_out": [str(self.periods[j]) for j in limits.screened_out],
            },
            "reason": phase.reason,
        }

    def _n(self, value: Fraction | None, *, exact: bool = False) -> int | float | None:
        """A JSON number: exact when the decimal terminates, else to 4 more places."""
        if value is None:
            return None
        d = value.denominator
        for p in (2, 5):
            while d % p == 0:
                d //= p
        places = self.decimals + 4
        if d == 1 and (exact or value.denominator <= 10**places):
            places = len(str(value.denominator))  # enough for any terminating decimal
        text = round_half_up(value, places)
        return int(text) if text == text.to_integral_value() else float(text)


def control(measure: Measure, series: Series, shown: Period | None, target: Target,
            decimals: int) -> SpcResult | None:
    """The measure's `spc` analysis as at `shown` (None when it declares no SPC)."""
    setup = measure.spc
    if setup is None:
        return None
    points = spc_points(series, shown)
    periods = tuple(p.period for p in points)
    better = better_of(measure.polarity)
    notes = _gaps(periods)

    def make(chart: XmrChart | None, rebases: tuple[tuple[Period, str], ...],
             reading: Variation | None, assured: Assurance | None, why: str,
             text: str) -> SpcResult:
        return SpcResult("spc", periods, chart, rebases, reading, assured, why, target,
                         better, measure.unit, decimals + 1, measure.grain, tuple(notes), text)

    if not points:
        return make(None, (), None, None, "no chart", "No SPC chart: no figures yet")
    rebase_at, rebases = _rebases(setup, periods, notes)
    try:
        chart = xmr([p.value for p in points], baseline=_baseline(setup, periods, notes),
                    rebase_at=rebase_at, screen_outliers=setup.screen_outliers,
                    run_length=setup.run, trend_length=setup.trend,
                    minimum_points=setup.minimum_points)
    except StatisticsError as error:
        notes.append(str(error))
        return make(None, rebases, None, None, "no chart", f"No SPC chart: {error}")
    reading = variation(chart, better)
    limits = chart.latest_phase.limits
    assured, why = _assurance(measure, limits, better, target)
    floored = (assurance(limits, better, target=target.floor)
               if limits is not None and better is not None and target.floor is not None
               else None)
    result = replace(make(chart, rebases, reading, assured, why, ""), floor_assurance=floored)
    return replace(result, text=_summary(measure, result))


def _gaps(periods: tuple[Period, ...]) -> list[str]:
    missing = [str(p) for a, b in itertools.pairwise(periods)
               for p in a.through(b)[1:-1]] if len(periods) > 1 else []
    if not missing:
        return []
    return [f"no figure for {', '.join(missing)}: left out of the chart, so the moving "
            "ranges either side of the gap span it"]


def _rebases(setup: SpcSetup, periods: tuple[Period, ...], notes: list[str]
             ) -> tuple[list[int], tuple[tuple[Period, str], ...]]:
    indices: dict[int, tuple[Period, str]] = {}
    for period, reason in setup.rebase:
        index = next((i for i, p in enumerate(periods) if p >= period), None)
        if index is None or index == 0:
            where = "after the latest figure" if index is None else "at or before the first figure"
            notes.append(f"rebase at {period} not applied: it is {where}")
            continue
        if index in indices:
            notes.append(f"rebase at {period} not applied: no figure between it and the "
                         f"rebase at {indices[index][0]}")
            continue
        indices[index] = (period, reason)
    ordered = sorted(indices)
    return ordered, tuple(indices[i] for i in ordered)


def _baseline(setup: SpcSetup, periods: tuple[Period, ...], notes: list[str]
              ) -> int | tuple[int, int] | None:
    if setup.baseline_first is not None:
        return setup.baseline_first
    if setup.baseline_range is None:
        return None
    start, end = setup.baseline_range
    inside = [i for i, p in enumerate(periods) if start <= p <= end]
    if len(inside) < 2:
        notes.append(f"baseline {start} to {end} has {len(inside)} figure(s); limits come "
                     "from all the points instead")
        return None
    return (inside[0], inside[-1] + 1)


def _assurance(measure: Measure, limits: Limits | None, better: Better | None,
               target: Target) -> tuple[Assurance | None, str]:
    if limits is None:
        return None, "no limits to compare with the target"
    if not target.exists:
        return None, target.reason or "no target"
    if target.is_band:
        return assurance(limits, low=target.low, high=target.high), ""
    if better is None:
        return None, f"polarity {measure.polarity.value} has no better side of a target"
    return assurance(limits, better, target=target.value), ""


def _range(result: SpcResult, low: Fraction, high: Fraction) -> str:
    """`48.3–75.9`, `13.76–22.90 days`, `94.95%–97.12%`: a unit word is said once."""
    first = format_value(result.unit, low, result.decimals)
    if result.unit.kind in ("kg", "tonnes", "days"):
        first = format_number(low, result.decimals)
    return f"{first}–{format_value(result.unit, high, result.decimals)}"


def _summary(measure: Measure, result: SpcResult) -> str:
    chart = result.chart
    assert chart is not None and result.variation is not None
    one, many = _GRAIN_WORDS[result.grain]
    phase = chart.latest_phase
    limits = phase.limits
    if limits is None:
        count = phase.baseline[1] - phase.baseline[0]
        where = "the current phase" if len(chart.phases) > 1 else "the series"
        return (f"No SPC limits: {count} {one if count == 1 else many} of figures in "
                f"{where}, fewer than the {chart.minimum_points} needed for limits, so no "
                "special cause or assurance can be read.")
    reading = result.variation
    assert reading.type is not None
    head = reading.type.words[0].upper() + reading.type.words[1:]
    parts = [f"{head}: {_evidence(result, chart, limits, one, many)}{_outranked(reading)}"]
    if result.assurance is not None:
        parts.append(_assurance_words(measure, result, result.assurance))
    else:
        parts.append(f"no assurance: {result.assurance_reason}")
    text = "; ".join(parts)
    if result.floor_assurance is not None:
        text += f". {_floor_words(measure, result, result.floor_assurance)}"
    if limits.provisional:
        text += (f". The limits are provisional: from {limits.points} {many}, fewer than the "
                 f"{chart.stable_points} that give stable limits")
    return text + "."


def _evidence(result: SpcResult, chart: XmrChart, limits: Limits, one: str, many: str) -> str:
    reading = result.variation
    assert reading is not None
    latest = chart.latest
    mean = format_value(result.unit, limits.mean, result.decimals)
    if reading.signal is None:
        return (f"the latest {one}, {result.periods[latest.index]}, is within the process "
                f"limits ({_range(result, limits.lower, limits.upper)}) and no run, trend or "
                "2-sigma rule flags it")
    rule, side = reading.signal.rule, reading.signal.side
    if rule is Rule.OUTSIDE_LIMITS:
        edge = limits.upper if side is Side.HIGH else limits.lower
        where = "above the upper" if side is Side.HIGH else "below the lower"
        return (f"the latest {one} ({result.periods[latest.index]}) is {where} process limit "
                f"of {format_value(result.unit, edge, result.decimals)}")
    run = _run_back(chart, rule, side)
    if rule is Rule.SHIFT:
        where = "above" if side is Side.HIGH else "below"
        return f"the last {run} {many} are all {where} the mean of {mean}"
    if rule is Rule.TREND:
        way = "higher" if side is Side.HIGH else "lower"
        return f"the last {run} {many} form a trend, each {way} than the one before it"
    line = limits.line(2 if side is Side.HIGH else -2)
    where = "above" if side is Side.HIGH else "below"
    return (f"two of three consecutive {many} up to the latest are {where} the 2-sigma line of "
            f"{format_value(result.unit, line, result.decimals)}")


_OTHER_WAY = {
    Rule.OUTSIDE_LIMITS: "a point beyond a process limit",
    Rule.TREND: "a trend",
    Rule.TWO_OF_THREE: "two of three points beyond 2 sigma",
    Rule.SHIFT: "a run on one side of the mean",
}


def _outranked(reading: Variation) -> str:
    """Say so when the latest point is also flagged the other way, so no signal is hidden."""
    if reading.signal is None:
        return ""
    others = sorted({s.rule for s in reading.signals if s.side is not reading.signal.side},
                    key=list(Rule).index)
    if not others:
        return ""
    words = " and ".join(_OTHER_WAY[r] for r in others)
    why = ("where improvement and concern coincide, improvement is shown"
           if reading.type is VariationType.IMPROVING else "it is outranked")
    return f" (it is also flagged the other way, by {words}, but {why})"


def _run_back(chart: XmrChart, rule: Rule, side: Side) -> int:
    """How many points, back from the latest within its phase, the rule flags on `side`."""
    phase = chart.latest_phase
    count = 0
    for point in reversed(chart.points[phase.start:phase.stop]):
        if not any(s.rule is rule and s.side is side for s in point.signals):
            break
        count += 1
    return count


def _floor_words(measure: Measure, result: SpcResult, found: Assurance) -> str:
    assert found.target is not None
    floor = format_value(measure.unit, found.target,
                         target_places(found.target, result.decimals - 1))
    if found.type is AssuranceType.HIT_AND_MISS:
        return f"The floor standard of {floor} also lies within the limits: it will be met " \
               "only some of the time"
    if found.type is AssuranceType.PASSING:
        return f"The floor standard of {floor} will be met consistently"
    return f"The floor standard of {floor} will consistently be missed"


def _assurance_words(measure: Measure, result: SpcResult, found: Assurance) -> str:
    target = format_target(measure, result.target, result.decimals - 1)
    span = f"the process limits ({_range(result, found.lower, found.upper)})"
    if found.type is AssuranceType.HIT_AND_MISS:
        return f"{target} lies within {span}, so it will be met only some of the time"
    if found.type is AssuranceType.PASSING:
        return f"{span} lie wholly on the better side of {target}, so it will be met " \
               "consistently"
    return f"{span} lie wholly on the worse side of {target}, so it will consistently be missed"



def spc_direction(result: SpcResult | None) -> tuple[Direction, str]:
    """Direction of travel read from SPC: improving, concerning, or common cause."""
    if result is None or result.variation is None or result.variation.type is None:
        why = "no SPC chart" if result is None else result.text.rstrip(".")
        return Direction.NOT_COMPARABLE, f"no SPC direction: {why}"
    kind = result.variation.type
    evidence = result.text.split(";")[0].rstrip(".")
    evidence = evidence[0].lower() + evidence[1:]
    if kind is VariationType.IMPROVING:
        return Direction.IMPROVED, evidence
    if kind is VariationType.CONCERNING:
        return Direction.WORSENED, evidence
    if kind is VariationType.COMMON_CAUSE:
        return Direction.UNCHANGED, evidence
    return Direction.NOT_COMPARABLE, evidence


def assurance_rating(measure: Measure, result: SpcResult | None) -> RatingOutcome:
    """The rating `rag: {assurance: ...}` gives: the assurance reading, mapped."""
    mapping = measure.rag.assurance
    assert mapping is not None
    if result is None or result.assurance is None:
        why = result.assurance_reason if result is not None else "no SPC chart"
        if result is not None and result.chart is not None and result.limits is None:
            why = result.text.rstrip(".")
        return RatingOutcome(None, f"no rating by assurance: {why}")
    found = result.assurance
    rating = {AssuranceType.PASSING: mapping.consistently_passing,
              AssuranceType.HIT_AND_MISS: mapping.hit_and_miss,
              AssuranceType.FAILING: mapping.consistently_failing}[found.type]
    words = _assurance_words(measure, result, found)
    return RatingOutcome(rating, f"SPC assurance: {words} -> {RATING_WORDS[rating]}")
