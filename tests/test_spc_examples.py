"""SPC on real catalogues: the example catalogue written for it (examples/spc), and the
seed, whose series are too short for limits.

The example's expected figures are worked out in the comments from the data files
(examples/spc/data/observations/services/*.csv), not taken from the code under test.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
from fractions import Fraction
from pathlib import Path

import pytest

import kpirules
from kpirules.catalogue import SpcSetup
from kpirules.evaluation.control import SpcResult, control, spc_points
from kpirules.evaluation.series import build_series
from kpirules.models import Rating, Span
from kpirules.periods import Period
from kpirules.results import Direction, IndicatorResult
from kpirules.spc import AssuranceType, Rule, Side, VariationType
from test_cli_validate import kpirules as run_cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "spc" / "specs"


@pytest.fixture(scope="module")
def results() -> dict[str, IndicatorResult]:
    catalogue = kpirules.load_catalogue(EXAMPLE)
    return {r.indicator: r for r in kpirules.evaluate(catalogue)}


def spc_of(result: IndicatorResult) -> SpcResult:
    assert result.headline is not None
    found = result.headline.analysis("spc")
    assert isinstance(found, SpcResult)
    return found


def test_benefit_claims_rebase_run_and_point_beyond_the_limits(
        results: dict[str, IndicatorResult]) -> None:
    result = results["benefit-claim-days"]
    found = spc_of(result)
    assert found.chart is not None
    first, second = found.chart.phases
    assert str(found.periods[second.start]) == "2021-04"
    assert found.rebases[0][1].startswith("The online claim form replaced the paper form")
    # Phase 1 baseline, 2019-04 to 2020-03: the twelve figures sum to 268.1; their eleven
    # moving ranges (0.6 1.3 1.1 0.5 1.4 0.5 2.2 1.4 0.7 1.1 0.7) to 11.5.
    assert first.limits is not None
    assert first.limits.mean == Fraction("268.1") / 12
    assert first.limits.mean_moving_range == Fraction("11.5") / 11
    # Upper limit 22.3417 + 2.66 * 1.04545 = 25.1226: April 2020's 31.5 is beyond it.
    assert first.limits.upper == Fraction("268.1") / 12 + Fraction("2.66") * Fraction("11.5") / 11
    beyond = [str(found.periods[p.index]) for p in found.chart.points
              if Rule.OUTSIDE_LIMITS in p.rules]
    assert beyond == ["2020-04"]
    # Phase 2 baseline, 2021-04 to 2022-03: sum 220.0, mean 18.33; ranges
    # (1.7 2.4 1.8 1.6 2.5 1.8 1.3 2.4 2.2 0.9 0.3) sum to 18.9. Limits 13.76 to 22.90.
    assert second.limits is not None
    assert second.limits.mean == Fraction(220, 12)
    assert second.limits.mean_moving_range == Fraction("18.9") / 11
    assert second.limits.provisional and second.limits.points == 12
    # The last seven months (17.2 17.5 16.8 17.7 17.1 17.4 16.9) are below 18.33;
    # August 2022 (18.6) is above, so the run is exactly seven.
    run = [str(found.periods[p.index]) for p in found.chart.points if Rule.SHIFT in p.rules]
    assert run == ["2022-09", "2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"]
    assert all(s.side is Side.LOW for p in found.chart.points[-7:] for s in p.signals)
    # Lower is better: a run below the mean is improving; the target of 17 is inside.
    assert found.variation is not None
    assert found.variation.type is VariationType.IMPROVING
    assert found.assurance is not None and found.assurance.type is AssuranceType.HIT_AND_MISS
    assert result.rating is Rating.AMBER
    assert result.headline is not None and result.headline.dot is Direction.IMPROVED
    assert found.summary() == (
        "Special cause of improving variation: the last 7 months are all below the mean of "
        "18.33 days; a target of 17 days lies within the process limits (13.76–22.90 days), "
        "so it will be met only some of the time. The limits are provisional: from 12 months, "
        "fewer than the 20 that give stable limits.")


def _float_limits(values: list[float]) -> tuple[float, float, float]:
    """The textbook XmR limits in floats, written independently of kpirules."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    mr = sum(ranges) / len(ranges)
    kept = [r for r in ranges if r < 3.267 * mr]
    mr = sum(kept) / len(kept)
    return mean - 2.66 * mr, mean, mean + 2.66 * mr


