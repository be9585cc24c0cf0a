"""Ratings, directions and targets in figures and words, worked by hand.

Each case is a value, a target and a rule small enough to check with a calculator: the
expected rating, variance and sentence are worked out here from the rules in
docs/design.md (Green at or better than target, Amber when worse by no more than the
tolerance; better and worse follow polarity), not taken from kpirules.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from factories import make_measure
from kpirules.catalogue import RuleList
from kpirules.evaluation.dot import direction
from kpirules.evaluation.explain import (
    display_decimals,
    format_target,
    format_value,
    target_places,
)
from kpirules.evaluation.rag import rate, variance
from kpirules.models import BasicUnit, MoneyUnit, Polarity, RateUnit, Rating
from kpirules.results import Direction, Variance
from kpirules.target import Target

F = Fraction
COUNT = BasicUnit(kind="count")
PERCENT = BasicUnit(kind="percentage")
HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
BAND, CLOSEST = Polarity.WITHIN_BAND, Polarity.CLOSEST_TO


# --- ratings by tolerance ---------------------------------------------------------------

TOLERANCE_CASES = [
    # (polarity, unit, tolerance, target, value, rating, reason)
    # Lower is better, 5% of a target of 100 is 5: 104 and 105 are Amber, 106 Red.
    (LOWER, COUNT, {"relative": 5}, Target(value=F(100)), F(100), Rating.GREEN,
     "at or better than target -> Green"),
    (LOWER, COUNT, {"relative": 5}, Target(value=F(100)), F(104), Rating.AMBER,
     "4.0% worse than target, within the amber tolerance of 5% of the target -> Amber"),
    (LOWER, COUNT, {"relative": 5}, Target(value=F(100)), F(105), Rating.AMBER,
     "5.0% worse than target, within the amber tolerance of 5% of the target -> Amber"),
    (LOWER, COUNT, {"relative": 5}, Target(value=F(100)), F(106), Rating.RED,
     "6.0% worse than target, beyond the amber tolerance of 5% of the target -> Red"),
    (LOWER, COUNT, {"relative": 5}, Target(value=F(100)), F(95), Rating.GREEN,
     "at or better than target -> Green"),
    # Higher is better: 5% of 2,000 is 100, so 1,900 is Amber and 1,899 Red.
    (HIGHER, COUNT, {"relative": 5}, Target(value=F(2000)), F(1900), Rating.AMBER,
     "5.0% worse than target, within the amber tolerance of 5% of the target -> Amber"),
    (HIGHER, COUNT, {"relative": 5}, Target(value=F(2000)), F(1899), Rating.RED,
     "5.1% worse than target, beyond the amber tolerance of 5% of the target -> Red"),
    # Percentages take points: 2.5 points short of 60 is within 5 points; 6 is beyond.
    (HIGHER, PERCENT, {"points": 5}, Target(value=F(60)), F(115, 2), Rating.AMBER,
     "2.5 percentage points worse than target, within the amber tolerance of 5 percentage "
     "points -> Amber"),
    (HIGHER, PERCENT, {"points": 5}, Target(value=F(60)), F(54), Rating.RED,
     "6.0 percentage points worse than target, beyond the amber tolerance of 5 percentage "
     "points -> Red"),
    # An absolute tolerance is in the unit, and so is the shortfall: 3 short of 50 is
    # within 3, 4 is not.
    (HIGHER, COUNT, {"absolute": 3}, Target(value=F(50)), F(47), Rating.AMBER,
     "3 worse than target, within the amber tolerance of 3 -> Amber"),
    (HIGHER, COUNT, {"absolute": 3}, Target(value=F(50)), F(46), Rating.RED,
     "4 worse than target, beyond the amber tolerance of 3 -> Red"),
    # A target of 0 has no percentage: the shortfall is shown in the unit.
    (LOWER, COUNT, {"absolute": 2}, Target(value=F(0)), F(1), Rating.AMBER,
     "1 worse than target, within the amber tolerance of 2 -> Amber"),
    # A band: inside is Green; outside by 2 points is Amber, by 6 Red, on either side.
    (BAND, PERCENT, {"points": 5}, Target(low=F(50), high=F(60)), F(55), Rating.GREEN,
     "within the target band -> Green"),
    (BAND, PERCENT, {"points": 5}, Target(low=F(50), high=F(60)), F(60), Rating.GREEN,
     "within the target band -> Green"),
    (BAND, PERCENT, {"points": 5}, Target(low=F(50), high=F(60)), F(62), Rating.AMBER,
     "2.0 percentage points outside the band, within the amber tolerance of 5 percentage "
     "points -> Amber"),
    (BAND, PERCENT, {"points": 5}, Target(low=F(50), high=F(60)), F(44), Rating.RED,
     "6.0 percentage points outside the band, beyond the amber tolerance of 5 percentage "
     "points -> Red"),
    # A band of counts: 10% of the nearer bound (200 above, 100 below).
    (BAND, COUNT, {"relative": 10}, Target(low=F(100), high=F(200)), F(215), Rating.AMBER,
     "7.5% outside the band, within the amber tolerance of 10% of the nearer bound -> Amber"),
    (BAND, COUNT, {"relative": 10}, Target(low=F(100), high=F(200)), F(89), Rating.RED,
     "11.0% outside the band, beyond the amber tolerance of 10% of the nearer bound -> Red"),
    # Closest to: either side is worse (1.5 away shows as 2 at no decimal places).
    (CLOSEST, COUNT, {"absolute": 1}, Target(value=F(10)), F(23, 2), Rating.RED,
     "2 away from target, beyond the amber tolerance of 1 -> Red"),
    (CLOSEST, COUNT, {"absolute": 1}, Target(value=F(10)), F(9), Rating.AMBER,
     "1 away from target, within the amber tolerance of 1 -> Amber"),
    (CLOSEST, COUNT, {"absolute": 1}, Target(value=F(10)), F(10), Rating.GREEN,
     "at or better than target -> Green"),
]


@pytest.mark.parametrize(
    ("polarity", "unit", "tolerance", "target", "value", "rating", "reason"), TOLERANCE_CASES
)
def test_a_tolerance_rates_and_says_by_how_much(
    polarity: Polarity, unit: BasicUnit, tolerance: dict[str, int], target: Target,
    value: Fraction, rating: Rating, reason: str,
) -> None:
    """The rating and the sentence for a value against a target and a tolerance."""
    measure = make_measure(polarity=polarity, unit=unit, tolerance=tolerance)
    outcome, _ = rate(measure, value, target)
    assert (outcome.rating, outcome.reason) == (rating, reason)


VARIANCES = [
    # (polarity, unit, tolerance, target, value, expected Variance)
    (LOWER, COUNT, {"relative": 5}, Target(value=F(100)), F(106),
     Variance(F(6), F(6), None, F(6), F(5), "relative")),
    (HIGHER, COUNT, {"relative": 5}, Target(value=F(100)), F(106),
     Variance(F(6), F(6), None, F(0), F(5), "relative")),
    (HIGHER, COUNT, {"relative": 10}, Target(value=F(-50)), F(-60),
     Variance(F(-10), F(-20), None, F(10), F(5), "relative")),
    (HIGHER, PERCENT, {"points": 5}, Target(value=F(60)), F(54),
     Variance(F(-6), F(-10), F(-6), F(6), F(5), "points")),
    (HIGHER, COUNT, {"absolute": 3}, Target(value=F(0)), F(-2),
     Variance(F(-2), None, None, F(2), F(3), "absolute")),
    (BAND, COUNT, {"relative": 10}, Target(low=F(100), high=F(200)), F(215),
     Variance(F(15), F(15, 2), None, F(15), F(20), "relative")),
    (BAND, COUNT, {"relative": 10}, Target(low=F(100), high=F(200)), F(89),
     Variance(F(-11), F(-11), None, F(11), F(10), "relative")),
    (BAND, COUNT, {"relative": 10}, Target(low=F(100), high=F(200)), F(150),
     Variance(F(0), F(0), None, F(0), F(10), "relative")),
    (CLOSEST, COUNT, {"absolute": 1}, Target(value=F(10)), F(9),
     Variance(F(-1), F(-10), None, F(1), F(1), "absolute")),
]


@pytest.mark.parametrize(("polarity", "unit", "tolerance", "target", "value", "expected"),
                         VARIANCES)
def test_the_variance_beside_a_rating(
    polarity: Polarity, unit: BasicUnit, tolerance: dict[str, int], target: Target,
    value: Fraction, expected: Variance,
) -> None:
    """Value less target, as a percentage of it, in points, the shortfall and the tolerance."""
    measure = make_measure(polarity=polarity, unit=unit, tolerance=tolerance)
    assert rate(measure, value, target)[1] == expected


def test_a_plain_variance_has_no_tolerance() -> None:
    """`variance()`, for explanations, measures the distance without applying a tolerance."""
    measure = make_measure(polarity=LOWER, tolerance={"relative": 5})
    assert variance(measure, F(106), Target(value=F(100))) == Variance(
        F(6), F(6), None, F(6), None, None)
    assert variance(measure, F(1), Target(reason="not set")) is None


@pytest.mark.parametrize(
    ("polarity", "value", "target", "reason"),
    [
        (HIGHER, None, Target(value=F(1)), "no value"),
        (Polarity.NONE, F(1), Target(value=F(1)),
         "no rating: the indicator has no better or worse"),
        (HIGHER, F(1), Target(reason="to be agreed"), "no rating: to be agreed"),
        (HIGHER, F(1), Target(), "no rating: no target"),
    ],
)
def test_no_rating_says_why(
    polarity: Polarity, value: Fraction | None, target: Target, reason: str
) -> None:
    """Without a value, a better or worse, or a target, there is no colour and a reason."""
    outcome, found = rate(make_measure(polarity=polarity), value, target)
    assert (outcome.rating, outcome.reason, found) == (None, reason, None)


# --- ratings by rules ------------------------------------------------------------------

RULES_BAND = [("value >= low and value <= high", Rating.GREEN),
              ("value <= high + 5", Rating.AMBER)]


@pytest.mark.parametrize(
    ("value", "rating", "reason"),
    [
        (F(55), Rating.GREEN, "rule 1 (value >= low and value <= high) holds -> Green"),
        (F(63), Rating.AMBER, "rule 2 (value <= high + 5) holds -> Amber"),
        (F(66), Rating.RED, "no rule holds; otherwise -> Red"),
        (F(40), Rating.AMBER, "rule 2 (value <= high + 5) holds -> Amber"),
    ],
)
def test_rules_read_both_ends_of_a_band(value: Fraction, rating: Rating, reason: str) -> None:
    """A band gives rules `low` and `high`; the first rule that holds gives the rating."""
    measure = make_measure(polarity=BAND, unit=PERCENT, rules=RULES_BAND)
    outcome, found = rate(measure, value, Target(low=F(50), high=F(60)))
    assert (outcome.rating, outcome.reason) == (rating, reason)
    assert found is not None
    assert found.shortfall == max(F(50) - value, value - F(60), F(0))


@pytest.mark.parametrize(
    ("rules", "target", "comparator", "rating", "reason"),
    [
        ([("value >= target", Rating.GREEN)], Target(value=F(10)), None, Rating.GREEN,
         "rule 1 (value >= target) holds -> Green"),
        ([("value > comparator", Rating.GREEN)], Target(value=F(10)), None, None,
         "no rating: rule 1 (value > comparator) needs comparator, which is not available"),
        ([("value > comparator", Rating.GREEN)], Target(value=F(10)), F(13), Rating.RED,
         "no rule holds; otherwise -> Red"),
        ([("value > comparator", Rating.GREEN)], Target(value=F(10)), F(9), Rating.GREEN,
         "rule 1 (value > comparator) holds -> Green"),
        ([("value < 0", Rating.RED), ("value / (target - 10) > 0", Rating.GREEN)],
         Target(value=F(10)), None, None,
         "no rating: rule 2 (value / (target - 10) > 0) cannot be evaluated: division by "
         "zero: 'target - 10' is 0"),
    ],
)
def test_rules_that_cannot_decide_say_why(
    rules: list[tuple[str, Rating]], target: Target, comparator: Fraction | None,
    rating: Rating | None, reason: str,
) -> None:
    """A rule needing an absent input, or failing to evaluate, gives no rating and the reason."""
    measure = make_measure(rules=rules)
    outcome, _ = rate(measure, F(12), target, comparator)
    assert (outcome.rating, outcome.reason) == (rating, reason)


# --- direction of travel -----------------------------------------------------------------

DIRECTIONS = [
    # (polarity, unchanged_within, target, value, comparator, direction, reason)
    # Half a unit better is better, however small: no threshold but unchanged_within.
    (HIGHER, 0, Target(value=F(70)), F(145, 2), F(72), Direction.IMPROVED,
     "improved from 72 in 2018/19 Q2"),
    (HIGHER, 0, Target(value=F(70)), F(143, 2), F(72), Direction.WORSENED,
     "worsened from 72 in 2018/19 Q2"),
    (LOWER, 0, Target(value=F(70)), F(143, 2), F(72), Direction.IMPROVED,
     "improved from 72 in 2018/19 Q2"),
    (LOWER, 0, Target(value=F(70)), F(72), F(72), Direction.UNCHANGED,
     "unchanged from 72 in 2018/19 Q2"),
    (HIGHER, 1, Target(value=F(70)), F(73), F(72), Direction.UNCHANGED,
     "unchanged from 72 in 2018/19 Q2 (within 1)"),
    (HIGHER, 1, Target(value=F(70)), F(7301, 100), F(72), Direction.IMPROVED,
     "improved from 72 in 2018/19 Q2"),
    (LOWER, 1, Target(value=F(70)), F(7301, 100), F(72), Direction.WORSENED,
     "worsened from 72 in 2018/19 Q2"),
    # Nearer the band is better; inside it every value is as good.
    (BAND, 0, Target(low=F(50), high=F(60)), F(58), F(65), Direction.IMPROVED,
     "improved from 65 in 2018/19 Q2"),
    (BAND, 0, Target(low=F(50), high=F(60)), F(45), F(40), Direction.IMPROVED,
     "improved from 40 in 2018/19 Q2"),
    (BAND, 0, Target(low=F(50), high=F(60)), F(40), F(45), Direction.WORSENED,
     "worsened from 45 in 2018/19 Q2"),
    (BAND, 0, Target(low=F(50), high=F(60)), F(52), F(59), Direction.UNCHANGED,
     "unchanged from 59 in 2018/19 Q2"),
    # Nearer the target is better, from either side.
    (CLOSEST, 0, Target(value=F(10)), F(9), F(12), Direction.IMPROVED,
     "improved from 12 in 2018/19 Q2"),
    (CLOSEST, 0, Target(value=F(10)), F(13), F(8), Direction.WORSENED,
     "worsened from 8 in 2018/19 Q2"),
    # Without a band or target there is no nearer, but no change is still no change.
    (BAND, 0, Target(), F(5), F(5), Direction.UNCHANGED, "unchanged from 5 in 2018/19 Q2"),
    (BAND, 0, Target(), F(6), F(5), Direction.NOT_COMPARABLE,
     "not comparable: no band to measure distance from"),
    (CLOSEST, 1, Target(), F(6), F(5), Direction.UNCHANGED, "unchanged from 5 in 2018/19 Q2"),
    (CLOSEST, 0, Target(), F(6), F(5), Direction.NOT_COMPARABLE,
     "not comparable: no target to measure distance from"),
    # No better or worse: the direction is named without a judgement.
    (Polarity.NONE, 0, Target(), F(6), F(5), Direction.NOT_COMPARABLE,
     "no direction: the indicator has no better or worse (it is higher than 5 in 2018/19 Q2)"),
    (Polarity.NONE, 0, Target(), F(4), F(5), Direction.NOT_COMPARABLE,
     "no direction: the indicator has no better or worse (it is lower than 5 in 2018/19 Q2)"),
    (Polarity.NONE, 0, Target(), F(5), F(5), Direction.NOT_COMPARABLE,
     "no direction: the indicator has no better or worse (it is the same as 5 in 2018/19 Q2)"),
    (HIGHER, 0, Target(), None, F(5), Direction.NOT_COMPARABLE, "no value to compare"),
    (HIGHER, 0, Target(), F(5), None, Direction.NOT_COMPARABLE,
     "not comparable: no figure for 2018/19 Q2"),
]


@pytest.mark.parametrize(
    ("polarity", "within", "target", "value", "comparator", "expected", "reason"), DIRECTIONS
)
def test_the_direction_of_travel_and_its_words(
    polarity: Polarity, within: int, target: Target, value: Fraction | None,
    comparator: Fraction | None, expected: Direction, reason: str,
) -> None:
    """Better or worse by polarity; a change within `unchanged_within` is no change."""
    measure = make_measure(polarity=polarity, unchanged_within=within)
    assert direction(measure, value, comparator, target, "2018/19 Q2") == (expected, reason)


def test_the_comparator_is_shown_as_the_report_prints_it() -> None:
    """The comparator keeps its published places and its unit in the sentence."""
    measure = make_measure(unit=PERCENT, unchanged_within=Decimal("0.5"))
    found = direction(measure, F(53), F(5325, 100), Target(value=F(50)), "2018/19 Q2",
                      decimals=2)
    assert found == (Direction.UNCHANGED,
                     "unchanged from 53.25% in 2018/19 Q2 (within 0.5 percentage points)")


# --- targets and values in words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "target", "decimals", "words"),
    [
        (PERCENT, Target(low=F(50), high=F(60)), 1, "a target band of 50% to 60%"),
        (PERCENT, Target(low=F(101, 2), high=F(60)), 1, "a target band of 50.5% to 60%"),
        (COUNT, Target(value=F(2757)), 0, "a target of 2,757"),
        (COUNT, Target(value=F(5, 2)), 2, "a target of 2.5"),
        (COUNT, Target(reason="to be agreed"), 0, "no target (to be agreed)"),
        (COUNT, Target(), 0, "no target"),
    ],
)
def test_a_target_in_words(unit: BasicUnit, target: Target, decimals: int, words: str) -> None:
    """A band shows both ends, low first; a target as many places as it needs."""
    assert format_target(make_measure(unit=unit), target, decimals) == words


@pytest.mark.parametrize(
    ("value", "decimals", "places"),
    [(F(3), 2, 0), (F(5, 2), 2, 1), (F(1, 4), 2, 2), (F(1, 3), 2, 2), (F(1, 8), 2, 2)],
)
def test_a_target_shows_the_places_it_needs(value: Fraction, decimals: int, places: int) -> None:
    """3 needs none, 2.5 one, 0.25 two; a third or an eighth the measure's most."""
    assert target_places(value, decimals) == places


