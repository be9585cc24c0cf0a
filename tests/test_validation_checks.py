"""Example tests for validation: each schema error and cross-file check, at its exact place.

Every expected place is worked out from the text the test writes (the line and column
where a word occurs), not from the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from kpirules.issues import Severity
from kpirules.validation import validate

CATALOGUE = """\
# yaml-language-server: $schema=../schema/catalogue.schema.json
id: test
title: Test catalogue
defaults:
  rag:
    tolerance: {relative: 5, points: 5}
themes:
  - id: safety
    title: Safety
  - id: waste
    title: Waste
populations:
  households:
    title: Households
    figures:
      - {year: 2019/20, value: 77136, source: cards}
      - {year: 2018/19, value: 75734, source: cards}
  people-65-plus:
    title: Residents aged 65 and over
    figures:
      - {year: 2019/20, value: 19755, source: implied}
"""

INDICATOR = """\
# yaml-language-server: $schema=../../schema/indicator.schema.json
id: asb
title: ASB incidents
theme: safety
card:
  definition: Incidents of anti-social behaviour reported to the police.
polarity: lower_is_better
unit: count
aggregation: cumulative
targets:
  2019/20: {value: 100}
"""

ASB = "safety/asb.yaml"


def where(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """The 1-based line and column of the `nth` occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


@dataclass(frozen=True)
class Found:
    code: str
    file: str
    line: int
    column: int
    message: str
    severity: Severity


def run(tmp_path: Path, files: dict[str, str], *, catalogue: str | None = CATALOGUE) -> list[Found]:
    """Validate `files` (relative to a specs folder, plus the catalogue) and list the issues."""
    folder = tmp_path / "specs"
    if catalogue is not None:
        files = {"catalogue.yaml": catalogue, **files}
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    report = validate([folder])
    return [
        Found(i.code, Path(i.location.path).relative_to(folder).as_posix()
              if i.location.path.startswith(str(folder)) else i.location.path,
              i.location.line, i.location.column, i.message, i.severity)
        for i in report.issues
    ]


def one(found: list[Found], code: str) -> Found:
    """The only issue found, which must have this code."""
    assert [f.code for f in found] == [code], found
    return found[0]


def indicator(*, replace: tuple[str, str] | None = None, add: str = "") -> str:
    """The base indicator with one text replaced and lines added at the end."""
    text = INDICATOR
    if replace is not None:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    return text + add


def test_base_files_are_valid(tmp_path: Path) -> None:
    """The catalogue and indicator the other tests break are valid as written."""
    assert run(tmp_path, {ASB: INDICATOR}) == []


# Schema errors ------------------------------------------------------------------------------


def test_unknown_field_suggests_the_field_meant(tmp_path: Path) -> None:
    """A misspelt field is one unknown-field error at the key, with "did you mean"."""
    text = indicator(replace=("title:", "titel:"))
    issue = one(run(tmp_path, {ASB: text}), "KPI011")
    assert (issue.file, issue.line, issue.column) == (ASB, *where(text, "titel"))
    assert "unknown field 'titel' (did you mean 'title'?)" in issue.message


def test_unknown_nested_field_is_located_at_its_key(tmp_path: Path) -> None:
    """An unknown field inside a nested mapping is located at that key."""
    text = indicator(replace=("  2019/20: {value: 100}", "  2019/20: {value: 100, vlaue: 3}"))
    found = run(tmp_path, {ASB: text})
    issue = next(f for f in found if f.code == "KPI011")
    assert (issue.line, issue.column) == where(text, "vlaue")


def test_unknown_field_without_a_close_name_has_no_suggestion(tmp_path: Path) -> None:
    """An unknown field that resembles nothing gets no suggestion."""
    text = indicator(add="zzzz: 1\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI011")
    assert (issue.line, issue.column) == where(text, "zzzz")
    assert "did you mean" not in issue.message


def test_missing_field_is_located_at_its_mapping(tmp_path: Path) -> None:
    """A missing required field is reported at the mapping that lacks it."""
    text = indicator(replace=("theme: safety\n", ""))
    issue = one(run(tmp_path, {ASB: text}), "KPI010")
    assert (issue.line, issue.column) == where(text, "id: asb")
    assert issue.message == "missing required field 'theme'"
    text = indicator(replace=("  definition: Incidents", "  history: Incidents"))
    issue = one(run(tmp_path, {ASB: text}), "KPI010")
    assert (issue.line, issue.column) == where(text, "history")
    assert issue.message == "missing required field 'definition' in card"


