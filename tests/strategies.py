"""Hypothesis strategies for valid spec files, and a YAML writer that keeps numbers exact.

The strategies generate catalogue and indicator specs as plain Python data, the way the
located YAML loader produces them: dicts, lists, text, `int` and `Decimal`. They are
built from named parts (units, aggregations, targets, RAG, DOT, measures, breakdowns)
that take keyword options, and each part generates only valid values, by construction
(`.map` and choices made in order) rather than by filtering. The cross-file rules of
`kpirules.validation.checks` are written out here independently: an aggregation suits
the frequency and the unit, targets suit the polarity, a profile has one entry per
period, tolerances suit the unit, rules end with `otherwise`, populations and themes
are declared, and rates have a population figure for every target year.

`dump_yaml` writes such data as block-style YAML and records where it wrote every key
and value, so tests can say where an issue must be located without asking the loader.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

Data = dict[str, Any]
Path = tuple[str | int, ...]
Draw = Callable[[st.SearchStrategy[Any]], Any]

def fewer_examples(fraction: float) -> settings:
    """Settings for a slow property: a fraction of the profile's number of examples."""
    return settings(max_examples=max(10, int(settings.default.max_examples * fraction)))


# Vocabulary ------------------------------------------------------------------------

BASIC_UNIT_KINDS = ("count", "percentage", "kg", "tonnes", "days", "score")
MONEY_SCALES = ("units", "thousands", "millions")
POLARITIES = ("higher_is_better", "lower_is_better", "within_band", "closest_to", "none")
CALENDARS = ("financial", "academic", "calendar")
FREQUENCIES = ("monthly", "quarterly", "annual")
PERIODS_PER_YEAR = {"monthly": 12, "quarterly": 4, "annual": 1}
SPANS = ("period", "year_to_date", "rolling_12_months")
AGGREGATION_KINDS = (
    "discrete", "cumulative", "snapshot", "average", "rolling",
    "ratio", "rate", "per_household", "survey", "formula",
)  # fmt: skip
SHORTHAND_AGGREGATIONS = ("discrete", "cumulative", "snapshot", "average", "rolling", "survey")
TARGET_FORMS = ("value", "profile", "band", "annual", "none")
NO_TARGET_REASONS = ("to_be_agreed", "not_set", "not_stated", "not_applicable")
RATINGS = ("G", "A", "R")
TOLERANCE_KINDS = ("relative", "points", "absolute")
INTERVAL_METHODS = ("auto", "wilson", "byars", "exact")
DOT_METHODS = ("two_point", "recent_trend")
BENCHMARK_PERIODS = ("same", "latest")
LEVELS = (Decimal("0.95"), Decimal("0.998"), Decimal("0.9"), Decimal("0.99"))
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Names for formula inputs: none is a keyword, a function or a name rules use.
FORMULA_NAMES = (
    "numerator", "denominator", "completed", "affordable", "started", "finished",
    "visits", "cases", "total_kg", "households_n", "q1", "q2", "staff_days",
)  # fmt: skip
WORDS = (
    "households", "calls", "visits", "residents", "repeat referrals", "days lost",
    "Q2 2019/20", "n/a", "target 95%", "per 1,000", "£7.011m", "Écoles", "BAME",
)  # fmt: skip


def year_label(calendar: str, year: int) -> str:
    """The canonical label of the year starting in `year`: `2019/20`, or `2019`."""
    if calendar == "calendar":
        return str(year)
    return f"{year}/{(year + 1) % 100:02d}"


def rule_names_for(polarity: str) -> frozenset[str]:
    """The names a RAG rule of a measure with this polarity may use."""
    if polarity == "within_band":
        return frozenset({"value", "comparator", "low", "high"})
    return frozenset({"value", "comparator", "target"})


# Scalars ---------------------------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
"""Identifiers as the `Id` type allows: lower-case words joined by hyphens."""

texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(exclude_categories=("Cs", "Cc"),
                          exclude_characters="\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069\u2028\u2029"),
            min_size=1, max_size=24),
)
"""Non-empty text, from plain words to any characters a spec allows in text (every
character but control characters, bidirectional controls and line separators, which
spec text fields refuse)."""


@st.composite
def exact_decimals(
    draw: Draw,
    *,
    min_value: int = -1_000_000,
    max_value: int = 1_000_000,
    max_places: int = 3,
    exponents: bool = False,
) -> Decimal:
    """A Decimal with a few places, as written in a spec (`72`, `72.0`, `0.125`).

    `min_value` and `max_value` bound the digits before scaling; with `exponents`, some
    values are written in exponent form (`1E+3`), which the loader also reads exactly.
    """
    digits = draw(st.integers(min_value, max_value))
    shift = draw(st.integers(-max_places, 2 if exponents else 0))
    return Decimal(digits).scaleb(shift)


positive_decimals = exact_decimals(min_value=1, max_value=10_000_000)
non_negative_decimals = exact_decimals(min_value=0, max_value=100_000)


