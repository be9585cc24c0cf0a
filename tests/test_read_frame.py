"""Observations from pandas and polars DataFrames: the CSV reader's checks, by index."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import kpirules
from areas_fixture import SMOKING_2019, write_area_catalogue
from kpirules.errors import DataError


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> kpirules.Catalogue:
    return kpirules.load_catalogue(write_area_catalogue(tmp_path_factory.mktemp("areas")))


def smoking_frame() -> dict[str, list[object]]:
    return {
        "indicator": ["smoking"] * len(SMOKING_2019),
        "area": list(SMOKING_2019),
        "period": ["2019"] * len(SMOKING_2019),
        "figure": list(SMOKING_2019.values()),
    }


@pytest.mark.parametrize("library", [pd, pl])
def test_a_frame_reads_as_the_csv_does(catalogue: kpirules.Catalogue, library: object) -> None:
    frame = library.DataFrame(smoking_frame())  # type: ignore[attr-defined]
    observations = kpirules.read_frame(frame, catalogue)
    from_file = [r for r in kpirules.read_observations(catalogue)
                 if r.indicator == "smoking" and str(r.period) == "2019"]
    assert [(r.area, r.period, r.figure, r.status) for r in observations] == [
        (r.area, r.period, r.figure, r.status) for r in from_file]
    assert [r.figure for r in observations][:2] == [Decimal("19.5"), Decimal("11.2")]


def test_columns_are_mapped_and_floats_read_as_they_print(catalogue: kpirules.Catalogue
                                                          ) -> None:
    data = smoking_frame()
    frame = pl.DataFrame({"ind": data["indicator"], "area": data["area"],
                          "year": [2019] * len(SMOKING_2019),
                          "value": [float(v) for v in SMOKING_2019.values()]})
    observations = kpirules.read_frame(frame, catalogue,
                                       columns={"indicator": "ind", "period": "year",
                                                "figure": "value"})
    assert [r.figure for r in observations] == [Decimal(v) for v in SMOKING_2019.values()]
    camden = kpirules.evaluate(catalogue, observations, area="E09000007", indicator="smoking")
    assert camden.headline is not None and str(camden.headline.value) == "63/5"


def test_bad_cells_are_reported_by_index_label_and_column(catalogue: kpirules.Catalogue
                                                          ) -> None:
    frame = pd.DataFrame(smoking_frame(), index=[f"r{i}" for i in range(11)])
    frame.loc["r2", "figure"] = "12,5"
    frame.loc["r4", "area"] = "E09000099"
    frame.loc["r6", "figure"] = None
    frame.loc["r7", "period"] = "2019/20"
    with pytest.raises(DataError) as raised:
        kpirules.read_frame(frame, catalogue)
    found = [(i.code, str(i.location)) for i in raised.value.issues]
    assert found == [
        ("KPI103", "<frame> row r2, column 'figure'"),
        ("KPI115", "<frame> row r4, column 'area'"),
        ("KPI109", "<frame> row r6"),
        ("KPI105", "<frame> row r7, column 'period'"),
    ]


def test_nothing_is_coerced(catalogue: kpirules.Catalogue) -> None:
    frame = pl.DataFrame({"indicator": ["smoking", "smoking"], "area": ["E09000002", "E09000003"],
                          "period": ["2019", "2019"], "figure": [True, False]})
    with pytest.raises(DataError) as raised:
        kpirules.read_frame(frame, catalogue)
    assert [(i.code, str(i.location)) for i in raised.value.issues] == [
        ("KPI103", "<frame> row 0, column 'figure'"), ("KPI103", "<frame> row 1, column 'figure'")]
    assert "boolean" in raised.value.issues[0].message
    infinite = pd.DataFrame({"indicator": ["smoking"], "area": ["E09000002"],
                             "period": ["2019"], "figure": [float("inf")]})
    with pytest.raises(DataError, match="not a finite number"):
        kpirules.read_frame(infinite, catalogue)


def test_unknown_and_missing_columns(catalogue: kpirules.Catalogue) -> None:
    frame = pd.DataFrame({"indicator": ["smoking"], "figur": ["1"]})
    with pytest.raises(DataError) as raised:
        kpirules.read_frame(frame, catalogue)
    assert sorted(i.message for i in raised.value.issues) == [
        "missing column 'period'", "unknown column 'figur'; map it with columns= or drop it"]
    with pytest.raises(DataError, match="not a pandas or polars DataFrame"):
        kpirules.read_frame([1, 2], catalogue)


def test_duplicate_rows_are_refused(catalogue: kpirules.Catalogue, tmp_path: Path) -> None:
    frame = pd.DataFrame({"indicator": ["smoking"] * 2, "area": ["E09000002"] * 2,
                          "period": ["2019"] * 2, "figure": ["19.5", "19.6"]})
    with pytest.raises(DataError) as raised:
        kpirules.read_frame(frame, catalogue)
    assert [i.code for i in raised.value.issues] == ["KPI106"]