@pytest.mark.parametrize(
    ("unit", "value", "decimals", "words"),
    [
        (MoneyUnit(kind="money", currency="GBP", scale="millions"), F(7011, 1000), 3, "£7.011m"),
        (MoneyUnit(kind="money", currency="GBP", scale="thousands"), F(-5), 0, "-£5k"),
        (MoneyUnit(kind="money", currency="GBP", scale="units"), F(6, 100), 2, "£0.06"),
        (RateUnit(kind="rate", per=100000, population="residents"), F(1292, 10), 1,
         "129.2 per 100,000"),
        (BasicUnit(kind="tonnes"), F(12), 0, "12 tonnes"),
        (BasicUnit(kind="days"), F(35, 4), 2, "8.75 days"),
        (PERCENT, F(53), 0, "53%"),
        (COUNT, F(2939), 0, "2,939"),
    ],
)
def test_a_value_in_words(unit: object, value: Fraction, decimals: int, words: str) -> None:
    """Values print as the report prints them, with the unit where the report puts it."""
    assert format_value(unit, value, decimals) == words  # type: ignore[arg-type]


def test_decimals_follow_the_published_figure_then_the_spec_then_the_unit() -> None:
    """72.0 shows one place; without a published figure the spec's, else the unit's."""
    assert display_decimals(make_measure(decimals=3), Decimal("72.0")) == 1
    assert display_decimals(make_measure(decimals=3)) == 3
    assert display_decimals(make_measure(unit=PERCENT)) == 1
    assert display_decimals(make_measure(unit=BasicUnit(kind="days"))) == 2
    assert display_decimals(make_measure()) == 0


