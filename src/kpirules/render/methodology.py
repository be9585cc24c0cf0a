"""An indicator's methodology in plain English, generated from its resolved spec.

One small function per concept (polarity, what is reported, targets by year, the RAG
rule, the direction-of-travel comparator, reporting and lag, breakdowns, judgements),
each returning sentences. `methodology` assembles them into the Markdown of a page's
"Methodology" section: for each measure, a first paragraph with the rules themselves,
in the order a reader checks a figure (which way is better, what the figure is, the
target, the rating, the comparison), then a paragraph of the details behind them.

The words come from the resolved `Measure`, after the catalogue's defaults are filled
in, so that what the page says is what evaluation does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kpirules.catalogue import Catalogue, Indicator, Measure
from kpirules.evaluation.explain import default_decimals
from kpirules.models import (
    BreakdownSpec,
    DotMethod,
    DotSpec,
    FixedComparator,
    Lag,
    Polarity,
    RagOtherwise,
    RagSpec,
    Rating,
    ShareTotal,
    TargetSpec,
    Tolerance,
    Unit,
)
from kpirules.numbers import format_number
from kpirules.periods import Grain, Period
from kpirules.render.mdtext import code, join_words, prose
from kpirules.render.methodology_statistics import (
    compare_rating_sentences,
    floor_sentence,
    statistics_sentences,
    trend_sentences,
)
from kpirules.render.quantity import population_sentences, quantity_sentence
from kpirules.render.spc_words import spc_dot_sentences, spc_rag_sentences, spc_sentences
from kpirules.render.words import (
    amount,
    amounts,
    calendar_years,
    grain_word,
    period_name,
    unit_short,
)
from kpirules.stats import level_words

__all__ = [
    "JudgementNote",
    "applied_tolerance",
    "breakdown_sentence",
    "comparator_words",
    "dot_sentences",
    "judgement_sentence",
    "lag_sentence",
    "measure_methodology",
    "methodology",
    "polarity_sentence",
    "rag_sentences",
    "reporting_sentence",
    "target_sentence",
    "target_sentences",
]

RATING_WORDS = {Rating.GREEN: "Green", Rating.AMBER: "Amber", Rating.RED: "Red"}

_POLARITY = {
    Polarity.HIGHER_IS_BETTER: "Higher is better.",
    Polarity.LOWER_IS_BETTER: "Lower is better.",
    Polarity.WITHIN_BAND: "Better within the target band: too low and too high are both "
    "worse.",
    Polarity.CLOSEST_TO: "Closest to the target is best: further away, either way, is worse.",
    Polarity.NONE: "A contextual measure: neither higher nor lower is better, so it has no "
    "RAG rating and no direction of travel.",
}
_BREAKDOWN_UNITS = {"count": "counts", "percentage": "percentages", "score": "scores",
                    "money": "amounts of money"}
_NO_TARGET = {"to_be_agreed": "to be agreed", "not_set": "not set", "not_stated": "not stated",
              "not_applicable": "not applicable"}


@dataclass(frozen=True)
class JudgementNote:
    """A published rating that is a judgement rather than the rule's, for the words."""

    period: Period
    rating: Rating
    rule_rating: Rating | None
    rule_reason: str
    reason: str
    quoted_from: str | None = None
    report: Period | None = None


# Polarity and reporting ------------------------------------------------------------


def polarity_sentence(polarity: Polarity) -> str:
    """`Lower is better.`"""
    return _POLARITY[polarity]


def reporting_sentence(measure: Measure) -> str:
    """How often figures come, in which calendar, and to how many places."""
    places = measure.decimals if measure.decimals is not None else default_decimals(
        measure.unit)
    shown = "as whole numbers" if places == 0 else (
        f"to {places} decimal place{'s' if places != 1 else ''}")
    frequency = {Grain.MONTH: "monthly", Grain.QUARTER: "quarterly", Grain.YEAR: "annual"}
    return (f"Figures are {frequency[measure.grain]}, for {calendar_years(measure.calendar)}, "
            f"and shown {shown}.")


