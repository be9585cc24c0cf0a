"""A RAG rule's label stands for its expression in explanations and methodology pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import write_catalogue
from kpirules import evaluate, load_catalogue
from kpirules.catalogue import Catalogue
from kpirules.observations import COLUMNS, ObservationSet, parse_observations_csv
from kpirules.render.methodology import methodology

CATALOGUE = """\
id: labelled
title: Labelled rules
latest_report: 2019/20 Q2
defaults:
  rag:
    tolerance: {relative: 5}
themes:
  - {id: things, title: Things}
"""

SPEC = """\
id: visits
title: Visits
theme: things
card: {definition: Visits made.}
polarity: higher_is_better
unit: count
aggregation: {kind: snapshot}
targets:
  2019/20: {value: 100}
rag:
  rules:
    - {when: value >= target, rating: G, label: on or above target}
    - {when: value > comparator, rating: A, label: improved on the same quarter last year}
    - {when: value > target * 0.5, rating: A}
    - otherwise: R
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    root: Path = tmp_path_factory.mktemp("labelled")
    return load_catalogue(write_catalogue(root, CATALOGUE, {"visits": SPEC}))


def _evaluate(catalogue: Catalogue, now: int, then: int) -> str:
    lines = [",".join(COLUMNS),
             f"visits,,2018/19 Q2,,,,value,{then},,table,,",
             f"visits,,2019/20 Q2,,,,value,{now},,table,,"]
    rows, issues = parse_observations_csv("\n".join(lines) + "\n", "obs.csv", catalogue)
    assert issues == []
    result = evaluate(catalogue, ObservationSet(rows), indicator="visits", reports={})
    assert result.headline is not None
    return result.headline.rating_reason


def test_an_explanation_uses_the_label_not_the_formula(catalogue: Catalogue) -> None:
    assert _evaluate(catalogue, 100, 90) == "on or above target -> Green"
    assert _evaluate(catalogue, 99, 90) == "improved on the same quarter last year -> Amber"


def test_a_rule_without_a_label_still_shows_its_formula(catalogue: Catalogue) -> None:
    assert _evaluate(catalogue, 60, 90) == "rule 3 (value > target * 0.5) holds -> Amber"
    assert _evaluate(catalogue, 40, 90) == "no rule holds; otherwise -> Red"


def test_the_methodology_page_words_a_labelled_rule_by_its_label(catalogue: Catalogue) -> None:
    page = methodology(catalogue.indicator("visits"), catalogue)
    assert "Green when on or above target" in page
    assert "Amber when improved on the same quarter last year" in page
    assert "value >= target" not in page
    assert "`value > target * 0.5`" in page
