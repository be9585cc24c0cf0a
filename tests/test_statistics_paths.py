"""The statistics example with one thing changed at a time, reaching each path a
measure's statistics can take: another interval method, a count, no counts, a
benchmark's own interval, a trend without an interval. Limits come from scipy."""

from __future__ import annotations

import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from statsmodels.stats.proportion import proportion_confint

from kpirules import evaluate, load_catalogue
from kpirules.benchmarks import BenchmarkFigure, BenchmarkSet
from kpirules.evaluation.statistics import BenchmarkAnalysis, MeasureStatistics
from kpirules.models import Rating
from kpirules.observations import Status
from kpirules.results import Direction, MeasureResult
from test_statistics_examples import YEAR
from test_statistics_records import byars, exact

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "statistics"
SPECS = Path("specs") / "health"
OBSERVATIONS = Path("data") / "observations" / "health.csv"


def changed(tmp_path: Path, spec: str, old: str = "", new: str = "",
            rows: tuple[str, ...] = (), drop: str = "") -> Path:
    """A copy of the example with one spec edited and observation rows replaced."""
    root = tmp_path / "statistics"
    shutil.copytree(EXAMPLE, root)
    if old:
        path = root / SPECS / f"{spec}.yaml"
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    if rows or drop:
        path = root / OBSERVATIONS
        kept = [line for line in path.read_text().splitlines()
                if not (drop and line.startswith(drop))]
        path.write_text("\n".join([*kept, *rows]) + "\n")
    return root / "specs"


def headline(specs: Path, indicator: str, benchmarks: BenchmarkSet | None = None
             ) -> MeasureResult:
    result = evaluate(load_catalogue(specs), indicator=indicator, benchmarks=benchmarks)
    assert result.headline is not None
    return result.headline


@pytest.mark.parametrize(("method", "count", "expected"), [
    ("exact", 30, "exact_poisson"), ("byars", 5, "byars"), ("auto", 5, "exact_poisson"),
    ("auto", 10, "byars")])
def test_a_declared_poisson_method_is_used_whatever_the_count(
        tmp_path: Path, method: str, count: int, expected: str) -> None:
    specs = changed(tmp_path, "self-harm-admissions", "method: auto", f"method: {method}",
                    rows=(f"self-harm-admissions,,2023,,,,numerator,{count},,table,,",),
                    drop="self-harm-admissions,,2023")
    harm = headline(specs, "self-harm-admissions")
    interval = harm.analysis("interval")
    assert interval is not None
    (first, second) = interval.record()["levels"]
    assert (first["method"], second["method"]) == (expected, expected)
    oracle = exact if expected == "exact_poisson" else byars
    lower, upper = oracle(count, 0.95)
    assert first["lower"] == pytest.approx(lower, abs=1e-9)
    assert first["upper"] == pytest.approx(upper, rel=1e-9)
    # The comparison with England uses the same method's interval.
    compared = harm.analysis("comparison").comparison  # type: ignore[union-attr]
    assert (compared.lower, compared.upper) == pytest.approx((lower, upper), rel=1e-9,
                                                             abs=1e-9)


COUNT_SPEC = """\
id: falls
title: Falls reported in care homes
theme: health
card: {definition: Falls reported in the borough's care homes in the year.}
polarity: lower_is_better
unit: {kind: count, of: falls}
decimals: 0
aggregation: discrete
targets:
  "2023": {value: 40}
statistics:
  interval: {confidence: [0.95]}
"""


def test_a_count_has_a_poisson_interval(tmp_path: Path) -> None:
    specs = changed(tmp_path, "breastfeeding", rows=("falls,,2023,,,,value,30,,table,,",))
    (specs / "health" / "falls.yaml").write_text(COUNT_SPEC)
    catalogue = specs / "catalogue.yaml"
    text = catalogue.read_text()
    if "indicators:" in text:
        text = text.replace("indicators: [", "indicators: [falls, ")
        catalogue.write_text(text)
    interval = headline(specs, "falls").analysis("interval")
    assert interval is not None
    record = interval.record()
    assert interval.counts.kind == "count"  # type: ignore[attr-defined]
    assert (record["numerator"], record["denominator"]) == (30, None)
    lower, upper = byars(30, 0.95)
    assert record["levels"][0]["lower"] == pytest.approx(lower, rel=1e-12)
    assert record["levels"][0]["upper"] == pytest.approx(upper, rel=1e-12)
    assert interval.summary() == "95% CI 20–43 (Byars' method, from 30)"