@st.composite
def optional_fields(draw: Draw, required: Mapping[str, Any], **optional: Any) -> Data:
    """A dict of the required fields and some of the optional ones (strategies)."""
    data = dict(required)
    for name, strategy in optional.items():
        if draw(st.booleans()):
            data[name] = draw(strategy)
    return data


# Units and polarity ----------------------------------------------------------------


@st.composite
def basic_units(draw: Draw, *, kind: str | None = None, shorthand: bool = True) -> Any:
    """`count`, `percentage`, ... as a word or as `{kind: ..., of: ...}`."""
    kind = kind or draw(st.sampled_from(BASIC_UNIT_KINDS))
    if shorthand and draw(st.booleans()):
        return kind
    return draw(optional_fields({"kind": kind}, of=texts))


@st.composite
def money_units(draw: Draw) -> Any:
    """Money, with currency and scale sometimes given."""
    if draw(st.booleans()):
        return "money"
    return draw(optional_fields({"kind": "money"}, currency=st.just("GBP"),
                                scale=st.sampled_from(MONEY_SCALES), of=texts))


@st.composite
def rate_units(draw: Draw, *, populations: Sequence[str]) -> Data:
    """A rate per N of one of the given (declared) populations."""
    per = draw(st.sampled_from((100, 1000, 10_000, 100_000)) | st.integers(1, 10**6))
    return draw(optional_fields(
        {"kind": "rate", "per": per, "population": draw(st.sampled_from(populations))},
        of=texts))


def units(*, populations: Sequence[str] = ()) -> st.SearchStrategy[Any]:
    """Any unit; rates only when there is a population to be per N of."""
    return _units(tuple(populations))


@functools.cache
def _units(populations: tuple[str, ...]) -> st.SearchStrategy[Any]:
    choices = [basic_units(), money_units()]
    if populations:
        choices.append(rate_units(populations=populations))
    return st.one_of(choices)


def unit_kind(unit: Any) -> str:
    return unit if isinstance(unit, str) else str(unit["kind"])


polarities = st.sampled_from(POLARITIES)


# Aggregation -----------------------------------------------------------------------


def aggregation_kinds(frequency: str, unit: Any, *, households: bool) -> list[str]:
    """The aggregations a measure with this frequency and unit may declare."""
    kinds = list(AGGREGATION_KINDS)
    if frequency == "annual":
        kinds = [k for k in kinds if k not in ("cumulative", "average", "rolling")]
    else:
        kinds.remove("survey")
    if frequency == "monthly":
        kinds.remove("average")
    if unit_kind(unit) != "rate":
        kinds.remove("rate")
    if not households:
        kinds.remove("per_household")
    return kinds


def spans(frequency: str) -> st.SearchStrategy[str]:
    """Spans a figure may cover: only the period itself when the data are annual."""
    return st.just("period") if frequency == "annual" else st.sampled_from(SPANS)


@st.composite
def formulas(draw: Draw, *, names: Sequence[str]) -> str:
    """An arithmetic expression that uses every one of `names`."""
    parts = list(draw(st.permutations(names)))
    text = parts[0]
    for name in parts[1:]:
        text = f"{text} {draw(st.sampled_from('+-*/'))} {name}"
    if draw(st.booleans()):
        text = f"({text}) * {draw(st.sampled_from(('100', '1000', '0.5')))}"
    return text


@st.composite
def aggregations(
    draw: Draw,
    *,
    frequency: str = "quarterly",
    unit: Any = "count",
    populations: Sequence[str] = (),
    kind: str | None = None,
) -> Any:
    """An aggregation that suits the frequency and unit (`kind` picks one)."""
    kind = kind or draw(st.sampled_from(
        aggregation_kinds(frequency, unit, households=bool(populations))))
    if kind in SHORTHAND_AGGREGATIONS and draw(st.booleans()):
        return kind
    span = spans(frequency)
    base: Data = {"kind": kind}
    if kind == "average":
        return draw(optional_fields(base, of=st.just("months")))
    if kind == "rolling":
        return draw(optional_fields(base, months=st.integers(1, 36)))
    if kind == "survey":
        return draw(optional_fields(base, respondents=st.integers(1, 100_000)))
    if kind == "ratio":
        base.update(numerator=draw(texts), denominator=draw(texts))
        return draw(optional_fields(
            base, scale=st.sampled_from((Decimal(100), Decimal(1), Decimal(1000), 100)),
            span=span, year_to_date=st.sampled_from(("weighted", "unweighted"))))
    if kind == "rate":
        base["numerator"] = draw(texts)
        return draw(optional_fields(base, span=span))
    if kind == "per_household":
        base.update(numerator=draw(texts), households=draw(st.sampled_from(populations)))
        return draw(optional_fields(base, span=span))
    if kind == "formula":
        names = draw(st.lists(st.sampled_from(FORMULA_NAMES), min_size=1, max_size=3,
                              unique=True))
        base["formula"] = draw(formulas(names=names))
        base["inputs"] = {name: draw(texts) for name in names}
        return draw(optional_fields(base, span=span))
    return base


# Targets ---------------------------------------------------------------------------


def target_forms(polarity: str) -> tuple[str, ...]:
    """The target forms a polarity accepts: bands for within_band, none for none."""
    if polarity == "within_band":
        return ("band", "none")
    if polarity == "none":
        return ("none",)
    return ("value", "profile", "annual", "none")


