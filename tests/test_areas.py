"""Areas: declared, validated with located issues, read from data, evaluated one by one."""

from __future__ import annotations

import pickle
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpirules
from areas_fixture import AREAS, CATALOGUE, SMOKING_2019, rows, write_area_catalogue
from factories import write_catalogue
from kpirules.errors import DataError, EvaluationError
from kpirules.issues import Location
from kpirules.observations import Observation, ObservationSet, Source, Status
from kpirules.periods import Calendar, Period

SEED = Path(__file__).resolve().parent.parent / "specs"


def issues(root: Path) -> list[str]:
    return [issue.format() for issue in kpirules.validate([root]).issues]


@pytest.fixture
def area_catalogue(tmp_path: Path) -> kpirules.Catalogue:
    return kpirules.load_catalogue(write_area_catalogue(tmp_path))


def test_the_fixture_validates_and_expands_groups_by_type_and_parent(
        area_catalogue: kpirules.Catalogue) -> None:
    """Groups given by type (within a parent) list exactly the areas declared so."""
    areas = area_catalogue.areas
    assert areas.group("london-boroughs").members == (
        "E09000002", "E09000003", "E09000004", "E09000005", "E09000006", "E09000007")
    assert len(areas.group("england").members) == 8
    assert areas.group("neighbours").members == ("E09000002", "E06000001", "E06000002",
                                                 "E09000005")
    assert [g.id for g in areas.groups_of("E06000001")] == ["england", "neighbours"]
    assert areas.get("E09000002") == kpirules.Area("E09000002", "Barking and Dagenham",
                                                   "local-authority", "E12000007")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  - {code: E09000003, name: Barnet,", "  - {code: E09000002, name: Barnet,",
     "areas.yaml:10:12: error: KPI070 area code 'E09000002' is already declared at "),
    ("name: Bexley, type: local-authority", "name: Bexley, type: local-authorty",
     "areas.yaml:11:43: error: KPI071 area type 'local-authorty' is not declared under "
     "'types' (did you mean 'local-authority'?)"),
    ("members: [E09000002, E06000001,", "members: [E09000002, E06000009,",
     "areas.yaml:23:27: error: KPI072 member 'E06000009' is not a declared area "
     "(did you mean 'E06000002'?)"),
    ("parent: E12000007, benchmark: E12000007}", "parent: E12000007, benchmark: E12000008}",
     "areas.yaml:21:36: error: KPI072 benchmark 'E12000008' is not a declared area"),
    ("title: Nearest neighbours,\n", "title: Nearest neighbours, type: region,\n",
     "areas.yaml:22:10: error: KPI073 group 'neighbours' lists its members and also gives a "
     "type or parent; give one or the other"),
    ("{id: england, title: English local authorities, type: local-authority,",
     "{id: england, title: English local authorities,",
     "areas.yaml:18:10: error: KPI073 group 'england' needs 'members', or a 'type' whose "
     "areas are its members"),
    ("parent: E12000007, benchmark: E12000007}", "parent: E12000001, benchmark: E12000007}\n"
     "  - {id: london-boroughs, title: Again, members: [E09000002]}",
     "areas.yaml:22:10: error: KPI070 group id 'london-boroughs' is already declared at "),
    ("members: [E09000002, E06000001,", "members: [E12000007, E06000001,",
     "areas.yaml:22:10: warning: KPI073 group 'neighbours' mixes area types (local-authority, "
     "region); ranks among them may mislead"),
])
def test_bad_areas_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    """Each mistake in an areas file is an issue with its code, at the offending field."""
    assert old in AREAS
    write_area_catalogue(tmp_path, areas=AREAS.replace(old, new))
    found = [line.removeprefix(f"{tmp_path}/") for line in issues(tmp_path)]
    assert any(line.startswith(expected) for line in found), found


def test_areas_in_the_catalogue_file_are_checked_there(tmp_path: Path) -> None:
    """Areas may be declared in catalogue.yaml itself; issues point into that file."""
    inline = "\n".join("  " + line for line in AREAS.replace("Bexley, type: local-authority",
                                                            "Bexley, type: borough")
                       .splitlines())
    catalogue = CATALOGUE.replace("  areas: [areas.yaml]\n", "") + "areas:\n" + inline + "\n"
    write_area_catalogue(tmp_path, catalogue=catalogue)
    (tmp_path / "areas.yaml").unlink()
    found = [line.removeprefix(f"{tmp_path}/") for line in issues(tmp_path)]
    assert found == ["catalogue.yaml:24:45: error: KPI071 area type 'borough' is not declared "
                     "under 'types'"]


def test_the_home_area_must_be_declared(tmp_path: Path) -> None:
    write_area_catalogue(tmp_path, areas=AREAS + "home: E09000099\n")
    found = [line.removeprefix(f"{tmp_path}/") for line in issues(tmp_path)]
    assert found == ["areas.yaml:24:7: error: KPI072 home area 'E09000099' is not a declared "
                     "area (did you mean 'E09000007'?)"]


def test_an_unknown_area_in_the_data_is_located(tmp_path: Path) -> None:
    """A row naming an undeclared area is refused at its row and column."""
    data = rows() + "smoking,E09000099,2017,20.1,\n"
    write_area_catalogue(tmp_path, data=data)
    catalogue = kpirules.load_catalogue(tmp_path)
    with pytest.raises(DataError) as raised:
        kpirules.read_observations(catalogue)
    (issue,) = raised.value.issues
    assert issue.code == "KPI115"
    assert "unknown area 'E09000099'" in issue.message
    assert issue.location == Location(str(tmp_path / "data" / "figures.csv"), 32, 2)


