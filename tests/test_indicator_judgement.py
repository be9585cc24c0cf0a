"""A judgement recorded for a whole indicator that has no headline measure: the rating,
its basis and the quoted reason reach the indicator's result."""

from __future__ import annotations

import shutil
from pathlib import Path

import kpirules
from kpirules.models import Rating
from kpirules.results import Basis

REPO = Path(__file__).resolve().parent.parent
REPORT = "data/reports/2019-20-q2/community-leadership-and-engagement.yaml"
ENTRY = """\
  - indicator: events-evaluation
    period: 2018/19
    rag: A
    judgement:
      rating: A
      reason: A judgement for the whole indicator, written for this test.
"""


def test_a_headline_less_indicator_carries_its_judgement(tmp_path: Path) -> None:
    for name in ("specs", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    report = tmp_path / REPORT
    text = report.read_text()
    anchor = "  - indicator: events-evaluation\n"
    report.write_text(text.replace(anchor, ENTRY + anchor, 1))
    catalogue = kpirules.load_catalogue(tmp_path / "specs")
    result = kpirules.evaluate(catalogue, indicator="events-evaluation")
    assert result.headline is None
    assert result.rating is Rating.AMBER
    assert result.basis is Basis.JUDGEMENT
    assert result.judgement == "A judgement for the whole indicator, written for this test."
    assert result.rule.rating is None