def test_wrong_type_is_located_at_the_value(tmp_path: Path) -> None:
    """A value of the wrong type is a KPI013 at the value."""
    text = indicator(add="decimals: two\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI013")
    assert (issue.line, issue.column) == where(text, "two")
    text = indicator(replace=("{value: 100}", "{value: lots}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI013")
    assert (issue.line, issue.column) == where(text, "lots")
    assert "expected a number, got text 'lots'" in issue.message
    text = indicator(replace=("title: ASB incidents", "title: 12"))
    issue = one(run(tmp_path, {ASB: text}), "KPI013")
    assert (issue.line, issue.column) == where(text, "12")
    assert "expected text, got the number 12" in issue.message


def test_invalid_choice_suggests_the_choice_meant(tmp_path: Path) -> None:
    """A misspelt polarity is a KPI012 at the value, with "did you mean"."""
    text = indicator(replace=("lower_is_better", "lower_is_beter"))
    issue = one(run(tmp_path, {ASB: text}), "KPI012")
    assert (issue.line, issue.column) == where(text, "lower_is_beter")
    assert "(did you mean 'lower_is_better'?)" in issue.message


def test_unknown_aggregation_kind_is_located_at_the_kind(tmp_path: Path) -> None:
    """`aggregation: {kind: rati}` is a KPI012 at the kind's value, with "did you mean"."""
    text = indicator(replace=("aggregation: cumulative",
                              "aggregation: {kind: rati, numerator: a, denominator: b}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI012")
    assert (issue.line, issue.column) == where(text, "rati")
    assert issue.message.startswith("aggregation.kind: 'rati' is not one of 'discrete'")
    assert "(did you mean 'ratio'?)" in issue.message


def test_unknown_aggregation_word_is_located_at_the_word(tmp_path: Path) -> None:
    """`aggregation: cumulativ` (the shorthand) is a KPI012 at the word."""
    text = indicator(replace=("aggregation: cumulative", "aggregation: cumulativ"))
    issue = one(run(tmp_path, {ASB: text}), "KPI012")
    assert (issue.line, issue.column) == where(text, "cumulativ")
    assert "(did you mean 'cumulative'?)" in issue.message


def test_aggregation_without_kind_is_a_missing_field(tmp_path: Path) -> None:
    """An aggregation mapping without `kind` is a missing field at that mapping."""
    text = indicator(replace=("aggregation: cumulative", "aggregation:\n  numerator: a"))
    issue = one(run(tmp_path, {ASB: text}), "KPI010")
    assert (issue.line, issue.column) == where(text, "numerator")
    assert issue.message == "missing required field 'kind' in aggregation"


def test_aggregation_kind_fields_are_checked_for_that_kind(tmp_path: Path) -> None:
    """A ratio's own fields are required and its unknown fields refused, at their places."""
    text = indicator(replace=("aggregation: cumulative",
                              "aggregation:\n  kind: ratio\n  numerator: a\n  scale: x\n"
                              "  colour: red"))
    found = run(tmp_path, {ASB: text})
    assert [(f.code, f.line, f.column) for f in found] == [
        ("KPI010", *where(text, "kind: ratio")),
        ("KPI013", *where(text, "x\n")),
        ("KPI011", *where(text, "colour")),
    ]
    assert found[0].message == "missing required field 'denominator' in aggregation"


def test_rag_rule_errors_are_located_at_the_rule_field(tmp_path: Path) -> None:
    """A bad rating in a rule is located at the rating, not at the rule's condition."""
    text = indicator(add="rag:\n  rules:\n    - when: value > target\n      rating: Green\n"
                         "    - otherwise: R\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI012")
    assert (issue.line, issue.column) == where(text, "Green")
    text = indicator(add="rag:\n  rules:\n    - when: value > target\n      rating: G\n"
                         "      colour: red\n    - otherwise: R\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI011")
    assert (issue.line, issue.column) == where(text, "colour")
    text = indicator(add="rag:\n  rules:\n    - when: value > target\n    - otherwise: R\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI010")
    assert (issue.line, issue.column) == where(text, "when: value")
    assert issue.message == "missing required field 'rating' in rag.rules[0]"


def test_target_with_two_forms_is_refused(tmp_path: Path) -> None:
    """A target that gives both a value and an annual figure is one KPI012 at that target."""
    text = indicator(replace=("{value: 100}", "{value: 100, annual: 400}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI012")
    assert (issue.line, issue.column) == where(text, "{value")
    assert "found value, annual" in issue.message


def test_document_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    """A file that is a list, or a single word, is a KPI014 at its start."""
    issue = one(run(tmp_path, {ASB: "# comment\n- a\n- b\n"}), "KPI014")
    assert (issue.line, issue.column) == (2, 1)
    issue = one(run(tmp_path, {ASB: "just words\n"}), "KPI014")
    assert (issue.line, issue.column) == (1, 1)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    """An empty spec file is an error, not silently skipped."""
    issue = one(run(tmp_path, {ASB: "# nothing here yet\n"}), "KPI014")
    assert (issue.file, issue.line) == (ASB, 1)
    assert "empty" in issue.message


@pytest.mark.parametrize(
    ("text", "code", "needle", "words"),
    [
        (INDICATOR + "id: other\n", "KPI002", "id: other", "first at line 2, again at line 12"),
        (INDICATOR.replace("unit: count", "unit: &u count"), "KPI003", "&u", "anchor"),
        (INDICATOR + "notes: [*u]\n", "KPI001", "*u", "found undefined alias"),
        (INDICATOR.replace("unit: count", "unit: !!python/object:os.system count"), "KPI004",
         "!!python", "!!python/object:os.system"),
        (INDICATOR.replace("{value: 100}", "{value: 0x64}"), "KPI008", "0x64", "plain decimal"),
        (INDICATOR.replace("{value: 100}", "{value: [100}"), "KPI001", "}", "syntax error"),
    ],
)
def test_yaml_rejections_are_located_in_spec_files(
    tmp_path: Path, text: str, code: str, needle: str, words: str
) -> None:
    """What the loader refuses is reported at its place, and the file is not validated further."""
    found = run(tmp_path, {ASB: text})
    if code == "KPI001" and needle == "*u":
        # An alias without its anchor is still an alias: refused as such.
        code, words = "KPI003", "alias '*u'"
    issue = one(found, code)
    assert (issue.file, issue.line, issue.column) == (ASB, *where(text, needle))
    assert words in issue.message


def test_implicit_boolean_is_a_warning_then_a_type_error(tmp_path: Path) -> None:
    """`title: yes` warns that it is a boolean, and the schema says a text was expected."""
    text = indicator(replace=("title: ASB incidents", "title: yes"))
    found = run(tmp_path, {ASB: text})
    assert [(f.code, f.severity, f.line, f.column) for f in found] == [
        ("KPI007", Severity.WARNING, *where(text, "yes")),
        ("KPI013", Severity.ERROR, *where(text, "yes")),
    ]


# Cross-file checks: identity and references ------------------------------------------------


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    """Two files with one id: the second is an error that names the first file, line and column."""
    found = run(tmp_path, {ASB: INDICATOR, "safety/asb-copy.yaml": INDICATOR})
    issue = one(found, "KPI020")
    # Files are read in path order: asb-copy.yaml comes before asb.yaml.
    assert (issue.file, issue.line, issue.column) == (ASB, *where(INDICATOR, "asb"))
    first = tmp_path / "specs" / "safety" / "asb-copy.yaml"
    line, column = where(INDICATOR, "asb")
    assert f"indicator id 'asb' is already used at {first}:{line}:{column}" in issue.message


def test_duplicate_theme_id_is_refused(tmp_path: Path) -> None:
    """A theme declared twice in the catalogue is an error at the second."""
    catalogue = CATALOGUE.replace("  - id: waste", "  - id: safety")
    issue = one(run(tmp_path, {ASB: INDICATOR}, catalogue=catalogue), "KPI020")
    assert (issue.file, issue.line, issue.column) == ("catalogue.yaml",
                                                      *where(catalogue, "safety", 2))


def test_unknown_theme_suggests_a_declared_one(tmp_path: Path) -> None:
    """An undeclared theme is an error at the theme, with the declared theme it resembles."""
    text = indicator(replace=("theme: safety", "theme: safty"))
    issue = one(run(tmp_path, {"safty/asb.yaml": text}), "KPI021")
    assert (issue.line, issue.column) == where(text, "safty")
    assert issue.message == (
        "theme 'safty' is not declared in the catalogue (did you mean 'safety'?)")


def test_file_outside_its_theme_folder_is_a_warning(tmp_path: Path) -> None:
    """An indicator in another theme's folder draws a warning at its theme."""
    issue = one(run(tmp_path, {"waste/asb.yaml": INDICATOR}), "KPI026")
    assert issue.severity is Severity.WARNING
    assert (issue.line, issue.column) == where(INDICATOR, "safety")


def test_unknown_population_suggests_a_declared_one(tmp_path: Path) -> None:
    """A rate per N of an undeclared population is an error at the population's name."""
    text = indicator(replace=("unit: count", "unit: {kind: rate, per: 1000, population: "
                              "people-65-plu}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI022")
    assert (issue.line, issue.column) == where(text, "people-65-plu")
    assert "(did you mean 'people-65-plus'?)" in issue.message


def test_per_household_needs_a_declared_population(tmp_path: Path) -> None:
    """A per-household figure names households the catalogue declares."""
    text = indicator(replace=("aggregation: cumulative", "aggregation: {kind: per_household, "
                              "numerator: kg collected, households: housholds}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI022")
    assert (issue.line, issue.column) == where(text, "housholds")
    assert "(did you mean 'households'?)" in issue.message


def test_population_without_a_figure_for_a_target_year_is_a_warning(tmp_path: Path) -> None:
    """A rate whose population has no figure for a target year draws a warning."""
    text = indicator(replace=("unit: count", "unit: {kind: rate, per: 1000, population: "
                              "people-65-plus}"), add="  2018/19: {value: 90}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI027")
    assert issue.severity is Severity.WARNING
    assert (issue.line, issue.column) == where(text, "people-65-plus")
    assert "no figure for 2018/19" in issue.message


def test_population_years_are_checked(tmp_path: Path) -> None:
    """A population year given twice, or not a year label, is an error at that year."""
    catalogue = CATALOGUE.replace("{year: 2018/19, value: 75734", "{year: 2019/20, value: 75734")
    issue = one(run(tmp_path, {ASB: INDICATOR}, catalogue=catalogue), "KPI012")
    assert (issue.file, issue.line, issue.column) == ("catalogue.yaml",
                                                      *where(catalogue, "2019/20", 2))
    assert "gives 2019/20 twice" in issue.message
    catalogue = CATALOGUE.replace("{year: 2018/19", "{year: last year")
    issue = one(run(tmp_path, {ASB: INDICATOR}, catalogue=catalogue), "KPI042")
    assert (issue.line, issue.column) == where(catalogue, "last year")


def test_comparator_period_that_does_not_parse(tmp_path: Path) -> None:
    """A fixed comparator that is not a period of the calendar is an error at the period."""
    text = indicator(add="dot:\n  comparator: {period: 2019 Q2}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI023")
    assert (issue.line, issue.column) == where(text, "2019 Q2")
    assert "'2019 Q2' is not a period of the financial calendar" in issue.message
    text = indicator(add="dot:\n  comparator: {period: 2019/20 Q5}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI023")
    assert (issue.line, issue.column) == where(text, "2019/20 Q5")


def test_inherited_comparator_that_does_not_suit_the_calendar(tmp_path: Path) -> None:
    """A default comparator that is no period of an indicator's calendar is an error there."""
    catalogue = CATALOGUE.replace("  rag:\n", "  dot: {comparator: {period: 2018/19 Q4}}\n"
                                  "  rag:\n")
    text = indicator(replace=("polarity:", "calendar: calendar\npolarity:"),
                     add="  2019: {value: 100}\n").replace("  2019/20: {value: 100}\n", "")
    issue = one(run(tmp_path, {ASB: text}, catalogue=catalogue), "KPI023")
    assert (issue.file, issue.line, issue.column) == (ASB, *where(text, "calendar: calendar"))
    assert "the catalogue's default comparator period '2018/19 Q4'" in issue.message


def test_no_catalogue_file(tmp_path: Path) -> None:
    """Indicators without a catalogue.yaml in or above their folder are an error."""
    found = run(tmp_path, {ASB: INDICATOR}, catalogue=None)
    assert [f.code for f in found] == ["KPI024"]


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    """A path that is neither a file nor a folder is an error naming it."""
    report = validate([tmp_path / "nowhere"])
    assert "KPI009" in [i.code for i in report.issues]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    """A file with a syntax error, and another with an unknown theme, are both reported."""
    broken = indicator(replace=("title: ASB incidents", "title: [ASB"))
    other = indicator(replace=("id: asb", "id: other")).replace("theme: safety", "theme: waist")
    found = run(tmp_path, {ASB: broken, "waste/other.yaml": other})
    assert [(f.code, f.file) for f in found] == [("KPI001", ASB),
                                                  ("KPI021", "waste/other.yaml")]


# Cross-file checks: measures and aggregation --------------------------------------------------

MEASURES = """\
measures:
  - id: mean
    title: Mean pay gap
  - id: median
    title: Median pay gap
"""


def test_headline_must_be_a_measure(tmp_path: Path) -> None:
    """A headline that names no measure is an error at the headline, with "did you mean"."""
    text = indicator(add=MEASURES + "headline: meen\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI062")
    assert (issue.line, issue.column) == where(text, "meen")
    assert "(did you mean 'mean'?)" in issue.message


def test_measure_and_breakdown_ids_are_unique(tmp_path: Path) -> None:
    """A repeated measure id or breakdown id is an error at the second."""
    text = indicator(add=MEASURES.replace("id: median", "id: mean"))
    issue = one(run(tmp_path, {ASB: text}), "KPI060")
    assert (issue.line, issue.column) == where(text, "mean", 2)
    text = indicator(add="breakdowns:\n  - {id: by-block, title: A, dimensions: [block], "
                         "unit: count}\n  - {id: by-block, title: B, dimensions: [block], "
                         "unit: count}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI060")
    assert (issue.line, issue.column) == where(text, "by-block", 2)


def test_breakdown_measure_must_be_a_measure(tmp_path: Path) -> None:
    """A breakdown of a measure the indicator lacks is an error at that name."""
    text = indicator(add=MEASURES + "breakdowns:\n  - {id: by-block, title: A, dimensions: "
                         "[block], unit: count, measure: medain}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI025")
    assert (issue.line, issue.column) == where(text, "medain")
    assert "(did you mean 'median'?)" in issue.message


def test_every_measure_needs_its_fields(tmp_path: Path) -> None:
    """A measure with no unit, given neither on it nor on the indicator, is an error there."""
    text = indicator(replace=("unit: count\n", ""), add=MEASURES.replace(
        "    title: Median pay gap\n", "    title: Median pay gap\n    unit: percentage\n"))
    issue = one(run(tmp_path, {ASB: text}), "KPI010")
    assert (issue.line, issue.column) == where(text, "id: mean")
    assert "measure 'mean' has no unit" in issue.message


@pytest.mark.parametrize(
    ("frequency", "aggregation", "words"),
    [
        ("annual", "cumulative", "needs periods shorter than a year"),
        ("annual", "{kind: ratio, numerator: a, denominator: b, span: year_to_date}",
         "needs periods shorter than a year"),
        ("quarterly", "survey", "a survey result is annual"),
        ("monthly", "average", "an average of months needs quarterly or annual"),
        ("quarterly", "{kind: rate, numerator: days}", "a rate aggregation needs a rate unit"),
    ],
)
def test_aggregation_must_suit_frequency_and_unit(
    tmp_path: Path, frequency: str, aggregation: str, words: str
) -> None:
    """An aggregation the frequency or unit cannot support is an error at the aggregation."""
    text = indicator(replace=("aggregation: cumulative",
                              f"frequency: {frequency}\naggregation: {aggregation}"))
    text = text.replace("{value: 100}", "{annual: 100}")
    issue = one(run(tmp_path, {ASB: text}), "KPI061")
    assert (issue.line, issue.column) == where(text, aggregation)
    assert words in issue.message


def test_derived_formula_scale_must_be_in_range(tmp_path: Path) -> None:
    """A ratio scale or rate base beyond the bounds on numbers is an error at the number
    (KPI015), before any formula is built from it."""
    scale = "0.1234567890123456789"
    text = indicator(replace=("aggregation: cumulative", "aggregation: {kind: ratio, "
                              f"numerator: a, denominator: b, scale: {scale}}}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI015")
    assert (issue.line, issue.column) == where(text, scale)
    assert "19 decimal places" in issue.message
    text = indicator(replace=("unit: count", "unit: {kind: rate, per: 10000000000000000, "
                              "population: households}")).replace(
        "aggregation: cumulative", "aggregation: {kind: rate, numerator: days}")
    issue = one(run(tmp_path, {ASB: text}), "KPI015")
    assert (issue.line, issue.column) == where(text, "10000000000000000")


def test_formula_with_an_unknown_name_suggests_an_input(tmp_path: Path) -> None:
    """A formula using an undeclared name is an error at that name, with "did you mean"."""
    text = indicator(replace=("aggregation: cumulative", "aggregation:\n  kind: formula\n"
                              "  formula: affordable / complted * 100\n  inputs:\n"
                              "    affordable: affordable homes\n    completed: all homes"))
    issue = one(run(tmp_path, {ASB: text}), "KPI031")
    assert (issue.line, issue.column) == where(text, "complted")
    assert "did you mean 'completed'?" in issue.message


# Cross-file checks: targets ------------------------------------------------------------------


def test_band_on_a_polarity_that_is_not_within_band(tmp_path: Path) -> None:
    """A band target for a lower-is-better indicator is an error at the band."""
    text = indicator(replace=("{value: 100}", "{band: {low: 10, high: 20}}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI040")
    assert (issue.line, issue.column) == where(text, "{low")


def test_band_low_must_be_below_high(tmp_path: Path) -> None:
    """A band whose low is not below its high is an error at the band."""
    text = indicator(replace=("lower_is_better", "within_band")).replace(
        "{value: 100}", "{band: {low: 40, high: 28}}")
    issue = one(run(tmp_path, {ASB: text}), "KPI041")
    assert (issue.line, issue.column) == where(text, "{low")
    assert "band low 40 is not below high 28" in issue.message


def test_within_band_needs_band_targets(tmp_path: Path) -> None:
    """A within-band indicator with a single-value target is an error at that target."""
    text = indicator(replace=("lower_is_better", "within_band"))
    issue = one(run(tmp_path, {ASB: text}), "KPI044")
    assert (issue.line, issue.column) == where(text, "{value")


def test_polarity_none_with_a_target_is_a_warning(tmp_path: Path) -> None:
    """A target on an indicator with no polarity is never rated: a warning."""
    text = indicator(replace=("lower_is_better", "none"))
    issue = one(run(tmp_path, {ASB: text}), "KPI040")
    assert issue.severity is Severity.WARNING


@pytest.mark.parametrize(("frequency", "entries"), [("quarterly", 3), ("quarterly", 5),
                                                    ("monthly", 4), ("annual", 4)])
def test_profile_length_must_match_the_frequency(
    tmp_path: Path, frequency: str, entries: int
) -> None:
    """A profile with the wrong number of periods is an error at the profile."""
    profile = ", ".join(["25"] * (entries - 1) + ["n/a"])
    text = indicator(replace=("{value: 100}", f"{{profile: [{profile}]}}"),
                     add=f"frequency: {frequency}\n").replace("cumulative", "discrete")
    issue = one(run(tmp_path, {ASB: text}), "KPI043")
    assert (issue.line, issue.column) == where(text, "[25")
    assert f"gives {entries}" in issue.message


@pytest.mark.parametrize(("calendar", "year"), [("financial", "2019"),
                                                ("calendar", "2019/20"),
                                                ("financial", "2019/20 Q1"),
                                                ("financial", "next year")])
def test_target_year_must_be_a_year_of_the_calendar(
    tmp_path: Path, calendar: str, year: str
) -> None:
    """A target keyed by something that is not a year of the calendar is an error at the key."""
    text = indicator(replace=("  2019/20: {value: 100}", f"  {year}: {{value: 100}}"),
                     add=f"calendar: {calendar}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI042")
    assert (issue.line, issue.column) == (where(text, f"  {year}:")[0], 3)


# Cross-file checks: RAG ------------------------------------------------------------------------


def rules(*lines: str) -> str:
    return "rag:\n  rules:\n" + "".join(f"    - {line}\n" for line in lines)


def test_rules_without_otherwise(tmp_path: Path) -> None:
    """Rules that can end without a rating are an error at the rules."""
    text = indicator(add=rules("{when: value <= target, rating: G}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI050")
    assert (issue.line, issue.column) == where(text, "- {when")
    assert "without 'otherwise'" in issue.message


def test_otherwise_not_last(tmp_path: Path) -> None:
    """An `otherwise` before other rules is an error at that `otherwise`."""
    text = indicator(add=rules("{otherwise: R}", "{when: value <= target, rating: G}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI050")
    assert (issue.line, issue.column) == where(text, "{otherwise")
    assert "must be the last rule" in issue.message


def test_rule_with_an_unknown_name_suggests_a_name(tmp_path: Path) -> None:
    """A rule using an unknown name is an error at that name, with "did you mean"."""
    text = indicator(add=rules("when: value <= targt", "  rating: G", "otherwise: R")
                     .replace("    -   rating", "      rating"))
    issue = one(run(tmp_path, {ASB: text}), "KPI052")
    assert (issue.line, issue.column) == where(text, "targt")
    assert "did you mean 'target'?" in issue.message
    assert "available here: comparator, target, value" in issue.message


def test_rule_for_a_band_cannot_use_target(tmp_path: Path) -> None:
    """A within-band measure's rules have low and high, not target."""
    text = indicator(replace=("lower_is_better", "within_band"),
                     add=rules("{when: value >= target, rating: G}", "{otherwise: R}"))
    text = text.replace("{value: 100}", "{band: {low: 1, high: 2}}")
    issue = one(run(tmp_path, {ASB: text}), "KPI052")
    assert (issue.line, issue.column) == where(text, "target, rating")
    assert "available here: comparator, high, low, value" in issue.message


def test_rule_that_does_not_parse(tmp_path: Path) -> None:
    """A rule that is not in the grammar is an error in the rule, at the place it fails."""
    text = indicator(add=rules("{when: 'value >>> target', rating: G}", "{otherwise: R}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI030")
    line, column = where(text, "value >>>")
    assert issue.line == line
    assert column <= issue.column <= column + len("value >>> target")


def test_rule_that_is_not_a_condition(tmp_path: Path) -> None:
    """A rule whose condition is a number is a type error."""
    text = indicator(add=rules("{when: value - target, rating: G}", "{otherwise: R}"))
    issue = one(run(tmp_path, {ASB: text}), "KPI032")
    assert issue.line == where(text, "value - target")[0]


def test_default_rules_are_checked_in_the_catalogue(tmp_path: Path) -> None:
    """The catalogue's default rules compile, checked in the catalogue file."""
    catalogue = CATALOGUE.replace(
        "    tolerance: {relative: 5, points: 5}",
        "    rules:\n      - {when: value <= targt, rating: G}\n      - {otherwise: R}")
    found = run(tmp_path, {ASB: INDICATOR}, catalogue=catalogue)
    assert [(f.code, f.file, f.line, f.column) for f in found] == [
        ("KPI052", "catalogue.yaml", *where(catalogue, "targt"))]
    catalogue = catalogue.replace("      - {otherwise: R}\n", "")
    found = run(tmp_path, {ASB: INDICATOR}, catalogue=catalogue)
    assert ("KPI050", "catalogue.yaml", *where(catalogue, "- {when")) in [
        (f.code, f.file, f.line, f.column) for f in found]


def test_default_rules_must_suit_each_measure_that_inherits_them(tmp_path: Path) -> None:
    """A default rule using `target` is an error for a within-band indicator that inherits it."""
    catalogue = CATALOGUE.replace(
        "    tolerance: {relative: 5, points: 5}",
        "    rules:\n      - {when: value <= target, rating: G}\n      - {otherwise: R}")
    text = indicator(replace=("lower_is_better", "within_band")).replace(
        "{value: 100}", "{band: {low: 1, high: 2}}")
    found = run(tmp_path, {ASB: text}, catalogue=catalogue)
    issue = one(found, "KPI052")
    assert (issue.file, issue.line, issue.column) == (ASB, *where(text, "within_band"))
    assert "default RAG rule 1 ('value <= target')" in issue.message


@pytest.mark.parametrize(
    ("unit", "tolerance", "words"),
    [
        ("percentage", "{relative: 5}", "gives no points"),
        ("count", "{points: 5}", "gives no relative"),
        ("{kind: rate, per: 1000, population: households}", "{points: 2}", "gives no relative"),
    ],
)
def test_tolerance_must_suit_the_unit(
    tmp_path: Path, unit: str, tolerance: str, words: str
) -> None:
    """A tolerance in the wrong terms for the unit is an error at the tolerance."""
    text = indicator(replace=("unit: count", f"unit: {unit}"),
                     add=f"rag:\n  tolerance: {tolerance}\n")
    issue = one(run(tmp_path, {ASB: text}), "KPI051")
    assert (issue.line, issue.column) == where(text, tolerance)
    assert words in issue.message


def test_default_tolerance_must_suit_each_unit(tmp_path: Path) -> None:
    """A catalogue tolerance without points is an error for a percentage that inherits it."""
    catalogue = CATALOGUE.replace("{relative: 5, points: 5}", "{relative: 5}")
    text = indicator(replace=("unit: count", "unit: percentage"))
    issue = one(run(tmp_path, {ASB: text}, catalogue=catalogue), "KPI051")
    assert (issue.file, issue.line, issue.column) == (ASB, *where(text, "percentage"))
    assert "the catalogue's default tolerance gives no points" in issue.message


# Theme lists and populations ----------------------------------------------------------------


def test_a_theme_lists_its_own_indicators_once(tmp_path: Path) -> None:
    """A theme's indicator list may name only its own indicators, each once."""
    listed = CATALOGUE.replace("    title: Safety\n",
                               "    title: Safety\n    indicators: [asb, abs, asb]\n")
    found = run(tmp_path, {ASB: INDICATOR}, catalogue=listed)
    assert [(f.code, f.line) for f in found] == [
        ("KPI021", where(listed, "abs")[0]), ("KPI020", where(listed, "asb]")[0])]
    assert "did you mean 'asb'" in found[0].message
    elsewhere = CATALOGUE.replace("    title: Waste\n", "    title: Waste\n    indicators: [asb]\n")
    issue = one(run(tmp_path / "2", {ASB: INDICATOR}, catalogue=elsewhere), "KPI021")
    assert "its theme is 'safety'" in issue.message


def test_a_population_declared_without_figures_is_not_questioned(tmp_path: Path) -> None:
    """Rates over a population the catalogue names without figures draw no KPI027."""
    catalogue = CATALOGUE + "  young-people:\n    title: Residents aged 10 to 17\n"
    rate = indicator(replace=("unit: count", "unit: {kind: rate, per: 100000, "
                                             "population: young-people}"))
    assert run(tmp_path, {ASB: rate}, catalogue=catalogue) == []
    partial = indicator(replace=("unit: count", "unit: {kind: rate, per: 100000, "
                                                "population: people-65-plus}"),
                        add="  2018/19: {value: 90}\n")
    issue = one(run(tmp_path / "2", {ASB: partial}), "KPI027")
    assert issue.severity is Severity.WARNING and "2018/19" in issue.message


def test_an_invalid_spec_is_not_also_reported_missing_from_its_theme(tmp_path: Path) -> None:
    """A theme listing a spec that fails validation reports that spec's error only."""
    listed = CATALOGUE.replace("    title: Safety\n", "    title: Safety\n    indicators: [asb]\n")
    broken = indicator(replace=("polarity: lower_is_better", "polarity: lower_is_beter"))
    assert [f.code for f in run(tmp_path, {ASB: broken}, catalogue=listed)] == ["KPI012"]
