"""The catalogue as evaluation sees it: validated, resolved and compiled once.

`load_catalogue` validates a specs folder (raising `SpecValidationError` with every
blocking issue) and builds frozen `Indicator` and `Measure` objects: defaults filled in,
periods parsed, RAG rules and formulas compiled. Evaluation never touches YAML.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

from kpirules._bulk import bulk
from kpirules.areas import Areas, build_areas
from kpirules.errors import EvaluationError, SpecValidationError
from kpirules.expressions import Expression, compile_expression
from kpirules.issues import Issue, Location, Severity
from kpirules.models import (
    Aggregation,
    BreakdownSpec,
    CatalogueSpec,
    DotSpec,
    FixedComparator,
    FormulaAggregation,
    Frequency,
    IndicatorSpec,
    PerHouseholdAggregation,
    Polarity,
    RagOtherwise,
    RagSpec,
    RateAggregation,
    RateUnit,
    Rating,
    RatioAggregation,
    SpcSpec,
    StatisticsSpec,
    TargetSpec,
    Theme,
    Unit,
)
from kpirules.numbers import to_fraction
from kpirules.paths import repository_root
from kpirules.periods import Calendar, Grain, Period
from kpirules.resolve import (
    MeasureDraft,
    draft_breakdowns,
    draft_measures,
    indicator_calendar,
    indicator_frequency,
)
from kpirules.spc.xmr import MINIMUM_POINTS
from kpirules.specfiles import CATALOGUE_FILE, SpecSet
from kpirules.target import Target
from kpirules.text import escape_controls
from kpirules.validation import validate
from kpirules.validation.checks import rule_names

__all__ = [
    "Catalogue",
    "Indicator",
    "Measure",
    "RuleList",
    "SpcSetup",
    "build_catalogue",
    "derivation_formula",
    "load_catalogue",
]

GRAIN_OF = {Frequency.MONTHLY: Grain.MONTH, Frequency.QUARTERLY: Grain.QUARTER,
            Frequency.ANNUAL: Grain.YEAR}

_NO_TARGET_WORDS = {
    "to_be_agreed": "target to be agreed",
    "not_set": "target not set",
    "not_stated": "no target stated",
    "not_applicable": "target not applicable",
}


@dataclass(frozen=True)
class RuleList:
    """Compiled RAG rules: the first whose condition holds gives the rating."""

    rules: tuple[tuple[Expression, Rating], ...]
    otherwise: Rating
    labels: tuple[str | None, ...] = ()
    """Each rule's label, in the same order, where the spec gives one."""

    def label(self, index: int) -> str | None:
        """The label of rule `index` (0-based), if it has one."""
        return self.labels[index] if index < len(self.labels) else None


@dataclass(frozen=True)
class SpcSetup:
    """A measure's SPC declaration with its periods parsed in the measure's calendar."""

    baseline_first: int | None
    """Limits from the first n points of each phase; None with a range or no baseline."""
    baseline_range: tuple[Period, Period] | None
    """Limits from the points of these periods (inclusive)."""
    rebase: tuple[tuple[Period, str], ...]
    """Each rebase period with its recorded reason, in the order the spec gives them."""
    run: int
    trend: int
    screen_outliers: bool
    minimum_points: int = MINIMUM_POINTS
    """The fewest baseline points that give limits."""