@st.composite
def bands(draw: Draw) -> Data:
    """A band with low strictly below high."""
    low = draw(exact_decimals(max_places=2))
    width = draw(exact_decimals(min_value=1, max_value=10_000, max_places=2))
    return {"low": low, "high": low + width}


@st.composite
def profiles(draw: Draw, *, length: int) -> list[Any]:
    """One target per period of the year; some periods `n/a`."""
    entry = st.one_of(exact_decimals(), st.just("n/a"))
    return draw(st.lists(entry, min_size=length, max_size=length))


@st.composite
def targets(draw: Draw, *, polarity: str, frequency: str, form: str | None = None) -> Data:
    """One year's target in a form the polarity accepts (`form` picks one)."""
    form = form or draw(st.sampled_from(target_forms(polarity)))
    if form in ("value", "annual"):
        content: Any = draw(exact_decimals(exponents=True))
    elif form == "profile":
        content = draw(profiles(length=PERIODS_PER_YEAR[frequency]))
    elif form == "band":
        content = draw(bands())
    else:
        content = draw(st.sampled_from(NO_TARGET_REASONS))
    target = draw(optional_fields({form: content}, note=texts))
    if form in ("value", "annual", "profile") and polarity in ("higher_is_better",
                                                               "lower_is_better"):
        # A floor lies on the worse side of every figure of its target (KPI085).
        figures = [f for f in (content if form == "profile" else [content]) if f != "n/a"]
        if draw(st.booleans()):
            gap = draw(non_negative_decimals)
            if not figures:
                target["floor"] = gap
            elif polarity == "higher_is_better":
                target["floor"] = min(figures) - gap
            else:
                target["floor"] = max(figures) + gap
    return target


@st.composite
def target_years(
    draw: Draw, *, polarity: str, frequency: str, calendar: str, years: Sequence[int]
) -> dict[Any, Data]:
    """Targets keyed by years of the calendar (a calendar year sometimes as a number)."""
    chosen = draw(st.lists(st.sampled_from(years), unique=True, max_size=3))
    result: dict[Any, Data] = {}
    for year in chosen:
        key: Any = year_label(calendar, year)
        if calendar == "calendar" and draw(st.booleans()):
            key = year  # `2019:` is read as a number; a year label either way
        result[key] = draw(targets(polarity=polarity, frequency=frequency))
    return result


# RAG and DOT ------------------------------------------------------------------------


@st.composite
def tolerances(draw: Draw, *, unit: Any = None, catalogue_default: bool = False) -> Data:
    """A tolerance that suits the unit: points (or absolute) for percentages, else relative.

    A catalogue default must suit every unit: it gives absolute, or both relative and
    points.
    """
    if catalogue_default:
        needed = draw(st.sampled_from((("absolute",), ("relative", "points"))))
    elif unit is None:
        needed = (draw(st.sampled_from(TOLERANCE_KINDS)),)
    elif unit_kind(unit) == "percentage":
        needed = (draw(st.sampled_from(("points", "absolute"))),)
    else:
        needed = (draw(st.sampled_from(("relative", "absolute"))),)
    amount = exact_decimals(min_value=0, max_value=2_000, max_places=1)
    tolerance = {name: draw(amount) for name in needed}
    for name in TOLERANCE_KINDS:
        # Points and absolute together mean the same for a percentage (KPI053), so a
        # spec's own tolerance gives at most one of them.
        both = {name, *tolerance} >= {"points", "absolute"}
        if name not in tolerance and not (both and not catalogue_default) \
                and draw(st.booleans()):
            tolerance[name] = draw(amount)
    if not catalogue_default and {"points", "absolute"} <= set(tolerance):
        # Both on a percentage is a future error (KPI053); a spec's own tolerance gives one.
        del tolerance["points" if "points" not in needed else "absolute"]
    return tolerance


@functools.cache
def _terms(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    name = st.sampled_from(sorted(names))
    literal = exact_decimals(min_value=0, max_value=1000, max_places=2).map(str)
    return st.one_of(
        name,
        literal,
        st.tuples(name, st.sampled_from(("*", "+", "-")), literal).map(" ".join),
    )


def conditions(names: Iterable[str]) -> st.SearchStrategy[str]:
    """Boolean expressions over `names`: comparisons, chains, and, or, not."""
    return _conditions(tuple(sorted(names)))


@functools.cache
def _conditions(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    comparison = st.tuples(
        st.sampled_from(names),
        st.sampled_from(("<", "<=", ">", ">=", "==", "!=")),
        _terms(names),
    ).map(" ".join)
    chain = st.tuples(_terms(names), st.sampled_from(names), _terms(names)).map(
        lambda parts: f"{parts[0]} <= {parts[1]} <= {parts[2]}")
    return st.recursive(
        comparison | chain,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(("and", "or")), inner).map(
                lambda parts: f"({parts[0]}) {parts[1]} ({parts[2]})"),
            inner.map(lambda text: f"not ({text})"),
        ),
        max_leaves=4,
    )


