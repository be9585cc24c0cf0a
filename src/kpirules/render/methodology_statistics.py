"""The statistics a measure declares, in words for its methodology page, with sources.

"95% and 99.8% confidence intervals by Byars' method (exact Poisson below 10 events),
from the count and the population; compared with England." Each method names the
published source it follows; docs/statistics.md gives the formulas.
"""

from __future__ import annotations

from kpirules.catalogue import Catalogue, Measure
from kpirules.models import CompareRating, CompareSpec, DotMethod, IntervalMethodName, Polarity
from kpirules.render.mdtext import prose
from kpirules.render.words import amount
from kpirules.stats import level_words
from kpirules.validation.statistics import counts_kind

__all__ = ["compare_rating_sentences", "floor_sentence", "statistics_sentences",
           "trend_sentences"]

_SOURCES = {
    "wilson": "the Wilson score method (Wilson 1927; Newcombe 1998), as PHE/OHID compute "
              "proportions",
    "byars": "Byars' method (Breslow and Day 1987)",
    "exact": "the exact Poisson method (the chi-squared relation; Daly 1992)",
    "auto_rate": "the exact Poisson method below 10 events and Byars' method from 10 "
                 "(Breslow and Day 1987), the public-health convention",
}
_FROM = {"proportion": "from the numerator and denominator",
         "rate": "from the count and the population",
         "count": "from the count, read as a Poisson count"}


def _label(catalogue: Catalogue | None, benchmark: str) -> str:
    if catalogue is not None and benchmark in catalogue.spec.benchmarks:
        return prose(catalogue.spec.benchmarks[benchmark].label)
    return benchmark


def _levels(levels: tuple[float, ...]) -> str:
    words = [level_words(level) for level in levels]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _method_words(measure: Measure, method: IntervalMethodName) -> str:
    kind = counts_kind(measure.aggregation, measure.unit)
    if method is IntervalMethodName.AUTO:
        return _SOURCES["wilson"] if kind == "proportion" else _SOURCES["auto_rate"]
    return _SOURCES[method.value]


def _compare_words(spec: CompareSpec, catalogue: Catalogue | None) -> str:
    label = _label(catalogue, spec.benchmark)
    when = "the same period" if spec.period == "same" else "the latest period at or before it"
    how = ("the two intervals do not overlap" if spec.use_benchmark_interval
           else "the value's interval lies wholly above or below the benchmark's figure")
    return (f"It is compared with {label}'s figure for {when}: significantly different at "
            f"{level_words(float(spec.confidence))} confidence when {how}, similar when it "
            "contains it, and not compared where there is no interval or no figure "
            "(the Fingertips method).")


def statistics_sentences(measure: Measure, catalogue: Catalogue | None = None) -> list[str]:
    """The interval and the comparison shown, in words with their sources."""
    found = []
    statistics = measure.statistics
    kind = counts_kind(measure.aggregation, measure.unit)
    if statistics is not None and statistics.interval is not None and kind is not None:
        spec = statistics.interval
        levels = tuple(float(level) for level in spec.confidence)
        found.append(f"Confidence intervals: {_levels(levels)}, by "
                     f"{_method_words(measure, spec.method)}, {_FROM[kind]}.")
    if statistics is not None and statistics.compare is not None \
            and measure.rag.compare is None:
        found.append(_compare_words(statistics.compare, catalogue))
    return found


def compare_rating_sentences(measure: Measure, catalogue: Catalogue | None = None
                             ) -> list[str]:
    """`Rated by comparison with England: Green when significantly better ...`."""
    spec = measure.rag.compare
    if spec is None:
        return []
    assert isinstance(spec, CompareRating)
    label = _label(catalogue, spec.benchmark)
    words = {"G": "Green", "A": "Amber", "R": "Red"}
    return [f"Rated by comparison with {label}: {words[spec.better]} when significantly "
            f"better, {words[spec.similar]} when similar, {words[spec.worse]} when "
            f"significantly worse, at {level_words(float(spec.confidence))} confidence; a "
            "figure that cannot be compared is not rated.",
            _compare_words(spec, catalogue)]


def floor_sentence(measure: Measure) -> str | None:
    """The floor standard, where a year's target has one."""
    floors = sorted({(year, spec.floor) for year, spec in measure.targets.items()
                     if spec.floor is not None})
    if not floors or measure.polarity not in (Polarity.HIGHER_IS_BETTER,
                                               Polarity.LOWER_IS_BETTER):
        return None
    side = "below" if measure.polarity is Polarity.HIGHER_IS_BETTER else "above"
    years = "; ".join(f"{amount(measure.unit, floor)} in {year}" for year, floor in floors)
    return (f"A floor standard applies ({years}): Green at or better than target, Amber "
            f"between the floor and the target, Red {side} the floor.")


def trend_sentences(measure: Measure) -> list[str]:
    """The recent-trend direction of travel, where the measure declares it."""
    if measure.dot.method is not DotMethod.RECENT_TREND:
        return []
    return ["Direction of travel is the recent trend: a regression over the last five "
            "consecutive periods, each weighted by the inverse of its variance from its 95% "
            "confidence interval, significant when chi-squared exceeds the 99.8% point "
            "(the Fingertips recent-trend method); fewer than five points, or a gap, "
            "cannot be calculated."]