@dataclass(frozen=True)
class Measure:
    """One figure an indicator reports, with everything needed to evaluate it."""

    indicator_id: str
    id: str
    title: str
    polarity: Polarity
    unit: Unit
    decimals: int | None
    aggregation: Aggregation
    calendar: Calendar
    grain: Grain
    targets: Mapping[Period, TargetSpec]
    rag: RagSpec
    rag_is_default: bool
    rules: RuleList | None
    dot: DotSpec
    comparator_period: Period | None
    formula: Expression | None
    """The derivation of the value from its inputs, for ratio, rate, per-household and
    formula aggregations."""
    inputs: tuple[str, ...]
    """The quantities the formula reads (observation `quantity` values)."""
    note: str | None = None
    spc: SpcSetup | None = None
    """The XmR chart the measure declares, if any."""
    statistics: StatisticsSpec | None = None
    """The confidence interval and benchmark comparison the measure declares."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.indicator_id, self.id)

    @property
    def is_percentage(self) -> bool:
        return self.unit.kind == "percentage"

    def target_for(self, period: Period) -> Target:
        """The target that applies to `period`, or none with the reason."""
        year = period.year_period()
        spec = self.targets.get(year)
        if spec is None:
            return Target(reason=f"no target for {year}")
        if spec.none is not None:
            return Target(reason=f"{_NO_TARGET_WORDS[spec.none.value]} for {year}",
                          note=spec.note)
        # A pooled figure ("2017 - 19") is read against its last year's target.
        if period.grain is not self.grain and period.grain is not Grain.YEAR \
                and not period.grain.pooled:
            return Target(reason=f"targets are set per {self.grain.value}, not per "
                          f"{period.grain.value}", note=spec.note)
        floor = to_fraction(spec.floor) if spec.floor is not None else None
        if spec.value is not None:
            return Target(value=to_fraction(spec.value), note=spec.note, floor=floor)
        if spec.band is not None:
            return Target(low=to_fraction(spec.band.low), high=to_fraction(spec.band.high),
                          note=spec.note)
        if spec.profile is not None:
            if period.grain is Grain.YEAR and self.grain is not Grain.YEAR:
                return Target(reason=f"the {year} targets are per {self.grain.value}",
                              note=spec.note)
            entry = spec.profile[period.index - 1] if period.index <= len(spec.profile) else None
            if entry is None or entry == "n/a":
                return Target(reason=f"target n/a for {period}", note=spec.note)
            return Target(value=to_fraction(entry), note=spec.note, floor=floor)
        if spec.annual is not None:
            last = period.grain is Grain.YEAR or period.index == period.grain.per_year
            if last:
                return Target(value=to_fraction(spec.annual), note=spec.note, floor=floor)
            return Target(reason=f"the {year} target is for the year as a whole",
                          note=spec.note)
        raise AssertionError("a validated target has a kind")


@dataclass(frozen=True)
class Indicator:
    """One indicator card: its spec and its resolved measures."""

    spec: IndicatorSpec
    path: str
    theme: Theme
    calendar: Calendar
    frequency: Frequency
    measures: tuple[Measure, ...]
    headline: Measure | None
    breakdowns: Mapping[str, BreakdownSpec]
    rated_breakdowns: Mapping[str, Measure] = field(
        default_factory=lambda: MappingProxyType({}))
    """Breakdowns whose rows are rated, by id: each as the measure it breaks down, in the
    breakdown's unit, with the targets and rule its `rate` gives."""

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def grain(self) -> Grain:
        return GRAIN_OF[self.frequency]

    @property
    def multi_measure(self) -> bool:
        return self.spec.measures is not None

    def measure(self, measure_id: str | None) -> Measure:
        if measure_id is None:
            if len(self.measures) == 1 and not self.multi_measure:
                return self.measures[0]
            raise EvaluationError(f"{self.id} has several measures; name one of "
                                  f"{', '.join(m.id for m in self.measures)}")
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise EvaluationError(f"{self.id} has no measure '{measure_id}'")


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: indicators in report order, populations, data paths."""

    spec: CatalogueSpec
    path: Path
    indicators: tuple[Indicator, ...]
    populations: Mapping[str, Mapping[str, Fraction]]
    """Population figures by id and year label (`2019/20`, `2019`)."""
    areas: Areas = field(default_factory=Areas)
    """Declared areas and comparator groups; empty for one organisation."""
    _by_id: Mapping[str, Indicator] = field(repr=False, compare=False, default_factory=dict)
    unchecked: frozenset[str] = frozenset()
    """Ids of indicators left out because their specs have errors (`validate --data`
    builds a catalogue of the rest): readers skip their rows rather than call them
    unknown."""
    data_root: Path | None = None
    """The folder the catalogue's data paths must stay inside, when the user widened
    it; None for the repository root (`kpirules.paths.repository_root`)."""
    data_origins: Mapping[str, tuple[Location, ...]] = field(
        repr=False, compare=False, default_factory=dict)
    """Where each `data:` entry is written in the catalogue file, by kind
    (`observations`, `reports`), for issues about the paths."""

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def confined_to(self) -> Path:
        """The folder every data path must resolve inside."""
        return self.data_root if self.data_root is not None else repository_root(self.path)

    @property
    def latest_report(self) -> Period | None:
        text = self.spec.latest_report
        if text is None:
            return None
        return Period.parse(text, Calendar(self.spec.defaults.calendar.value))

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise EvaluationError(f"no indicator '{indicator_id}' in the catalogue") from None

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    def population_is_implied(self, population_id: str, year: Period) -> bool:
        """Whether the population's figure for the year is implied rather than stated."""
        population = self.spec.populations.get(population_id)
        if population is None:
            return False
        whole = year.year_period()
        label = whole.calendar.year_label(whole.year)
        return any(f.implied for f in population.figures if f.year == label)

    def population(self, population_id: str, year: Period) -> Fraction | None:
        """The population's figure for the year containing `year`, if declared."""
        figures = self.populations.get(population_id, {})
        whole = year.year_period()
        return figures.get(whole.calendar.year_label(whole.year))

    @property
    def observation_paths(self) -> tuple[Path, ...]:
        return tuple(_join(self.root, p) for p in self.spec.data.observations)

    @property
    def report_paths(self) -> tuple[Path, ...]:
        return tuple(_join(self.root, p) for p in self.spec.data.reports)

    @property
    def benchmark_paths(self) -> tuple[Path, ...]:
        return tuple(_join(self.root, p) for p in self.spec.data.benchmarks)

    def themes(self) -> tuple[Theme, ...]:
        return self.spec.themes

    def with_areas(self, areas: Areas) -> Catalogue:
        """The same catalogue over other areas (those a Fingertips file names, say)."""
        return replace(self, areas=areas)


