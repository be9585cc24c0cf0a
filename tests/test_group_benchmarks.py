"""A comparator group's mean or median as a benchmark, computed from the members' figures.

The figures are chosen by hand: screening coverage for 2019 among the four nearest
neighbours (Barking 600 of 1,000, Middlesbrough 750, Brent 710; Hartlepool has 2018
only), so the group's 2019 mean is (60 + 75 + 71) / 3 = 206/3 = 68.67% and its median
71%. Wilson's 95% intervals are worked by hand from the formula in docs/statistics.md:
600/1000 gives 56.9–63.0 (wholly below 68.67), 750/1000 72.2–77.6 (wholly above),
710/1000 68.1–73.7 (containing it), 650/1000 62.0–67.9 (below).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpirules
from areas_fixture import AREAS, CATALOGUE, write_area_catalogue
from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.evaluation.group_benchmarks import aggregate, group_benchmark_figures
from kpirules.models import Rating
from kpirules.observations import Status
from kpirules.periods import Calendar, Period

SCREENING = """\
id: screening
title: Screening coverage
theme: health
card: {definition: The percentage of eligible people screened.}
polarity: higher_is_better
unit: percentage
decimals: 1
aggregation: {kind: ratio, numerator: people screened, denominator: people eligible,
              scale: 100}
targets:
  "2019": {value: 70}
rag:
  compare: {benchmark: BENCHMARK}
"""

COUNTS = {  # area: (period, screened, eligible)
    "E09000002": ("2019", 600, 1000), "E06000002": ("2019", 750, 1000),
    "E09000005": ("2019", 710, 1000), "E06000001": ("2018", 700, 1000),
    "E09000003": ("2019", 650, 1000),
}

BENCHMARKS = """\
benchmarks:
  neighbours-mean: {label: Nearest neighbours' mean, group: neighbours, aggregate: mean}
  neighbours-median: {label: Nearest neighbours' median, group: neighbours,
                      aggregate: median}
"""


def _catalogue(root: Path, benchmark: str = "neighbours-mean",
               benchmarks: str = BENCHMARKS) -> kpirules.Catalogue:
    write_area_catalogue(root, catalogue=CATALOGUE + benchmarks)
    (root / "health" / "screening.yaml").write_text(SCREENING.replace("BENCHMARK", benchmark))
    lines = ["indicator,area,period,quantity,figure"]
    for code, (period, screened, eligible) in COUNTS.items():
        lines += [f"screening,{code},{period},numerator,{screened}",
                  f"screening,{code},{period},denominator,{eligible}"]
    (root / "data" / "screening.csv").write_text("\n".join(lines) + "\n")
    return kpirules.load_catalogue(root)


def _rated(catalogue: kpirules.Catalogue, area: str) -> kpirules.IndicatorResult:
    found = kpirules.evaluate(catalogue, indicator="screening", area=area)
    assert isinstance(found, kpirules.IndicatorResult)
    return found


@pytest.mark.parametrize(("area", "rating"), [
    ("E09000002", Rating.RED), ("E06000002", Rating.GREEN), ("E09000005", Rating.AMBER),
    ("E09000003", Rating.RED)])
def test_an_area_is_compared_with_its_group_mean(tmp_path: Path, area: str,
                                                 rating: Rating) -> None:
    """Barnet is not a neighbour, but may still compare itself with their mean."""
    result = _rated(_catalogue(tmp_path), area)
    headline = result.headline
    assert headline is not None and headline.rating is rating
    benchmark = headline.analysis("benchmark")
    assert benchmark is not None
    figure = benchmark.figure  # type: ignore[attr-defined]
    assert figure.exact == Fraction(206, 3)
    assert figure.period == Period.parse("2019", Calendar.CALENDAR)
    assert figure.note == ("mean of 3 of the 4 members of Nearest neighbours with a figure "
                           "for 2019")
    assert "68.7%" in benchmark.summary()


def test_the_median_of_an_odd_count_is_the_middle_figure(tmp_path: Path) -> None:
    """Against the median, 71%, Brent's own 71% is similar and Middlesbrough's 75% better."""
    catalogue = _catalogue(tmp_path, "neighbours-median")
    assert _rated(catalogue, "E09000005").headline.rating is Rating.AMBER  # type: ignore[union-attr]
    assert _rated(catalogue, "E06000002").headline.rating is Rating.GREEN  # type: ignore[union-attr]
    figures = list(group_benchmark_figures(catalogue, catalogue.indicator("screening"),
                                           kpirules.read_observations(catalogue),
                                           Period.parse("2019", Calendar.CALENDAR)))
    assert [(str(f.period), f.exact, f.value) for f in figures] == [
        ("2018", Fraction(70), 70), ("2019", Fraction(71), 71)]


def test_figures_given_for_the_benchmark_are_used_as_given(tmp_path: Path) -> None:
    """A pipeline that computed the aggregate elsewhere passes it in; it is not redone."""
    catalogue = _catalogue(tmp_path)
    given_figure = BenchmarkFigure("screening", "value", "neighbours-mean", "Given", None,
                                   Period.parse("2019", Calendar.CALENDAR), Decimal(55),
                                   Status.FINAL, computed=Fraction(55))
    found = kpirules.evaluate(catalogue, indicator="screening", area="E09000002",
                              benchmarks=BenchmarkSet((given_figure,)))
    assert found.headline.rating is Rating.GREEN  # type: ignore[union-attr]


def test_an_aggregate_names_its_group(tmp_path: Path) -> None:
    write_area_catalogue(tmp_path, areas=AREAS, catalogue=CATALOGUE + (
        "benchmarks:\n  mean: {label: Mean, aggregate: mean}\n"))
    found = [(i.code, i.location.line) for i in kpirules.validate([tmp_path]).issues]
    assert found == [("KPI088", 15)]


def test_an_aggregate_has_no_figures_in_files(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path)
    from kpirules.benchmarks import parse_benchmark_csv  # noqa: PLC0415

    _, issues = parse_benchmark_csv("indicator,benchmark,period,value\n"
                                    "screening,neighbours-mean,2019,60\n", "b.csv", catalogue)
    assert [(i.code, i.location.column) for i in issues] == [("KPI120", 2)]
    assert "is computed" in issues[0].message


fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=1000)


@given(st.lists(fractions, min_size=1, max_size=12), st.randoms())
def test_an_aggregate_lies_within_its_figures_and_ignores_order(
        values: list[Fraction], random: object) -> None:
    shuffled = list(values)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    for kind in ("mean", "median"):
        found = aggregate(kind, values)
        assert min(values) <= found <= max(values)
        assert aggregate(kind, shuffled) == found
    assert aggregate("mean", values) * len(values) == sum(values)
    ordered = sorted(values)
    below = sum(1 for v in ordered if v < aggregate("median", values))
    above = sum(1 for v in ordered if v > aggregate("median", values))
    assert below <= len(values) // 2 and above <= len(values) // 2


def test_an_aggregate_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        aggregate("mean", [])
