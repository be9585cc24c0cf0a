"""Properties of RAG ratings and direction of travel, over generated values and targets."""

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

RANK = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}
DOT_RANK = {Direction.WORSENED: 0, Direction.UNCHANGED: 1, Direction.IMPROVED: 2}

# Exact decimal-like numbers, as figures are: hundredths between -10^6 and 10^6.
numbers = st.integers(-10**8, 10**8).map(lambda n: Fraction(n, 100))
positive = st.integers(1, 10**8).map(lambda n: Fraction(n, 100))
tolerances = st.integers(0, 2000).map(lambda n: Decimal(n).scaleb(-2))
units = st.sampled_from([BasicUnit(kind="count"), BasicUnit(kind="percentage")])
directed = st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER])


def _measure(polarity: Polarity, unit: BasicUnit, tol: Decimal, kind: str = "relative"):
    tolerance = {"points": tol} if unit.kind == "percentage" else {kind: tol}
    return make_measure(polarity=polarity, unit=unit, tolerance=tolerance)


@st.composite
def targets_for(draw: st.DrawFn, polarity: Polarity) -> Target:
    if polarity is Polarity.WITHIN_BAND:
        low = draw(numbers)
        width = draw(positive)
        return Target(low=low, high=low + width)
    return Target(value=draw(numbers))


