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
