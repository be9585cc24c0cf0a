"""Ranks and quartiles within comparator groups: polarity picks the best end, ties shared."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import rankdata

import kpirules
from areas_fixture import write_area_catalogue
from kpirules.evaluation.ranks import GroupRank, merge_summaries, rank_results, summarise
from kpirules.periods import Calendar, Period
from kpirules.ranking import GroupSummary, Placing, ordinal, place

merits = st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=4), min_size=1,
                  max_size=40)


@given(merits)
def test_positions_are_competition_ranks(values: list[Fraction]) -> None:
    """Position is 1 + the number of strictly better merits: scipy's 'min' ranks of the
    negated merits, so ties share the best position they span."""
    summary = GroupSummary.of(values)
    expected = rankdata([-float(v) for v in values], method="min")
    for value, rank in zip(values, expected, strict=True):
        placing = place(value, summary)
        assert placing.position == int(rank)
        assert placing.of == len(values)
        assert placing.tied == values.count(value) - 1


@given(merits)
def test_quartiles_follow_the_share_ranked_above(values: list[Fraction]) -> None:
    summary = GroupSummary.of(values)
    placings = sorted((place(v, summary) for v in values), key=lambda p: p.position)
    quartiles = [p.quartile for p in placings]
    assert quartiles == sorted(quartiles)
    assert quartiles[0] == 1
    for p in placings:
        above = Fraction(p.position - 1, p.of)
        assert Fraction(p.quartile - 1, 4) <= above < Fraction(p.quartile, 4)


@given(merits, st.lists(st.booleans(), min_size=40, max_size=40))
def test_summaries_of_parts_merge_into_the_whole(values: list[Fraction],
                                                 side: list[bool]) -> None:
    """Splitting a group's members anywhere and merging the parts' summaries changes
    nothing, so each part can be evaluated apart."""
    left = GroupSummary.of(v for v, s in zip(values, side, strict=False) if s)
    right = GroupSummary.of(v for v, s in zip(values, side, strict=False) if not s)
    whole = GroupSummary.of(values)
    assert left.merge(right) == whole == right.merge(left)
    assert [place(v, left.merge(right)) for v in values] == [place(v, whole) for v in values]


def test_a_merit_outside_the_group_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of the group's merits"):
        place(Fraction(3), GroupSummary.of([Fraction(1), Fraction(2)]))


def test_words_and_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
        "111th", "112th"]
    assert Placing(19, 32, 0, 3).words() == "19th of 32"
    assert Placing(4, 6, 1, 3).words() == "joint 4th of 6 (with 1 other)"


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> kpirules.Catalogue:
    return kpirules.load_catalogue(write_area_catalogue(tmp_path_factory.mktemp("areas")))


@pytest.fixture(scope="module")
def results(catalogue: kpirules.Catalogue) -> kpirules.Results:
    return kpirules.evaluate(catalogue)


def _unranked(result: kpirules.IndicatorResult) -> kpirules.IndicatorResult:
    measures = tuple(replace(m, analyses=tuple(a for a in m.analyses if a.name != "rank"))
                     for m in result.measures)
    headline = next((m for m in measures if result.headline is not None
                     and m.measure == result.headline.measure), None)
    return replace(result, measures=measures, headline=headline)


def ranks(results: kpirules.Results, indicator: str, area: str) -> dict[str, tuple[int, ...]]:
    (result,) = results.for_indicator(indicator).for_area(area)
    assert result.headline is not None
    found = result.headline.analysis("rank")
    if found is None:
        return {}
    return {r.group: (r.position, r.of, r.tied, r.quartile)
            for r in found.ranks}  # type: ignore[attr-defined]


def test_smoking_ranks_lowest_first(results: kpirules.Results) -> None:
    """Smoking is lower-is-better, so the lowest prevalence is 1st. By hand from the
    fixture's 2019 figures: 11.2 < 12.6 < 13.1 < 14.0 = 14.0 < 16.4 < 17.9 < 19.5."""
    assert ranks(results, "smoking", "E09000003") == {"england": (1, 8, 0, 1),
                                                      "london-boroughs": (1, 6, 0, 1)}
    assert ranks(results, "smoking", "E09000002") == {"england": (8, 8, 0, 4),
                                                      "london-boroughs": (6, 6, 0, 4),
                                                      "neighbours": (4, 4, 0, 4)}
    # Brent and Bromley tie at 14.0: both joint 4th of 8, the next is 6th.
    assert ranks(results, "smoking", "E09000005")["england"] == (4, 8, 1, 2)
    assert ranks(results, "smoking", "E09000006")["england"] == (4, 8, 1, 2)
    assert ranks(results, "smoking", "E06000002")["england"] == (6, 8, 0, 3)
    assert ranks(results, "smoking", "E09000005")["neighbours"] == (1, 4, 0, 1)
    # England and the regions are in no group: not ranked.
    assert ranks(results, "smoking", "E92000001") == {}


def test_recycling_ranks_highest_first_among_those_with_a_value(
        results: kpirules.Results) -> None:
    """Hartlepool's recycling is not available: it is not ranked and not counted."""
    assert ranks(results, "recycling", "E09000004")["england"] == (1, 7, 0, 1)
    assert ranks(results, "recycling", "E06000001") == {}
    (brent,) = results.for_indicator("recycling").for_area("E09000005")
    assert brent.headline is not None
    found = brent.headline.analysis("rank")
    assert found is not None
    assert found.summary().startswith(
        "joint 3rd of 7 English local authorities with a value (with 1 other) in 2019, "
        "quartile 2 (1 = highest, the best); 3rd of 6 London boroughs in 2019")


