"""Reading a chart: the variation of a point, and assurance against a target.

Variation (Making Data Count's four kinds) reads the rules that flag a point with the
direction that is better. Rules flagging one point can point different ways: a rising
trend that ends below the lower limit, or a point that ends one trend and starts the
other. Then, as the Making Data Count tool does, improvement is shown: with a better
side, a signal on that side decides. Otherwise (no better side, or every signal on one
side) the rule first in `PRECEDENCE` decides, the order NHSRplotthedots uses: beyond a
limit, then a trend, then two of three beyond 2 sigma, then a run on one side of the mean.

Assurance compares the process limits with the target. Because a value at the target
meets it, limits touching the target on the better side still pass every time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

from kpirules.errors import StatisticsError
from kpirules.spc._exact import exact
from kpirules.spc.model import Limits, PointFlags, Rule, Side, Signal, XmrChart

__all__ = [
    "PRECEDENCE",
    "Assurance",
    "AssuranceType",
    "Better",
    "Variation",
    "VariationType",
    "assurance",
    "deciding_signal",
    "point_variation",
    "variation",
]

PRECEDENCE = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


class Better(enum.StrEnum):
    """Which way is better; None (no polarity) reads special causes as neither."""

    HIGHER = "higher"
    LOWER = "lower"


class VariationType(enum.StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVING = "special_cause_improving"
    CONCERNING = "special_cause_concerning"
    NEITHER = "special_cause_neither"

    @property
    def words(self) -> str:
        return {
            "common_cause": "common cause variation",
            "special_cause_improving": "special cause of improving variation",
            "special_cause_concerning": "special cause of concerning variation",
            "special_cause_neither": "special cause variation (neither better nor worse)",
        }[self.value]


class AssuranceType(enum.StrEnum):
    PASSING = "consistently_passing"
    HIT_AND_MISS = "hit_and_miss"
    FAILING = "consistently_failing"

    @property
    def words(self) -> str:
        return {
            "consistently_passing": "will consistently meet the target",
            "hit_and_miss": "will meet the target only some of the time",
            "consistently_failing": "will consistently fail the target",
        }[self.value]


@dataclass(frozen=True)
class Variation:
    """The variation of one point, and the signal that decided it."""

    type: VariationType | None
    """None when the point's phase has no limits, so nothing can be said."""
    index: int
    signal: Signal | None
    """The deciding signal (see `deciding_signal`), None for common cause."""
    signals: tuple[Signal, ...]
    reason: str


@dataclass(frozen=True)
class Assurance:
    """Whether the process, as its limits describe it, will meet the target."""

    type: AssuranceType
    lower: Fraction
    upper: Fraction
    target: Fraction | None
    low: Fraction | None
    high: Fraction | None
    reason: str


def _better(value: object) -> Better | None:
    if value is None or isinstance(value, Better):
        return value
    try:
        return Better(str(value))
    except ValueError:
        raise StatisticsError(f"better: expected 'higher', 'lower' or None, got {value!r}"
                              ) from None


def deciding_signal(point: PointFlags, better: Better | str | None = None) -> Signal | None:
    """The signal that gives the point its variation, None for common cause.

    With a better side, the first signal on it (in `PRECEDENCE` order) decides, so
    improvement is shown where improvement and concern coincide; otherwise the first
    signal in `PRECEDENCE` order.
    """
    direction = _better(better)
    ranked = sorted(point.signals, key=lambda s: PRECEDENCE.index(s.rule))
    if direction is not None:
        good = Side.HIGH if direction is Better.HIGHER else Side.LOW
        for signal in ranked:
            if signal.side is good:
                return signal
    return ranked[0] if ranked else None


def point_variation(point: PointFlags, better: Better | str | None = None) -> VariationType:
    """The kind of variation one flagged (or unflagged) point shows."""
    direction = _better(better)
    signal = deciding_signal(point, direction)
    if signal is None:
        return VariationType.COMMON_CAUSE
    if direction is None:
        return VariationType.NEITHER
    good = Side.HIGH if direction is Better.HIGHER else Side.LOW
    return VariationType.IMPROVING if signal.side is good else VariationType.CONCERNING


_RULE_WORDS = {
    Rule.OUTSIDE_LIMITS: "beyond a process limit",
    Rule.TWO_OF_THREE: "two of three points beyond 2 sigma",
    Rule.SHIFT: "a run on one side of the mean",
    Rule.TREND: "a trend",
}


def variation(chart: XmrChart, better: Better | str | None = None, index: int = -1
              ) -> Variation:
    """The variation of the point at `index` (the latest by default)."""
    if isinstance(index, bool) or not isinstance(index, int) \
            or not -len(chart.points) <= index < len(chart.points):
        raise StatisticsError(f"index: no point {index!r} in a chart of {len(chart.points)}")
    point = chart.points[index]
    phase = chart.phase_of(point.index)
    if phase.limits is None:
        return Variation(None, point.index, None, (), f"not assessed: {phase.reason}")
    kind = point_variation(point, better)
    signal = deciding_signal(point, better)
    if signal is None:
        reason = "no special-cause rule flags the point"
    else:
        reason = f"flagged by {_RULE_WORDS[signal.rule]} ({signal.side.value})"
        others = [s for s in point.signals if s != signal and s.side is not signal.side]
        if others:
            why = ("improvement is shown where improvement and concern coincide"
                   if kind is VariationType.IMPROVING else "by rule precedence")
            reason += "; " + ", ".join(
                f"{_RULE_WORDS[s.rule]} ({s.side.value}) is outranked" for s in others
            ) + f" ({why})"
    return Variation(kind, point.index, signal, point.signals, reason)


def assurance(limits: Limits, better: Better | str | None = None, *, target: object = None,
              low: object = None, high: object = None) -> Assurance:
    """Assurance of the process against a target value (with `better`) or a band.

    A value target: limits wholly on the better side (touching allowed) pass
    consistently, wholly on the worse side fail consistently, and limits around it
    are hit and miss. A band `low..high` (inclusive): both limits inside it pass, both
    beyond the same bound fail, anything else is hit and miss.
    """
    lower, upper = limits.lower, limits.upper
    if target is not None:
        if low is not None or high is not None:
            raise StatisticsError("target: give a target value or a band (low, high), "
                                  "not both")
        direction = _better(better)
        if direction is None:
            raise StatisticsError("better: a single target needs 'higher' or 'lower' to say "
                                  "which side passes")
        value = exact(target, "target")
        if direction is Better.HIGHER:
            passing, failing = lower >= value, upper < value
        else:
            passing, failing = upper <= value, lower > value
        kind = (AssuranceType.PASSING if passing else AssuranceType.FAILING if failing
                else AssuranceType.HIT_AND_MISS)
        return Assurance(kind, lower, upper, value, None, None, _why(kind, "the target"))
    if low is None or high is None:
        raise StatisticsError("target: give a target value, or both low and high of a band")
    bottom, top = exact(low, "low"), exact(high, "high")
    if bottom > top:
        raise StatisticsError(f"low: {bottom} is above high {top}")
    if bottom <= lower and upper <= top:
        kind = AssuranceType.PASSING
    elif upper < bottom or lower > top:
        kind = AssuranceType.FAILING
    else:
        kind = AssuranceType.HIT_AND_MISS
    return Assurance(kind, lower, upper, None, bottom, top, _why(kind, "the band"))


def _why(kind: AssuranceType, what: str) -> str:
    if kind is AssuranceType.PASSING:
        return f"both process limits meet {what}"
    if kind is AssuranceType.FAILING:
        return f"both process limits miss {what} on the same side"
    return f"{what} lies within the process limits"
