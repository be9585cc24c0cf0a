"""Checks across spec files, each a small function from a spec set to issues.

Schema validation sees one file at a time; these checks see the catalogue as a whole:
ids that must be unique, references that must resolve, expressions that must compile
against the names they may use, targets that must suit polarity and frequency, and RAG
rules that must always give one rating. All checks are listed in `DEFAULT_CHECKS`.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kpirules.errors import (
    ExpressionError,
    ExpressionNameError,
    ExpressionTypeError,
    PeriodError,
)
from kpirules.issues import Issue, Location, Severity
from kpirules.models import (
    BasicUnit,
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
    RatioAggregation,
)
from kpirules.periods import Calendar, Period
from kpirules.resolve import (
    MeasureDraft,
    draft_breakdowns,
    draft_measures,
    indicator_calendar,
    indicator_frequency,
)
from kpirules.specfiles import SpecFile, SpecSet
from kpirules.validation.areas import area_sources, check_area_specs
from kpirules.validation.spc import check_spc
from kpirules.validation.statistics import check_statistics
from kpirules.yamlsource import YamlDocument

__all__ = ["DEFAULT_CHECKS", "STATISTICS_RULE_NAMES", "Check", "rule_names", "run_checks"]

STATISTICS_RULE_NAMES = ("lower", "upper", "benchmark", "benchmark_lower", "benchmark_upper")
"""Rule inputs from a measure's statistics: its interval at the first declared level and
the compared benchmark's figure and interval."""

Check = Callable[["CheckContext"], Iterable[Issue]]

_PERIODS_PER_YEAR = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.ANNUAL: 1}
_MEASURE_FIELDS = ("polarity", "unit", "aggregation")


@dataclass(frozen=True)
class IndicatorView:
    """One valid indicator file with its drafts, for checks to look at."""

    file: SpecFile[IndicatorSpec]
    spec: IndicatorSpec
    measures: tuple[MeasureDraft, ...]
    calendar: Calendar
    frequency: Frequency
    breakdowns: tuple[MeasureDraft, ...] = ()
    """Rated breakdowns, as the measures their rows are rated as."""

    @property
    def rated(self) -> tuple[MeasureDraft, ...]:
        """Everything that gets a rating: the measures, then the rated breakdowns."""
        return self.measures + self.breakdowns

    def path_of(self, draft: MeasureDraft, field: str) -> tuple[str | int, ...]:
        """Where a measure field is written: on the measure if it says so, else above.

        A rated breakdown's field is where its `rate` gives it, else the measure's.
        """
        if draft.breakdown is not None:
            rate = self.spec.breakdowns[draft.breakdown].rate
            if not isinstance(rate, str) and getattr(rate, field, None) is not None:
                return ("breakdowns", draft.breakdown, "rate", field)
            if field in ("unit", "decimals"):
                return ("breakdowns", draft.breakdown, field)
        if draft.index is not None and self.spec.measures is not None:
            measure = self.spec.measures[draft.index]
            if getattr(measure, field, None) is not None:
                return ("measures", draft.index, field)
        return (field,)

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> Location:
        return self.file.document.locate(path, key=key)


@dataclass(frozen=True)
class CheckContext:
    specs: SpecSet
    catalogue: CatalogueSpec | None
    indicators: tuple[IndicatorView, ...]

    @property
    def catalogue_file(self) -> SpecFile[CatalogueSpec] | None:
        return self.specs.catalogue


def _context(specs: SpecSet) -> CheckContext:
    catalogue = specs.catalogue.model if specs.catalogue is not None else None
    views = []
    if catalogue is not None:
        for file in specs.indicators:
            if file.model is None:
                continue
            spec = file.model
            views.append(IndicatorView(
                file=file,
                spec=spec,
                measures=draft_measures(spec, catalogue.defaults),
                breakdowns=draft_breakdowns(spec, catalogue.defaults),
                calendar=Calendar(indicator_calendar(spec, catalogue.defaults).value),
                frequency=indicator_frequency(spec, catalogue.defaults),
            ))
    return CheckContext(specs, catalogue, tuple(views))


