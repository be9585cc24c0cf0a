"""The batch path on the seed: every measure's Q2 2019/20 figure rated as the report rates it.

The seed reproduction (`test_seed_report.py`) holds the exact path to the report's own
ratings; here each measure's shown figure and its comparator go through the batch path
as two rows, and come out with the exact path's rating by rule and arrow.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import kpirules
from kpirules.batch import rate_columns
from kpirules.errors import DataError
from kpirules.models import Rating
from kpirules.results import Direction

SPECS = Path(__file__).resolve().parents[1] / "specs"


@pytest.fixture(scope="module")
def seed():
    catalogue = kpirules.load_catalogue(SPECS)
    return catalogue, kpirules.evaluate(catalogue)


def test_every_seed_figure_gets_the_exact_paths_rating_and_arrow(seed):
    catalogue, results = seed
    columns: dict[str, list] = {"indicator": [], "measure": [], "period": [], "value": []}
    expected = []
    for result in results:
        indicator = catalogue.indicator(result.indicator)
        for measure in result.measures:
            if measure.value is None or measure.period is None:
                continue
            rows = [(measure.period, measure.value)]
            if measure.comparator_value is not None and measure.comparator_period is not None:
                rows.append((measure.comparator_period, measure.comparator_value))
            for period, value in rows:
                columns["indicator"].append(result.indicator)
                columns["measure"].append(measure.measure if indicator.multi_measure else None)
                columns["period"].append(period)
                columns["value"].append(value)
            expected.append((len(columns["value"]) - len(rows), measure))
    ratings = rate_columns(catalogue, **columns)
    assert len(expected) > 50
    for row, measure in expected:
        key = (measure.indicator, measure.measure)
        assert ratings.rating[row] == measure.rule.rating, key
        assert ratings.dot[row] == measure.dot, key


def test_asb_incidents_is_red_and_worse_than_a_year_before(seed):
    """The report's ASB card: 2,939 against a profile target of 2,757 is 6.6% worse, Red,
    and worse than the 2,758 of Q2 2018/19 (figures typed in from the seed report)."""
    catalogue, _ = seed
    ratings = rate_columns(catalogue, indicator=["asb-incidents"] * 2,
                           period=["2018/19 Q2", "2019/20 Q2"],
                           value=[Decimal(2758), Decimal(2939)])
    assert ratings.rating == (None, Rating.RED)
    assert ratings.dot == (Direction.NOT_COMPARABLE, Direction.WORSENED)
    assert ratings.comparator == (None, Decimal(2758))


def test_unknown_indicators_and_measures_and_cells_that_are_not_values_are_reported(seed):
    """Each bad row is named by its row and column, with the data readers' codes."""
    catalogue, _ = seed
    with pytest.raises(DataError) as caught:
        rate_columns(catalogue, indicator=["asb-incidnets", "gender-pay-gap", "asb-incidents"],
                     measure=[None, "mode", None],
                     period=["2019/20 Q1", "2019/20 Q1", ["2019/20 Q1"]],
                     value=[Decimal(1), Decimal(2), Decimal(3)])
    found = [(issue.code, issue.message.split(":")[0]) for issue in caught.value.issues]
    assert found == [("KPI104", "row 1, column 'indicator'"),
                     ("KPI111", "row 2, column 'measure'"), ("KPI100", "row 3, column 'period'")]
    assert "asb-incidnets" in caught.value.issues[0].message
