"""Property tests of the spec language: generated valid specs load, round-trip and validate."""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from kpirules.catalogue import build_catalogue
from kpirules.models import CatalogueSpec, IndicatorSpec
from kpirules.schema_issues import field_vocabulary
from kpirules.specfiles import SpecSet, validate_document
from kpirules.validation import validate, validate_spec_set
from kpirules.yamlsource import parse_yaml
from strategies import (
    AGGREGATION_KINDS,
    BASIC_UNIT_KINDS,
    BENCHMARK_PERIODS,
    CALENDARS,
    DOT_METHODS,
    FREQUENCIES,
    INTERVAL_METHODS,
    NO_TARGET_REASONS,
    PERIODS_PER_YEAR,
    POLARITIES,
    RATINGS,
    SCHEMA_COMMENT,
    SPANS,
    TARGET_FORMS,
    TOLERANCE_KINDS,
    CatalogueFacts,
    SpecSetData,
    aggregations,
    bands,
    breakdowns,
    catalogue_facts,
    catalogue_specs,
    dump_yaml,
    fewer_examples,
    grouped_benchmarks,
    indicator_specs,
    profiles,
    spec_sets,
    statistics_specs,
    year_label,
    year_ranges,
)


def write_spec_set(root: Path, specs: SpecSetData) -> Path:
    """Write every file of a generated spec set under `root`/specs; returns that folder."""
    folder = root / "specs"
    for name, data in specs.files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(data, header=SCHEMA_COMMENT).text, encoding="utf-8")
    return folder


@given(indicator_specs())
def test_indicator_round_trips_through_yaml(spec: dict[str, object]) -> None:
    """A generated indicator dumped to YAML and loaded back gives an equal model."""
    document = parse_yaml(dump_yaml(spec).text, "spec.yaml")
    assert document.issues == ()
    assert document.to_python() == spec
    loaded = validate_document(document, IndicatorSpec)
    assert loaded.issues == ()
    assert loaded.model == IndicatorSpec.model_validate(spec)


@given(catalogue_specs())
def test_catalogue_round_trips_through_yaml(catalogue: dict[str, object]) -> None:
    """A generated catalogue dumped to YAML and loaded back gives an equal model."""
    document = parse_yaml(dump_yaml(catalogue).text, "catalogue.yaml")
    assert document.issues == ()
    loaded = validate_document(document, CatalogueSpec)
    assert loaded.issues == ()
    assert loaded.model == CatalogueSpec.model_validate(catalogue)