def test_a_rate_without_counts_says_so_and_is_not_compared(tmp_path: Path) -> None:
    specs = changed(tmp_path, "self-harm-admissions",
                    rows=("self-harm-admissions,,2023,,,,value,30.0,,table,,",),
                    drop="self-harm-admissions,,2023")
    harm = headline(specs, "self-harm-admissions")
    assert harm.analysis("interval") is None
    comparison = harm.analysis("comparison")
    assert comparison is not None
    assert comparison.summary() == ("not compared with England: no counts for 2023 to "
                                    "compute an interval from")
    assert comparison.comparison.value == 30  # type: ignore[attr-defined]
    assert comparison.comparison.benchmark == 20  # type: ignore[attr-defined]
    assert harm.rating is None
    assert harm.explanation == (
        "30.0 per 100,000: no rating: not compared with England: no counts for 2023 to "
        "compute an interval from; worsened from 27.0 per 100,000 in 2022; no counts for "
        "2023 to compute an interval from")
    # Rules would read no interval: its names are there, empty.
    inputs = MeasureStatistics().rule_inputs()
    assert inputs == dict.fromkeys(("lower", "upper", "benchmark", "benchmark_lower",
                                    "benchmark_upper"))


def _london(lower: str, upper: str, confidence: str | None) -> BenchmarkSet:
    return BenchmarkSet((BenchmarkFigure(
        indicator="breastfeeding", measure="value", benchmark="london", label="London",
        area=None, period=YEAR, value=Decimal("48.0"), status=Status.FINAL,
        lower=Decimal(lower), upper=Decimal(upper),
        confidence=None if confidence is None else Decimal(confidence)),))


def test_a_value_without_counts_is_compared_with_the_benchmark_interval(
        tmp_path: Path) -> None:
    specs = changed(tmp_path, "breastfeeding",
                    rows=("breastfeeding,,2023,,,,value,52.0,,table,,",),
                    drop="breastfeeding,,2023")
    feeding = headline(specs, "breastfeeding")
    comparison = feeding.analysis("comparison")
    assert comparison is not None
    assert comparison.summary() == "significantly better than London: 52.0 against 47.6–48.4%"


def test_a_benchmark_interval_without_a_level_is_taken_as_95(tmp_path: Path) -> None:
    feeding = headline(EXAMPLE / "specs", "breastfeeding", _london("47.6", "48.4", None))
    benchmark = feeding.analysis("benchmark")
    assert benchmark is not None
    assert benchmark.record()["confidence"] == 0.95
    assert benchmark.summary() == "London 2023: 48.0% (95% CI 47.6–48.4%)"


def test_rules_read_the_benchmark_interval(tmp_path: Path) -> None:
    specs = changed(tmp_path, "breastfeeding",
                    "- {when: lower > benchmark, rating: G, label: significantly above London}",
                    "- {when: lower > benchmark_upper, rating: G, label: clear of London}")
    feeding = headline(specs, "breastfeeding", _london("47.6", "50.0", "0.95"))
    # Wilson 520 of 1,000: lower 48.9, not above London's upper 50.0.
    assert feeding.rating is Rating.AMBER
    feeding = headline(specs, "breastfeeding", _london("47.6", "48.8", "0.95"))
    assert feeding.rating is Rating.GREEN
    assert feeding.rating_reason == "clear of London -> Green"


def test_comparing_two_intervals_needs_them_apart(tmp_path: Path) -> None:
    lower = 100 * proportion_confint(520, 1000, method="wilson")[0]
    specs = changed(tmp_path, "breastfeeding",
                    "compare: {benchmark: london, confidence: 0.95}",
                    "compare: {benchmark: london, confidence: 0.95, use_benchmark_interval: true}")
    # London's interval reaches just past the lower limit 48.9 of 520 of 1,000, although
    # its value 48.0 lies below the interval.
    overlapping = _london("47.0", str(round(lower + 0.05, 2)), "0.95")
    without = headline(EXAMPLE / "specs", "breastfeeding", overlapping)
    within = headline(specs, "breastfeeding", overlapping)
    assert str(without.analysis("comparison").outcome) == "better"  # type: ignore[union-attr]
    assert str(within.analysis("comparison").outcome) == "similar"  # type: ignore[union-attr]


