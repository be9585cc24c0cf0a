"""Rated breakdowns: each row rated by the measure's rule or the breakdown's own."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import kpirules
from factories import write_catalogue
from kpirules.models import Rating

CATALOGUE = """\
id: bins
title: Bins
latest_report: 2019/20 Q2
defaults:
  rag:
    tolerance: {relative: 5, points: 5}
themes:
  - {id: waste, title: Waste}
data:
  observations: [data]
"""

MISSED = """\
id: missed-bins
title: Missed bin collections
theme: waste
card: {definition: Collections reported missed.}
polarity: lower_is_better
unit: count
aggregation: discrete
targets:
  2019/20: {value: 100}
  2018/19: {value: 110}
breakdowns:
  - id: by-round
    title: Missed collections by round
    dimensions: [round]
    unit: count
    rate: measure
  - id: by-ward
    title: Missed collections by ward
    dimensions: [ward]
    unit: count
    rate:
      targets:
        2019/20: {value: 20}
      rag: {tolerance: {relative: 10}}
  - id: by-crew
    title: Not rated
    dimensions: [crew]
    unit: count
"""

# Round A: 95 (Green, at or under 100); round B: 104 (4% over: Amber); round C: 120 (Red).
# Ward North: 21 (5% over 20, within the ward's 10%: Amber); ward South: 23 (15%: Red).
DATA = """\
indicator,period,breakdown,category,figure
missed-bins,2019/20 Q2,,,319
missed-bins,2018/19 Q2,,,330
missed-bins,2019/20 Q2,by-round,A,95
missed-bins,2019/20 Q2,by-round,B,104
missed-bins,2019/20 Q2,by-round,C,120
missed-bins,2018/19 Q2,by-round,A,90
missed-bins,2019/20 Q2,by-ward,North,21
missed-bins,2019/20 Q2,by-ward,South,23
missed-bins,2019/20 Q2,by-crew,One,50
"""


def build(root: Path, spec: str = MISSED) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    write_catalogue(root, CATALOGUE, {"missed-bins": spec}, theme="waste")
    (root / "data").mkdir()
    (root / "data" / "missed.csv").write_text(DATA)
    return root


def test_each_row_is_rated_by_the_measure_or_its_own_rule(tmp_path: Path) -> None:
    result = kpirules.evaluate(kpirules.load_catalogue(build(tmp_path)), indicator="missed-bins")
    rows = {(m.breakdown, m.category): m for m in result.breakdowns}
    assert list(rows) == [("by-round", ("A",)), ("by-round", ("B",)), ("by-round", ("C",)),
                          ("by-ward", ("North",)), ("by-ward", ("South",))]
    summary = {key: (m.value, m.target.value, m.rating) for key, m in rows.items()}
    assert summary == {
        ("by-round", ("A",)): (95, 100, Rating.GREEN),
        ("by-round", ("B",)): (104, 100, Rating.AMBER),
        ("by-round", ("C",)): (120, 100, Rating.RED),
        ("by-ward", ("North",)): (21, 20, Rating.AMBER),
        ("by-ward", ("South",)): (23, 20, Rating.RED),
    }
    round_a = rows[("by-round", ("A",))]
    assert round_a.dot is kpirules.Direction.WORSENED
    assert round_a.comparator_value == Fraction(90)
    assert round_a.measure == "value"
    assert round_a.title == "Missed collections by round: A"
    north = rows[("by-ward", ("North",))]
    assert "within the amber tolerance of 10% of the target" in north.explanation
    # The headline is untouched by its breakdowns.
    assert result.headline is not None and result.headline.value == 319


def test_breakdown_rows_are_records_and_frame_rows(tmp_path: Path) -> None:
    results = kpirules.evaluate(kpirules.load_catalogue(build(tmp_path)))
    records = results.to_records()
    assert [(r["breakdown"], r["category"], r["rag"], r["headline"]) for r in records] == [
        (None, None, "R", True), ("by-round", "A", "G", False), ("by-round", "B", "A", False),
        ("by-round", "C", "R", False), ("by-ward", "North", "A", False),
        ("by-ward", "South", "R", False)]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    unit: count\n    rate: measure", "    unit: percentage\n    rate: measure",
     "waste/missed-bins.yaml:15:11: error: KPI063 breakdown 'by-round' is rated against the "
     "measure's targets, which are in count, but its rows are in percentage"),
    ("        2019/20: {value: 20}", "        2019/20: {band: {low: 1, high: 2}}",
     "waste/missed-bins.yaml:23:25: error: KPI040 a band target needs polarity within_band"),
    ("      rag: {tolerance: {relative: 10}}", "      rag: {rules: [{when: value > tgt, "
     "rating: R}, {otherwise: G}]}",
     "waste/missed-bins.yaml:24:36: error: KPI052 unknown name 'tgt' (did you mean 'target'?)"),
])
def test_a_rated_breakdown_is_validated_where_it_is_written(
        tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in MISSED
    build(tmp_path, MISSED.replace(old, new))
    found = [i.format().removeprefix(f"{tmp_path}/")
             for i in kpirules.validate([tmp_path]).issues]
    assert any(line.startswith(expected) for line in found), found
