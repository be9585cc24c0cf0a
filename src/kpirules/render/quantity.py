"""What a measure's figure is, in words: its unit, its aggregation and its population.

One function per aggregation, each returning the sentence that says how the figure a
report prints for a period is made: "Reported as a cumulative financial-year-to-date
total of calls to the police." Rates and per-household figures also name the
population, per how many, for which year, and every figure the catalogue declares for
it with its source.
"""

from __future__ import annotations

from collections.abc import Callable

from kpirules.catalogue import Catalogue, Measure
from kpirules.models import (
    AverageAggregation,
    CumulativeAggregation,
    DiscreteAggregation,
    FormulaAggregation,
    PerHouseholdAggregation,
    Population,
    RateAggregation,
    RateUnit,
    RatioAggregation,
    RollingAggregation,
    SnapshotAggregation,
    Span,
    SurveyAggregation,
    YearToDate,
)
from kpirules.numbers import format_number
from kpirules.periods import Grain
from kpirules.render.mdtext import code, join_words, prose
from kpirules.render.words import (
    grain_word,
    in_unit,
    measured,
    sentence_case,
    year_word,
)

__all__ = ["population_sentences", "quantity_sentence", "span_words"]


_A_UNIT = {"count": "a count", "percentage": "a percentage", "score": "a score",
           "money": "an amount of money", "rate": "a rate", "kg": "kilograms",
           "tonnes": "tonnes", "days": "days"}


def span_words(measure: Measure, span: Span) -> str:
    """`each figure is for the quarter alone`, `... for the financial year to date`."""
    grain = grain_word(measure.grain)
    if measure.grain is Grain.YEAR:
        return "each figure is for the year"
    if span is Span.YEAR_TO_DATE:
        return f"each figure is for the {year_word(measure.calendar)} to date"
    if span is Span.ROLLING_12_MONTHS:
        return f"each figure is for the 12 months ending with the {grain}"
    return f"each figure is for the {grain} alone"


def _population_title(catalogue: Catalogue, population_id: str) -> str:
    population = catalogue.spec.populations.get(population_id)
    title = population.title if population is not None else population_id
    return prose(sentence_case(title))


def _discrete(measure: Measure, aggregation: DiscreteAggregation,
              catalogue: Catalogue) -> str:
    if measure.grain is Grain.YEAR:
        return (f"Reported as {measured(measure.unit)}{in_unit(measure.unit)} in each "
                f"{year_word(measure.calendar)}.")
    return (f"Reported as {measured(measure.unit)} in each {grain_word(measure.grain)} "
            f"alone, not a running total{in_unit(measure.unit)}.")


def _cumulative(measure: Measure, aggregation: CumulativeAggregation,
                catalogue: Catalogue) -> str:
    year = year_word(measure.calendar).replace(" ", "-")
    of = f" of {prose(measure.unit.of)}" if measure.unit.of else ""
    return f"Reported as a cumulative {year}-to-date total{of}{in_unit(measure.unit)}."


def _snapshot(measure: Measure, aggregation: SnapshotAggregation,
              catalogue: Catalogue) -> str:
    grain = grain_word(measure.grain)
    return (f"Reported as {measured(measure.unit)} at the end of each {grain}"
            f"{in_unit(measure.unit)}: a level at that moment, not a total over the {grain}.")


def _average(measure: Measure, aggregation: AverageAggregation, catalogue: Catalogue) -> str:
    return (f"Reported as {measured(measure.unit)} averaged over the months of each "
            f"{grain_word(measure.grain)}{in_unit(measure.unit)}: the mean of the monthly "
            "figures.")


def _rolling(measure: Measure, aggregation: RollingAggregation, catalogue: Catalogue) -> str:
    of = prose(measure.unit.of) if measure.unit.of else "the figure"
    months = "month" if aggregation.months == 1 else f"{aggregation.months} months"
    return (f"Reported as the total of {of} over the {months} ending with each "
            f"{grain_word(measure.grain)}{in_unit(measure.unit)}.")