def lag_sentence(lag: Lag | None) -> str | None:
    """`Figures are reported 1 month in arrears ...`, or None without a lag."""
    if lag is None:
        return None
    if lag.months == 0:
        text = "Figures are available as soon as the period ends (no lag)."
    else:
        months = "1 month" if lag.months == 1 else f"{lag.months} months"
        text = (f"Figures are reported {months} in arrears, so the latest figure can be for "
                "an earlier period than the report's.")
    if lag.note:
        text += f" The spec says: {prose(lag.note)}"
    return text


# Targets ---------------------------------------------------------------------------


def target_sentence(measure: Measure, year: Period, spec: TargetSpec) -> str:
    """One year's target: `Target 2019/20: 1,357 / 2,757 / 4,005 / 5,226 by quarter.`"""
    unit, grain = measure.unit, measure.grain
    label = f"Target {year}:"
    every = "" if grain is Grain.YEAR else f" in every {grain_word(grain)}"
    floor = f", with a floor of {amount(unit, spec.floor)}" if spec.floor is not None else ""
    if spec.value is not None:
        return f"{label} {amount(unit, spec.value)}{every}{floor}."
    if spec.band is not None:
        return (f"{label} between {amount(unit, spec.band.low)} and "
                f"{amount(unit, spec.band.high)}{every}, both included.")
    if spec.profile is not None:
        return _profile_sentence(measure, label, spec.profile)
    if spec.annual is not None:
        if grain is Grain.YEAR:
            return f"{label} {amount(unit, spec.annual)} for the year."
        last = period_name(measure.calendar, grain, grain.per_year)
        return (f"{label} {amount(unit, spec.annual)} for the year as a whole, which applies "
                f"to the year's figure and to {last}; the other {grain_word(grain)}s have no "
                "target.")
    assert spec.none is not None
    return f"{label} {_NO_TARGET[spec.none.value]}."


def _profile_sentence(measure: Measure, label: str, profile: Sequence[Decimal | str]) -> str:
    grain = measure.grain
    if grain is Grain.YEAR and len(profile) == 1:
        entry = profile[0]
        return f"{label} {'none (n/a)' if isinstance(entry, str) else amount(measure.unit, entry)}."
    text = f"{label} {amounts(measure.unit, profile)} by {grain_word(grain)}"
    gaps = [period_name(measure.calendar, grain, i + 1)
            for i, entry in enumerate(profile) if isinstance(entry, str)]
    if gaps:
        which = "that" if len(gaps) == 1 else "those"
        text += (f", with no target (n/a) for {join_words(gaps)}, so {which} "
                 f"{grain_word(grain)}{'s are' if len(gaps) > 1 else ' is'} not rated")
    return text + "."


def target_sentences(measure: Measure) -> list[str]:
    """Every year's target, latest year first."""
    years = sorted(measure.targets.items(), key=lambda item: item[0], reverse=True)
    if not years:
        return ["No targets are declared."]
    return [target_sentence(measure, year, spec) for year, spec in years]


def _target_notes(measure: Measure) -> list[str]:
    years = sorted(measure.targets.items(), key=lambda item: item[0], reverse=True)
    return [f"On the {year} target: {prose(spec.note)}" + _stop(spec.note)
            for year, spec in years if spec.note]


def _stop(text: str) -> str:
    """A full stop, unless the text ends a sentence already (perhaps inside a quote)."""
    end = text.rstrip().rstrip("\"'”’)")
    return "" if end.endswith((".", "!", "?")) else "."


def _zero_targets(measure: Measure) -> bool:
    values: list[Decimal | str] = []
    for spec in measure.targets.values():
        values.extend(v for v in (spec.value, spec.annual) if v is not None)
        values.extend(spec.profile or ())
    return any(not isinstance(v, str) and v == 0 for v in values)


# RAG -------------------------------------------------------------------------------


def applied_tolerance(unit: Unit, tolerance: Tolerance) -> tuple[str, Decimal]:
    """Which of a tolerance's amounts applies to this unit, as evaluation applies it:
    points for a percentage when given, else an absolute amount when given, else a
    relative one."""
    if unit.kind == "percentage" and tolerance.points is not None:
        return "points", tolerance.points
    if tolerance.absolute is not None:
        return "absolute", tolerance.absolute
    assert tolerance.relative is not None  # a validated tolerance gives one that suits
    return "relative", tolerance.relative


