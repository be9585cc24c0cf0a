"""Property tests of the generated documentation: any valid spec renders, says its
rules, and renders the same bytes every time."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings

from kpirules.catalogue import Measure
from kpirules.models import DotMethod, FixedComparator, Polarity, RagOtherwise, Tolerance
from kpirules.observations import ObservationSet
from kpirules.periods import Grain, Period
from kpirules.render.methodology import methodology
from kpirules.render.site import build_site
from strategies import SpecSetData, spec_sets
from strategies_docs import build_generated

# Generating a catalogue is the slow part; a quarter of the profile's examples keeps these
# three tests to a few seconds in CI (25 examples) and lets the dev profile go further.
PROPERTY_SETTINGS = settings(max_examples=max(10, settings().max_examples // 4),
                             deadline=None)

_RATING = {"G": "Green", "A": "Amber", "R": "Red"}


def _plain(markdown: str) -> str:
    """Rendered words, roughly: Markdown escapes and currency signs removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("£", "")


def _number(value: Decimal) -> str:
    """A spec number as a reader sees it, written independently of the library."""
    return f"{value:,f}"


def _tolerance(measure: Measure, tolerance: Tolerance) -> Decimal:
    """The tolerance evaluation applies: points for percentages, else absolute, else
    relative (the order `Tolerance`'s docstring gives)."""
    if measure.unit.kind == "percentage" and tolerance.points is not None:
        return tolerance.points
    if tolerance.absolute is not None:
        return tolerance.absolute
    assert tolerance.relative is not None
    return tolerance.relative


def _comparator(measure: Measure) -> str:
    comparator = measure.dot.comparator
    if isinstance(comparator, FixedComparator):
        return str(Period.parse(comparator.period, measure.calendar))
    if measure.grain is Grain.YEAR:
        return "the previous year"
    if comparator == "previous_period":
        return f"the previous {measure.grain.value}"
    return f"the same {measure.grain.value} of the previous year"


@PROPERTY_SETTINGS
@given(spec_sets())
def test_any_valid_spec_renders(specs: SpecSetData) -> None:
    """Every valid generated catalogue renders a page per indicator and an index, with
    and without (empty) data."""
    catalogue = build_generated(specs)
    files = build_site(catalogue)
    assert set(files) == {"index.md"} | {f"{i.id}.md" for i in catalogue.indicators}
    assert all(text.endswith("\n") and text.strip() for text in files.values())
    if catalogue.latest_report is not None:
        with_data = build_site(catalogue, ObservationSet([]), {})
        assert set(with_data) == set(files)


@PROPERTY_SETTINGS
@given(spec_sets())
def test_every_target_tolerance_and_comparator_is_in_the_words(specs: SpecSetData) -> None:
    """Each declared target (year and figures), the tolerance that applies, each rule and
    the comparator appear in the indicator's methodology."""
    catalogue = build_generated(specs)
    for indicator in catalogue.indicators:
        words = _plain(methodology(indicator, catalogue))
        for measure in indicator.measures:
            for year, target in measure.targets.items():
                assert f"Target {year}:" in words
                numbers = [v for v in (target.value, target.annual) if v is not None]
                numbers += [v for v in target.profile or () if not isinstance(v, str)]
                if target.band is not None:
                    numbers += [target.band.low, target.band.high]
                for number in numbers:
                    assert _number(number) in words, (year, number)
                if target.profile is not None and "n/a" in target.profile:
                    assert "n/a" in words
                if target.none is not None:
                    assert target.none.value.replace("_", " ") in words
            if measure.polarity is Polarity.NONE:
                assert "no RAG rating and no direction of travel" in words
                continue
            with_figures = [t for t in measure.targets.values() if t.none is None]
            floors_only = bool(with_figures) and all(t.floor is not None for t in with_figures)
            if measure.rag.tolerance is not None and not floors_only:
                assert _number(_tolerance(measure, measure.rag.tolerance)) in words
            for target in measure.targets.values():
                if target.floor is not None and measure.rag.tolerance is not None:
                    assert "floor" in words and _number(target.floor) in words
            for rule in measure.rag.rules or ():
                if isinstance(rule, RagOtherwise):
                    assert f"otherwise {_RATING[rule.otherwise.value]}" in words
                elif rule.label is None:
                    assert f"{_RATING[rule.rating.value]} when `{rule.when}`" in words
                else:
                    # A label stands for the formula; printable labels appear as written.
                    assert f"{_RATING[rule.rating.value]} when " in words
                    if rule.label.isalnum():
                        assert f"when {rule.label}" in words
            if measure.rag.compare is not None:
                assert "Rated by comparison with" in words
            if measure.rag.assurance is not None:
                assert "Rated by SPC assurance against the target" in words
            if measure.dot.method is DotMethod.SPC:
                assert "Direction of travel is the SPC variation of the latest point" in words
            elif measure.dot.method is DotMethod.RECENT_TREND:
                assert "Direction of travel is the recent trend" in words
            else:
                assert _comparator(measure) in words
            if measure.spc is not None:
                assert "XmR chart" in words
                assert f"a run of {measure.spc.run} or more" in words
                for period, _ in measure.spc.rebase:
                    assert f"rebased at {period}" in words


@PROPERTY_SETTINGS
@given(spec_sets())
def test_rendering_is_deterministic(specs: SpecSetData) -> None:
    """The same specs, built twice from their text, render the same bytes."""
    first = build_site(build_generated(specs))
    second = build_site(build_generated(specs))
    assert first == second
