"""The Fingertips reader, on a small sample written for these tests in that format.

`tests/data/fingertips_sample.csv` has the download's columns: two indicators (one by
calendar year, one pooled over three years), England, London and five boroughs, a
suppressed value, a male row, a deprivation-decile row, and one row (Camden) printed
"Better" although its interval contains England's value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import kpirules
from factories import write_catalogue
from kpirules.errors import DataError
from kpirules.fingertips import FingertipsIndicator, check_comparisons, read_fingertips
from kpirules.observations import Status

SAMPLE = Path(__file__).resolve().parent / "data" / "fingertips_sample.csv"

CATALOGUE = """\
id: fingertips-sample
title: Public health sample
defaults:
  calendar: calendar
  frequency: annual
  rag:
    tolerance: {points: 2, relative: 5}
themes:
  - {id: health, title: Health}
"""

SMOKING = """\
id: smoking
title: Smoking prevalence in adults
theme: health
card: {definition: The percentage of adults who smoke.}
polarity: lower_is_better
unit: percentage
decimals: 1
aggregation: snapshot
targets:
  "2019": {value: 15}
"""

ACTIVITY = """\
id: activity
title: Adults meeting activity guidelines
theme: health
card: {definition: The percentage of adults who meet the guidelines over three years.}
polarity: higher_is_better
unit: percentage
decimals: 1
aggregation: {kind: ratio, numerator: active adults, denominator: adults surveyed}
targets:
  "2019": {value: 60}
"""

MAPPING = {92443: FingertipsIndicator("smoking", sex="Persons", skip_categories=True),
           "93014": "activity"}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> kpirules.Catalogue:
    root = tmp_path_factory.mktemp("ft")
    write_catalogue(root, CATALOGUE, {"smoking": SMOKING, "activity": ACTIVITY}, theme="health")
    return kpirules.load_catalogue(root)


@pytest.fixture(scope="module")
def data(catalogue: kpirules.Catalogue) -> kpirules.FingertipsData:
    return read_fingertips(SAMPLE, MAPPING, catalogue)


def test_rows_become_observations_with_areas(data: kpirules.FingertipsData) -> None:
    smoking = [r for r in data.observations if r.indicator == "smoking"]
    assert [(r.area, str(r.period), r.figure) for r in smoking] == [
        ("E92000001", "2019", Decimal("13.9")), ("E12000007", "2019", Decimal("12.9")),
        ("E09000002", "2019", Decimal("19.5")), ("E09000003", "2019", Decimal("11.2")),
        ("E09000005", "2019", Decimal("14.0")), ("E09000007", "2019", Decimal("12.6")),
        ("E09000006", "2019", None)]
    bromley = smoking[-1]
    assert bromley.status is Status.NOT_AVAILABLE
    assert bromley.note == "* Value suppressed: sample too small"
    pooled = [r for r in data.observations if r.indicator == "activity"
              and r.area == "E09000002"]
    assert [(str(r.period), r.quantity, r.figure) for r in pooled] == [
        ("2016 - 18", "value", Decimal("55.0")), ("2016 - 18", "numerator", Decimal("1100")),
        ("2016 - 18", "denominator", Decimal("2000")),
        ("2017 - 19", "value", Decimal("57.5")), ("2017 - 19", "numerator", Decimal("1150")),
        ("2017 - 19", "denominator", Decimal("2000"))]


def test_the_file_gives_areas_and_groups(data: kpirules.FingertipsData) -> None:
    areas = data.areas
    assert areas.get("E09000002") == kpirules.Area(
        "E09000002", "Barking and Dagenham", "london-borough", "E12000007")
    assert dict(areas.types) == {"england": "England", "region": "Region",
                                 "london-borough": "London borough"}
    boroughs = areas.group("all-london-borough")
    assert boroughs.benchmark == "E92000001"
    assert boroughs.members == ("E09000002", "E09000003", "E09000005", "E09000007",
                                "E09000006")
    assert areas.group("london-borough-in-e12000007").benchmark == "E12000007"


def test_pooled_figures_evaluate_and_rank(data: kpirules.FingertipsData) -> None:
    results = kpirules.evaluate(data.catalogue, data.observations, period="2019")
    (barking,) = results.for_indicator("activity").for_area("E09000002")
    headline = barking.headline
    assert headline is not None
    assert str(headline.period) == "2017 - 19"
    assert headline.value == Fraction(575, 10)
    assert headline.target.value == 60
    # 2.5 points short of the 2019 target, beyond the 2-point tolerance.
    assert headline.rating is kpirules.models.Rating.RED
    assert headline.dot is kpirules.Direction.IMPROVED
    assert str(headline.comparator_period) == "2016 - 18"
    (brent,) = results.for_indicator("smoking").for_area("E09000005")
    assert brent.headline is not None
    found = brent.headline.analysis("rank")
    assert found is not None
    # Smoking among the boroughs with a value (Bromley's is suppressed): 11.2, 12.6,
    # 14.0, 19.5; Brent is 3rd of 4, lowest first.
    assert found.summary().startswith("3rd of 4 London borough areas in England with a value")


def test_published_comparisons_against_kpirules_own(data: kpirules.FingertipsData) -> None:
    """kpirules.stats.compare on the file's 95% limits and England's value agrees with
    every published comparison but Camden's, which the sample prints wrongly."""
    checks = check_comparisons(data)
    table = {(c.figure.indicator, c.figure.area, str(c.figure.period)): (c.published, c.computed)
             for c in checks}
    assert table[("smoking", "E09000002", "2019")] == ("worse", "worse")
    assert table[("smoking", "E09000003", "2019")] == ("better", "better")
    assert table[("smoking", "E09000005", "2019")] == ("similar", "similar")
    assert table[("smoking", "E09000006", "2019")] == ("not compared", "not compared")
    assert table[("activity", "E12000007", "2016 - 18")] == ("worse", "worse")
    disagree = [key for key, (published, computed) in table.items() if published != computed]
    assert disagree == [("smoking", "E09000007", "2019")]


