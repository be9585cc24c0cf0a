"""Rough edges a new spec author meets: the comma in a flow mapping, and the year-end
forecast pattern the authoring guide documents (run from the guide's own text)."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import kpirules
from kpirules.models import Rating
from kpirules.results import Direction
from test_validation_checks import CATALOGUE, INDICATOR, run, where

REPO = Path(__file__).resolve().parent.parent

CUT = INDICATOR.replace(
    "card:\n  definition: Incidents of anti-social behaviour reported to the police.\n",
    "card: {definition: Incidents, of anti-social behaviour, how_it_works: counted}\n")


def test_a_comma_in_a_flow_mapping_gets_a_quoting_hint(tmp_path: Path) -> None:
    (found,) = run(tmp_path, {"safety/asb.yaml": CUT})
    assert found.code == "KPI011"
    assert (found.line, found.column) == where(CUT, "of anti-social")
    assert found.message == (
        "unknown field 'of anti-social behaviour': the value of 'definition' looks cut at a "
        "comma inside {...}; a comma ends a value there unless the value is quoted: "
        'definition: "Incidents, of anti-social behaviour"')


def test_no_comma_hint_where_there_was_no_comma(tmp_path: Path) -> None:
    """A misspelt field in block style, and a key after quoted text, get no such hint."""
    block = INDICATOR.replace("polarity:", "polarty:")
    (found,) = [f for f in run(tmp_path / "a", {"safety/asb.yaml": block}) if f.code == "KPI011"]
    assert found.message == "unknown field 'polarty' (did you mean 'polarity'?)"
    quoted = CUT.replace("{definition: Incidents,", '{definition: "Incidents",')
    (found,) = run(tmp_path / "b", {"safety/asb.yaml": quoted})
    assert "comma" not in found.message
    flagged = INDICATOR.replace("unit: count", "unit: count\nx:")
    assert all("comma" not in f.message for f in run(tmp_path / "c", {"safety/asb.yaml": flagged}))


def _block(text: str, marker: str, language: str) -> str:
    match = re.search(rf"<!-- {re.escape(marker)} -->\n```{language}\n(.*?)```", text, re.S)
    assert match, marker
    return match.group(1)


def test_the_year_end_forecast_pattern_works_as_documented(tmp_path: Path) -> None:
    guide = (REPO / "docs" / "seed-catalogue.md").read_text(encoding="utf-8")
    spec = _block(guide, "forecast-example: spec", "yaml")
    data = _block(guide, "forecast-example: data", "csv")
    specs = tmp_path / "specs"
    (specs / "housing").mkdir(parents=True)
    catalogue = CATALOGUE.replace("  - id: safety\n    title: Safety\n",
                                  "  - id: housing\n    title: Housing\n")
    catalogue += "latest_report: 2019/20 Q2\ndata:\n  observations:\n    - ../data\n"
    (specs / "catalogue.yaml").write_text(catalogue, encoding="utf-8")
    (specs / "housing" / "new-homes-delivered.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "homes.csv").write_text(data, encoding="utf-8")
    result = kpirules.evaluate(kpirules.load_catalogue(specs), indicator="new-homes-delivered")
    completed, forecast = result.measures
    assert result.headline is completed
    assert (completed.value, completed.target.value, completed.rating) == (
        290, 300, Rating.AMBER)
    assert (forecast.value, forecast.target.value, forecast.rating, forecast.dot) == (
        585, 600, Rating.AMBER, Direction.WORSENED)
    assert forecast.comparator_value == Fraction(610)
    assert forecast.explanation in guide.replace("\n", " ")


RULES_SPEC = INDICATOR.replace("unit: count", "unit: percentage").replace(
    "aggregation: cumulative", "aggregation: snapshot") + """\
rag:
  rules:
    - {when: value >= target, rating: G}
    - {when: value > comparator, rating: A, label: improved on last year}
    - otherwise: R
dot:
  unchanged_within: 1
"""


def test_the_methodology_page_says_rules_see_no_change_within_the_arrow_allowance(
        tmp_path: Path) -> None:
    from kpirules.render.methodology import methodology  # noqa: PLC0415

    specs = tmp_path / "specs"
    (specs / "safety").mkdir(parents=True)
    (specs / "catalogue.yaml").write_text(CATALOGUE, encoding="utf-8")
    (specs / "safety" / "asb.yaml").write_text(RULES_SPEC, encoding="utf-8")
    catalogue = kpirules.load_catalogue(specs)
    page = methodology(catalogue.indicator("asb"), catalogue)
    assert ("As for direction of travel, a change of no more than 1 percentage point counts "
            "as none: the rules then see `comparator` equal to `value`.") in page
    without = RULES_SPEC.replace("value > comparator", "value > target - 5")
    (specs / "safety" / "asb.yaml").write_text(without, encoding="utf-8")
    catalogue = kpirules.load_catalogue(specs)
    assert "counts as none" not in methodology(catalogue.indicator("asb"), catalogue)


def test_the_guide_lists_every_name_a_rule_may_use() -> None:
    """docs/expressions.md's table of RAG-rule names matches what validation allows."""
    from kpirules.validation.checks import _ALL_RULE_NAMES  # noqa: PLC0415

    guide = (REPO / "docs" / "expressions.md").read_text(encoding="utf-8")
    section = guide.split("### RAG rules", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)`(?:, `(\w+)`)? \|", section, re.M))
    names = {name for pair in documented for name in pair if name}
    assert names == set(_ALL_RULE_NAMES)