def test_a_trend_alone_needs_no_interval(tmp_path: Path) -> None:
    specs = changed(tmp_path, "physically-active-adults",
                    "statistics:\n  interval: {confidence: [0.95]}\n", "")
    active = headline(specs, "physically-active-adults")
    assert active.analysis("interval") is None
    assert active.dot is Direction.IMPROVED
    trend = active.analysis("trend")
    assert trend is not None and trend.record()["points"] == 5
    assert Fraction(trend.record()["slope"]) == 3


def test_counts_that_give_no_interval_leave_the_value_to_compare(tmp_path: Path) -> None:
    # 1,200 of 1,000 cannot be a proportion: no interval, so the published 52.0 is compared
    # with London's own interval instead.
    specs = changed(tmp_path, "breastfeeding",
                    rows=("breastfeeding,,2023,,,,numerator,1200,,table,,",
                          "breastfeeding,,2023,,,,denominator,1000,,table,,",
                          "breastfeeding,,2023,,,,value,52.0,,table,,"),
                    drop="breastfeeding,,2023")
    feeding = headline(specs, "breastfeeding")
    assert feeding.analysis("interval") is None
    comparison = feeding.analysis("comparison")
    assert comparison is not None
    assert comparison.summary() == "significantly better than London: 52.0 against 47.6–48.4%"


def test_an_undated_benchmark_is_said_without_a_period() -> None:
    figure = BenchmarkFigure(
        indicator="self-harm-admissions", measure="value", benchmark="england",
        label="England", area=None, period=None, value=Decimal("20.0"), status=Status.FINAL,
        lower=None, upper=None, confidence=None)
    harm = headline(EXAMPLE / "specs", "self-harm-admissions")
    unit = harm.unit
    assert BenchmarkAnalysis(figure, None, unit, 1).summary() == "England: 20.0 per 100,000"


def test_the_latest_benchmark_figure_when_asked(tmp_path: Path) -> None:
    # England's figure for 2022 only: "same" finds none for 2023; "latest" takes 2022's.
    specs = changed(tmp_path, "self-harm-admissions",
                    "compare: {benchmark: england, confidence: 0.95}",
                    "compare: {benchmark: england, confidence: 0.95, period: latest}")
    bench = specs.parent / "data" / "benchmarks" / "health.csv"
    bench.write_text("\n".join(line for line in bench.read_text().splitlines()
                               if not line.startswith("self-harm-admissions,,england,2023")) + "\n")
    harm = headline(specs, "self-harm-admissions")
    benchmark = harm.analysis("benchmark")
    assert benchmark is not None
    assert benchmark.summary() == "England 2022: 19.8 per 100,000"
    assert harm.rating is Rating.RED


def test_a_trend_with_no_figure_at_all(tmp_path: Path) -> None:
    specs = changed(tmp_path, "physically-active-adults", drop="physically-active-adults,")
    active = headline(specs, "physically-active-adults")
    trend = active.analysis("trend")
    assert trend is not None
    assert trend.summary() == "recent trend cannot be calculated: no figure to end the trend at"
    assert active.dot is Direction.NOT_COMPARABLE


def test_rules_can_read_the_floor(tmp_path: Path) -> None:
    old = '"2023": {value: 90, floor: 85, note: "Target 90%, floor standard 85%"}'
    rules = ("rag:\n  rules:\n"
             "    - {when: value >= floor + 2, rating: G, label: two points clear of the floor}\n"
             "    - otherwise: R\n")
    specs = changed(tmp_path, "decent-homes", old, '"2023": {value: 90, floor: 85}\n' + rules)
    homes = headline(specs, "decent-homes")
    assert homes.rating is Rating.GREEN  # 87.5 is at least 85 + 2
    assert homes.rating_reason == "two points clear of the floor -> Green"