def _ratio(measure: Measure, aggregation: RatioAggregation, catalogue: Catalogue) -> str:
    scale = aggregation.scale
    parts = f"{prose(aggregation.numerator)} divided by {prose(aggregation.denominator)}"
    if measure.unit.kind == "percentage" and scale == 100:
        lead = f"Reported as a percentage: {parts}, times 100"
    else:
        times = "" if scale == 1 else f", times {format_number(scale)}"
        lead = f"Reported as a ratio: {parts}{times}{in_unit(measure.unit)}"
    text = f"{lead}; {span_words(measure, aggregation.span)}."
    if measure.grain is Grain.YEAR:
        return text
    if aggregation.span is Span.PERIOD:
        grains = f"{grain_word(measure.grain)}s"
        if aggregation.year_to_date is YearToDate.WEIGHTED:
            text += (f" A year-to-date or whole-year figure adds up the {grains}' numerators "
                     "and denominators before dividing, so each "
                     f"{grain_word(measure.grain)} is weighted by its denominator.")
        else:
            text += (f" A year-to-date or whole-year figure is the unweighted mean of the "
                     f"{grains}' figures.")
    elif aggregation.span is Span.YEAR_TO_DATE:
        text += " Numerator and denominator both count from the start of the year."
    return text


def _rate(measure: Measure, aggregation: RateAggregation, catalogue: Catalogue) -> str:
    unit = measure.unit
    assert isinstance(unit, RateUnit)  # validation: a rate aggregation has a rate unit
    per = format_number(unit.per)
    return (f"Reported as a rate per {per} {_population_title(catalogue, unit.population)}: "
            f"{prose(aggregation.numerator)}, divided by the population for the same "
            f"{year_word(measure.calendar)}, times {per}; "
            f"{span_words(measure, aggregation.span)}.")


def _per_household(measure: Measure, aggregation: PerHouseholdAggregation,
                   catalogue: Catalogue) -> str:
    return (f"Reported per household: {prose(aggregation.numerator)}, divided by the number "
            f"of {_population_title(catalogue, aggregation.households)} for the same "
            f"{year_word(measure.calendar)}{in_unit(measure.unit)}; "
            f"{span_words(measure, aggregation.span)}.")


def _survey(measure: Measure, aggregation: SurveyAggregation, catalogue: Catalogue) -> str:
    respondents = aggregation.respondents
    sample = "" if respondents is None else (
        f" of {format_number(respondents)} respondent{'s' if respondents != 1 else ''}")
    what = (f": {measured(measure.unit)}{in_unit(measure.unit)}" if measure.unit.of
            else f", as {_A_UNIT.get(measure.unit.kind, 'a figure')}")
    return (f"Reported as the result of a survey{sample}{what}. A survey result stands "
            "alone: results are not added up or averaged across periods.")


def _formula(measure: Measure, aggregation: FormulaAggregation, catalogue: Catalogue) -> str:
    inputs = [f"{code(name)} is {prose(words)}" for name, words in aggregation.inputs.items()]
    return (f"Calculated as {code(aggregation.formula)}, where {join_words(inputs)}"
            f"{in_unit(measure.unit)}; {span_words(measure, aggregation.span)}.")


_SENTENCES: dict[type, Callable[..., str]] = {
    DiscreteAggregation: _discrete,
    CumulativeAggregation: _cumulative,
    SnapshotAggregation: _snapshot,
    AverageAggregation: _average,
    RollingAggregation: _rolling,
    RatioAggregation: _ratio,
    RateAggregation: _rate,
    PerHouseholdAggregation: _per_household,
    SurveyAggregation: _survey,
    FormulaAggregation: _formula,
}


def quantity_sentence(measure: Measure, catalogue: Catalogue) -> str:
    """How the figure reported for a period is made, with its unit."""
    aggregation = measure.aggregation
    return _SENTENCES[type(aggregation)](measure, aggregation, catalogue)


def population_sentences(measure: Measure, catalogue: Catalogue) -> list[str]:
    """The population a rate or per-household figure divides by: its figures and sources."""
    unit, aggregation = measure.unit, measure.aggregation
    if isinstance(aggregation, RateAggregation) and isinstance(unit, RateUnit):
        population_id = unit.population
    elif isinstance(aggregation, PerHouseholdAggregation):
        population_id = aggregation.households
    else:
        return []
    population = catalogue.spec.populations.get(population_id)
    if population is None:  # validation: populations resolve
        return []
    return [_population_figures(population_id, population)]


def _population_figures(population_id: str, population: Population) -> str:
    name = f"{prose(population.title)} ({code(population_id)})"
    if not population.figures:
        text = (f"The catalogue declares no figure for {name}, so a published figure is "
                "used as it was published and is not recalculated.")
    else:
        figures = []
        for figure in sorted(population.figures, key=lambda f: f.year, reverse=True):
            implied = "implied, not stated; " if figure.implied else ""
            figures.append(f"{format_number(figure.value)} for {prose(figure.year)} "
                           f"({implied}source: {prose(figure.source)})")
        text = f"The population, {name}, is {join_words(figures)}."
    if population.note:
        text += f" {prose(population.note)}"
    return text