@st.composite
def rag_rules(draw: Draw, *, names: Iterable[str]) -> list[Data]:
    """An ordered list of rules that ends with `otherwise`, some with labels."""
    rules: list[Data] = [
        draw(optional_fields({"when": draw(conditions(names)),
                              "rating": draw(st.sampled_from(RATINGS))}, label=texts))
        for _ in range(draw(st.integers(1, 3)))
    ]
    rules.append({"otherwise": draw(st.sampled_from(RATINGS))})
    return rules


@st.composite
def rag_specs(
    draw: Draw,
    *,
    unit: Any = None,
    polarity: str = "higher_is_better",
    catalogue_default: bool = False,
    rule_names: Iterable[str] | None = None,
    benchmark: str | None = None,
) -> Data:
    """A tolerance that suits the unit, or rules over the names the polarity allows, or
    (given a benchmark the measure may be compared with) a rating by comparison."""
    names = rule_names if rule_names is not None else rule_names_for(polarity)
    if benchmark is not None and draw(st.booleans()):
        form: Data = {"compare": draw(optional_fields(
            {"benchmark": benchmark}, confidence=st.sampled_from(LEVELS),
            period=st.sampled_from(BENCHMARK_PERIODS), use_benchmark_interval=st.booleans(),
            better=st.sampled_from(RATINGS), similar=st.sampled_from(RATINGS),
            worse=st.sampled_from(RATINGS)))}
    elif draw(st.booleans()):
        form: Data = {"tolerance": draw(tolerances(unit=unit,
                                                   catalogue_default=catalogue_default))}
    else:
        form = {"rules": draw(rag_rules(names=names))}
    return draw(optional_fields(form, note=texts))


@st.composite
def period_texts(draw: Draw, *, calendar: str | None, years: Sequence[int]) -> Any:
    """A period of the calendar in a form councils write: a year, a quarter or a month.

    With no calendar, a month, which is a period of every calendar.
    """
    year = draw(st.sampled_from(years))
    month = draw(st.integers(1, 12))
    forms: list[Any] = [f"{year}-{month:02d}", f"{MONTH_NAMES[month - 1]} {year}"]
    if calendar is not None:
        label = year_label(calendar, year)
        quarter = draw(st.integers(1, 4))
        forms += [label, f"{label} Q{quarter}"]
        if calendar == "calendar":
            forms += [f"Q{quarter} {year}", year]
    return draw(st.sampled_from(forms))


@st.composite
def dot_specs(draw: Draw, *, calendar: str | None, years: Sequence[int],
              methods: Sequence[str] = ("two_point",), method: str | None = None) -> Data:
    """A method, a comparator (named, or a fixed period of the calendar) and an unchanged
    band. `method` is always given; otherwise one of `methods` sometimes is.

    With no calendar (a catalogue default, which indicators of any calendar inherit),
    a fixed comparator is a month.
    """
    comparator = st.one_of(
        st.sampled_from(("same_period_last_year", "previous_period")),
        period_texts(calendar=calendar, years=years).map(lambda p: {"period": p}),
    )
    dot = draw(optional_fields({}, method=st.sampled_from(methods), comparator=comparator,
                               unchanged_within=non_negative_decimals, note=texts))
    if method is not None:
        dot["method"] = method
    return dot


# Measure fields ---------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueFacts:
    """What an indicator spec may refer to: the catalogue's defaults and declarations."""

    calendar: str = "financial"
    frequency: str = "quarterly"
    themes: tuple[str, ...] = ("theme",)
    populations: tuple[str, ...] = ()
    years: tuple[int, ...] = (2018, 2019)
    default_rule_names: frozenset[str] | None = None
    """Names the catalogue's default RAG rules use; None for a default tolerance."""
    benchmarks: tuple[str, ...] = ()