def _better(polarity: Polarity, value: Fraction, step: Fraction, target: Target) -> Fraction:
    """A value at least as good as `value`, `step` further in the good direction."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        return value + step
    if polarity is Polarity.LOWER_IS_BETTER:
        return value - step
    if polarity is Polarity.WITHIN_BAND:
        assert target.low is not None and target.high is not None
        if value < target.low:
            return min(value + step, target.low)
        if value > target.high:
            return max(value - step, target.high)
        return value
    assert target.value is not None
    if value < target.value:
        return min(value + step, target.value)
    return max(value - step, target.value)


all_polarities = st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER,
                                  Polarity.WITHIN_BAND, Polarity.CLOSEST_TO])


@given(data=st.data(), polarity=all_polarities, unit=units, tol=tolerances, value=numbers,
       step=st.integers(0, 10**6).map(lambda n: Fraction(n, 100)))
def test_improving_the_value_never_worsens_the_rating(data, polarity, unit, tol, value, step):
    """A value moved in the good direction never gets a worse RAG rating."""
    target = data.draw(targets_for(polarity))
    measure = _measure(polarity, unit, tol)
    before, _ = rate(measure, value, target)
    after, _ = rate(measure, _better(polarity, value, step, target), target)
    assert before.rating is not None and after.rating is not None
    assert RANK[after.rating] >= RANK[before.rating]


@given(data=st.data(), polarity=all_polarities, unit=units, value=numbers, comparator=numbers,
       step=st.integers(0, 10**6).map(lambda n: Fraction(n, 100)),
       unchanged=st.integers(0, 500))
def test_improving_the_value_never_worsens_the_direction(data, polarity, unit, value, comparator,
                                                         step, unchanged):
    """A value moved in the good direction never gets a worse direction of travel."""
    target = data.draw(targets_for(polarity))
    measure = make_measure(polarity=polarity, unit=unit, unchanged_within=unchanged)
    before, _ = direction(measure, value, comparator, target, "then")
    after, _ = direction(measure, _better(polarity, value, step, target), comparator, target,
                         "then")
    assert DOT_RANK[after] >= DOT_RANK[before]


@given(polarity=directed, unit=units, tol=tolerances, value=numbers, target=numbers,
       kind=st.sampled_from(["relative", "absolute"]))
def test_mirroring_polarity_and_negating_mirrors_the_rating(polarity, unit, tol, value, target,
                                                            kind):
    """Higher-is-better at (v, t) rates as lower-is-better at (-v, -t)."""
    mirror = (Polarity.LOWER_IS_BETTER if polarity is Polarity.HIGHER_IS_BETTER
              else Polarity.HIGHER_IS_BETTER)
    one, _ = rate(_measure(polarity, unit, tol, kind), value, Target(value=target))
    two, _ = rate(_measure(mirror, unit, tol, kind), -value, Target(value=-target))
    assert one.rating == two.rating


@given(unit=units, tol=tolerances, value=numbers, low=numbers, width=positive)
def test_mirroring_a_band_mirrors_the_rating(unit, tol, value, low, width):
    """A band rating is unchanged when the value and the band are negated together."""
    measure = _measure(Polarity.WITHIN_BAND, unit, tol)
    one, _ = rate(measure, value, Target(low=low, high=low + width))
    two, _ = rate(measure, -value, Target(low=-(low + width), high=-low))
    assert one.rating == two.rating


@given(data=st.data(), polarity=st.sampled_from(list(Polarity)), unit=units, tol=tolerances,
       value=st.none() | numbers, has_target=st.booleans())
def test_every_value_gets_one_rating_or_one_reason(data, polarity, unit, tol, value, has_target):
    """Rating always yields exactly one of: a rating, or no rating with a stated reason."""
    if has_target and polarity is not Polarity.NONE:
        target = data.draw(targets_for(polarity))
    else:
        target = Target(reason="target to be agreed for 2019/20")
    outcome, _ = rate(_measure(polarity, unit, tol), value, target)
    if outcome.rating is None:
        assert outcome.reason.startswith("no ")
    else:
        assert outcome.rating in RANK
        assert outcome.reason.endswith(("Green", "Amber", "Red"))
    expected_rated = value is not None and has_target and polarity is not Polarity.NONE
    assert (outcome.rating is not None) == expected_rated


@given(data=st.data(), polarity=all_polarities, unit=units, value=numbers, comparator=numbers,
       unchanged=st.integers(0, 500))
def test_direction_of_travel_is_antisymmetric(data, polarity, unit, value, comparator, unchanged):
    """Swapping the value and its comparator swaps improved and worsened."""
    target = data.draw(targets_for(polarity))
    measure = make_measure(polarity=polarity, unit=unit, unchanged_within=unchanged)
    forward, _ = direction(measure, value, comparator, target, "then")
    backward, _ = direction(measure, comparator, value, target, "then")
    swap = {Direction.IMPROVED: Direction.WORSENED, Direction.WORSENED: Direction.IMPROVED,
            Direction.UNCHANGED: Direction.UNCHANGED}
    assert backward == swap[forward]


@given(rules_target=numbers, value=numbers, comparator=st.none() | numbers)
def test_expression_rules_give_one_rating_or_a_reason(rules_target, value, comparator):
    """Ordered expression rules rate by the first that holds, else by 'otherwise'."""
    measure = make_measure(rules=[("value >= target", Rating.GREEN),
                                  ("value >= comparator", Rating.AMBER)],
                           otherwise=Rating.RED)
    outcome, _ = rate(measure, value, Target(value=rules_target), comparator)
    if value >= rules_target:
        assert outcome.rating is Rating.GREEN
    elif comparator is None:
        assert outcome.rating is None
        assert "comparator" in outcome.reason
    elif value >= comparator:
        assert outcome.rating is Rating.AMBER
    else:
        assert outcome.rating is Rating.RED


def test_a_value_exactly_on_the_tolerance_boundary_is_amber():
    """Exact arithmetic rates 94.3% against 98% with a 3.7-point tolerance as Amber."""
    measure = _measure(Polarity.HIGHER_IS_BETTER, BasicUnit(kind="percentage"), Decimal("3.7"))
    outcome, variance = rate(measure, Fraction(943, 10), Target(value=Fraction(98)))
    assert outcome.rating is Rating.AMBER
    assert variance is not None
    assert variance.shortfall == Fraction(37, 10)


def test_relative_tolerance_of_a_zero_target_allows_nothing():
    """5% of a target of zero is zero, so any gap from a £0.00 target is Red."""
    measure = make_measure(polarity=Polarity.CLOSEST_TO, tolerance={"relative": 5})
    outcome, _ = rate(measure, Fraction(18, 100), Target(value=Fraction(0)))
    assert outcome.rating is Rating.RED
    on_target, _ = rate(measure, Fraction(0), Target(value=Fraction(0)))
    assert on_target.rating is Rating.GREEN