def _tolerance_words(measure: Measure, kind: str, size: Decimal) -> str:
    if kind == "points":
        return f"{format_number(size)} percentage point{'' if size == 1 else 's'}"
    if kind == "absolute":
        return amount(measure.unit, size)
    of = {Polarity.WITHIN_BAND: " of the nearer bound", Polarity.CLOSEST_TO: " of the target"}
    return f"{format_number(size)}%{of.get(measure.polarity, '')}"


def _by_tolerance(measure: Measure, tolerance: Tolerance) -> list[str]:
    kind, size = applied_tolerance(measure.unit, tolerance)
    words = _tolerance_words(measure, kind, size)
    green, amber = {
        Polarity.HIGHER_IS_BETTER: ("at or above target", f"no more than {words} below"),
        Polarity.LOWER_IS_BETTER: ("at or below target", f"no more than {words} above"),
        Polarity.WITHIN_BAND: ("within the target band",
                               f"outside it by no more than {words}"),
        Polarity.CLOSEST_TO: ("exactly on target", f"no more than {words} away from it"),
    }[measure.polarity]
    if size == 0:
        sentences = [f"Green when {green}; Red otherwise: the amber tolerance is {words}, so "
                     "no figure is Amber."]
    else:
        sentences = [f"Green when {green}; Amber when {amber}; Red otherwise."]
    if kind == "relative" and size != 0 and _zero_targets(measure):
        sentences.append(f"Against a target of zero, {format_number(size)}% of the target "
                         "is nothing, so only the target itself is Green and any other figure "
                         "is Red.")
    return sentences


def _by_rules(rag: RagSpec) -> list[str]:
    assert rag.rules is not None
    steps = []
    for rule in rag.rules:
        if isinstance(rule, RagOtherwise):
            steps.append(f"otherwise {RATING_WORDS[rule.otherwise]}")
        else:
            condition = prose(rule.label) if rule.label else code(rule.when)
            steps.append(f"{RATING_WORDS[rule.rating]} when {condition}")
    return [f"Rated by rules tried in order: {'; '.join(steps)}."]


def rag_sentences(measure: Measure) -> list[str]:
    """The RAG rule in words: `Green when at or below target; Amber when ...`."""
    if measure.polarity is Polarity.NONE:
        return []
    if measure.rag.compare is not None:
        return []  # worded with the benchmark's label, in `compare_rating_sentences`
    if measure.rag.tolerance is not None:
        floor = floor_sentence(measure)
        if floor is None:
            return _by_tolerance(measure, measure.rag.tolerance)
        with_figures = [spec for spec in measure.targets.values() if spec.none is None]
        if all(spec.floor is not None for spec in with_figures):
            return [floor]
        return [*_by_tolerance(measure, measure.rag.tolerance),
                f"Where a year's target has a floor, the floor takes the tolerance's place. "
                f"{floor}"]
    if measure.rag.assurance is not None:
        return spc_rag_sentences(measure)
    return _by_rules(measure.rag)


def _rag_details(measure: Measure) -> list[str]:
    if measure.polarity is Polarity.NONE:
        return []
    found = []
    if measure.rag.rules is not None:
        names = "`low` and `high`" if measure.polarity is Polarity.WITHIN_BAND else "`target`"
        found.append(f"In the rules, `value` is the figure, {names} its target and "
                     "`comparator` the figure direction of travel compares it with.")
        within = measure.dot.unchanged_within
        if within and measure.rules is not None and any(
                "comparator" in expression.names_used for expression, _ in measure.rules.rules):
            size = (f"{format_number(within)} percentage point{'' if within == 1 else 's'}"
                    if measure.unit.kind == "percentage" else amount(measure.unit, within))
            found.append(f"As for direction of travel, a change of no more than {size} "
                         "counts as none: the rules then see `comparator` equal to `value`.")
        statistics = measure.statistics
        if statistics is not None and statistics.interval is not None:
            level = level_words(float(statistics.interval.confidence[0]))
            found.append(f"`lower` and `upper` are the limits of its {level} confidence "
                         "interval.")
        if statistics is not None and statistics.compare is not None:
            found.append("`benchmark` is the figure of the benchmark it is compared with "
                         f"(`{statistics.compare.benchmark}`), and `benchmark_lower` and "
                         "`benchmark_upper` its published interval.")
    if measure.rag_is_default:
        found.append("This is the catalogue's RAG rule, which applies to every indicator "
                     "that does not declare its own.")
    else:
        found.append("The spec declares this RAG rule itself.")
        if measure.rag.note:
            found.append(f"Its source: {prose(measure.rag.note)}{_stop(measure.rag.note)}")
    if measure.rag.compare is None:
        found.append("A period without a target is not rated by the rule.")
    return found


