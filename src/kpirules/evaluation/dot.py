"""Direction of travel: is the value better or worse than its comparator?

"Better" follows polarity: higher for higher-is-better, lower for lower-is-better,
nearer the band for a band, nearer the target for closest-to. A change no bigger than
the declared `unchanged_within` is unchanged. Swapping value and comparator swaps
improved and worsened.
"""

from __future__ import annotations

from fractions import Fraction

from kpirules.catalogue import Measure
from kpirules.evaluation.explain import format_difference, format_value, target_places
from kpirules.models import FixedComparator, Polarity
from kpirules.numbers import to_fraction
from kpirules.periods import Period
from kpirules.results import Direction
from kpirules.target import Target

__all__ = ["comparator_period", "direction", "merit", "unchanged_within"]


def comparator_period(measure: Measure, period: Period) -> Period:
    """The period the measure's figure for `period` is compared with."""
    comparator = measure.dot.comparator
    if isinstance(comparator, FixedComparator):
        assert measure.comparator_period is not None
        return measure.comparator_period
    if comparator == "previous_period":
        return period.previous()
    return period.same_period_last_year()


def unchanged_within(measure: Measure) -> Fraction:
    """The largest change that counts as no change (`dot.unchanged_within`, else 0)."""
    return to_fraction(measure.dot.unchanged_within or 0)


def merit(polarity: Polarity, value: Fraction, target: Target) -> Fraction | None:
    """A number that is larger the better `value` is; None when the polarity needs a
    missing target.

    With no better end (`none`) the value itself is returned, so that ranks can order
    by it (1 the highest); the direction of travel treats `none` as having no better.
    """
    if polarity is Polarity.LOWER_IS_BETTER:
        return -value
    if polarity is Polarity.WITHIN_BAND:
        if target.low is None or target.high is None:
            return None
        return -max(target.low - value, value - target.high, Fraction(0))
    if polarity is Polarity.CLOSEST_TO:
        if target.value is None:
            return None
        return -abs(value - target.value)
    return value


def _merit(measure: Measure, x: Fraction, target: Target) -> Fraction | None:
    """`merit`, except that a polarity with no better end has no merit to compare."""
    if measure.polarity is Polarity.NONE:
        return None
    return merit(measure.polarity, x, target)


def direction(
    measure: Measure,
    value: Fraction | None,
    comparator: Fraction | None,
    target: Target,
    comparator_label: str,
    *,
    decimals: int = 0,
) -> tuple[Direction, str]:
    # The comparator is shown as the report would print it: 2,758; 53%; £0.06.
    """The direction of travel from `comparator` to `value`, with the reason in words."""
    if value is None:
        return Direction.NOT_COMPARABLE, "no value to compare"
    if comparator is None:
        return Direction.NOT_COMPARABLE, f"not comparable: no figure for {comparator_label}"
    shown = format_value(measure.unit, comparator, decimals)
    if measure.polarity is Polarity.NONE:
        moved = "higher than" if value > comparator else (
            "lower than" if value < comparator else "the same as")
        return Direction.NOT_COMPARABLE, (f"no direction: the indicator has no better or worse "
                                          f"(it is {moved} {shown} in {comparator_label})")
    now, then = _merit(measure, value, target), _merit(measure, comparator, target)
    if (now is None or then is None) and abs(value - comparator) <= unchanged_within(measure):
        # Without a band or target there is no better or worse, but no change is no change.
        return Direction.UNCHANGED, f"unchanged from {shown} in {comparator_label}"
    if now is None or then is None:
        kind = "band" if measure.polarity is Polarity.WITHIN_BAND else "target"
        return Direction.NOT_COMPARABLE, f"not comparable: no {kind} to measure distance from"
    unchanged = unchanged_within(measure)
    change = now - then
    if abs(change) <= unchanged:
        shown_within = format_difference(measure.unit, unchanged, target_places(unchanged, 6))
        within = f" (within {shown_within})" if unchanged else ""
        return Direction.UNCHANGED, f"unchanged from {shown} in {comparator_label}{within}"
    if change > 0:
        return Direction.IMPROVED, f"improved from {shown} in {comparator_label}"
    return Direction.WORSENED, f"worsened from {shown} in {comparator_label}"