@st.composite
def measure_fields(
    draw: Draw,
    *,
    facts: CatalogueFacts,
    calendar: str,
    frequency: str,
    complete: bool = False,
) -> Data:
    """Polarity, unit, decimals, aggregation, targets, RAG and DOT that suit each other.

    With `complete`, targets and RAG are always given, so that a measure overriding
    the indicator's fields inherits nothing that might not suit it.
    """
    polarity = draw(polarities)
    unit = draw(units(populations=facts.populations))
    fields: Data = {"polarity": polarity, "unit": unit}
    if draw(st.booleans()):
        fields["decimals"] = draw(st.integers(0, 6))
    fields["aggregation"] = draw(aggregations(frequency=frequency, unit=unit,
                                              populations=facts.populations))
    if complete or draw(st.booleans()):
        fields["targets"] = draw(target_years(polarity=polarity, frequency=frequency,
                                              calendar=calendar, years=facts.years))
    default_fits = (facts.default_rule_names is None
                    or facts.default_rule_names <= rule_names_for(polarity))
    kind = counts_kind(fields["aggregation"], unit)
    statistics, benchmark = draw(statistics_specs(kind=kind, polarity=polarity,
                                                  benchmarks=facts.benchmarks))
    if statistics is not None:
        fields["statistics"] = statistics
    elif complete:
        fields["statistics"] = {}  # inherits nothing that might not suit it
    names = set(rule_names_for(polarity))
    if any("floor" in target for target in fields.get("targets", {}).values()):
        names.add("floor")
    if statistics is not None and "interval" in statistics:
        names.update(("lower", "upper"))
    if statistics is not None and "compare" in statistics:
        names.update(("benchmark", "benchmark_lower", "benchmark_upper"))
    rates = benchmark if kind is not None and polarity in ("higher_is_better",
                                                          "lower_is_better") else None
    if complete or not default_fits or draw(st.booleans()):
        fields["rag"] = draw(rag_specs(unit=unit, polarity=polarity, rule_names=names,
                                       benchmark=rates))
    methods = DOT_METHODS if kind is not None else ("two_point",)
    if complete:
        fields["dot"] = draw(dot_specs(calendar=calendar, years=facts.years,
                                       method=draw(st.sampled_from(methods))))
    elif draw(st.booleans()):
        fields["dot"] = draw(dot_specs(calendar=calendar, years=facts.years, methods=methods))
    if frequency != "annual" and draw(st.booleans()):
        # SPC, and the methods that read it: only where the series is monthly or
        # quarterly (an annual one is warned about), and assurance only where there is a
        # better side of the target.
        fields["spc"] = draw(spc_specs(calendar=calendar, frequency=frequency,
                                       years=facts.years))
        if polarity not in ("none", "closest_to") and draw(st.booleans()):
            fields["rag"] = {"assurance": draw(assurance_ratings)}
        if draw(st.booleans()):
            fields["dot"] = {**fields.get("dot", {}), "method": "spc"}
    return fields


assurance_ratings = optional_fields(
    {}, consistently_passing=st.sampled_from(RATINGS), hit_and_miss=st.sampled_from(RATINGS),
    consistently_failing=st.sampled_from(RATINGS))


def _grain_period(calendar: str, frequency: str, year: int, index: int) -> str:
    """The `index`-th (1-based) month or quarter of `year`'s year, as councils write it."""
    if frequency == "monthly":
        return f"{year}-{index:02d}"
    return f"{year_label(calendar, year)} Q{index}"


@st.composite
def spc_specs(draw: Draw, *, calendar: str, frequency: str, years: Sequence[int]) -> Data:
    """An SPC declaration: rebase periods and a baseline that fit the measure's grain."""
    per_year = 12 if frequency == "monthly" else 4
    spec: Data = {}
    starts = draw(st.lists(st.tuples(st.sampled_from(years), st.integers(1, per_year)),
                           max_size=2, unique=True))
    if starts:
        spec["rebase"] = [
            {"period": _grain_period(calendar, frequency, year, index), "reason": draw(texts)}
            for year, index in starts
        ]
    form = draw(st.sampled_from(("none", "first", "range")))
    if form == "first":
        spec["baseline"] = {"first": draw(st.integers(2, 30))}
    elif form == "range" and not starts:
        year = draw(st.sampled_from(years))
        first = draw(st.integers(1, per_year - 1))
        last = draw(st.integers(first + 1, per_year))
        spec["baseline"] = {"start": _grain_period(calendar, frequency, year, first),
                            "end": _grain_period(calendar, frequency, year, last)}
    if draw(st.booleans()):
        spec["rules"] = draw(optional_fields({}, run=st.integers(2, 12),
                                             trend=st.integers(2, 12)))
    return draw(optional_fields(spec, screen_outliers=st.booleans(), note=texts,
                                minimum_points=st.integers(12, 20)))


def counts_kind(aggregation: Any, unit: Any) -> str | None:
    """Whether a measure has counts for an interval: a ratio, a rate, or a plain count."""
    kind = aggregation if isinstance(aggregation, str) else aggregation["kind"]
    if kind == "ratio":
        return "proportion"
    if kind == "rate" and unit_kind(unit) == "rate":
        return "rate"
    if unit_kind(unit) == "count" and kind in ("discrete", "cumulative", "rolling", "snapshot"):
        return "count"
    return None


_SUITED_METHODS = {"proportion": ("auto", "wilson"), "rate": ("auto", "byars", "exact"),
                   "count": ("auto", "byars", "exact")}


@st.composite
def statistics_specs(draw: Draw, *, kind: str | None, polarity: str,
                     benchmarks: Sequence[str]) -> tuple[Data | None, str | None]:
    """Statistics that suit the measure, or None; and the benchmark a rating may use."""
    if kind is None:
        return None, None
    benchmark = draw(st.sampled_from(benchmarks)) if benchmarks else None
    if not draw(st.booleans()):
        return None, benchmark
    # The method is always given, so that each suited method turns up often enough.
    interval = optional_fields({"method": draw(st.sampled_from(_SUITED_METHODS[kind]))},
                               confidence=st.lists(st.sampled_from(LEVELS), min_size=1,
                                                   max_size=2, unique=True))
    optional: dict[str, st.SearchStrategy[Any]] = {"interval": interval, "note": texts}
    if benchmark is not None and polarity not in ("within_band", "closest_to"):
        optional["compare"] = optional_fields(
            {"benchmark": benchmark}, confidence=st.sampled_from(LEVELS),
            period=st.sampled_from(BENCHMARK_PERIODS), use_benchmark_interval=st.booleans())
    return draw(optional_fields({}, **optional)), benchmark