def test_a_labelled_rule_is_named_by_its_label() -> None:
    """A rule with a label gives its rating in the label's words, not the formula's."""
    measure = make_measure(rules=[("value >= target", Rating.GREEN)])
    assert measure.rules is not None
    labelled = replace(measure, rules=RuleList(measure.rules.rules, Rating.RED,
                                               labels=("on target",)))
    outcome, _ = rate(labelled, F(12), Target(value=F(10)))
    assert (outcome.rating, outcome.reason) == (Rating.GREEN, "on target -> Green")
    outcome, _ = rate(labelled, F(8), Target(value=F(10)))
    assert (outcome.rating, outcome.reason) == (Rating.RED, "no rule holds; otherwise -> Red")


def test_rules_see_a_change_within_unchanged_within_as_none() -> None:
    """10.2 against 10 is unchanged within 0.5, so `value > comparator` does not hold, and
    the reason says why."""
    measure = make_measure(rules=[("value > comparator", Rating.GREEN)],
                           unchanged_within=Decimal("0.5"))
    outcome, _ = rate(measure, F(102, 10), Target(value=F(10)), F(10), 1)
    assert outcome.rating is Rating.RED
    assert outcome.reason == (
        "no rule holds; otherwise -> Red (10.2 taken as unchanged from 10.0: within 0.5, as "
        "for the direction of travel)"
    )
    outcome, _ = rate(measure, F(11), Target(value=F(10)), F(10), 1)
    assert (outcome.rating, outcome.reason) == (
        Rating.GREEN, "rule 1 (value > comparator) holds -> Green")
