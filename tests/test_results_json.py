"""evaluate --format json: the envelope, checked against its published schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from areas_fixture import write_area_catalogue
from kpirules import __version__
from kpirules._cli import main
from kpirules.schema import schema_json
from test_breakdowns import build as build_breakdowns

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schema" / "results.schema.json").read_text(encoding="utf-8"))


def evaluate_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["evaluate", *args, "--format", "json"]) == 0
    envelope: dict[str, object] = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(SCHEMA).validate(envelope)
    return envelope


def test_the_committed_schema_is_current() -> None:
    """Refresh with: kpirules schema --kind results > schema/results.schema.json"""
    assert (REPO / "schema" / "results.schema.json").read_text(encoding="utf-8") == \
        schema_json("results")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_seed_output_fits_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    envelope = evaluate_json(capsys, str(REPO / "specs"))
    assert (envelope["kpirules_version"], envelope["as_at"], envelope["catalogue"]) == (
        __version__, "2019/20 Q2", "lbbd-kpi-2019-20")
    results = envelope["results"]
    assert isinstance(results, list) and len(results) == 49


def test_areas_ranks_and_breakdowns_fit_the_schema(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    envelope = evaluate_json(capsys, str(write_area_catalogue(tmp_path / "areas")))
    results = envelope["results"]
    assert isinstance(results, list) and len(results) == 19
    barking = next(r for r in results if r["indicator"] == "smoking"
                   and r["area"] == "E09000002")
    assert barking["area_name"] == "Barking and Dagenham"
    assert [(r["group"], r["position"], r["of"], r["quartile"])
            for r in barking["rank"]] == [
        ("england", 8, 8, 4), ("london-boroughs", 6, 6, 4), ("neighbours", 4, 4, 4)]
    bins = evaluate_json(capsys, str(build_breakdowns(tmp_path / "bins")))["results"]
    assert isinstance(bins, list)
    assert [(b["breakdown"], b["category"], b["rag"]) for b in bins[0]["breakdowns"]] == [
        ("by-round", ["A"], "G"), ("by-round", ["B"], "A"), ("by-round", ["C"], "R"),
        ("by-ward", ["North"], "A"), ("by-ward", ["South"], "R")]


def test_a_schema_violation_is_caught() -> None:
    """The schema is strict enough to fail: an unknown field or a bad rating is refused."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = {"kpirules_version": "0", "as_at": None, "catalogue": None, "results": []}
    validator.validate(good)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**good, "extra": 1})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**good, "results": [{"indicator": "x", "rag": "purple"}]})


def test_one_area_and_all_areas_on_the_command_line(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    root = write_area_catalogue(tmp_path)
    one = evaluate_json(capsys, str(root), "--area", "E09000005")["results"]
    assert isinstance(one, list)
    assert [(r["indicator"], r["area"]) for r in one] == [("recycling", "E09000005"),
                                                         ("smoking", "E09000005")]
    smoking = evaluate_json(capsys, str(root), "--all-areas", "--indicator", "smoking")
    assert isinstance(smoking["results"], list) and len(smoking["results"]) == 11
    assert main(["evaluate", str(root), "--area", "nowhere"]) == 2
    assert "no area 'nowhere'" in capsys.readouterr().err


def test_csv_and_parquet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import pandas as pd  # noqa: PLC0415

    root = write_area_catalogue(tmp_path / "specs")
    assert main(["evaluate", str(root), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("indicator,measure,title,theme,area,area_name,period,")
    assert len(lines) == 1 + 19
    out = tmp_path / "results.parquet"
    assert main(["evaluate", str(root), "--format", "parquet", "--output", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert len(frame) == 19 and list(frame.columns)[:3] == ["catalogue", "as_at", "indicator"]
    assert main(["evaluate", str(root), "--format", "parquet"]) == 2
    assert "give --output FILE" in capsys.readouterr().err
