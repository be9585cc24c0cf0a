"""RAG ratings: a value against a target, by a tolerance or by expression rules.

The tolerance rule: Green at or better than target; Amber when worse by no more than
the tolerance; Red beyond. "Worse" follows polarity: below target when higher is
better, above when lower is better, outside the band for a band, away from the target
for closest-to. The tolerance is in percentage points for a percentage, in the unit
when an absolute tolerance is given, and otherwise a percentage of the target (of the
nearer bound, for a band). All arithmetic is exact, so a value on a boundary is rated
as the rule says.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from kpirules.catalogue import Measure, RuleList
from kpirules.errors import ExpressionError
from kpirules.evaluation.dot import unchanged_within
from kpirules.evaluation.explain import format_difference, format_value, target_places
from kpirules.evaluation.statistics import ComparisonAnalysis
from kpirules.models import CompareRating, Polarity, Rating, Tolerance
from kpirules.numbers import decimals_of, format_number, to_fraction
from kpirules.results import RatingOutcome, Variance
from kpirules.stats import Outcome
from kpirules.target import Target

__all__ = ["RATING_WORDS", "rate", "variance"]

RATING_WORDS = {Rating.GREEN: "Green", Rating.AMBER: "Amber", Rating.RED: "Red"}


def _tolerance(measure: Measure, tolerance: Tolerance, reference: Fraction
               ) -> tuple[Fraction, str, str]:
    """The allowed shortfall, its kind, and the words for it, with its unit:
    `5% of the target`, `5 percentage points`, `2 days`.

    For a percentage, `points` wins over `absolute` (both are percentage points; a spec
    giving both is a future error, KPI053) and the words say so.
    """
    unit = measure.unit
    if measure.is_percentage and tolerance.points is not None:
        points = to_fraction(tolerance.points)
        words = format_difference(unit, tolerance.points, decimals_of(tolerance.points))
        if tolerance.absolute is not None:
            words += " (points; for a percentage the absolute tolerance is not used)"
        return points, "points", words
    if tolerance.absolute is not None:
        amount = to_fraction(tolerance.absolute)
        return amount, "absolute", format_difference(unit, tolerance.absolute,
                                                      decimals_of(tolerance.absolute))
    if tolerance.relative is not None:
        share = to_fraction(tolerance.relative)
        of = {Polarity.WITHIN_BAND: "the nearer bound"}.get(measure.polarity, "the target")
        return (share * abs(reference) / 100, "relative",
                f"{format_number(tolerance.relative)}% of {of}")
    raise ValueError("validated tolerance suits the unit")  # checked by KPI051


def variance(measure: Measure, value: Fraction, target: Target) -> Variance | None:
    """How far `value` is from `target`, without a tolerance (for explanations)."""
    return _variance(measure, value, target, None)


def _variance(measure: Measure, value: Fraction, target: Target, tolerance: Tolerance | None
              ) -> Variance | None:
    polarity = measure.polarity
    if target.is_band:
        assert target.low is not None and target.high is not None
        if value < target.low:
            absolute, reference = value - target.low, target.low
        elif value > target.high:
            absolute, reference = value - target.high, target.high
        else:
            absolute, reference = Fraction(0), target.low
        shortfall = abs(absolute)
    elif target.value is not None:
        reference = target.value
        absolute = value - reference
        if polarity is Polarity.HIGHER_IS_BETTER:
            shortfall = max(Fraction(0), -absolute)
        elif polarity is Polarity.LOWER_IS_BETTER:
            shortfall = max(Fraction(0), absolute)
        else:
            shortfall = abs(absolute)
    else:
        return None
    relative = absolute / abs(reference) * 100 if reference != 0 else None
    points = absolute if measure.is_percentage else None
    allowed: Fraction | None = None
    kind: str | None = None
    if tolerance is not None:
        allowed, kind, _ = _tolerance(measure, tolerance, reference)
    return Variance(absolute, relative, points, shortfall, allowed, kind)


def rate(measure: Measure, value: Fraction | None, target: Target,
         comparator: Fraction | None = None, decimals: int = 0,
         inputs: Mapping[str, Fraction | None] | None = None,
         comparison: ComparisonAnalysis | None = None,
         ) -> tuple[RatingOutcome, Variance | None]:
    """The rule's rating for `value` against `target`, with the reason in words.

    `inputs` are the further names rules may read (`lower`, `upper`, `benchmark`...);
    `comparison` is the benchmark comparison a `compare` rating reads.
    """
    if value is None:
        return RatingOutcome(None, "no value"), None
    if measure.polarity is Polarity.NONE:
        return RatingOutcome(None, "no rating: the indicator has no better or worse"), None
    if measure.rag.compare is not None:
        found_variance = variance(measure, value, target) if target.exists else None
        return _by_comparison(measure.rag.compare, comparison), found_variance
    if not target.exists and not _rules_without_target(measure.rules):
        return RatingOutcome(None, f"no rating: {target.reason or 'no target'}"), None
    if measure.rules is not None:
        seen, note = _comparator_for_rules(measure, value, comparator, decimals)
        outcome = _by_rules(measure, measure.rules, value, target, seen, inputs or {})
        if note and _reads_comparator(measure.rules):
            outcome = RatingOutcome(outcome.rating, f"{outcome.reason} ({note})")
        return outcome, variance(measure, value, target) if target.exists else None
    tolerance = measure.rag.tolerance
    assert tolerance is not None  # a validated RAG spec has rules, a tolerance or compare
    found = _variance(measure, value, target, tolerance)
    assert found is not None
    if target.floor is not None:
        return _by_floor(measure, value, target, target.floor, decimals), found
    allowed, _, words = _tolerance(measure, tolerance, _reference(target, value))
    return _by_tolerance(measure, found, allowed, words, decimals), found


def _comparator_for_rules(measure: Measure, value: Fraction, comparator: Fraction | None,
                          decimals: int) -> tuple[Fraction | None, str]:
    """The comparator as the rules see it, and a note when it differs from the figure.

    A change no bigger than `dot.unchanged_within` is no change for the direction of
    travel, so rules see the comparator as equal to the value: `value > comparator` and
    the arrow never disagree about whether the figure moved.
    """
    if comparator is None or comparator == value:
        return comparator, ""
    allowed = unchanged_within(measure)
    if abs(value - comparator) > allowed:
        return comparator, ""
    unit = measure.unit
    note = (f"{format_value(unit, value, decimals)} taken as unchanged from "
            f"{format_value(unit, comparator, decimals)}: within "
            f"{format_difference(unit, allowed, target_places(allowed, 6))}, as for the direction "
            "of travel")
    return value, note


def _reads_comparator(rules: RuleList) -> bool:
    return any("comparator" in expression.names_used for expression, _ in rules.rules)



def _reference(target: Target, value: Fraction) -> Fraction:
    if target.is_band:
        assert target.low is not None and target.high is not None
        return target.high if value > target.high else target.low
    assert target.value is not None
    return target.value


def _by_tolerance(measure: Measure, found: Variance, allowed: Fraction, words: str,
                  decimals: int) -> RatingOutcome:
    if found.shortfall == 0:
        where = ("within the target band" if measure.polarity is Polarity.WITHIN_BAND
                 else "at or better than target")
        return RatingOutcome(Rating.GREEN, f"{where} -> Green")
    worse = _how_much_worse(measure, found, decimals)
    if found.shortfall <= allowed:
        return RatingOutcome(Rating.AMBER,
                             f"{worse}, within the amber tolerance of {words} -> Amber")
    return RatingOutcome(Rating.RED, f"{worse}, beyond the amber tolerance of {words} -> Red")


def _how_much_worse(measure: Measure, found: Variance, decimals: int) -> str:
    """The shortfall in the tolerance's own terms: per cent of the target for a relative
    tolerance, percentage points for a percentage, the unit for an absolute one."""
    if measure.polarity is Polarity.WITHIN_BAND:
        side = "outside the band"
    elif measure.polarity is Polarity.CLOSEST_TO:
        side = "away from target"
    else:
        side = "worse than target"
    if measure.is_percentage:
        return f"{format_difference(measure.unit, found.shortfall, max(decimals, 1))} {side}"
    if found.tolerance_kind == "relative" and found.relative is not None:
        return f"{format_number(abs(found.relative), 1)}% {side}"
    return f"{format_difference(measure.unit, found.shortfall, decimals)} {side}"


def _rules_without_target(rules: RuleList | None) -> bool:
    """Rules that never read the target (they compare with a benchmark) need none."""
    if rules is None:
        return False
    return not any(name in ("target", "low", "high", "floor")
                   for expression, _ in rules.rules for name in expression.names_used)


def _by_comparison(spec: CompareRating, comparison: ComparisonAnalysis | None
                   ) -> RatingOutcome:
    if comparison is None:
        return RatingOutcome(None, f"no rating: not compared with {spec.benchmark}")
    outcome = comparison.outcome
    ratings = {Outcome.BETTER: spec.better, Outcome.SIMILAR: spec.similar,
               Outcome.WORSE: spec.worse}
    rating = ratings.get(outcome)
    if rating is None:
        return RatingOutcome(None, f"no rating: {comparison.summary()}")
    return RatingOutcome(rating, f"{comparison.summary()} -> {RATING_WORDS[rating]}")


def _by_floor(measure: Measure, value: Fraction, target: Target, floor: Fraction,
              decimals: int) -> RatingOutcome:
    """Green at or better than target, Amber between floor and target, Red past the floor."""
    assert target.value is not None
    higher = measure.polarity is Polarity.HIGHER_IS_BETTER
    shown = format_value(measure.unit, floor, target_places(floor, decimals))
    if (value >= target.value) if higher else (value <= target.value):
        return RatingOutcome(Rating.GREEN, "at or better than target -> Green")
    if (value >= floor) if higher else (value <= floor):
        side = "below" if higher else "above"
        edge = "at or above" if higher else "at or below"
        return RatingOutcome(Rating.AMBER, f"{side} target but {edge} the floor of {shown} "
                             "-> Amber")
    return RatingOutcome(Rating.RED, f"{'below' if higher else 'above'} the floor of {shown} "
                         "-> Red")


def _by_rules(measure: Measure, rules: RuleList, value: Fraction, target: Target,
              comparator: Fraction | None, extra: Mapping[str, Fraction | None]
              ) -> RatingOutcome:
    inputs: dict[str, Fraction | None] = {"value": value, "comparator": comparator,
                                          "floor": target.floor, **extra}
    if target.is_band:
        inputs.update(low=target.low, high=target.high)
    else:
        inputs["target"] = target.value
    for i, (expression, rating) in enumerate(rules.rules, start=1):
        label = rules.label(i - 1)
        named = f"rule {i} ({label or expression.source})"
        used = {name: inputs.get(name) for name in expression.names_used}
        absent = sorted(name for name, given in used.items() if given is None)
        if absent:
            return RatingOutcome(None, f"no rating: {named} needs "
                                 f"{', '.join(absent)}, which is not available")
        try:
            holds = expression(**used)
        except ExpressionError as exc:
            return RatingOutcome(None, f"no rating: {named} cannot be "
                                 f"evaluated: {exc.message}")
        if holds:
            if label:
                # The label says what the rule means; the formula is on the methodology page.
                return RatingOutcome(rating, f"{label} -> {RATING_WORDS[rating]}")
            return RatingOutcome(rating, f"rule {i} ({expression.source}) holds -> "
                                 f"{RATING_WORDS[rating]}")
    return RatingOutcome(rules.otherwise, f"no rule holds; otherwise -> "
                         f"{RATING_WORDS[rules.otherwise]}")