# Indicator parts --------------------------------------------------------------------

cards = optional_fields(
    {},
    how_it_works=texts, what_good_looks_like=texts, why_it_matters=texts, history=texts,
    issues_to_consider=texts, data_source=texts,
).flatmap(lambda card: texts.map(lambda definition: {"definition": definition, **card}))

# A benchmark's group must be declared, so it is drawn only with areas that declare it.
grouped_benchmarks = st.builds(
    lambda label, group, rest: {"label": label, "group": group, **rest}, texts, ids,
    optional_fields({}, aggregate=st.sampled_from(("mean", "median"))))


@st.composite
def benchmarking(draw: Draw) -> Data:
    """Benchmarking text (the figures are in benchmark files)."""
    return draw(optional_fields({}, text=texts))


lags = optional_fields({}, note=texts).flatmap(
    lambda rest: st.integers(0, 36).map(lambda months: {"months": months, **rest}))


@st.composite
def breakdowns(
    draw: Draw, *, populations: Sequence[str] = (), measure_ids: Sequence[str] = ()
) -> list[Data]:
    """Breakdown tables with distinct ids, each for a measure the indicator has."""
    chosen = draw(st.lists(ids, max_size=2, unique=True))
    result = []
    for breakdown_id in chosen:
        dimensions = draw(st.lists(ids, min_size=1, max_size=3))
        total = st.one_of(
            st.sampled_from(("sum", "none")),
            texts.map(lambda member, dimension=dimensions[0]: {"share": {dimension: member}}),
        )
        optional: dict[str, st.SearchStrategy[Any]] = {
            "decimals": st.integers(0, 6), "total": total, "note": texts,
        }
        if measure_ids:
            optional["measure"] = st.sampled_from(measure_ids)
        # A rated breakdown with no better end, no targets and a rule of its own suits any
        # measure (the measure's rules may name what polarity none lacks: low, high).
        optional["rate"] = optional_fields(
            {"polarity": "none", "targets": {}, "rag": {"rules": [{"otherwise": "G"}]}},
            dot=st.just({"unchanged_within": 0}))
        table = draw(optional_fields(
            {"id": breakdown_id, "title": draw(texts), "dimensions": dimensions,
             "unit": draw(units(populations=populations))},
            **optional))
        if "rate" in table and measure_ids:
            table["measure"] = draw(st.sampled_from(measure_ids))
        result.append(table)
    return result


@st.composite
def indicator_specs(
    draw: Draw,
    *,
    facts: CatalogueFacts | None = None,
    indicator_id: str | None = None,
    theme: str | None = None,
    multi_measure: bool | None = None,
) -> Data:
    """A valid indicator spec for a catalogue with these `facts`.

    `multi_measure` chooses one measure or several (None: either). With several, each
    measure either inherits the indicator's measure fields or gives a full set of its
    own, so whatever it inherits suits it.
    """
    facts = facts or CatalogueFacts()
    spec: Data = {
        "id": indicator_id or draw(ids),
        "title": draw(texts),
        "theme": theme or draw(st.sampled_from(facts.themes)),
        "card": draw(cards),
    }
    calendar = facts.calendar
    if draw(st.booleans()):
        calendar = draw(st.sampled_from(CALENDARS))
        spec["calendar"] = calendar
    frequency = facts.frequency
    if draw(st.booleans()):
        frequency = draw(st.sampled_from(FREQUENCIES))
        spec["frequency"] = frequency
    for name, strategy in (("benchmarking", benchmarking()),
                           ("lag", lags), ("notes", st.lists(texts, max_size=2))):
        if draw(st.booleans()):
            spec[name] = draw(strategy)
    several = draw(st.booleans()) if multi_measure is None else multi_measure
    shared = measure_fields(facts=facts, calendar=calendar, frequency=frequency)
    measure_ids: list[str] = []
    if not several:
        spec.update(draw(shared))
    else:
        base = draw(st.one_of(st.just({}), shared))
        measure_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
        own = measure_fields(facts=facts, calendar=calendar, frequency=frequency,
                             complete=True)
        measures = []
        for measure_id in measure_ids:
            measure = {"id": measure_id, "title": draw(texts)}
            if not base or draw(st.booleans()):
                measure.update(draw(own))
            if draw(st.booleans()):
                measure["note"] = draw(texts)
            measures.append(measure)
        spec.update(base)
        spec["measures"] = measures
        if draw(st.booleans()):
            spec["headline"] = draw(st.sampled_from(measure_ids))
    if draw(st.booleans()):
        spec["breakdowns"] = draw(breakdowns(populations=facts.populations,
                                             measure_ids=measure_ids))
    return spec


# Catalogue --------------------------------------------------------------------------


