"""The SPC summary in words, for each rule and side, on series worked out by hand.

Every series starts with the same twelve-month baseline, 12 and 10 alternating: mean
11, every moving range 2, so mR̄ = 2, the process limits are 11 ± 5.32 (5.68 and 16.32)
and σ = 2.66·2/3, which puts the 2σ lines at 11 ± 3.5467 (7.4533 and 14.5467). The
measure is in days, whole days, lower is better; the mean and limits are shown to one
more place than the figures.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from kpirules import load_catalogue
from kpirules.errors import EvaluationError
from kpirules.evaluation.control import spc_direction
from kpirules.evaluation.evaluate import as_at_period
from kpirules.evaluation.statistics import trend_direction
from kpirules.observations import ObservationSet
from kpirules.results import Direction
from test_cli_validate import kpirules as kpirules_cli
from test_spc_spec import _evaluated, months, write

SPC_EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "spc" / "specs"

BASELINE = [12, 10] * 6
PROVISIONAL = ". The limits are provisional: from 12 months, fewer than the 20 that give " \
    "stable limits."
BODY = """\
targets:
  "2019/20": {value: %(target)s}
  "2020/21": {value: %(target)s}
spc:
  baseline: {first: 12}
dot: {method: spc}
rag: {assurance: {}}
"""


def spc_of(tmp_path: Path, tail: list[float], target: int = 20) -> dict[str, object]:
    values = BASELINE + tail
    rows = [(p, str(v)) for p, v in zip(months(2019, len(values)), values, strict=True)]
    return _evaluated(write(tmp_path, BODY % {"target": target}, rows=rows))


PASSING = "the process limits (5.7–16.3 days) lie wholly on the better side of a target of " \
    "20 days, so it will be met consistently"


@pytest.mark.parametrize(("tail", "variation", "evidence"), [
    ([11], "Common cause variation",
     "the latest month, 2020-04, is within the process limits (5.7–16.3 days) and no "
     "run, trend or 2-sigma rule flags it"),
    ([17], "Special cause of concerning variation",
     "the latest month (2020-04) is above the upper process limit of 16.3 days"),
    ([5], "Special cause of improving variation",
     "the latest month (2020-04) is below the lower process limit of 5.7 days"),
    ([12] * 7, "Special cause of concerning variation",
     "the last 7 months are all above the mean of 11.0 days"),
    # 11 is on the mean, so the run below it starts after it.
    ([11] + [10] * 7, "Special cause of improving variation",
     "the last 7 months are all below the mean of 11.0 days"),
    # 10 then six rising: 10 < 11 < ... trends over the last seven (the mean is crossed,
    # so no run); the latest two-of-three window holds 11, which is on the mean.
    ([6, 7, 8, 9, 10, 11, 12], "Special cause of concerning variation",
     "the last 7 months form a trend, each higher than the one before it"),
    ([16, 15, 14, 13, 12, 11, 10], "Special cause of improving variation",
     "the last 7 months form a trend, each lower than the one before it"),
    # Ten months below the mean (a run), the last seven of them falling (a trend, which
    # outranks the run): the count is of the trend's months only.
    ([10, 10, 9.9, 9.8, 9.7, 9.6, 9.5, 9.4], "Special cause of improving variation",
     "the last 7 months form a trend, each lower than the one before it"),
    # 12, 15, 15: all above the mean, the last two above the 2σ line of 14.5467.
    ([12, 15, 15], "Special cause of concerning variation",
     "two of three consecutive months up to the latest are above the 2-sigma line of "
     "14.5 days"),
    ([10, 7, 7], "Special cause of improving variation",
     "two of three consecutive months up to the latest are below the 2-sigma line of "
     "7.5 days"),
])
def test_each_rule_and_side_is_said_in_words(tmp_path: Path, tail: list[float], variation: str,
                                             evidence: str) -> None:
    summary = spc_of(tmp_path, tail)["spc"]["summary"]  # type: ignore[index]
    if all(isinstance(v, int) for v in tail):
        assert summary == f"{variation}: {evidence}; {PASSING}{PROVISIONAL}"
    else:  # figures with a decimal place show the limits to two
        assert summary.startswith(f"{variation}: {evidence}; the process limits (5.68–16.32")


@pytest.mark.parametrize(("target", "assured", "rag", "words"), [
    (20, "consistently_passing", "G", PASSING),
    (12, "hit_and_miss", "A",
     "a target of 12 days lies within the process limits (5.7–16.3 days), so it will be "
     "met only some of the time"),
    (4, "consistently_failing", "R",
     "the process limits (5.7–16.3 days) lie wholly on the worse side of a target of 4 "
     "days, so it will consistently be missed"),
])
def test_assurance_is_said_in_words_and_rates(tmp_path: Path, target: int, assured: str,
                                               rag: str, words: str) -> None:
    record = spc_of(tmp_path, [11], target)
    spc = record["spc"]
    assert spc["assurance"]["type"] == assured  # type: ignore[index]
    assert words in spc["summary"]  # type: ignore[index]
    assert record["rag"] == rag
    assert record["rag_reason"] == f"SPC assurance: {words} -> " + {
        "G": "Green", "A": "Amber", "R": "Red"}[rag]


@pytest.mark.parametrize(("tail", "dot", "reason"), [
    ([11], "unchanged",
     "common cause variation: the latest month, 2020-04, is within the process limits "
     "(5.7–16.3 days) and no run, trend or 2-sigma rule flags it"),
    ([11] + [10] * 7, "improved",
     "special cause of improving variation: the last 7 months are all below the mean of "
     "11.0 days"),
    ([12] * 7, "worsened",
     "special cause of concerning variation: the last 7 months are all above the mean of "
     "11.0 days"),
])
def test_the_direction_of_travel_by_spc_gives_the_evidence(tmp_path: Path, tail: list[int],
                                                           dot: str, reason: str) -> None:
    record = spc_of(tmp_path, tail)
    assert record["dot"] == dot
    # The explanation ends with the direction's reason.
    assert str(record["explanation"]).endswith(f"; {reason}")


def test_too_few_points_give_no_limits_and_say_why(tmp_path: Path) -> None:
    rows = [(p, "10") for p in months(2019, 11)]
    record = _evaluated(write(tmp_path, BODY % {"target": 20}, rows=rows))
    spc = record["spc"]
    assert spc["summary"] == (  # type: ignore[index]
        "No SPC limits: 11 months of figures in the series, fewer than the 12 needed for "
        "limits, so no special cause or assurance can be read.")
    assert spc["assurance"] is None  # type: ignore[index]
    assert record["rag"] == "n/a"
    why = ("No SPC limits: 11 months of figures in the series, fewer than the 12 needed for "
           "limits, so no special cause or assurance can be read")
    assert record["rag_reason"] == f"no rating by assurance: {why}"
    assert record["dot"] == "n/a"
    assert record["explanation"] == (
        f"10 days in 2020-02 (2023-03: no figure yet) against a target of 20 days: "
        f"no rating by assurance: {why}; no SPC direction: {why}")


def test_a_rebase_outside_the_figures_is_left_out_with_a_note(tmp_path: Path) -> None:
    body = BODY % {"target": 20} + (
        "  rebase:\n    - {period: 2019-04, reason: Before any change}\n"
        "    - {period: 2022-01, reason: After the latest figure}\n")
    body = body.replace("dot: {method: spc}\nrag: {assurance: {}}\n", "")
    values = [*BASELINE, 11]
    rows = [(p, str(v)) for p, v in zip(months(2019, len(values)), values, strict=True)]
    spc = _evaluated(write(tmp_path, body, rows=rows))["spc"]
    assert spc["notes"] == [  # type: ignore[index]
        "rebase at 2019-04 not applied: it is at or before the first figure",
        "rebase at 2022-01 not applied: it is after the latest figure"]
    assert len(spc["phases"]) == 1  # type: ignore[index]


def test_without_a_target_the_summary_says_why_there_is_no_assurance(tmp_path: Path) -> None:
    values = [*BASELINE, 11]
    rows = [(p, str(v)) for p, v in zip(months(2019, len(values)), values, strict=True)]
    body = 'targets:\n  "2019/20": {none: not_set}\n  "2020/21": {none: not_set}\n' \
        "spc:\n  baseline: {first: 12}\n"
    spc = _evaluated(write(tmp_path, body, rows=rows))["spc"]
    assert spc["assurance"] is None  # type: ignore[index]
    reason = spc["assurance_reason"]  # type: ignore[index]
    assert isinstance(reason, str) and reason
    assert f"; no assurance: {reason}." in spc["summary"]  # type: ignore[index, operator]


def test_screening_can_be_turned_off_in_the_spec(tmp_path: Path) -> None:
    # Twelve months 10, 10, ... with one jump to 20 and back: moving ranges 0 except two
    # of 10, so mR̄ = 20/11; both jumps are at least 3.267 mR̄ (5.94) and screening drops
    # them, leaving mR̄ = 0. Unscreened, the limits are the mean ± 2.66·20/11.
    values = [10] * 6 + [20] + [10] * 5
    rows = [(p, str(v)) for p, v in zip(months(2019, len(values)), values, strict=True)]
    limits = {}
    for screen in ("true", "false"):
        folder = tmp_path / screen
        folder.mkdir()
        body = f"spc:\n  screen_outliers: {screen}\n"
        spc = _evaluated(write(folder, body, rows=rows))["spc"]
        assert spc["settings"]["screen_outliers"] is (screen == "true")  # type: ignore[index]
        limits[screen] = spc["phases"][0]["limits"]  # type: ignore[index]
    assert limits["true"]["mean_moving_range"] == 0
    assert limits["true"]["screened_out"] == ["2019-10", "2019-11"]
    assert limits["false"]["mean_moving_range"] == pytest.approx(20 / 11, abs=1e-5)
    assert limits["false"]["screened_out"] == []


def test_without_a_latest_report_the_latest_figure_sets_the_period(tmp_path: Path) -> None:
    values = [*BASELINE, 11]
    rows = [(p, str(v)) for p, v in zip(months(2019, len(values)), values, strict=True)]
    specs = write(tmp_path, "spc: {}\n", rows=rows)
    catalogue = specs / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("latest_report: 2023-03\n", ""))
    record = _evaluated(specs)
    assert record["period"] == record["requested_period"] == "2020-04"


def test_without_a_target_assurance_gives_no_rating_and_says_why(tmp_path: Path) -> None:
    values = [*BASELINE, 11]
    rows = [(p, str(v)) for p, v in zip(months(2019, len(values)), values, strict=True)]
    body = ('targets:\n  "2019/20": {none: not_set}\n  "2020/21": {none: not_set}\n'
            "spc:\n  baseline: {first: 12}\nrag: {assurance: {}}\ndot: {method: spc}\n")
    record = _evaluated(write(tmp_path, body, rows=rows))
    assert record["rag_reason"] == "no rating by assurance: target not set for 2020/21"
    assert record["spc"]["variation"] == {  # type: ignore[index]
        "type": "common_cause", "period": "2020-04", "rule": None, "side": None,
        "reason": "no special-cause rule flags the point"}


def test_moving_ranges_are_exact_however_many_places(tmp_path: Path) -> None:
    # Whole-day figures, then two to seven places: the record keeps the moving range
    # exact, though it rounds the limits to the figures' places and four more.
    # The latest figure is whole, so the record shows the limits to 1 + 4 places.
    values = [*map(str, BASELINE), "11.1234567", "11.1234568", "11"]
    rows = [(p, v) for p, v in zip(months(2019, len(values)), values, strict=True)]
    spc = _evaluated(write(tmp_path, "spc: {}\n", rows=rows))["spc"]
    points = spc["points"]  # type: ignore[index]
    assert Fraction(str(points[-2]["moving_range"])) == Fraction(1, 10**7)
    assert Fraction(str(points[-1]["moving_range"])) == Fraction("0.1234568")
    # (132 + 11.1234567 + 11.1234568 + 11) / 15 = 11.016460900, to five places
    assert spc["phases"][0]["limits"]["mean"] == 11.01646  # type: ignore[index]


def test_spc_direction_without_a_chart() -> None:
    assert spc_direction(None) == (Direction.NOT_COMPARABLE, "no SPC direction: no SPC chart")


def test_with_no_period_report_or_data_there_is_nothing_to_evaluate(tmp_path: Path) -> None:
    specs = write(tmp_path, "spc: {}\n", rows=[])
    catalogue = specs / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("latest_report: 2023-03\n", ""))
    loaded = load_catalogue(specs)
    with pytest.raises(EvaluationError) as raised:
        as_at_period(loaded, ObservationSet(()))
    assert str(raised.value) == ("no period given, no latest report in the catalogue, and no "
                                 "data to infer one from")


def test_a_percentage_range_says_the_unit_on_both_ends() -> None:
    # rent-collected: 24 months, limits 94.95%–97.12% (tests/test_spc_record.py recomputes
    # them); a percentage, unlike days, is said after each figure.
    run = kpirules_cli("evaluate", str(SPC_EXAMPLE), "--indicator", "rent-collected",
                       "--format", "json")
    summary = json.loads(run.out)["results"][0]["spc"]["summary"]
    assert summary.startswith("Common cause variation: the latest month, 2023-03, is within "
                              "the process limits (94.95%–97.12%)")


def test_a_missing_month_is_left_out_and_said(tmp_path: Path) -> None:
    values = [*BASELINE, 11]
    periods = months(2019, len(values) + 1)
    del periods[5]  # 2019-09 has no figure
    rows = [(p, str(v)) for p, v in zip(periods, values, strict=True)]
    spc = _evaluated(write(tmp_path, "spc: {}\n", rows=rows))["spc"]
    assert spc["notes"] == [  # type: ignore[index]
        "no figure for 2019-09: left out of the chart, so the moving ranges either side of "
        "the gap span it"]


def test_one_month_is_said_in_the_singular(tmp_path: Path) -> None:
    spc = _evaluated(write(tmp_path, "spc: {}\n", rows=[("2019-04", "10")]))["spc"]
    assert spc["summary"].startswith("No SPC limits: 1 month of figures in the series")  # type: ignore[index]


def test_no_recent_trend_gives_no_direction() -> None:
    assert trend_direction(None) == (Direction.NOT_COMPARABLE, "no recent trend")