def test_a_frame_reads_as_the_file(catalogue: kpirules.Catalogue,
                                   data: kpirules.FingertipsData) -> None:
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    again = read_fingertips(frame, MAPPING, catalogue)
    assert [(r.area, r.period, r.quantity, r.figure, r.status) for r in again.observations] == [
        (r.area, r.period, r.quantity, r.figure, r.status) for r in data.observations]


def test_unmapped_and_broken_down_rows_are_never_dropped_silently(
        catalogue: kpirules.Catalogue) -> None:
    with pytest.raises(DataError) as raised:
        read_fingertips(SAMPLE, {92443: "smoking"}, catalogue)
    messages = [(i.location.line, i.message) for i in raised.value.issues]
    assert (10, "a row broken down by 'Deprivation deciles' (Most deprived decile); set "
            "skip_categories for smoking to leave such rows out") in messages
    assert (11, "Fingertips indicator 93014 is not mapped; map it to a catalogue indicator, "
            "or to None to leave it out") in messages
    # Barnet's male and persons rows are the same area and period: a duplicate.
    assert any(i.code == "KPI106" for i in raised.value.issues)
    left_out = read_fingertips(SAMPLE, {92443: FingertipsIndicator(
        "smoking", sex="Persons", skip_categories=True), 93014: None}, catalogue)
    assert {r.indicator for r in left_out.observations} == {"smoking"}


def test_a_period_that_does_not_fit_is_located(catalogue: kpirules.Catalogue,
                                               tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(",2017 - 19,", ",2017/18 - 19/20,", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read_fingertips(bad, MAPPING, catalogue)
    (issue,) = raised.value.issues
    assert (issue.code, issue.location.line, issue.location.column) == ("KPI105", 14, 12)