@st.composite
def population_specs(draw: Draw, *, years: Sequence[int]) -> Data:
    """A population with a figure for every year, labelled in both calendar styles."""
    figures = []
    for year in years:
        for label in (year_label("financial", year), year_label("calendar", year)):
            figures.append(draw(optional_fields(
                {"year": label, "value": draw(positive_decimals), "source": draw(texts)},
                implied=st.booleans())))
    return draw(optional_fields({"title": draw(texts), "figures": figures}, note=texts))


year_ranges = st.tuples(st.integers(2000, 2030), st.integers(1, 4)).map(
    lambda start_count: tuple(range(start_count[0], start_count[0] + start_count[1])))
"""A few consecutive start years, for targets, population figures and periods."""


area_codes = st.from_regex(r"[A-Z][0-9]{2}[0-9A-Za-z._-]{0,6}", fullmatch=True)


@st.composite
def area_specs(draw: Draw) -> Data:
    """A valid `areas:` block: declared types, unique codes, parents declared earlier,
    groups of one type each, by members or by type (within a parent)."""
    types = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    codes = draw(st.lists(area_codes, min_size=1, max_size=6, unique=True))
    areas: list[Data] = []
    for i, code in enumerate(codes):
        area: Data = {"code": code, "name": draw(texts), "type": draw(st.sampled_from(types))}
        if i and draw(st.booleans()):
            area["parent"] = draw(st.sampled_from(codes[:i]))
        areas.append(area)
    spec: Data = {"types": {name: draw(texts) for name in types}, "areas": areas}
    groups = []
    for group_id in draw(st.lists(ids, max_size=3, unique=True)):
        kind = draw(st.sampled_from(sorted({a["type"] for a in areas})))
        same = [a for a in areas if a["type"] == kind]
        group: Data = {"id": group_id, "title": draw(texts)}
        if draw(st.booleans()):
            group["members"] = [a["code"] for a in draw(
                st.lists(st.sampled_from(same), min_size=1, unique_by=lambda a: a["code"]))]
        else:
            group["type"] = kind
            parents = sorted({a["parent"] for a in same if "parent" in a})
            if parents and draw(st.booleans()):
                group["parent"] = draw(st.sampled_from(parents))
        if draw(st.booleans()):
            group["benchmark"] = draw(st.sampled_from(codes))
        groups.append(group)
    if groups:
        spec["groups"] = groups
    if draw(st.booleans()):
        spec["home"] = draw(st.sampled_from(codes))
    return spec


@st.composite
def catalogue_specs(
    draw: Draw,
    *,
    years: Sequence[int] = (2018, 2019),
    rule_names: Iterable[str] = ("value", "comparator"),
    indicators: Mapping[str, Sequence[str]] | None = None,
) -> Data:
    """A valid catalogue file: defaults, themes, populations, data sources.

    The default RAG rule suits every measure: a tolerance that gives absolute, or
    relative and points; or rules over `rule_names` (by default value and comparator,
    the names every polarity has). `indicators` maps theme ids to the indicator ids a
    theme may list; by default themes are generated.
    """
    calendar = draw(st.sampled_from(CALENDARS))
    defaults: Data = {"rag": draw(rag_specs(catalogue_default=True, rule_names=rule_names))}
    if draw(st.booleans()):
        defaults["calendar"] = calendar
    else:
        calendar = "financial"
    if draw(st.booleans()):
        defaults["frequency"] = draw(st.sampled_from(FREQUENCIES))
    if draw(st.booleans()):
        defaults["dot"] = draw(dot_specs(calendar=None, years=years))
    if draw(st.booleans()):
        defaults["population_tolerance"] = draw(non_negative_decimals)
    if indicators is None:
        indicators = dict.fromkeys(draw(st.lists(ids, min_size=1, max_size=4, unique=True)),
                                   ())
    themes = []
    for theme, listed in indicators.items():
        themes.append(draw(optional_fields(
            {"id": theme, "title": draw(texts)},
            description=texts, indicators=st.permutations(listed))))
    population_ids = draw(st.lists(ids, max_size=3, unique=True))
    benchmark_ids = draw(st.lists(ids, max_size=2, unique=True))
    catalogue: Data = {
        "id": draw(ids),
        "title": draw(texts),
        "defaults": defaults,
        "themes": themes,
    }
    if population_ids or draw(st.booleans()):
        catalogue["populations"] = {
            name: draw(population_specs(years=years)) for name in population_ids
        }
    if benchmark_ids:
        catalogue["benchmarks"] = {
            name: draw(optional_fields({"label": draw(texts)}, area=texts, note=texts))
            for name in benchmark_ids
        }
    catalogue.update(draw(optional_fields(
        {}, organisation=texts, description=texts, source=texts,
        latest_report=period_texts(calendar=calendar, years=years),
        areas=area_specs(),
        data=optional_fields({}, observations=st.lists(texts, max_size=2),
                             reports=st.lists(texts, max_size=2),
                             benchmarks=st.lists(texts, max_size=2)))))
    return catalogue


