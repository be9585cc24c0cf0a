"""Results as records and DataFrames: documented columns and dtypes, nothing exact lost."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import kpirules
from areas_fixture import write_area_catalogue
from kpirules.frames.rows import RESULT_COLUMNS

SEED = Path(__file__).resolve().parent.parent / "specs"


@pytest.fixture(scope="module")
def seed_results() -> kpirules.Results:
    return kpirules.evaluate(kpirules.load_catalogue(SEED))


def test_one_record_per_measure_with_every_column(seed_results: kpirules.Results) -> None:
    records = seed_results.to_records()
    assert len(records) == sum(len(r.measures) + len(r.breakdowns) for r in seed_results)
    assert all(list(record) == [name for name, _, _ in RESULT_COLUMNS] for record in records)
    asb = next(r for r in records if r["indicator"] == "asb-incidents")
    assert (asb["period"], asb["value"], asb["published"], asb["target"], asb["rag"],
            asb["dot"], asb["catalogue"], asb["as_at"], asb["area_code"]) == (
        "2019/20 Q2", 2939.0, "2939", 2757.0, "R", "worsened", "lbbd-kpi-2019-20",
        "2019/20 Q2", None)


def test_the_exact_value_survives_as_a_fraction(seed_results: kpirules.Results) -> None:
    for result, record in zip((m for r in seed_results for m in r.measures),
                              seed_results.to_records(), strict=True):
        exact = record["value_exact"]
        assert (Fraction(exact) if exact is not None else None) == result.value


@pytest.mark.parametrize(("backend", "names"), [
    ("pandas", {"string": "string", "float64": "Float64", "int64": "Int64", "bool": "boolean"}),
    ("polars", {"string": "String", "float64": "Float64", "int64": "Int64", "bool": "Boolean"}),
])
def test_frame_dtypes_are_the_documented_ones(tmp_path: Path, backend: str,
                                              names: dict[str, str]) -> None:
    """Dtypes never depend on the values: a column of nulls keeps its documented type."""
    results = kpirules.evaluate(kpirules.load_catalogue(write_area_catalogue(tmp_path)))
    frame = results.to_frame(backend)  # type: ignore[arg-type]
    assert list(frame.columns) == [name for name, _, _ in RESULT_COLUMNS]
    dtypes = dict(zip(frame.columns, (str(d) for d in frame.dtypes), strict=True))
    assert dtypes == {name: names[kind] for name, kind, _ in RESULT_COLUMNS}
    assert len(frame) == 19
    if backend == "pandas":
        assert isinstance(frame, pd.DataFrame)
        row = frame[(frame.indicator == "smoking") & (frame.area_code == "E09000002")].iloc[0]
        assert (row["value"], row["area_name"], row["rag"]) == (19.5, "Barking and Dagenham",
                                                                "R")
        assert pd.isna(frame[frame.area_code == "E06000001"]
                       .query("indicator == 'recycling'")["value"].iloc[0])
    else:
        assert isinstance(frame, pl.DataFrame)
        row = frame.filter((pl.col("indicator") == "smoking")
                           & (pl.col("area_code") == "E09000002")).row(0, named=True)
        assert (row["value"], row["area_name"], row["rag"]) == (19.5, "Barking and Dagenham",
                                                                "R")


def test_an_unknown_backend_is_refused(seed_results: kpirules.Results) -> None:
    with pytest.raises(ValueError, match="backend must be one of pandas, polars"):
        seed_results.to_frame("arrow")  # type: ignore[arg-type]


def test_a_missing_library_names_the_install_command(
        seed_results: kpirules.Results, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(kpirules.MissingExtraError) as raised:
        seed_results.to_frame("polars")
    assert "pip install 'kpirules[frames]'" in str(raised.value)
    assert isinstance(raised.value, ImportError)