def _issue(code: str, message: str, location: Location, *, warning: bool = False) -> Issue:
    return Issue(code, Severity.WARNING if warning else Severity.ERROR, message, location)


def _did_you_mean(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- identity and references ---------------------------------------------------------


def check_unique_ids(ctx: CheckContext) -> Iterator[Issue]:
    """Each indicator id is used by one file only."""
    first: dict[str, IndicatorView] = {}
    for view in ctx.indicators:
        seen = first.get(view.spec.id)
        if seen is None:
            first[view.spec.id] = view
            continue
        where = seen.locate(("id",))
        yield _issue("KPI020", f"indicator id '{view.spec.id}' is already used at {where}",
                     view.locate(("id",)))


def check_themes(ctx: CheckContext) -> Iterator[Issue]:
    """Every indicator's theme is declared in the catalogue, and theme ids are unique."""
    if ctx.catalogue is None:
        return
    themes = [theme.id for theme in ctx.catalogue.themes]
    file = ctx.catalogue_file
    seen: set[str] = set()
    for i, theme in enumerate(themes):
        if theme in seen and file is not None:
            yield _issue("KPI020", f"theme id '{theme}' is declared twice",
                         file.document.locate(("themes", i, "id")))
        seen.add(theme)
    yield from _theme_lists(ctx, file)
    for view in ctx.indicators:
        if view.spec.theme not in seen:
            yield _issue("KPI021", f"theme '{view.spec.theme}' is not declared in the catalogue"
                         f"{_did_you_mean(view.spec.theme, themes)}",
                         view.locate(("theme",)))
        elif Path(view.file.path).parent.name not in (view.spec.theme, "specs"):
            yield _issue("KPI026", f"the file is in folder '{Path(view.file.path).parent.name}'"
                         f" but its theme is '{view.spec.theme}'; keep a folder per theme",
                         view.locate(("theme",)), warning=True)


def _theme_lists(ctx: CheckContext, file: SpecFile[CatalogueSpec] | None) -> Iterator[Issue]:
    """A theme's `indicators` list names its own indicators, each once."""
    if ctx.catalogue is None or file is None:
        return
    theme_of = {view.spec.id: view.spec.theme for view in ctx.indicators}
    # A file that failed validation still declares its id; don't report it missing twice.
    unchecked = {str(data.get("id")) for file in ctx.specs.indicators if file.model is None
                 and isinstance(data := file.document.to_python(), dict)}
    listed: set[str] = set()
    for i, theme in enumerate(ctx.catalogue.themes):
        for j, indicator in enumerate(theme.indicators):
            location = file.document.locate(("themes", i, "indicators", j))
            if indicator in listed:
                yield _issue("KPI020", f"indicator '{indicator}' is listed twice", location)
            elif indicator in unchecked:
                pass
            elif indicator not in theme_of:
                yield _issue("KPI021", f"theme '{theme.id}' lists '{indicator}', which no spec "
                             f"file declares{_did_you_mean(indicator, theme_of)}", location)
            elif theme_of[indicator] != theme.id:
                yield _issue("KPI021", f"theme '{theme.id}' lists '{indicator}', whose spec "
                             f"says its theme is '{theme_of[indicator]}'", location)
            listed.add(indicator)


def check_populations(ctx: CheckContext) -> Iterator[Issue]:
    """Populations named by rates and per-household figures are declared, with years."""
    if ctx.catalogue is None:
        return
    populations = ctx.catalogue.populations
    for view in ctx.indicators:
        for draft in view.measures:
            used: list[tuple[str, tuple[str | int, ...]]] = []
            if isinstance(draft.unit, RateUnit):
                used.append((draft.unit.population,
                             (*view.path_of(draft, "unit"), "population")))
            if isinstance(draft.aggregation, PerHouseholdAggregation):
                used.append((draft.aggregation.households,
                             (*view.path_of(draft, "aggregation"), "households")))
            for name, path in used:
                population = populations.get(name)
                if population is None:
                    yield _issue("KPI022", f"population '{name}' is not declared in the "
                                 f"catalogue{_did_you_mean(name, populations)}",
                                 view.locate(path))
                    continue
                years = {figure.year for figure in population.figures}
                if not years:
                    continue  # declared without figures on purpose: rates are taken as published
                for year in sorted(draft.targets):
                    if year not in years:
                        yield _issue("KPI027", f"population '{name}' has no figure for "
                                     f"{year}, which has targets; rates for {year} cannot be "
                                     "computed from counts", view.locate(path), warning=True)


def check_population_years(ctx: CheckContext) -> Iterator[Issue]:
    """Each population figure's year is a year label, given once."""
    file = ctx.catalogue_file
    if ctx.catalogue is None or file is None:
        return
    for name, population in ctx.catalogue.populations.items():
        seen: set[str] = set()
        for i, figure in enumerate(population.figures):
            location = file.document.locate(("populations", name, "figures", i, "year"))
            if figure.year in seen:
                yield _issue("KPI012", f"population '{name}' gives {figure.year} twice",
                             location)
            seen.add(figure.year)
            if not any(_parses(figure.year, calendar, year_only=True) for calendar in Calendar):
                yield _issue("KPI042", f"'{figure.year}' is not a year label such as 2019/20 "
                             "or 2019", location)


def check_latest_report(ctx: CheckContext) -> Iterator[Issue]:
    """The catalogue's `latest_report` is a period of its default calendar, so that
    `evaluate` never meets a period it cannot read."""
    file = ctx.catalogue_file
    if ctx.catalogue is None or file is None or ctx.catalogue.latest_report is None:
        return
    calendar = Calendar(ctx.catalogue.defaults.calendar.value)
    try:
        Period.parse(ctx.catalogue.latest_report, calendar)
    except PeriodError as exc:
        yield _issue("KPI012", f"latest_report: {exc}", file.document.locate(("latest_report",)))


def _parses(text: str, calendar: Calendar, *, year_only: bool = False) -> Period | None:
    try:
        period = Period.parse(text, calendar)
    except PeriodError:
        return None
    if year_only and period.grain.value != "year":
        return None
    return period


# --- measures and aggregation ----------------------------------------------------------


def check_measures(ctx: CheckContext) -> Iterator[Issue]:
    """Measure ids are unique, the headline is one of them, and each is fully specified."""
    for view in ctx.indicators:
        spec = view.spec
        ids = [draft.id for draft in view.measures if draft.index is not None]
        seen: set[str] = set()
        for draft in view.measures:
            if draft.index is not None and draft.id in seen:
                yield _issue("KPI060", f"measure id '{draft.id}' is used twice",
                             view.locate(("measures", draft.index, "id")))
            seen.add(draft.id)
            for field in _MEASURE_FIELDS:
                if getattr(draft, field) is None:
                    path: tuple[str | int, ...] = (
                        ("measures", draft.index) if draft.index is not None else ()
                    )
                    whose = f"measure '{draft.id}'" if draft.index is not None else "indicator"
                    yield _issue("KPI010", f"the {whose} has no {field}: give it on the "
                                 "indicator or on each measure", view.locate(path))
        if spec.headline is not None and spec.headline not in ids:
            yield _issue("KPI062", f"headline '{spec.headline}' is not one of the measures"
                         f"{_did_you_mean(spec.headline, ids)}", view.locate(("headline",)))
        breakdown_ids: set[str] = set()
        for i, breakdown in enumerate(spec.breakdowns):
            if breakdown.id in breakdown_ids:
                yield _issue("KPI060", f"breakdown id '{breakdown.id}' is used twice",
                             view.locate(("breakdowns", i, "id")))
            breakdown_ids.add(breakdown.id)
            if breakdown.measure is not None and breakdown.measure not in ids:
                yield _issue("KPI025", f"breakdown measure '{breakdown.measure}' is not one of "
                             f"the measures{_did_you_mean(breakdown.measure, ids)}",
                             view.locate(("breakdowns", i, "measure")))


def check_aggregation(ctx: CheckContext) -> Iterator[Issue]:
    """The aggregation suits the frequency and unit, and its formula compiles."""
    for view in ctx.indicators:
        for draft in view.measures:
            aggregation = draft.aggregation
            if aggregation is None:
                continue
            path = view.path_of(draft, "aggregation")
            kind = aggregation.kind
            span = getattr(aggregation, "span", None)
            if view.frequency is Frequency.ANNUAL and (
                kind in ("cumulative", "average", "rolling")
                or (span is not None and span.value != "period")
            ):
                yield _issue("KPI061", f"'{kind}' aggregation needs periods shorter than a year,"
                             " but the frequency is annual", view.locate(path))
            if kind == "survey" and view.frequency is not Frequency.ANNUAL:
                yield _issue("KPI061", "a survey result is annual; set frequency: annual",
                             view.locate(path))
            if kind == "average" and view.frequency is Frequency.MONTHLY:
                yield _issue("KPI061", "an average of months needs quarterly or annual periods",
                             view.locate(path))
            if isinstance(aggregation, RateAggregation) and not isinstance(draft.unit, RateUnit):
                yield _issue("KPI061", "a rate aggregation needs a rate unit ({kind: rate, "
                             "per: N, population: ...}) to say per how many of whom",
                             view.locate(path))
            if isinstance(aggregation, FormulaAggregation):
                yield from _compile_issues(
                    view.file.document, (*path, "formula"), aggregation.formula,
                    {name: "number" for name in aggregation.inputs}, result="number",
                )
            yield from _derivation_issues(view, draft, path)


def _derivation_issues(
    view: IndicatorView, draft: MeasureDraft, path: tuple[str | int, ...]
) -> Iterator[Issue]:
    """The formula a ratio or rate is derived by compiles with its scale or its `per`.

    These are the formulas `kpirules.catalogue.derivation_formula` compiles; a scale or a
    `per` the expression engine refuses (too large, too many places) is reported here
    rather than when the catalogue is loaded.
    """
    aggregation, unit = draft.aggregation, draft.unit
    if isinstance(aggregation, RatioAggregation):
        source, at = f"numerator / denominator * {aggregation.scale}", (*path, "scale")
    elif isinstance(aggregation, RateAggregation) and isinstance(unit, RateUnit):
        source, at = f"numerator / denominator * {unit.per}", (
            *view.path_of(draft, "unit"), "per")
    else:
        return
    error = _compile_outcome(source, _NUMERATOR_DENOMINATOR, "number")
    if error is not None:
        yield _issue("KPI030", f"{error.message} (in the derived formula '{source}')",
                     view.locate(at))


# --- targets ----------------------------------------------------------------------------


def check_targets(ctx: CheckContext) -> Iterator[Issue]:
    """Targets are keyed by real years and suit the polarity and the frequency."""
    for view in ctx.indicators:
        for draft in view.rated:
            base = view.path_of(draft, "targets")
            per_year = _PERIODS_PER_YEAR[view.frequency]
            for year, target in draft.targets.items():
                path = (*base, year)
                parsed = _parses(year, view.calendar)
                if parsed is None or parsed.grain.value != "year":
                    example = Calendar(view.calendar).year_label(2019)
                    yield _issue("KPI042", f"target year '{year}' is not a year of the "
                                 f"indicator's {view.calendar.value} calendar (e.g. {example})",
                                 view.locate(path, key=True))
                if target.profile is not None and len(target.profile) != per_year:
                    yield _issue("KPI043", f"a {view.frequency.value} indicator has {per_year} "
                                 f"periods a year, but the profile for {year} gives "
                                 f"{len(target.profile)}", view.locate((*path, "profile")))
                if target.band is not None:
                    if target.band.low >= target.band.high:
                        yield _issue("KPI041", f"band low {target.band.low} is not below high "
                                     f"{target.band.high}", view.locate((*path, "band")))
                    if draft.polarity is not Polarity.WITHIN_BAND:
                        yield _issue("KPI040", "a band target needs polarity within_band",
                                     view.locate((*path, "band")))
                elif target.none is None and draft.polarity is Polarity.WITHIN_BAND:
                    yield _issue("KPI044", "polarity within_band needs band targets "
                                 "({band: {low: ..., high: ...}})", view.locate(path))
                if target.none is None and draft.polarity is Polarity.NONE:
                    yield _issue("KPI040", "an indicator with polarity none has no better or "
                                 "worse, so a target is never rated", view.locate(path),
                                 warning=True)


# --- RAG and DOT ------------------------------------------------------------------------


def rule_names(draft: MeasureDraft) -> dict[str, str]:
    """The names a RAG rule of this measure may use, with their kinds.

    Beyond `value`, `comparator` and the target's names, a rule may read what the measure
    declares: `floor` where a target has one, `lower` and `upper` with an interval, and
    `benchmark`, `benchmark_lower` and `benchmark_upper` with a comparison.
    """
    names = {"value": "number", "comparator": "number"}
    if draft.polarity is Polarity.WITHIN_BAND:
        names.update(low="number", high="number")
    else:
        names["target"] = "number"
    if any(target.floor is not None for target in draft.targets.values()):
        names["floor"] = "number"
    statistics = draft.statistics
    if statistics is not None and statistics.interval is not None:
        names.update(lower="number", upper="number")
    if statistics is not None and statistics.compare is not None:
        names.update(benchmark="number", benchmark_lower="number", benchmark_upper="number")
    return names


_ALL_RULE_NAMES = {name: "number" for name in ("value", "comparator", "target", "low", "high",
                                                "floor", *STATISTICS_RULE_NAMES)}
_ALL_RULE_NAMES_KEY = tuple(sorted(_ALL_RULE_NAMES.items()))


def check_rag(ctx: CheckContext) -> Iterator[Issue]:
    """RAG rules compile, use only available names and always give one rating.

    The catalogue's default rules are checked in the catalogue file against every name a
    rule may use, and again for each measure that inherits them, against its own names
    (a within-band measure has `low` and `high` but no `target`).
    """
    file = ctx.catalogue_file
    if ctx.catalogue is not None and file is not None:
        document = file.document
        default = ctx.catalogue.defaults.rag
        yield from _rag_shape(default, _locator(document, ("defaults", "rag")))
        for i, rule in enumerate(default.rules or ()):
            if not isinstance(rule, RagOtherwise):
                yield from _compile_issues(document, ("defaults", "rag", "rules", i, "when"),
                                           rule.when, _ALL_RULE_NAMES, result="boolean",
                                           code="KPI052")
    for view in ctx.indicators:
        for draft in view.rated:
            if draft.rag_is_default:
                yield from _tolerance_fit(view, draft, draft.rag, None)
                yield from _default_rule_names(view, draft)
                continue
            base = view.path_of(draft, "rag")
            yield from _rag_shape(draft.rag, _locator(view.file.document, base))
            yield from _tolerance_fit(view, draft, draft.rag, base)
            for i, rule in enumerate(draft.rag.rules or ()):
                if isinstance(rule, RagOtherwise):
                    continue
                yield from _compile_issues(view.file.document, (*base, "rules", i, "when"),
                                           rule.when, rule_names(draft), result="boolean",
                                           code="KPI052")


def _locator(
    document: YamlDocument, base: tuple[str | int, ...]
) -> Callable[[tuple[str | int, ...]], Location]:
    def locate(path: tuple[str | int, ...]) -> Location:
        return document.locate((*base, *path))

    return locate


def _default_rule_names(view: IndicatorView, draft: MeasureDraft) -> Iterator[Issue]:
    """The catalogue's default rules use only names this measure has."""
    names = rule_names(draft)
    for i, rule in enumerate(draft.rag.rules or ()):
        if isinstance(rule, RagOtherwise):
            continue
        if _compile_outcome(rule.when, _ALL_RULE_NAMES_KEY, "boolean") is not None:
            continue  # reported once, in the catalogue file
        error = _compile_outcome(rule.when, tuple(sorted(names.items())), "boolean")
        if error is None:
            continue
        whose = f"measure '{draft.id}'" if draft.index is not None else "indicator"
        polarity = draft.polarity.value if draft.polarity is not None else "none"
        yield _issue("KPI052", f"the catalogue's default RAG rule {i + 1} ('{rule.when}') "
                     f"uses a name this {whose} does not have: {error.message}; with "
                     f"polarity {polarity} a rule may use {', '.join(sorted(names))}; give "
                     "it a rag of its own", view.locate(view.path_of(draft, "polarity")))


def _rag_shape(
    rag: RagSpec, locate: Callable[[tuple[str | int, ...]], Location]
) -> Iterator[Issue]:
    if rag.rules is None:
        return
    rules = list(rag.rules)
    otherwise = [i for i, rule in enumerate(rules) if isinstance(rule, RagOtherwise)]
    if not otherwise:
        yield _issue("KPI050", "the rules end without 'otherwise', so some values would get "
                     "no rating; add '- otherwise: R' (or the rating you mean)",
                     locate(("rules",)))
    elif otherwise != [len(rules) - 1]:
        yield _issue("KPI050", "'otherwise' must be the last rule, and given once; rules "
                     "after it could never apply", locate(("rules", otherwise[0])))


def _tolerance_fit(
    view: IndicatorView, draft: MeasureDraft, rag: RagSpec, base: tuple[str | int, ...] | None
) -> Iterator[Issue]:
    tolerance = rag.tolerance
    if tolerance is None or draft.unit is None or draft.polarity is Polarity.NONE:
        return
    percentage = _is_percentage(draft)
    if percentage and base is not None and tolerance.points is not None \
            and tolerance.absolute is not None and all(
                _is_percentage(other) for other in view.measures
                if view.path_of(other, "rag") == base):
        yield Issue("KPI053", Severity.FUTURE,
                    "the tolerance gives both points and absolute, which for a percentage "
                    "mean the same thing; points applies and absolute is ignored. Give one "
                    "of them (this will be an error)",
                    view.locate((*base, "tolerance", "absolute"), key=True))
    if percentage and tolerance.points is None and tolerance.absolute is None:
        missing = "points (percentage points)"
    elif not percentage and tolerance.relative is None and tolerance.absolute is None:
        missing = "relative (per cent of target) or absolute"
    else:
        return
    location = view.locate((*base, "tolerance")) if base else view.locate(("unit",))
    where = "the tolerance" if base else "the catalogue's default tolerance"
    yield _issue("KPI051", f"{where} gives no {missing}, which a {draft.unit.kind} measure "
                 "needs", location)


def _is_percentage(draft: MeasureDraft) -> bool:
    return isinstance(draft.unit, BasicUnit) and draft.unit.kind == "percentage"


def check_comparators(ctx: CheckContext) -> Iterator[Issue]:
    """A fixed comparator period exists in the indicator's calendar."""
    for view in ctx.indicators:
        for draft in view.rated:
            comparator = draft.dot.comparator
            if not isinstance(comparator, FixedComparator) or _parses(
                comparator.period, view.calendar
            ) is not None:
                continue
            given = _comparator_given_at(view, draft)
            if given is not None:
                yield _issue("KPI023", f"comparator period '{comparator.period}' is not a period"
                             f" of the {view.calendar.value} calendar",
                             view.locate((*given, "comparator", "period")))
            else:
                where = ("calendar",) if view.spec.calendar is not None else ()
                yield _issue("KPI023", f"the catalogue's default comparator period "
                             f"'{comparator.period}' is not a period of this indicator's "
                             f"{view.calendar.value} calendar; give the indicator a dot "
                             "comparator of its own", view.locate(where, key=True))


def _comparator_given_at(view: IndicatorView, draft: MeasureDraft) -> tuple[str | int, ...] | None:
    """Where the measure's comparator is written, or None when it is the catalogue's."""
    layers: list[tuple[tuple[str | int, ...], DotSpec | None]] = []
    if draft.index is not None and view.spec.measures is not None:
        layers.append((("measures", draft.index, "dot"), view.spec.measures[draft.index].dot))
    layers.append((("dot",), view.spec.dot))
    for path, dot in layers:
        if dot is not None:
            return path if "comparator" in dot.model_fields_set else None
    return None


# --- expressions ------------------------------------------------------------------------


_NUMERATOR_DENOMINATOR = (("denominator", "number"), ("numerator", "number"))


@functools.lru_cache(maxsize=4096)
def _compile_outcome(
    source: str, names: tuple[tuple[str, str], ...], result: str
) -> ExpressionError | None:
    """The error compiling `source` raises, or None; cached, as specs repeat formulas."""
    from kpirules.expressions import compile_expression  # noqa: PLC0415

    try:
        compile_expression(source, names=dict(names), result=result)
    except ExpressionError as exc:
        exc.__traceback__ = None
        return exc
    return None


def _compile_issues(
    document: YamlDocument,
    path: tuple[str | int, ...],
    source: str,
    names: Mapping[str, str],
    *,
    result: str,
    code: str = "KPI031",
) -> Iterator[Issue]:
    error = _compile_outcome(source, tuple(sorted(names.items())), result)
    if isinstance(error, ExpressionNameError):
        location = document.locate_in_scalar(path, error.position or 0)
        available = ", ".join(sorted(names))
        hint = f" (did you mean '{error.suggestion}'?)" if error.suggestion else ""
        yield _issue(code, f"{error.message}{hint if hint not in error.message else ''}; "
                     f"available here: {available}", location)
    elif error is not None:
        location = document.locate_in_scalar(
            path, error.position if error.position is not None else -1
        )
        kind_code = "KPI032" if isinstance(error, ExpressionTypeError) else "KPI030"
        yield _issue(kind_code, error.message, location)


def check_rated_breakdowns(ctx: CheckContext) -> Iterator[Issue]:
    """A rated breakdown names the measure it breaks down and suits its targets."""
    for view in ctx.indicators:
        measures = {draft.id: draft for draft in view.measures}
        for i, breakdown in enumerate(view.spec.breakdowns):
            if breakdown.rate is None:
                continue
            measure = measures.get(breakdown.measure or "value")
            if measure is None:
                if breakdown.measure is None:
                    yield _issue("KPI063", f"breakdown '{breakdown.id}' is rated, so it must "
                                 "name the measure it breaks down ('measure: ...')",
                                 view.locate(("breakdowns", i, "rate"), key=True))
                continue
            own = breakdown.rate if not isinstance(breakdown.rate, str) else None
            if own is not None and own.targets is not None:
                continue
            if measure.unit is not None and breakdown.unit.kind != measure.unit.kind:
                yield _issue("KPI063", f"breakdown '{breakdown.id}' is rated against the "
                             f"measure's targets, which are in {measure.unit.kind}, but its "
                             f"rows are in {breakdown.unit.kind}; give the breakdown targets "
                             "of its own under 'rate'",
                             view.locate(("breakdowns", i, "unit")))


def check_areas(ctx: CheckContext) -> Iterator[Issue]:
    """Areas and comparator groups are declared once and every reference resolves; a
    benchmark's group is a declared one."""
    yield from check_area_specs(ctx.specs)
    groups = {group.id for source in area_sources(ctx.specs) for group in source.spec.groups}
    file = ctx.catalogue_file
    if ctx.catalogue is None or file is None:
        return
    for name, benchmark in ctx.catalogue.benchmarks.items():
        if benchmark.aggregate is not None and benchmark.group is None:
            yield _issue("KPI088", f"benchmark '{name}' is the {benchmark.aggregate} of a "
                         "comparator group's figures: name the group ('group: ...')",
                         file.document.locate(("benchmarks", name, "aggregate")))
        if benchmark.group is not None and benchmark.group not in groups:
            yield _issue("KPI074", f"benchmark '{name}': group '{benchmark.group}' is not a "
                         f"declared comparator group{_did_you_mean(benchmark.group, groups)}",
                         file.document.locate(("benchmarks", name, "group")))


DEFAULT_CHECKS: tuple[Check, ...] = (
    check_unique_ids,
    check_themes,
    check_populations,
    check_population_years,
    check_latest_report,
    check_measures,
    check_aggregation,
    check_targets,
    check_rag,
    check_comparators,
    check_rated_breakdowns,
    check_areas,
    check_spc,
    check_statistics,
)


def run_checks(specs: SpecSet, checks: Iterable[Check] = DEFAULT_CHECKS) -> list[Issue]:
    """Every issue the checks find; a check that fails on one file never stops the others."""
    ctx = _context(specs)
    found: list[Issue] = []
    for check in checks:
        found.extend(check(ctx))
    return found