def test_an_area_where_none_are_declared_is_refused(tmp_path: Path) -> None:
    """A catalogue of one organisation declares no areas, so an `area` cell is an error."""
    catalogue = CATALOGUE.replace("  areas: [areas.yaml]\n", "")
    write_area_catalogue(tmp_path, catalogue=catalogue)
    (tmp_path / "areas.yaml").unlink()
    loaded = kpirules.load_catalogue(tmp_path)
    with pytest.raises(DataError) as raised:
        kpirules.read_observations(loaded)
    assert {issue.code for issue in raised.value.issues} == {"KPI115"}
    assert "the catalogue declares no areas" in raised.value.issues[0].message


def test_the_same_figure_for_two_areas_is_not_a_duplicate(area_catalogue: kpirules.Catalogue
                                                          ) -> None:
    observations = kpirules.read_observations(area_catalogue)
    assert len(observations) == 30
    assert set(observations.areas("smoking")) == set(SMOKING_2019)


def test_every_area_with_figures_is_evaluated(area_catalogue: kpirules.Catalogue) -> None:
    """With no home area, each indicator is shown for every area that has its figures."""
    results = kpirules.evaluate(area_catalogue)
    assert isinstance(results, kpirules.Results)
    smoking = results.for_indicator("smoking")
    assert [r.area.code for r in smoking if r.area] == list(
        code for code in area_catalogue.areas.by_code if code in SMOKING_2019)
    assert len(results.for_indicator("recycling")) == 8
    barking = smoking.for_area("E09000002")[0]
    assert barking.headline is not None
    assert barking.headline.value == Fraction(195, 10)
    assert barking.headline.area == barking.area
    # 19.5% against 15% is 4.5 points worse: beyond the 2-point tolerance.
    assert barking.rating is kpirules.models.Rating.RED
    assert barking.headline.dot is kpirules.Direction.IMPROVED


def test_one_area_or_the_home_area(tmp_path: Path) -> None:
    write_area_catalogue(tmp_path, areas=AREAS + "home: E09000003\n")
    catalogue = kpirules.load_catalogue(tmp_path)
    home = kpirules.evaluate(catalogue)
    assert {r.area.code for r in home if r.area} == {"E09000003"}
    chosen = kpirules.evaluate(catalogue, area="E06000002")
    assert [(r.indicator, r.area.code if r.area else None) for r in chosen] == [
        ("recycling", "E06000002"), ("smoking", "E06000002")]
    everywhere = kpirules.evaluate(catalogue, all_areas=True)
    assert len(everywhere) == 19
    one = kpirules.evaluate(catalogue, indicator="smoking", area="E09000007")
    assert one.headline is not None and one.headline.value == Fraction(126, 10)


def test_one_indicator_over_several_areas_asks_for_an_area(
        area_catalogue: kpirules.Catalogue) -> None:
    with pytest.raises(EvaluationError, match="pass area= to choose one"):
        kpirules.evaluate(area_catalogue, indicator="smoking")
    with pytest.raises(EvaluationError, match="no area 'nowhere'"):
        kpirules.evaluate(area_catalogue, area="nowhere")


def test_the_seed_needs_no_areas_and_returns_results() -> None:
    """The seed declares no areas: every result's area is None, as at its report."""
    results = kpirules.evaluate(kpirules.load_catalogue(SEED))
    assert isinstance(results, tuple) and isinstance(results, kpirules.Results)
    assert len(results) == 49
    assert str(results.as_at) == "2019/20 Q2"
    assert results.catalogue == "lbbd-kpi-2019-20"
    assert all(r.area is None and all(m.area is None for m in r.measures) for r in results)
    with pytest.raises(EvaluationError, match="declares no areas"):
        kpirules.evaluate(kpirules.load_catalogue(SEED), area="E09000002")


def test_results_are_a_frozen_tuple_that_pickles(area_catalogue: kpirules.Catalogue) -> None:
    results = kpirules.evaluate(area_catalogue)
    with pytest.raises(AttributeError):
        results.as_at = None  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(results))
    assert again == results and again.as_at == results.as_at
    assert again.catalogue == "public-health"
    assert results[:2] == tuple(results)[:2]


area_codes = st.sampled_from([None, "a", "b", "c"])


@given(st.lists(st.tuples(st.sampled_from(["x", "y"]), area_codes, st.integers(2015, 2020)),
                max_size=30))
def test_rows_partition_by_indicator_and_area(keys: list[tuple[str, str | None, int]]) -> None:
    """Every row is in exactly one (indicator, measure, area) slice, in its read order."""
    observations = ObservationSet(
        Observation(indicator=ind, measure=None, period=Period.parse(str(year), Calendar.CALENDAR),
                    span=None, breakdown=None, category=None, quantity="value", figure=None,
                    status=Status.NOT_AVAILABLE, source=Source.TABLE, ref=str(i), note=None,
                    location=Location("t.csv", i + 2), area=area)
        for i, (ind, area, year) in enumerate(keys)
    )
    slices = [row for ind in ("x", "y") for area in observations.areas(ind)
              for row in observations.for_measure(ind, "value", area)]
    assert sorted(slices, key=lambda r: r.location) == list(observations)
    for ind in ("x", "y"):
        for area in observations.areas(ind):
            part = observations.for_measure(ind, "value", area)
            assert all(r.indicator == ind and r.area == area for r in part)
            assert list(part) == [r for r in observations if r.indicator == ind
                                  and r.area == area]


def test_areas_need_no_change_to_a_catalogue_without_them(tmp_path: Path) -> None:
    """A catalogue file written before areas existed still loads, with no areas."""
    write_catalogue(tmp_path, CATALOGUE.replace("  areas: [areas.yaml]\n", ""), {})
    catalogue = kpirules.load_catalogue(tmp_path)
    assert not catalogue.areas and catalogue.areas.groups == ()
