"""Statistical process control: XmR charts read the NHS "Making Data Count" way.

Pure functions over plain exact numbers (int, Fraction, Decimal), standard library only;
they know nothing of specs, series or periods, so a notebook can call them on its own
figures. Bad arguments raise `kpirules.errors.StatisticsError`, naming the argument.

    >>> from kpirules import spc
    >>> chart = spc.xmr([5, 7, 6, 8, 7, 6, 9, 7, 8, 6, 7, 8])
    >>> chart.latest_phase.limits.mean
    Fraction(7, 1)
    >>> spc.variation(chart, better="higher").type
    <VariationType.COMMON_CAUSE: 'common_cause'>
"""

from __future__ import annotations

from kpirules.spc.model import Limits, Phase, PointFlags, Rule, Side, Signal, XmrChart
from kpirules.spc.reading import (
    PRECEDENCE,
    Assurance,
    AssuranceType,
    Better,
    Variation,
    VariationType,
    assurance,
    deciding_signal,
    point_variation,
    variation,
)
from kpirules.spc.rules import outside_limits, shift, trend, two_of_three
from kpirules.spc.xmr import (
    LIMIT_FACTOR,
    MINIMUM_POINTS,
    RANGE_FACTOR,
    STABLE_POINTS,
    limits_from,
    xmr,
)

__all__ = [
    "LIMIT_FACTOR",
    "MINIMUM_POINTS",
    "PRECEDENCE",
    "RANGE_FACTOR",
    "STABLE_POINTS",
    "Assurance",
    "AssuranceType",
    "Better",
    "Limits",
    "Phase",
    "PointFlags",
    "Rule",
    "Side",
    "Signal",
    "Variation",
    "VariationType",
    "XmrChart",
    "assurance",
    "deciding_signal",
    "limits_from",
    "outside_limits",
    "point_variation",
    "shift",
    "trend",
    "two_of_three",
    "variation",
    "xmr",
]
