"""The `spc` record in `evaluate`'s JSON, checked against the example's data by hand.

Every limit is recomputed here from the CSV files with plain Fraction arithmetic (the
XmR formulas: mean, mean moving range, mean ± 2.66·mR̄, σ = 2.66/3·mR̄), not read from
the code under test, and every key a consumer reads is pinned by name.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from test_cli_validate import kpirules as run_cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "spc"
DATA = EXAMPLE / "data" / "observations" / "services"

#: Per indicator: where its phases start (the declared rebase), how many points make
#: each phase's baseline (None: all of them), and the figures' decimals.
SETUP = {
    "benefit-claim-days": (("2021-04",), 12, 1),
    "missed-bin-collections": ((), None, 0),
    "rent-collected": ((), None, 1),
}
TARGETS = {"benefit-claim-days": Fraction(17), "missed-bin-collections": Fraction(150),
           "rent-collected": Fraction("98.5")}
BETTER = {"benefit-claim-days": "low", "missed-bin-collections": "low", "rent-collected": "high"}
LIMIT_KEYS = {"mean", "lower", "upper", "lower_2_sigma", "upper_2_sigma", "lower_1_sigma",
              "upper_1_sigma", "sigma", "mean_moving_range", "provisional", "screened_out"}


def figures(indicator: str) -> list[tuple[str, Fraction]]:
    with (DATA / f"{indicator}.csv").open(newline="") as handle:
        return [(row["period"], Fraction(row["figure"])) for row in csv.DictReader(handle)]


def by_hand(values: list[Fraction]) -> dict[str, Fraction]:
    """XmR limits of a baseline, with moving ranges at or above 3.267·mR̄ screened out."""
    ranges = [abs(b - a) for a, b in itertools.pairwise(values)]
    mr = sum(ranges, Fraction(0)) / len(ranges)
    kept = [r for r in ranges if r < Fraction("3.267") * mr]
    mr = sum(kept, Fraction(0)) / len(kept)
    mean = sum(values, Fraction(0)) / len(values)
    # kpirules takes σ as a third of the distance to the limits (docs/spc.md).
    sigma = Fraction("2.66") * mr / 3
    return {"mean": mean, "mean_moving_range": mr, "sigma": sigma,
            "lower": mean - Fraction("2.66") * mr, "upper": mean + Fraction("2.66") * mr,
            "lower_2_sigma": mean - 2 * sigma, "upper_2_sigma": mean + 2 * sigma,
            "lower_1_sigma": mean - sigma, "upper_1_sigma": mean + sigma}


@pytest.fixture  # per test, so mutation testing maps each field to the tests reading it
def records() -> dict[str, dict[str, Any]]:
    run = run_cli("evaluate", str(EXAMPLE / "specs"), "--format", "json")
    assert run.status == 0, run.err
    return {r["indicator"]: r for r in json.loads(run.out)["results"]}


def close(shown: float | int, exact: Fraction, decimals: int) -> bool:
    """`shown` is `exact` as the JSON promises: exact when its decimal terminates, else
    rounded half up to four places more than the limits' (the figures' decimals + 1)."""
    places = decimals + 5
    rest = exact.denominator
    for p in (2, 5):
        while rest % p == 0:
            rest //= p
    if rest == 1 and exact.denominator <= 10 ** places:
        return Fraction(str(shown)) == exact
    scaled = exact * 10 ** places
    rounded = math.floor(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return Fraction(str(shown)) == Fraction(rounded, 10 ** places)


def phases_by_hand(indicator: str) -> list[tuple[list[tuple[str, Fraction]], int]]:
    rebases, first, _ = SETUP[indicator]
    rows = figures(indicator)
    starts = [0] + [next(i for i, (p, _) in enumerate(rows) if p == r) for r in rebases]
    ends = [*starts[1:], len(rows)]
    return [(rows[a:b], first or b - a) for a, b in zip(starts, ends, strict=True)]


@pytest.mark.parametrize("indicator", sorted(SETUP))
def test_each_phase_has_the_limits_its_baseline_gives(records: dict[str, dict[str, Any]],
                                                      indicator: str) -> None:
    spc = records[indicator]["spc"]
    decimals = SETUP[indicator][2]
    expected = phases_by_hand(indicator)
    assert [p["number"] for p in spc["phases"]] == list(range(1, len(expected) + 1))
    for phase, (rows, baseline) in zip(spc["phases"], expected, strict=True):
        assert (phase["from"], phase["to"]) == (rows[0][0], rows[-1][0])
        assert phase["baseline"] == {"from": rows[0][0], "to": rows[baseline - 1][0],
                                     "points": baseline}
        limits = phase["limits"]
        assert set(limits) == LIMIT_KEYS
        for key, exact in by_hand([v for _, v in rows[:baseline]]).items():
            assert close(limits[key], exact, decimals), (key, limits[key], float(exact))
        # Fewer than 20 baseline points give provisional limits.
        assert limits["provisional"] is (baseline < 20)
        assert phase["reason"] == (
            f"provisional limits from the first {baseline} points, fewer than the 20 that "
            "give stable limits" if baseline < 20 else f"limits from all {baseline} points")
        assert limits["screened_out"] == []


def test_a_rebased_phase_carries_its_reason(records: dict[str, dict[str, Any]]) -> None:
    first, second = records["benefit-claim-days"]["spc"]["phases"]
    assert first["rebase_reason"] is None
    assert second["rebase_reason"].startswith("The online claim form replaced the paper form")


@pytest.mark.parametrize("indicator", sorted(SETUP))
def test_points_carry_value_moving_range_phase_and_the_limit_rule(
        records: dict[str, dict[str, Any]], indicator: str) -> None:
    spc = records[indicator]["spc"]
    points = iter(spc["points"])
    for number, (rows, baseline) in enumerate(phases_by_hand(indicator), start=1):
        limits = by_hand([v for _, v in rows[:baseline]])
        previous = None
        for period, value in rows:
            point = next(points)
            assert point["period"] == period
            assert point["phase"] == number
            assert Fraction(str(point["value"])) == value
            if previous is not None:
                assert Fraction(str(point["moving_range"])) == abs(value - previous)
            beyond = [r["side"] for r in point["rules"] if r["rule"] == "outside_limits"]
            expected = (["high"] if value > limits["upper"]
                        else ["low"] if value < limits["lower"] else [])
            assert beyond == expected, (period, float(value))
            sides = {r["side"] for r in point["rules"]}
            if not sides:
                assert point["variation"] == "common_cause"
            elif len(sides) == 1:
                good = sides == {BETTER[indicator]}
                assert point["variation"] == ("special_cause_improving" if good
                                              else "special_cause_concerning")
            previous = value
    assert next(points, None) is None


@pytest.mark.parametrize("indicator", sorted(SETUP))
def test_assurance_compares_the_target_with_the_latest_limits(
        records: dict[str, dict[str, Any]], indicator: str) -> None:
    spc = records[indicator]["spc"]
    decimals = SETUP[indicator][2]
    rows, baseline = phases_by_hand(indicator)[-1]
    limits = by_hand([v for _, v in rows[:baseline]])
    found = spc["assurance"]
    assert set(found) == {"type", "target", "low", "high", "lower_limit", "upper_limit",
                          "reason"}
    assert Fraction(str(found["target"])) == TARGETS[indicator]
    assert found["low"] is None and found["high"] is None
    assert close(found["lower_limit"], limits["lower"], decimals)
    assert close(found["upper_limit"], limits["upper"], decimals)
    target = TARGETS[indicator]
    if limits["lower"] <= target <= limits["upper"]:
        assert found["type"] == "hit_and_miss"
    else:
        assert found["type"] in {"consistently_passing", "consistently_failing"}
    assert spc["assurance_reason"] is None
    # Rated by assurance, the result still says how far the latest figure is from target.
    record = records[indicator]
    latest = figures(indicator)[-1][1]
    assert Fraction(str(record["value"])) == latest
    assert Fraction(str(record["variance"])) == latest - TARGETS[indicator]
    assert spc["settings"] == {"run_length": 7, "trend_length": 7, "screen_outliers": True,
                               "minimum_points": 12, "stable_points": 20}