@fewer_examples(0.75)
@given(spec_sets())
def test_generated_spec_set_validates_clean(specs: SpecSetData) -> None:
    """A generated catalogue with its indicators, written as files, validates with no issues.

    What validates also builds into a catalogue: validation leaves nothing for loading to
    refuse (formulas and rules compile, periods parse).
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_spec_set(Path(tmp), specs)
        report = validate([folder])
    assert [issue.format() for issue in report.issues] == []
    assert report.files == len(specs.indicators) + 1
    catalogue = build_catalogue(report.specs)
    assert {indicator.id for indicator in catalogue.indicators} == {
        spec["id"] for spec in specs.indicators
    }


# Breaking one field -------------------------------------------------------------------

Path_ = tuple[str | int, ...]

FREE_MAPPINGS = {"targets", "inputs", "share", "populations", "types", "benchmarks"}
"""Mappings whose keys are data (years, names, ids), not the fields of a model."""

ENUM_FIELDS = {
    "polarity", "calendar", "frequency", "span", "year_to_date", "none", "rating",
    "otherwise", "scale", "method",
}  # fmt: skip
"""Fields whose value is one of a few words; a misspelling gets a "did you mean"."""

_REQUIRED_BY_KIND = {
    "rate": {"per", "population", "numerator"},
    "ratio": {"numerator", "denominator"},
    "per_household": {"numerator", "households"},
    "formula": {"formula", "inputs"},
}
_REQUIRED = {
    "indicator": {
        "": {"id", "title", "theme", "card"}, "card": {"definition"},
        "measures": {"id", "title"}, "breakdowns": {"id", "title", "dimensions", "unit"},
        "lag": {"months"}, "rank": {"position", "of"}, "values": {"label"},
        "band": {"low", "high"}, "comparator": {"period"}, "compare": {"benchmark"},
    },
    "catalogue": {
        "": {"id", "title", "defaults", "themes"}, "defaults": {"rag"},
        "themes": {"id", "title"}, "figures": {"year", "value", "source"},
        "comparator": {"period"},
    },
}  # fmt: skip


def required_fields(kind: str, path: Path_, mapping: dict[str, Any]) -> set[str]:
    """The fields the model at `path` of an indicator or catalogue file cannot do without."""
    named = [step for step in path if isinstance(step, str)]
    last = named[-1] if named else ""
    if kind == "catalogue" and len(path) == 2 and path[0] == "populations":
        return {"title"}
    if kind == "catalogue" and len(path) == 2 and path[0] == "benchmarks":
        return {"label"}
    if last in ("unit", "aggregation"):
        return _REQUIRED_BY_KIND.get(str(mapping.get("kind")), set()) & set(mapping)
    if last == "rules":
        return {"when", "rating"} if "when" in mapping else set()
    return _REQUIRED[kind].get(last, set()) & set(mapping)


def nodes(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every node of plain data with its path, parents first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from nodes(value, (*path, i))


def replaced(data: Any, path: Path_, change: Callable[[Any], Any]) -> Any:
    """A deep copy of `data` with the node at `path` changed."""
    copy = deepcopy(data)
    if not path:
        return change(copy)
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = change(parent[path[-1]])
    return copy


def model_mappings(data: Any) -> list[Path_]:
    return [path for path, node in nodes(data)
            if isinstance(node, dict) and not (path and path[-1] in FREE_MAPPINGS)]


@dataclass(frozen=True)
class Breakage:
    """One field broken: the data, and the issue expected at one place of the new text."""

    data: Any
    code: str
    path: Path_
    key: bool = False
    """Located at the key (an unknown field) rather than at the value."""
    words: str = ""
    """Words the message must contain."""


@st.composite
def broken_specs(draw: Any, spec: Any, kind: str) -> Breakage:
    """`spec` with one field broken in one of the ways an author gets a spec wrong."""
    how = draw(st.sampled_from(("unknown", "wrong_type", "enum", "missing")))
    if how == "enum":
        choices = [path for path, node in nodes(spec) if path and path[-1] in ENUM_FIELDS
                   and isinstance(node, str) and len(node) > 3]
        if choices:
            path = draw(st.sampled_from(choices))
            original = draw_value(spec, path)
            at = draw(st.integers(1, len(original) - 2))
            misspelt = original[:at] + original[at + 1:]
            return Breakage(replaced(spec, path, lambda _: misspelt), "KPI012", path,
                            words=f"did you mean '{original}'")
        how = "unknown"
    if how == "missing":
        choices = [(path, name) for path in model_mappings(spec)
                   for name in sorted(required_fields(kind, path, draw_value(spec, path)))]
        if choices:
            path, name = draw(st.sampled_from(choices))

            def remove(mapping: dict[str, Any], name: str = name) -> dict[str, Any]:
                return {k: v for k, v in mapping.items() if k != name}

            return Breakage(replaced(spec, path, remove), "KPI010", path,
                            words=f"missing required field '{name}'")
        how = "wrong_type"
    if how == "wrong_type":
        leaves = [path for path, node in nodes(spec)
                  if path and not isinstance(node, dict | list)]
        path = draw(st.sampled_from(leaves))
        wrong = draw(st.sampled_from(({"x": 1}, [1, 2])))
        return Breakage(replaced(spec, path, lambda _: deepcopy(wrong)), "KPI01[0-3]", path)
    path = draw(st.sampled_from(model_mappings(spec)))
    name = draw(st.sampled_from(("colour", "flavour", "x_unknown")))
    if name in draw_value(spec, path):
        name += "_2"
    return Breakage(replaced(spec, path, lambda m: {**m, name: "blue"}), "KPI011",
                    (*path, name), key=True, words=f"unknown field '{name}'")


def draw_value(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


@given(st.data())
def test_breaking_one_field_is_located_at_that_field(data: st.DataObject) -> None:
    """Breaking one field of a valid spec gives an issue at that field's line and column."""
    kind = data.draw(st.sampled_from(("indicator", "catalogue")), label="kind")
    spec = data.draw(indicator_specs() if kind == "indicator" else catalogue_specs(),
                     label="spec")
    broken = data.draw(broken_specs(spec, kind), label="broken")
    dumped = dump_yaml(broken.data, header=SCHEMA_COMMENT)
    place = dumped.place(broken.path)
    line, column = (place.key_line, place.key_column) if broken.key else (place.line,
                                                                          place.column)
    model = IndicatorSpec if kind == "indicator" else CatalogueSpec
    loaded = validate_document(parse_yaml(dumped.text, "spec.yaml"), model)
    assert loaded.model is None
    found = [(i.code, i.location.line, i.location.column, i.message) for i in loaded.issues]
    assert any(
        re.fullmatch(broken.code, code) and tuple(at) == (line, column) and broken.words in message
        for code, *at, message in found
    ), f"expected {broken.code} at {line}:{column} ({broken.words}); got {found}\n{dumped.text}"


