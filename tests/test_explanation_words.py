"""Explanations say tolerances and changes in their units, and rules agree with the arrow."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from factories import make_measure
from kpirules.evaluation.dot import direction
from kpirules.evaluation.rag import rate
from kpirules.models import BasicUnit, Polarity, Rating
from kpirules.results import Direction
from kpirules.target import Target

PERCENT = BasicUnit(kind="percentage")
DAYS = BasicUnit(kind="days")


def test_points_are_percentage_points() -> None:
    measure = make_measure(unit=PERCENT, tolerance={"points": 10})
    outcome, _ = rate(measure, Fraction(70), Target(value=Fraction(78)), decimals=0)
    assert outcome.reason == ("8.0 percentage points worse than target, within the amber "
                              "tolerance of 10 percentage points -> Amber")
    one, _ = rate(make_measure(unit=PERCENT, tolerance={"points": 1}), Fraction(76),
                  Target(value=Fraction(78)), decimals=0)
    assert one.reason.endswith("beyond the amber tolerance of 1 percentage point -> Red")


def test_an_absolute_tolerance_is_in_the_unit_and_never_a_relative_shortfall() -> None:
    """Not "15.0% worse than target, within the 2 amber tolerance"."""
    measure = make_measure(polarity=Polarity.LOWER_IS_BETTER, unit=DAYS,
                           tolerance={"absolute": Decimal(2)})
    outcome, variance = rate(measure, Fraction(23), Target(value=Fraction(20)), decimals=0)
    assert outcome.reason == ("3 days worse than target, beyond the amber tolerance of "
                              "2 days -> Red")
    assert variance is not None and variance.tolerance_kind == "absolute"
    count = make_measure(tolerance={"absolute": Decimal(20)})
    outcome, _ = rate(count, Fraction(86), Target(value=Fraction(100)), decimals=0)
    assert outcome.reason == ("14 worse than target, within the amber tolerance of 20 "
                              "-> Amber")
    assert "%" not in outcome.reason


def test_a_relative_tolerance_says_what_it_is_a_share_of() -> None:
    outcome, _ = rate(make_measure(polarity=Polarity.LOWER_IS_BETTER, tolerance={"relative": 5}),
                      Fraction(2939),
                      Target(value=Fraction(2757)))
    assert outcome.reason.endswith("beyond the amber tolerance of 5% of the target -> Red")
    band = make_measure(polarity=Polarity.WITHIN_BAND, tolerance={"relative": 5})
    outcome, _ = rate(band, Fraction(41), Target(low=Fraction(28), high=Fraction(40)))
    assert outcome.reason.endswith("within the amber tolerance of 5% of the nearer bound "
                                   "-> Amber")


def test_points_take_precedence_over_absolute_for_a_percentage_and_say_so() -> None:
    """5 points short: Amber by points 10, though absolute 2 alone would make it Red."""
    measure = make_measure(unit=PERCENT, tolerance={"points": 10, "absolute": 2})
    outcome, variance = rate(measure, Fraction(92), Target(value=Fraction(97)), decimals=0)
    assert outcome.rating is Rating.AMBER
    assert variance is not None and variance.tolerance == 10
    assert ("within the amber tolerance of 10 percentage points (points; for a percentage "
            "the absolute tolerance is not used) -> Amber") in outcome.reason


def test_unchanged_within_a_percentage_is_in_percentage_points() -> None:
    measure = make_measure(unit=PERCENT, unchanged_within=1)
    dot, reason = direction(measure, Fraction(754, 10), Fraction(75), Target(value=Fraction(80)),
                            "2018/19 Q2", decimals=0)
    assert dot is Direction.UNCHANGED
    assert reason == "unchanged from 75% in 2018/19 Q2 (within 1 percentage point)"
    half = make_measure(unit=PERCENT, unchanged_within=Decimal("0.5"))
    assert direction(half, Fraction(754, 10), Fraction(75), Target(value=Fraction(80)),
                     "then")[1].endswith("(within 0.5 percentage points)")


def test_a_rule_on_the_comparator_sees_no_change_where_the_arrow_sees_none() -> None:
    """The issue's case: 75.4% against 75% with unchanged_within 1 is no improvement."""
    measure = make_measure(unit=PERCENT, unchanged_within=1,
                           rules=[("value >= target", Rating.GREEN),
                                  ("value > comparator", Rating.AMBER)])
    target = Target(value=Fraction(80))
    outcome, _ = rate(measure, Fraction(754, 10), target, Fraction(75), decimals=1)
    assert outcome.rating is Rating.RED
    assert outcome.reason == ("no rule holds; otherwise -> Red (75.4% taken as unchanged "
                              "from 75.0%: within 1 percentage point, as for the direction "
                              "of travel)")
    moved, _ = rate(measure, Fraction(762, 10), target, Fraction(75), decimals=1)
    assert moved.rating is Rating.AMBER
    assert "taken as unchanged" not in moved.reason


def test_rules_without_the_comparator_are_not_annotated() -> None:
    measure = make_measure(unit=PERCENT, unchanged_within=1,
                           rules=[("value >= target", Rating.GREEN)])
    outcome, _ = rate(measure, Fraction(754, 10), Target(value=Fraction(80)), Fraction(75))
    assert outcome.reason == "no rule holds; otherwise -> Red"


hundredths = st.integers(-10**6, 10**6).map(lambda n: Fraction(n, 100))


@given(polarity=st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER]),
       value=hundredths, comparator=hundredths, unchanged=st.integers(0, 300),
       unit=st.sampled_from([PERCENT, BasicUnit(kind="count")]))
def test_rules_and_the_arrow_agree_on_improved_unchanged_and_worsened(
        polarity: Polarity, value: Fraction, comparator: Fraction, unchanged: int,
        unit: BasicUnit) -> None:
    """`value > comparator` (`<` when lower is better) holds exactly when the arrow says
    improved, and `value == comparator` exactly when it says unchanged."""
    better = "value > comparator" if polarity is Polarity.HIGHER_IS_BETTER else \
        "value < comparator"
    measure = make_measure(polarity=polarity, unit=unit,
                           unchanged_within=Decimal(unchanged) / 100,
                           rules=[(better, Rating.GREEN), ("value == comparator", Rating.AMBER)])
    target = Target(value=Fraction(0))
    outcome, _ = rate(measure, value, target, comparator)
    arrow, _ = direction(measure, value, comparator, target, "then")
    expected = {Direction.IMPROVED: Rating.GREEN, Direction.UNCHANGED: Rating.AMBER,
                Direction.WORSENED: Rating.RED}[arrow]
    assert outcome.rating is expected