def _csv_values(name: str) -> list[float]:
    path = REPO / "examples" / "spc" / "data" / "observations" / "services" / f"{name}.csv"
    rows = path.read_text().splitlines()[1:]
    return [float(row.split(",")[7]) for row in rows]


@pytest.mark.parametrize(
    ("name", "target", "assured", "rating"),
    [
        # 36 months summing to 3,432 (mean 95.3); limits about 71.6 to 119.0, wholly
        # below the target of 150: lower is better, so consistently passing.
        ("missed-bin-collections", 150.0, AssuranceType.PASSING, Rating.GREEN),
        # 24 months summing to 2,304.8 (mean 96.03%); limits about 94.9% to 97.1%, wholly
        # below the target of 98.5%: higher is better, so consistently failing.
        ("rent-collected", 98.5, AssuranceType.FAILING, Rating.RED),
    ],
)
def test_targets_outside_the_limits(results: dict[str, IndicatorResult], name: str,
                                    target: float, assured: AssuranceType,
                                    rating: Rating) -> None:
    found = spc_of(results[name])
    low, mean, high = _float_limits(_csv_values(name))
    limits = found.limits
    assert limits is not None
    assert abs(float(limits.mean) - mean) < 1e-9
    assert abs(float(limits.lower) - low) < 1e-9 and abs(float(limits.upper) - high) < 1e-9
    assert not low <= target <= high
    assert found.assurance is not None and found.assurance.type is assured
    assert found.variation is not None
    assert found.variation.type is VariationType.COMMON_CAUSE
    assert results[name].rating is rating
    assert results[name].headline is not None
    assert results[name].headline.dot is Direction.UNCHANGED


def test_evaluate_json_carries_the_spc_analysis() -> None:
    run = run_cli("evaluate", str(EXAMPLE), "--format", "json")
    assert run.status == 0
    payload = json.loads(run.out)
    records = payload["results"] if isinstance(payload, dict) else payload
    claims = next(r for r in records if r["indicator"] == "benefit-claim-days")
    spc = claims["spc"]
    assert [p["from"] for p in spc["phases"]] == ["2019-04", "2021-04"]
    assert spc["phases"][1]["rebase_reason"].startswith("The online claim form")
    assert spc["phases"][1]["limits"]["mean"] == pytest.approx(220 / 12, abs=1e-6)
    assert len(spc["points"]) == 48
    april_2020 = spc["points"][12]
    assert april_2020 == {"period": "2020-04", "value": 31.5, "moving_range": 9.2, "phase": 1,
                          "rules": [{"rule": "outside_limits", "side": "high"}],
                          "variation": "special_cause_concerning"}
    assert spc["variation"]["type"] == "special_cause_improving"
    assert spc["assurance"]["type"] == "hit_and_miss"
    assert spc["settings"] == {"run_length": 7, "trend_length": 7, "screen_outliers": True,
                               "minimum_points": 12, "stable_points": 20}


def test_evaluate_csv_gives_variation_and_assurance_as_columns() -> None:
    # The summary table users ask for: each indicator's SPC reading beside its RAG. The
    # readings are the ones worked out above for each example indicator; the seed
    # declares no SPC, so its cells are blank.
    run = run_cli("evaluate", str(EXAMPLE), "--format", "csv")
    assert run.status == 0
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(run.out))}
    assert {name: (r["rag"], r["spc_variation"], r["spc_assurance"])
            for name, r in rows.items()} == {
        "benefit-claim-days": ("A", "special_cause_improving", "hit_and_miss"),
        "missed-bin-collections": ("G", "common_cause", "consistently_passing"),
        "rent-collected": ("R", "common_cause", "consistently_failing"),
    }
    seed = run_cli("evaluate", "--format", "csv")
    assert all(r["spc_variation"] == r["spc_assurance"] == ""
               for r in csv.DictReader(io.StringIO(seed.out)))