@st.composite
def target_breakages(draw: Any) -> tuple[SpecSetData, Path_, str]:
    """A valid spec set whose one indicator gets a profile of the wrong length, or a band
    whose low is not below its high; with the path of the broken target and the code."""
    years = draw(year_ranges)
    catalogue = draw(catalogue_specs(years=years, indicators={"theme": ()}))
    facts = catalogue_facts(catalogue, years=years)
    spec = draw(indicator_specs(facts=facts, theme="theme", multi_measure=False))
    calendar = spec.get("calendar", facts.calendar)
    frequency = spec.get("frequency", facts.frequency)
    year = year_label(calendar, draw(st.sampled_from(years)))
    if draw(st.booleans()):
        spec["polarity"] = "higher_is_better"
        wrong = draw(st.sampled_from([n for n in range(0, 14) if n != PERIODS_PER_YEAR[frequency]]))
        spec["targets"] = {year: {"profile": draw(profiles(length=wrong))}}
        return SpecSetData(catalogue, (spec,)), ("targets", year, "profile"), "KPI043"
    spec["polarity"] = "within_band"
    band = draw(bands())
    spec["targets"] = {year: {"band": {"low": band["high"],
                                       "high": draw(st.sampled_from((band["low"],
                                                                     band["high"])))}}}
    return SpecSetData(catalogue, (spec,)), ("targets", year, "band"), "KPI041"


@fewer_examples(0.5)
@given(target_breakages())
def test_breaking_a_target_is_located_at_that_target(case: tuple[SpecSetData, Path_, str]) -> None:
    """A profile of the wrong length, or a band with low >= high, is reported at that target."""
    specs, path, code = case
    catalogue_text = dump_yaml(specs.catalogue).text
    [spec] = specs.indicators
    dumped = dump_yaml(spec, header=SCHEMA_COMMENT)
    name = f"specs/theme/{spec['id']}.yaml"
    spec_set = SpecSet(
        validate_document(parse_yaml(catalogue_text, "specs/catalogue.yaml"), CatalogueSpec),
        (validate_document(parse_yaml(dumped.text, name), IndicatorSpec),),
    )
    report = validate_spec_set(spec_set)
    place = dumped.place(path)
    found = [(i.code, i.location.path, i.location.line, i.location.column)
             for i in report.issues]
    assert (code, name, place.line, place.column) in found, (found, dumped.text)


def words_in(data: Any) -> set[str]:
    """Every text value and mapping key in plain data."""
    found: set[str] = set()
    for _, node in nodes(data):
        if isinstance(node, dict):
            found.update(str(key) for key in node)
        elif isinstance(node, str):
            found.add(node)
    return found


class _AllSeen(Exception):
    """Every wanted word has been generated: the sweep can stop."""


def test_strategies_cover_every_field_and_choice() -> None:
    """Generated specs use every field of the models, and every member of every union.

    Examples are generated until every field name and choice has appeared (a few hundred
    usually), up to a limit; whatever has not appeared by then is reported. Optional
    fields of one aggregation or breakdown, which whole specs reach seldom, are also
    drawn from those parts directly.
    """
    wanted = set(field_vocabulary([IndicatorSpec, CatalogueSpec])) | {
        *BASIC_UNIT_KINDS, "money", "rate", *AGGREGATION_KINDS, *POLARITIES, *SPANS,
        *NO_TARGET_REASONS, *RATINGS, *TARGET_FORMS, *TOLERANCE_KINDS, "n/a", "rules",
        "otherwise", "same_period_last_year", "previous_period", "weighted", "unweighted",
        "sum", "none", *CALENDARS, *FREQUENCIES, "spc", *INTERVAL_METHODS, *DOT_METHODS,
        *BENCHMARK_PERIODS,
    }
    seen: set[str] = set()
    specs = st.one_of(
        catalogue_specs(),
        *(indicator_specs(facts=CatalogueFacts(frequency=frequency, populations=("people",),
                                               benchmarks=("england",)))
          for frequency in FREQUENCIES),
        aggregations(kind="ratio"),
        # Statistics, which whole specs reach seldom, drawn directly too.
        *(statistics_specs(kind=kind, polarity="higher_is_better", benchmarks=("england",))
          .map(lambda found: {"statistics": found[0]})
          for kind in ("proportion", "rate")),
        aggregations(kind="survey", frequency="annual"),
        breakdowns(measure_ids=("mean",)).map(lambda tables: {"breakdowns": tables}),
        grouped_benchmarks.map(lambda found: {"benchmarks": {"grouped": found}}),
    )

    @settings(max_examples=3000, database=None, phases=[Phase.generate])
    @given(specs)
    def collect(spec: Any) -> None:
        seen.update(words_in(spec))
        if wanted <= seen:
            raise _AllSeen

    with contextlib.suppress(_AllSeen):
        collect()
    assert wanted - seen == set()
