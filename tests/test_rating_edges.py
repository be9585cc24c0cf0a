"""Ratings at their exact edges that the seed never reaches: a floor standard where
lower is better, and a rating by comparison on a measure that also has a target."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_cli_validate import kpirules
from test_spc_spec import _evaluated, months, write

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "statistics"


@pytest.mark.parametrize(("figure", "rag", "reason"), [
    ("10", "G", "at or better than target -> Green"),
    ("9", "G", "at or better than target -> Green"),
    ("10.1", "A", "above target but at or below the floor of 15 days -> Amber"),
    ("15", "A", "above target but at or below the floor of 15 days -> Amber"),
    ("15.1", "R", "above the floor of 15 days -> Red"),
])
def test_a_floor_where_lower_is_better(tmp_path: Path, figure: str, rag: str,
                                       reason: str) -> None:
    body = 'decimals: 1\ntargets:\n  "2019/20": {value: 10, floor: 15}\n'
    record = _evaluated(write(tmp_path, body, rows=[(months(2019, 1)[0], figure)]))
    assert record["rag"] == rag
    assert record["rag_reason"] == reason


def test_a_rating_by_comparison_still_reports_the_variance_from_a_target(
        tmp_path: Path) -> None:
    root = tmp_path / "statistics"
    shutil.copytree(EXAMPLE, root)
    spec = root / "specs" / "health" / "self-harm-admissions.yaml"
    spec.write_text(spec.read_text().replace('"2023": {none: not_set}', '"2023": {value: 25}'))
    records = {r["indicator"]: r for r in _evaluated_all(root / "specs")}
    harm = records["self-harm-admissions"]
    # 30 per 100,000 against a target of 25: rated by England (worse), 5 over the target.
    assert harm["rag"] == "R"
    assert harm["target"] == 25
    assert harm["variance"] == 5
    # The comparison is the rating's reason; the target is not what it was rated against.
    assert harm["explanation"] == (
        "30.0 per 100,000: significantly worse than England: 20.2–42.8 per 100,000 against "
        "20.0 -> Red; worsened from 27.0 per 100,000 in 2022")


def _evaluated_all(specs: Path) -> list[dict[str, object]]:
    run = kpirules("evaluate", str(specs), "--format", "json")
    assert run.status == 0, run.err
    return json.loads(run.out)["results"]  # type: ignore[no-any-return]