def test_one_area_is_ranked_among_its_whole_groups(tmp_path: Path) -> None:
    catalogue = kpirules.load_catalogue(write_area_catalogue(tmp_path))
    one = kpirules.evaluate(catalogue, indicator="smoking", area="E09000006")
    assert one.headline is not None
    found = one.headline.analysis("rank")
    assert found is not None
    assert [(r.group, r.position, r.of) for r in found.ranks] == [  # type: ignore[attr-defined]
        ("england", 4, 8), ("london-boroughs", 4, 6)]


@given(st.lists(st.booleans(), min_size=19, max_size=19))
def test_ranking_parts_apart_equals_ranking_the_whole(
        catalogue: kpirules.Catalogue, results: kpirules.Results, side: list[bool]) -> None:
    """Results summarised in two parts (two machines) and merged rank exactly as the
    whole: an area's rank depends only on its figures and the groups' summaries."""
    plain = [_unranked(r) for r in results]
    left = [r for r, s in zip(plain, side, strict=True) if s]
    right = [r for r, s in zip(plain, side, strict=True) if not s]
    merged = merge_summaries(summarise(left, catalogue), summarise(right, catalogue))
    assert merged == summarise(plain, catalogue)
    assert rank_results(plain, catalogue, merged) == list(results)


# The card's rank is a benchmark figure: the benchmark stands for the comparator group.
RANKED = """\
  london-boroughs: {label: London boroughs, group: GROUP}
"""


def _ranked_catalogue(root: Path, position: int, first: str = "", *,
                      group: str = "london-boroughs", period: str = "2019") -> kpirules.Catalogue:
    from areas_fixture import AREAS, CATALOGUE  # noqa: PLC0415

    catalogue = CATALOGUE.replace("  areas: [areas.yaml]\n",
                                  "  areas: [areas.yaml]\n  benchmarks: [benchmarks]\n")
    catalogue += "benchmarks:\n" + RANKED.replace("GROUP", group)
    write_area_catalogue(root, catalogue=catalogue, areas=AREAS + "home: E09000002\n")
    (root / "benchmarks").mkdir()
    (root / "benchmarks" / "ranks.csv").write_text(
        "indicator,benchmark,period,value,rank,of,first,note\n"
        f"smoking,london-boroughs,{period},,{position},6,{first},as the card prints it\n")
    return kpirules.load_catalogue(root)


def test_the_audit_checks_a_published_rank_against_the_group(tmp_path: Path) -> None:
    """Barking's 19.5% is the highest smoking among the six London boroughs: 6th of 6
    with the better (lowest) end first, 1st of 6 counting from the highest."""
    from kpirules.audit import audit  # noqa: PLC0415

    def ranks(found: kpirules.audit.AuditReport) -> list[tuple[str, str | None, str | None]]:
        return [(f.code, f.published, f.expected) for f in found.findings
                if f.code == "AUD050"]

    assert ranks(audit(_ranked_catalogue(tmp_path / "a", 6))) == []
    assert ranks(audit(_ranked_catalogue(tmp_path / "b", 1, "highest"))) == []
    assert ranks(audit(_ranked_catalogue(tmp_path / "d", 6, period=""))) == []
    wrong = audit(_ranked_catalogue(tmp_path / "c", 5))
    assert ranks(wrong) == [("AUD050", "5 of 6", "6 of 6")]
    (finding,) = [f for f in wrong.findings if f.code == "AUD050"]
    assert finding.message == (
        "smoking: London boroughs: the benchmarks print 5 of 6 in London boroughs, but the "
        "group's figures for 2019 give 6th of 6 (1 = the better end)")
    assert finding.location.path.endswith("ranks.csv")
    assert finding.location.line == 2
    assert ranks(audit(_ranked_catalogue(tmp_path / "e", 6, "highest"))) == [
        ("AUD050", "6 of 6", "1 of 6")]


def test_a_rank_in_another_unit_is_not_checked(tmp_path: Path) -> None:
    """A rank by a rate per 1,000 where the indicator is a percentage ranks figures the
    catalogue does not hold: the audit leaves it alone, whatever it says."""
    from kpirules.audit import audit  # noqa: PLC0415

    catalogue = _ranked_catalogue(tmp_path, 5)
    (tmp_path / "benchmarks" / "ranks.csv").write_text(
        "indicator,benchmark,period,value,unit,rank,of\n"
        "smoking,london-boroughs,2019,,count,5,6\n")
    assert [f for f in audit(catalogue).findings if f.code == "AUD050"] == []


def test_a_benchmark_names_a_declared_group(tmp_path: Path) -> None:
    from areas_fixture import AREAS, CATALOGUE  # noqa: PLC0415

    write_area_catalogue(tmp_path, areas=AREAS,
                         catalogue=CATALOGUE + "benchmarks:\n"
                         + RANKED.replace("GROUP", "london-borough"))
    found = [i.format().removeprefix(f"{tmp_path}/") for i in kpirules.validate([tmp_path]).issues]
    assert found == ["catalogue.yaml:15:52: error: KPI074 benchmark 'london-boroughs': group "
                     "'london-borough' is not a declared comparator group (did you mean "
                     "'london-boroughs'?)"]


@pytest.mark.parametrize(("tied", "words"), [(0, "2nd of 6 London boroughs"),
                                             (1, "joint 2nd of 6 London boroughs (with 1 other)"),
                                             (2, "joint 2nd of 6 London boroughs (with 2 others)")])
def test_a_group_rank_in_words(tied: int, words: str) -> None:
    rank = GroupRank("london", "London boroughs", Period.parse("2019", Calendar.CALENDAR),
                     Placing(2, 6, tied, 1), "1 = highest", 6)
    assert rank.words() == f"{words} in 2019, quartile 1 (1 = highest)"
