"""The statistics example catalogue, rated at and around every boundary.

Each expected limit is recomputed here with scipy/statsmodels (test oracles), not taken
from kpirules, and the benchmarks and figures are moved to just inside and just outside
each limit.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from kpirules import evaluate, load_catalogue
from kpirules._cli import main
from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet, read_benchmarks
from kpirules.catalogue import Catalogue
from kpirules.models import Rating
from kpirules.observations import COLUMNS, ObservationSet, Status, parse_observations_csv
from kpirules.periods import Calendar, Period
from kpirules.results import Direction, MeasureResult
from kpirules.stats import Outcome

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "statistics" / "specs"
YEAR = Period.parse("2023", Calendar.CALENDAR)
Z95 = norm.ppf(0.975)
# 30 admissions in 100,000 residents: Byars (30 is at least 10), per 100,000.
BYARS_LOWER = 30 * (1 - 1 / 270 - Z95 / (3 * math.sqrt(30))) ** 3
BYARS_UPPER = 31 * (1 - 1 / 279 + Z95 / (3 * math.sqrt(31))) ** 3
# 520 of 1,000 infants: Wilson, as a percentage.
WILSON_LOWER, WILSON_UPPER = (100 * x for x in proportion_confint(520, 1000, method="wilson"))


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(EXAMPLE)


def _headline(catalogue: Catalogue, indicator: str, *, benchmarks: BenchmarkSet | None = None,
              rows: list[str] | None = None) -> MeasureResult:
    observations = None
    if rows is not None:
        text = "\n".join([",".join(COLUMNS), *rows]) + "\n"
        found, issues = parse_observations_csv(text, "obs.csv", catalogue)
        assert issues == []
        observations = ObservationSet(found)
    result = evaluate(catalogue, observations, indicator=indicator, benchmarks=benchmarks,
                      reports={})
    assert result.headline is not None
    return result.headline


def _benchmark(indicator: str, benchmark: str, value: float, label: str,
               lower: float | None = None, upper: float | None = None) -> BenchmarkSet:
    figure = BenchmarkFigure(
        indicator=indicator, measure="value", benchmark=benchmark, label=label, area=None,
        period=YEAR, value=Decimal(str(value)), status=Status.FINAL,
        lower=None if lower is None else Decimal(str(lower)),
        upper=None if upper is None else Decimal(str(upper)),
        confidence=None if lower is None else Decimal("0.95"))
    return BenchmarkSet((figure,))


def test_the_example_reads_as_documented(catalogue: Catalogue) -> None:
    harm = _headline(catalogue, "self-harm-admissions")
    assert harm.rating is Rating.RED
    assert harm.rating_reason == ("significantly worse than England: 20.2–42.8 per 100,000 "
                                  "against 20.0 -> Red")
    interval = harm.analysis("interval")
    assert interval is not None
    assert interval.first.lower == pytest.approx(BYARS_LOWER, rel=1e-12)  # type: ignore[attr-defined]
    assert interval.first.upper == pytest.approx(BYARS_UPPER, rel=1e-12)  # type: ignore[attr-defined]
    feeding = _headline(catalogue, "breastfeeding")
    assert feeding.rating is Rating.GREEN
    assert feeding.rating_reason == "significantly above London -> Green"
    assert feeding.analysis("comparison").outcome is Outcome.BETTER  # type: ignore[union-attr]
    homes = _headline(catalogue, "decent-homes")
    assert homes.rating is Rating.AMBER
    assert "below target but at or above the floor of 85% -> Amber" in homes.explanation
    active = _headline(catalogue, "physically-active-adults")
    assert active.dot is Direction.IMPROVED
    assert active.dot_reason.startswith("increasing and getting better over 2019 to 2023")


@pytest.mark.parametrize(("england", "rating"), [
    (BYARS_LOWER - 0.01, Rating.RED), (BYARS_LOWER + 0.01, Rating.AMBER), (30.0, Rating.AMBER),
    (BYARS_UPPER - 0.01, Rating.AMBER), (BYARS_UPPER + 0.01, Rating.GREEN)])
def test_a_rate_compared_with_england_at_its_limits(catalogue: Catalogue, england: float,
                                                   rating: Rating) -> None:
    """Lower is better: England below the whole interval means worse here."""
    found = _headline(catalogue, "self-harm-admissions",
                      benchmarks=_benchmark("self-harm-admissions", "england", england,
                                            "England"))
    assert found.rating is rating


def test_a_rate_without_its_benchmark_is_not_rated(catalogue: Catalogue) -> None:
    found = _headline(catalogue, "self-harm-admissions", benchmarks=BenchmarkSet())
    assert found.rating is None
    assert found.rating_reason == "no rating: not compared with england: no england figure " \
                                  "for 2023"


@pytest.mark.parametrize(("london", "rating"), [
    (WILSON_LOWER - 0.01, Rating.GREEN), (WILSON_LOWER + 0.01, Rating.AMBER),
    (WILSON_UPPER - 0.01, Rating.AMBER), (WILSON_UPPER + 0.01, Rating.RED)])
def test_a_proportion_compared_with_the_region_at_its_limits(
        catalogue: Catalogue, london: float, rating: Rating) -> None:
    found = _headline(catalogue, "breastfeeding",
                      benchmarks=_benchmark("breastfeeding", "london", london, "London",
                                            london - 0.4, london + 0.4))
    assert found.rating is rating


DECENT = "decent-homes,,2023,,,,value,{},,table,,"


@pytest.mark.parametrize(("value", "rating"), [
    ("90.0", Rating.GREEN), ("95", Rating.GREEN), ("89.9", Rating.AMBER),
    ("85.0", Rating.AMBER), ("84.9", Rating.RED), ("40", Rating.RED)])
def test_a_floor_standard_at_its_boundaries(catalogue: Catalogue, value: str,
                                            rating: Rating) -> None:
    found = _headline(catalogue, "decent-homes", rows=[DECENT.format(value)])
    assert found.rating is rating


def _active(numerators: list[int | None]) -> list[str]:
    rows = []
    for year, numerator in zip(range(2019, 2024), numerators, strict=True):
        if numerator is not None:
            rows += [f"physically-active-adults,,{year},,,,numerator,{numerator},,table,,",
                     f"physically-active-adults,,{year},,,,denominator,2000,,table,,"]
    return rows


@pytest.mark.parametrize(("numerators", "dot"), [
    ([1000, 1060, 1120, 1180, 1240], Direction.IMPROVED),
    ([1240, 1180, 1120, 1060, 1000], Direction.WORSENED),
    ([1100, 1120, 1090, 1110, 1105], Direction.UNCHANGED),
    ([None, 1060, 1120, 1180, 1240], Direction.NOT_COMPARABLE),
    ([1000, 1060, None, 1180, 1240], Direction.NOT_COMPARABLE),
])
def test_a_recent_trend_direction(catalogue: Catalogue, numerators: list[int | None],
                                  dot: Direction) -> None:
    found = _headline(catalogue, "physically-active-adults", rows=_active(numerators))
    assert found.dot is dot


def test_a_trend_just_either_side_of_significance(catalogue: Catalogue) -> None:
    """The 99.8% point of chi-squared on one degree of freedom, 9.5495, is the line."""
    small = _headline(catalogue, "physically-active-adults",
                      rows=_active([1000, 1021, 1042, 1063, 1084]))
    large = _headline(catalogue, "physically-active-adults",
                      rows=_active([1000, 1022, 1044, 1066, 1088]))
    small_trend, large_trend = small.analysis("trend"), large.analysis("trend")
    assert small_trend.trend.chi_squared < 9.5495 < large_trend.trend.chi_squared  # type: ignore[union-attr]
    assert (small.dot, large.dot) == (Direction.UNCHANGED, Direction.IMPROVED)


def test_evaluate_json_shows_the_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(EXAMPLE), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    records = {r["indicator"]: r for r in (out["results"] if isinstance(out, dict) else out)}
    harm = records["self-harm-admissions"]
    assert {"interval", "benchmark", "comparison"} <= set(harm)
    assert harm["comparison"]["outcome"] == "worse"
    assert harm["benchmark"] == {"id": "england", "label": "England", "area": "E92000001",
                                 "period": "2023", "value": 20, "status": "final",
                                 "lower": None, "upper": None, "confidence": None,
                                 "rank": None, "of": None}
    assert [level["confidence"] for level in harm["interval"]["levels"]] == [0.95, 0.998]
    assert records["physically-active-adults"]["trend"]["direction"] == "increasing"
    assert "interval" not in records["decent-homes"]


def test_table_and_markdown_show_the_statistics_compactly(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(EXAMPLE)]) == 0
    table = capsys.readouterr().out
    assert "  ↳ 95% CI 20.2–42.8; worse than England (20.0)" in table
    assert "  ↳ 95% CI 59.9–64.1; trend increasing, getting better" in table
    assert max(len(line) for line in table.splitlines()) <= 100
    assert main(["evaluate", str(EXAMPLE), "--format", "markdown"]) == 0
    assert "(95% CI 48.9–55.1; better than London (48.0))" in capsys.readouterr().out


def test_the_example_benchmark_file_reads(catalogue: Catalogue) -> None:
    figures = read_benchmarks(catalogue).figures
    london = next(f for f in figures if f.benchmark == "london")
    assert (london.value, london.lower, london.upper) == (Decimal("48.0"), Decimal("47.6"),
                                                         Decimal("48.4"))
    assert london.label == "London" and london.area == "E12000007"