def _join(root: Path, relative: str) -> Path:
    """A data path relative to the catalogue, without `specs/../` in messages."""
    return Path(os.path.normpath(root / relative))


def load_catalogue(path: str | Path, *, data_root: str | Path | None = None) -> Catalogue:
    """Validate the specs under `path` (a folder or its catalogue.yaml) and build them.

    `path` is a folder holding `catalogue.yaml`, or that file; anything else is refused
    at once, without looking below it. The catalogue's data paths must resolve inside
    its repository root (`kpirules.paths.repository_root`) or, when given, `data_root`.
    Raises `SpecValidationError` listing every blocking issue.
    """
    target = Path(path)
    folder = target.parent if target.name == CATALOGUE_FILE else target
    if not (folder / CATALOGUE_FILE).is_file():
        raise SpecValidationError([Issue(
            "KPI024", Severity.ERROR,
            f"no {CATALOGUE_FILE} here: a catalogue is a specs folder holding "
            f"{CATALOGUE_FILE}, or that file", Location(escape_controls(str(target))))])
    with bulk():
        report = validate([folder], data_root=data_root)
        blocking = [issue for issue in report.issues if issue.blocking]
        if blocking:
            raise SpecValidationError(blocking)
        catalogue = build_catalogue(report.specs)
    if data_root is not None:
        catalogue = replace(catalogue, data_root=Path(os.path.realpath(data_root)))
    return catalogue


def build_catalogue(specs: SpecSet) -> Catalogue:
    """Build a catalogue from spec files that have passed validation."""
    if specs.catalogue is None or specs.catalogue.model is None:
        raise SpecValidationError(list(specs.issues) or [_no_catalogue()])
    spec = specs.catalogue.model
    themes = {theme.id: theme for theme in spec.themes}
    populations = {
        name: MappingProxyType({
            figure.year: to_fraction(figure.value) for figure in population.figures
        })
        for name, population in spec.populations.items()
    }
    built = []
    for file in specs.indicators:
        if file.model is None:
            raise SpecValidationError(list(file.issues))
        built.append(_indicator(file.path, file.model, spec, themes))
    area_specs = [spec.areas] if spec.areas is not None else []
    for areas_file in specs.areas:
        if areas_file.model is None:
            raise SpecValidationError(list(areas_file.issues))
        area_specs.append(areas_file.model)
    order = _report_order(spec, built)
    indicators = tuple(sorted(built, key=order))
    document = specs.catalogue.document
    origins = {
        kind: tuple(document.locate(("data", kind, i))
                    for i in range(len(getattr(spec.data, kind))))
        for kind in ("observations", "reports", "benchmarks")
    }
    return Catalogue(
        spec=spec,
        path=Path(specs.catalogue.path),
        indicators=indicators,
        populations=MappingProxyType(populations),
        areas=build_areas(area_specs),
        _by_id=MappingProxyType({indicator.id: indicator for indicator in indicators}),
        data_origins=MappingProxyType(origins),
    )


def _no_catalogue() -> Issue:
    return Issue("KPI024", Severity.ERROR, "no catalogue file", Location("."))


def _report_order(
    spec: CatalogueSpec, indicators: Sequence[Indicator]
) -> Callable[[Indicator], tuple[int, int, str]]:
    theme_rank = {theme.id: i for i, theme in enumerate(spec.themes)}
    listed = {
        indicator_id: position
        for theme in spec.themes
        for position, indicator_id in enumerate(theme.indicators)
    }

    def key(indicator: Indicator) -> tuple[int, int, str]:
        return (theme_rank.get(indicator.spec.theme, len(theme_rank)),
                listed.get(indicator.id, len(listed)), indicator.path)

    return key