def test_the_example_validates_with_its_data() -> None:
    assert run_cli("validate", str(EXAMPLE), "--data").status == 0


def test_the_seed_series_are_too_short_for_limits() -> None:
    """Every seed measure, read as an XmR chart, says it has too few points for limits."""
    catalogue = kpirules.load_catalogue(REPO / "specs")
    observations = kpirules.read_observations(catalogue)
    lengths = []
    for indicator in catalogue.indicators:
        for measure in indicator.measures:
            charted = dataclasses.replace(measure, spc=SpcSetup(None, None, (), 7, 7, True))
            series = build_series(charted, observations.for_measure(indicator.id, measure.id),
                                  catalogue)
            points = spc_points(series, None)
            found = control(charted, series, points[-1].period if points else None,
                            measure.target_for(points[-1].period) if points else
                            measure.target_for(catalogue.latest_report), 0)
            assert found is not None and found.limits is None
            assert found.variation is None or found.variation.type is None
            lengths.append(len(points))
            if indicator.id == "asb-incidents":
                # 2018/19 Q1 to 2019/20 Q2: six quarters, each its own count (the
                # published figures are years to date).
                assert found.summary() == (
                    "No SPC limits: 6 quarters of figures in the series, fewer than the 12 "
                    "needed for limits, so no special cause or assurance can be read.")
    assert max(lengths) < 12


def test_a_declaration_xmr_refuses_gives_no_chart_and_says_why() -> None:
    """A measure built by hand (validation refuses this spec, KPI093) with a baseline that
    crosses its rebase: no chart, no assurance, and the refusal in words."""
    catalogue = kpirules.load_catalogue(EXAMPLE)
    measure = catalogue.indicator("benefit-claim-days").measures[0]
    periods = [Period.parse(m, measure.calendar) for m in ("2019-04", "2020-03", "2019-10")]
    crossing = dataclasses.replace(measure, spc=SpcSetup(
        None, (periods[0], periods[1]), ((periods[2], "A change"),), 7, 7, True))
    observations = kpirules.read_observations(catalogue)
    series = build_series(crossing, observations.for_measure("benefit-claim-days", "value"),
                          catalogue)
    shown = spc_points(series, None)[-1].period
    found = control(crossing, series, shown, measure.target_for(shown), 1)
    assert found is not None and found.chart is None
    assert found.rebases == ((periods[2], "A change"),)
    assert found.assurance is None and found.assurance_reason == "no chart"
    assert found.text.startswith("No SPC chart: baseline: ")
    assert "crosses a rebase point" in found.text
    assert found.notes[-1] == found.text.removeprefix("No SPC chart: ")


def test_a_year_to_date_measure_is_charted_by_each_quarters_own_count() -> None:
    catalogue = kpirules.load_catalogue(REPO / "specs")
    measure = catalogue.indicator("asb-incidents").measures[0]
    observations = kpirules.read_observations(catalogue)
    series = build_series(measure, observations.for_measure("asb-incidents", measure.id),
                          catalogue)
    points = spc_points(series, None)
    assert points and all(p.span is Span.PERIOD for p in points)
    for point in points:
        ytd = series.point(point.period, Span.YEAR_TO_DATE)
        assert ytd is not None and ytd.published is not None
        if point.period.index == 1:
            assert point.value == ytd.published.value
        else:
            before = series.point(point.period.previous(), Span.YEAR_TO_DATE)
            assert before is not None and before.published is not None
            assert point.value == ytd.published.value - before.published.value


def test_assurance_read_leaves_no_reason_for_its_absence() -> None:
    # Evaluated here, not by the module's fixture, so mutation testing charges this test.
    catalogue = kpirules.load_catalogue(EXAMPLE)
    found = spc_of(kpirules.evaluate(catalogue, indicator="benefit-claim-days"))
    assert found.assurance is not None
    assert found.assurance_reason == ""
