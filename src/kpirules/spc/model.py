"""The frozen results of an XmR chart: limits, phases, per-point signals."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Limits", "Phase", "PointFlags", "Rule", "Side", "Signal", "XmrChart"]


class Rule(enum.StrEnum):
    """The special-cause rules, by the names used in records and docs."""

    OUTSIDE_LIMITS = "outside_limits"
    """A point beyond a process limit."""
    TWO_OF_THREE = "two_of_three"
    """Two of three consecutive points beyond the same 2-sigma line."""
    SHIFT = "shift"
    """A run of points all on one side of the mean."""
    TREND = "trend"
    """A run of points each higher (or each lower) than the one before."""


class Side(enum.StrEnum):
    """Which way a signal points: above the mean or rising; below or falling."""

    HIGH = "high"
    LOW = "low"

    def opposite(self) -> Side:
        return Side.LOW if self is Side.HIGH else Side.HIGH


@dataclass(frozen=True)
class Signal:
    """One rule flagging one point, and which way."""

    rule: Rule
    side: Side


@dataclass(frozen=True)
class Limits:
    """The centre line and limits of one phase, from its baseline points.

    Sigma is taken as 2.66/3 of the mean moving range (0.8867 mR-bar, the constant
    1/1.128 = 0.8865 to three figures), so the process limits are exactly 3 sigma
    and the 1- and 2-sigma lines are a third and two thirds of the way to them.
    """

    mean: Fraction
    mean_moving_range: Fraction
    """mR-bar after screening, the one the limits use."""
    unscreened_moving_range: Fraction
    """mR-bar before screening (equal to `mean_moving_range` when nothing was dropped)."""
    points: int
    """How many points the limits come from (the baseline)."""
    moving_ranges: int
    """How many moving ranges mR-bar averages, after screening."""
    screened_out: tuple[int, ...]
    """Series indices of the points whose moving range (from the point before) was dropped."""
    provisional: bool
    """True when `points` is below the number the method treats as stable."""

    @property
    def sigma(self) -> Fraction:
        return self.mean_moving_range * Fraction(133, 150)

    @property
    def upper(self) -> Fraction:
        return self.mean + 3 * self.sigma

    @property
    def lower(self) -> Fraction:
        return self.mean - 3 * self.sigma

    def line(self, sigmas: int) -> Fraction:
        """The line `sigmas` sigma from the mean (negative below): -3..3."""
        return self.mean + sigmas * self.sigma

    @property
    def width(self) -> Fraction:
        return self.upper - self.lower


@dataclass(frozen=True)
class Phase:
    """A run of points sharing one set of limits: the whole series, or from a rebase."""

    number: int
    """1 for the first phase, 2 after the first rebase, ..."""
    start: int
    stop: int
    """Series indices: the phase is points `start` to `stop - 1`."""
    baseline: tuple[int, int]
    """Series indices `(start, stop)` of the points the limits come from."""
    limits: Limits | None
    reason: str
    """In words: where the limits come from, or why there are none."""

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and self.start <= index < self.stop

    @property
    def size(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class PointFlags:
    """One point of the chart with every rule that flags it."""

    index: int
    value: Fraction
    phase: int
    """The number of the phase the point belongs to."""
    moving_range: Fraction | None
    """|value - previous value| within the phase; None for a phase's first point."""
    signals: tuple[Signal, ...]

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(s.rule for s in self.signals)

    @property
    def special(self) -> bool:
        return bool(self.signals)


@dataclass(frozen=True)
class XmrChart:
    """An XmR (individuals) chart: its phases, their limits and each point's flags."""

    points: tuple[PointFlags, ...]
    phases: tuple[Phase, ...]
    run_length: int
    trend_length: int
    minimum_points: int
    stable_points: int
    screened: bool

    @property
    def values(self) -> tuple[Fraction, ...]:
        return tuple(p.value for p in self.points)

    @property
    def latest(self) -> PointFlags:
        return self.points[-1]

    @property
    def latest_phase(self) -> Phase:
        return self.phases[-1]

    def phase_of(self, index: int) -> Phase:
        for phase in self.phases:
            if index in phase:
                return phase
        raise IndexError(index)

    def limits_at(self, index: int) -> Limits | None:
        return self.phase_of(index).limits