def _indicator(
    path: str, spec: IndicatorSpec, catalogue: CatalogueSpec, themes: Mapping[str, Theme]
) -> Indicator:
    calendar = Calendar(indicator_calendar(spec, catalogue.defaults).value)
    frequency = indicator_frequency(spec, catalogue.defaults)
    measures = tuple(
        _measure(spec, draft, calendar, frequency)
        for draft in draft_measures(spec, catalogue.defaults)
    )
    headline: Measure | None
    if spec.measures is None:
        headline = measures[0]
    elif spec.headline is not None:
        headline = next(m for m in measures if m.id == spec.headline)
    else:
        headline = None
    return Indicator(
        spec=spec,
        path=path,
        theme=themes[spec.theme],
        calendar=calendar,
        frequency=frequency,
        measures=measures,
        headline=headline,
        breakdowns=MappingProxyType({b.id: b for b in spec.breakdowns}),
        rated_breakdowns=MappingProxyType({
            spec.breakdowns[draft.breakdown].id: _measure(spec, draft, calendar, frequency)
            for draft in draft_breakdowns(spec, catalogue.defaults)
            if draft.breakdown is not None
        }),
    )


def _measure(
    spec: IndicatorSpec, draft: MeasureDraft, calendar: Calendar, frequency: Frequency
) -> Measure:
    assert draft.polarity is not None and draft.unit is not None
    assert draft.aggregation is not None
    formula, inputs = derivation_formula(draft.aggregation, draft.unit)
    rules = None
    if draft.rag.rules is not None:
        compiled = []
        labels: list[str | None] = []
        otherwise = Rating.RED
        for rule in draft.rag.rules:
            if isinstance(rule, RagOtherwise):
                otherwise = rule.otherwise
            else:
                # Checked against every name a rule may use, then compiled with only the
                # names it reads, so that an unused comparator may be missing.
                checked = _compiled(rule.when, _sorted_names(rule_names(draft)), "boolean")
                used = tuple((name, "number") for name in sorted(checked.names_used))
                compiled.append((_compiled(rule.when, used, "boolean"), rule.rating))
                labels.append(rule.label)
        rules = RuleList(tuple(compiled), otherwise, tuple(labels))
    comparator = draft.dot.comparator
    return Measure(
        indicator_id=spec.id,
        id=draft.id,
        title=draft.title,
        polarity=draft.polarity,
        unit=draft.unit,
        decimals=draft.decimals,
        aggregation=draft.aggregation,
        calendar=calendar,
        grain=GRAIN_OF[frequency],
        targets=MappingProxyType({
            Period.parse(year, calendar): target for year, target in draft.targets.items()
        }),
        rag=draft.rag,
        rag_is_default=draft.rag_is_default,
        rules=rules,
        dot=draft.dot,
        comparator_period=(Period.parse(comparator.period, calendar)
                           if isinstance(comparator, FixedComparator) else None),
        formula=formula,
        inputs=inputs,
        note=draft.note,
        spc=_spc_setup(draft.spc, calendar) if draft.spc is not None else None,
        statistics=draft.statistics,
    )


def _spc_setup(spec: SpcSpec, calendar: Calendar) -> SpcSetup:
    baseline = spec.baseline
    first = baseline.first if baseline is not None else None
    span = None
    if baseline is not None and baseline.start is not None and baseline.end is not None:
        span = (Period.parse(baseline.start, calendar), Period.parse(baseline.end, calendar))
    rebase = [(Period.parse(r.period, calendar), r.reason) for r in spec.rebase]
    return SpcSetup(baseline_first=first, baseline_range=span, rebase=tuple(rebase),
                    run=spec.rules.run, trend=spec.rules.trend,
                    screen_outliers=spec.screen_outliers,
                    minimum_points=spec.minimum_points)


def derivation_formula(
    aggregation: Aggregation, unit: Unit
) -> tuple[Expression | None, tuple[str, ...]]:
    """Ratio, rate and per-household figures are formulas over their inputs.

    For a rate the denominator is the population's figure for the year; for a
    per-household figure, the number of households.
    """
    if isinstance(aggregation, RatioAggregation):
        source = f"numerator / denominator * {aggregation.scale}"
    elif isinstance(aggregation, RateAggregation) and isinstance(unit, RateUnit):
        source = f"numerator / denominator * {unit.per}"
    elif isinstance(aggregation, PerHouseholdAggregation):
        source = "numerator / denominator"
    elif isinstance(aggregation, FormulaAggregation):
        names = tuple(aggregation.inputs)
        return _compiled(aggregation.formula,
                         tuple((name, "number") for name in names), None), names
    else:
        return None, ()
    names = ("numerator", "denominator")
    return _compiled(source, (("numerator", "number"), ("denominator", "number")), None), names


def _sorted_names(names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(names.items()))


@functools.lru_cache(maxsize=4096)
def _compiled(source: str, names: tuple[tuple[str, str], ...], result: str | None
              ) -> Expression:
    """An expression compiled once for all the measures that share it: a catalogue of
    thousands of ratios has a handful of formulas, and an `Expression` is immutable."""
    return compile_expression(source, names=dict(names), result=result)