# Direction of travel ------------------------------------------------------------------


def comparator_words(measure: Measure) -> str:
    """`the same quarter of the previous year`, `the previous quarter`, `2018/19 Q4`."""
    comparator = measure.dot.comparator
    grain = grain_word(measure.grain)
    if isinstance(comparator, FixedComparator):
        period = measure.comparator_period
        return f"a fixed period, {period if period is not None else prose(comparator.period)}"
    if measure.grain is Grain.YEAR:
        return "the previous year"
    if comparator == "previous_period":
        return f"the previous {grain}"
    return f"the same {grain} of the previous year"


def dot_sentences(measure: Measure) -> list[str]:
    """`Direction of travel compares with the same quarter of the previous year.`"""
    if measure.dot.method is DotMethod.SPC:
        return spc_dot_sentences(measure)
    if measure.polarity is Polarity.NONE:
        return []
    if measure.dot.method is DotMethod.RECENT_TREND:
        return trend_sentences(measure)
    return [f"Direction of travel compares with {comparator_words(measure)}."]


def _dot_details(measure: Measure, dot: DotSpec) -> list[str]:
    if measure.polarity is Polarity.NONE or dot.method is DotMethod.SPC:
        return []
    better = {
        Polarity.HIGHER_IS_BETTER: "a higher figure is an improvement",
        Polarity.LOWER_IS_BETTER: "a lower figure is an improvement",
        Polarity.WITHIN_BAND: "a figure nearer the target band, or inside it, is an "
        "improvement",
        Polarity.CLOSEST_TO: "a figure nearer the target is an improvement",
    }[measure.polarity]
    within = dot.unchanged_within
    if within is None or within == 0:
        same = "equal figures are unchanged"
    else:
        size = (f"{format_number(within)} percentage point{'' if within == 1 else 's'}"
                if measure.unit.kind == "percentage" else amount(measure.unit, within))
        same = f"a change of no more than {size} counts as unchanged"
    text = f"For direction of travel, {better} and {same}."
    if dot.note:
        text += f" {prose(dot.note)}{_stop(dot.note)}"
    return [text]


# Breakdowns and judgements --------------------------------------------------------------


def breakdown_sentence(breakdown: BreakdownSpec, indicator: Indicator) -> str:
    """A breakdown table: its dimensions, unit and how it relates to the headline."""
    dimensions = join_words([prose(d.replace("-", " ")) for d in breakdown.dimensions])
    unit = _BREAKDOWN_UNITS.get(breakdown.unit.kind) or unit_short(breakdown.unit)
    if breakdown.unit.of and breakdown.unit.kind in ("count", "percentage"):
        unit += f" of {prose(breakdown.unit.of)}"
    elif breakdown.unit.of:
        unit += f" ({prose(breakdown.unit.of)})"
    places = ("whole numbers" if breakdown.decimals == 0
              else f"{breakdown.decimals} decimal place{'s' if breakdown.decimals != 1 else ''}")
    text = f"**{prose(breakdown.title)}**: by {dimensions}, in {unit} ({places})"
    if breakdown.measure is not None:
        measure = next((m for m in indicator.measures if m.id == breakdown.measure), None)
        title = prose(measure.title) if measure is not None else code(breakdown.measure)
        text += f", breaking down the measure “{title}”"
    total = breakdown.total
    if isinstance(total, ShareTotal):
        shares = join_words([f"{prose(member)} by {prose(dim.replace('-', ' '))}"
                             for dim, member in total.share.items()])
        text += f"; the headline is the share of the breakdown's total that is {shares}"
    elif total == "sum":
        text += "; its figures add up to the headline figure"
    else:
        text += "; its figures do not add up to the headline figure"
    text += "."
    if breakdown.note:
        text += f" {prose(breakdown.note)}{_stop(breakdown.note)}"
    return text