def catalogue_facts(catalogue: Data, *, years: Sequence[int]) -> CatalogueFacts:
    """What the strategies need to know of a generated catalogue."""
    defaults = catalogue["defaults"]
    rag = defaults["rag"]
    names: set[str] | None = None
    if "rules" in rag:
        names = set(re.findall(r"[a-z_]+", " ".join(
            rule["when"] for rule in rag["rules"] if "when" in rule))) - {"and", "or", "not"}
    return CatalogueFacts(
        calendar=defaults.get("calendar", "financial"),
        frequency=defaults.get("frequency", "quarterly"),
        themes=tuple(theme["id"] for theme in catalogue["themes"]),
        populations=tuple(catalogue.get("populations", {})),
        years=tuple(years),
        default_rule_names=frozenset(names) if names is not None else None,
        benchmarks=tuple(catalogue.get("benchmarks", {})),
    )


@dataclass(frozen=True)
class SpecSetData:
    """A generated catalogue and indicators whose ids are distinct."""

    catalogue: Data
    indicators: tuple[Data, ...]

    def files(self) -> dict[str, Data]:
        """Relative file name -> data: catalogue.yaml and <theme>/<id>.yaml."""
        files = {"catalogue.yaml": self.catalogue}
        for spec in self.indicators:
            files[f"{spec['theme']}/{spec['id']}.yaml"] = spec
        return files


@st.composite
def spec_sets(draw: Draw, *, max_indicators: int = 3) -> SpecSetData:
    """A catalogue and up to `max_indicators` indicators that refer to it."""
    years = draw(year_ranges)
    theme_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    placed = {
        indicator_id: draw(st.sampled_from(theme_ids))
        for indicator_id in draw(st.lists(ids, max_size=max_indicators, unique=True))
    }
    listed = {theme: [i for i, t in placed.items() if t == theme] for theme in theme_ids}
    catalogue = draw(catalogue_specs(years=years, indicators=listed))
    facts = catalogue_facts(catalogue, years=years)
    indicators = tuple(
        draw(indicator_specs(facts=facts, indicator_id=indicator_id, theme=theme))
        for indicator_id, theme in placed.items()
    )
    return SpecSetData(catalogue, indicators)


# Writing YAML ----------------------------------------------------------------------

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/indicator.schema.json"


@dataclass(frozen=True)
class Place:
    """Where the writer put a node (1-based), and its key when it is a mapping value."""

    line: int
    column: int
    key_line: int = 0
    key_column: int = 0


@dataclass
class Dumped:
    """YAML text and the place of every node, by path of keys and indices."""

    text: str
    places: dict[Path, Place] = field(default_factory=dict)

    def place(self, path: Sequence[str | int]) -> Place:
        return self.places[tuple(path)]


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_ ./()-]*|[0-9]{4}/[0-9]{2,4}(?: Q[1-4])?")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}
_LINE_BREAKS = {0x85, 0x2028, 0x2029, 0xFEFF}


def yaml_scalar(value: Any) -> str:
    """One scalar as YAML text: numbers plain and exact, text plain when safe, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as YAML")
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _RESERVED:
        return value
    return double_quoted(value)


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar; anything not printable, or a line break, is escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code in _LINE_BREAKS:
            out.append(f"\\u{code:04x}")
        elif (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
              or code >= 0x10000):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def dump_yaml(data: Any, *, header: str | None = None) -> Dumped:
    """Block-style YAML for plain data, with the place of every key and value."""
    lines: list[str] = [header] if header is not None else []
    dumped = Dumped("")
    _emit(data, (), 0, lines, dumped.places, None)
    dumped.text = "\n".join(lines) + "\n"
    return dumped


def _flat(value: Any) -> bool:
    return not isinstance(value, dict | list | tuple) or not value


def _flat_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list | tuple):
        return "[]"
    return yaml_scalar(value)


def _emit(
    value: Any,
    path: Path,
    indent: int,
    lines: list[str],
    places: dict[Path, Place],
    prefix: str | None,
) -> None:
    """Append `value` (a non-empty collection, or a scalar at the root) to `lines`.

    `prefix` is the start of the first line when it is shared (`- ` of a list item).
    """
    if _flat(value):
        lead = prefix if prefix is not None else " " * indent
        places[path] = Place(len(lines) + 1, len(lead) + 1)
        lines.append(lead + _flat_text(value))
        return
    places[path] = Place(len(lines) + 1, indent + 1)
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for i, (key, item) in enumerate(items):
        lead = prefix if (i == 0 and prefix is not None) else " " * indent
        if isinstance(value, dict):
            key_text = yaml_scalar(key)
            key_line = len(lines) + 1
            if _flat(item):
                places[(*path, key)] = Place(key_line, indent + len(key_text) + 3,
                                             key_line, indent + 1)
                lines.append(f"{lead}{key_text}: {_flat_text(item)}")
            else:
                lines.append(f"{lead}{key_text}:")
                _emit(item, (*path, key), indent + 2, lines, places, None)
                inner = places[(*path, key)]
                places[(*path, key)] = Place(inner.line, inner.column, key_line, indent + 1)
        else:
            item_lead = lead + "- "
            if _flat(item):
                places[(*path, key)] = Place(len(lines) + 1, indent + 3)
                lines.append(item_lead + _flat_text(item))
            else:
                _emit(item, (*path, key), indent + 2, lines, places, item_lead)