def judgement_sentence(note: JudgementNote) -> str:
    """`The rating published for 2019/20 Q2 is a judgement: Amber where the rule gives Red,
    because: "..."`."""
    if note.rule_rating is not None:
        rule = RATING_WORDS[note.rule_rating]
    else:
        reason = note.rule_reason.removeprefix("no rating: ").removeprefix("no rating")
        rule = f"no rating ({prose(reason)})" if reason else "no rating"
    where = f" in the {note.report} report" if note.report not in (None, note.period) else ""
    text = (f"The rating published for {note.period}{where} is a judgement: "
            f"{RATING_WORDS[note.rating]} where the rule gives {rule}, because: "
            f"{prose(note.reason)}")
    if note.quoted_from:
        text += f" ({prose(note.quoted_from)})"
    return text + ("" if text.endswith(".") else ".")


# Assembly ------------------------------------------------------------------------------


def measure_methodology(indicator: Indicator, measure: Measure, catalogue: Catalogue,
                        judgement: JudgementNote | None = None) -> list[str]:
    """The paragraphs of one measure's methodology."""
    rules = [polarity_sentence(measure.polarity), quantity_sentence(measure, catalogue),
             *target_sentences(measure), *statistics_sentences(measure, catalogue),
             *rag_sentences(measure), *compare_rating_sentences(measure, catalogue),
             *dot_sentences(measure)]
    details = [reporting_sentence(measure)]
    lag = lag_sentence(indicator.spec.lag)
    if lag:
        details.append(lag)
    details += population_sentences(measure, catalogue)
    details += _target_notes(measure)
    details += _rag_details(measure)
    details += _dot_details(measure, measure.dot)
    paragraphs = [" ".join(rules), " ".join(details)]
    charted = spc_sentences(measure)
    if charted:
        paragraphs.append(" ".join(charted))
    if measure.note:
        paragraphs.append(f"Note: {prose(measure.note)}{_stop(measure.note)}")
    if judgement is not None:
        paragraphs.append(judgement_sentence(judgement))
    return paragraphs


def methodology(indicator: Indicator, catalogue: Catalogue,
                judgements: dict[str | None, JudgementNote] | None = None,
                level: int = 2) -> str:
    """The "Methodology" section of an indicator's page, as Markdown.

    `judgements` maps measure ids (None for the indicator as a whole) to the judgements
    of the latest report, when the page is generated with data.
    """
    judgements = judgements or {}
    head = "#" * level
    lines = [f"{head} Methodology", ""]
    if indicator.multi_measure:
        lines += [_measures_sentence(indicator), ""]
        if None in judgements:
            lines += [judgement_sentence(judgements[None]), ""]
        for measure in indicator.measures:
            lines += [f"{head}# {prose(measure.title)}", ""]
            for paragraph in measure_methodology(indicator, measure, catalogue,
                                                 judgements.get(measure.id)):
                lines += [paragraph, ""]
    else:
        measure = indicator.measures[0]
        for paragraph in measure_methodology(indicator, measure, catalogue,
                                             judgements.get(measure.id, judgements.get(None))):
            lines += [paragraph, ""]
    if indicator.spec.breakdowns:
        lines += [f"{head}# Breakdowns", ""]
        lines += [f"- {breakdown_sentence(b, indicator)}" for b in indicator.spec.breakdowns]
        lines.append("")
    if indicator.spec.notes:
        lines += [f"{head}# Encoding notes", "",
                  "How the card was encoded as a spec: discrepancies in the source and the "
                  "assumptions made.", ""]
        lines += [f"- {prose(note)}" for note in indicator.spec.notes]
        lines.append("")
    return "\n".join(lines)


def _measures_sentence(indicator: Indicator) -> str:
    count = len(indicator.measures)
    titles = join_words([f"“{prose(m.title)}”" for m in indicator.measures])
    text = f"This indicator reports {count} measure{'s' if count != 1 else ''}: {titles}."
    if indicator.headline is not None:
        text += (f" The headline measure, which stands for the indicator, is "
                 f"“{prose(indicator.headline.title)}”.")
    else:
        text += (" No measure stands for the indicator as a whole, so the indicator has no "
                 "rating of its own by rule.")
    return text
