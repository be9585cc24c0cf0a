"""Each way a series derives a figure, as the audit and a reader see it: the method's
stable name, the sum written out, and the rows it came from, on figures worked by hand.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from factories import make_measure
from kpirules.evaluation.series import Derivation, build_series
from kpirules.models import (
    AverageAggregation,
    DiscreteAggregation,
    RateAggregation,
    RateUnit,
    RatioAggregation,
    RollingAggregation,
    SnapshotAggregation,
    Span,
    YearToDate,
)
from kpirules.periods import Grain
from test_series import QUARTERS, YEAR, _Populations, row


class _Implied(_Populations):
    def population_is_implied(self, name: str, year: object) -> bool:
        return True


def derivations(measure: object, rows: list[object], period: object, span: object,
                populations: _Populations | None = None) -> tuple[Derivation, ...]:
    series = build_series(measure, rows, populations or _Populations())  # type: ignore[arg-type]
    point = series.point(period, span)  # type: ignore[arg-type]
    assert point is not None
    return point.derivations


def test_a_snapshot_year_is_its_last_quarter_by_name() -> None:
    measure = make_measure(aggregation=SnapshotAggregation(kind="snapshot"))
    rows = [row(q, Decimal(v)) for q, v in zip(QUARTERS, ("10", "12", "11", "13"), strict=True)]
    (found,) = derivations(measure, rows, YEAR, None)
    assert (found.method, found.description) == ("last_period", "figure at 2019/20 Q4: 13")
    assert found.value == 13
    assert found.parts == (rows[3],)


def test_an_average_year_is_the_mean_of_its_quarters_written_out() -> None:
    measure = make_measure(aggregation=AverageAggregation(kind="average", of="months"))
    rows = [row(q, Decimal(v)) for q, v in zip(QUARTERS, ("10", "12", "11", "14"), strict=True)]
    (found,) = derivations(measure, rows, YEAR, None)
    assert found.method == "mean_of_periods"
    assert found.description == "mean of the quarters (10, 12, 11, 14) = 11.75"
    assert found.value == Fraction(47, 4)
    assert found.exact_parts is False


def test_a_weighted_ratio_to_date_is_written_out() -> None:
    measure = make_measure(decimals=1, aggregation=RatioAggregation(
        kind="ratio", numerator="n", denominator="d", year_to_date=YearToDate.WEIGHTED))
    rows = []
    for quarter, (n, d) in zip(QUARTERS[:2], ((30, 40), (45, 60)), strict=True):
        rows += [row(quarter, Decimal(n), quantity="numerator", span=Span.PERIOD),
                 row(quarter, Decimal(d), quantity="denominator", span=Span.PERIOD)]
    found = {d.method: d for d in derivations(measure, rows, QUARTERS[1], Span.YEAR_TO_DATE)}
    weighted = found["weighted_ratio"]
    assert weighted.description == "(75 / 100) × 100 = 75.000"
    assert weighted.value == 75
    assert set(weighted.parts) == set(rows)


def test_a_rolling_year_sums_its_quarters_by_name() -> None:
    measure = make_measure(aggregation=RollingAggregation(kind="rolling"))
    last_year = [q.same_period_last_year() for q in QUARTERS]
    rows = [row(q, Decimal(v), span=Span.PERIOD)
            for q, v in zip([*last_year[2:], *QUARTERS[:2]], ("5", "6", "7", "8"), strict=True)]
    found = {d.method: d for d in derivations(measure, rows, QUARTERS[1],
                                              Span.ROLLING_12_MONTHS)}
    summed = found["sum_of_periods"]
    assert summed.description == "the periods of the 12 months: 5 + 6 + 7 + 8 = 26"
    assert summed.value == 26


def test_the_first_quarter_of_a_year_is_its_year_to_date() -> None:
    measure = make_measure(aggregation=RollingAggregation(kind="rolling"))
    ytd = row(QUARTERS[0], Decimal(40), span=Span.YEAR_TO_DATE)
    found = {d.method: d for d in derivations(measure, [ytd], QUARTERS[0], Span.PERIOD)}
    first = found["ytd_difference"]
    assert first.description == "year to date at 2019/20 Q1: 40"
    assert first.parts == (ytd,)
    assert first.value == 40


@pytest.mark.parametrize(("populations", "words", "exact"), [
    (_Populations, "150,000 (people, 2019/20)", True),
    (_Implied, "150,000 (people, 2019/20, implied)", False),
])
def test_a_rate_formula_is_written_out_with_its_population(
        populations: type[_Populations], words: str, exact: bool) -> None:
    """An implied population is said, and makes the derivation's parts inexact."""
    measure = make_measure(decimals=1, unit=RateUnit(kind="rate", per=100000, population="people"),
                           aggregation=RateAggregation(kind="rate", numerator="count"))
    rows = [row(QUARTERS[0], Decimal(30), quantity="numerator")]
    series = build_series(measure, rows, populations({"2019/20": Fraction(150000)}))
    point = series.point(QUARTERS[0])
    assert point is not None
    formula = next(d for d in point.derivations if d.method == "formula")
    assert formula.description == f"30 / {words} * 100000 = 20.000"
    assert formula.exact_parts is exact
    assert series.value(QUARTERS[0]) == 20


def test_points_are_listed_in_period_then_span_order() -> None:
    measure = make_measure(aggregation=RollingAggregation(kind="rolling"),
                           grain=Grain.QUARTER)
    rows = [row(q, Decimal(v), span=Span.PERIOD)
            for q, v in zip(QUARTERS, ("1", "2", "3", "4"), strict=True)]
    keys = list(build_series(measure, rows, _Populations()).points)  # type: ignore[arg-type]
    assert keys == sorted(keys, key=lambda k: (k[0], str(k[1])))
    assert len({k[1] for k in keys}) > 1


def test_a_quarter_to_date_is_also_the_sum_of_its_months() -> None:
    measure = make_measure(aggregation=DiscreteAggregation(kind="discrete"))
    months = [m for q in QUARTERS[:2] for m in q.months()]
    rows = [row(m, Decimal(v), span=Span.PERIOD) for m, v in zip(months, range(1, 7), strict=True)]
    found = {d.method: d for d in derivations(measure, rows, QUARTERS[1], Span.YEAR_TO_DATE)}
    summed = found["sum_of_months"]
    assert summed.description == "sum of months to date: 1 + 2 + 3 + 4 + 5 + 6 = 21"
    assert summed.value == 21


def test_an_unweighted_ratio_to_date_is_the_mean_of_its_quarters() -> None:
    measure = make_measure(aggregation=RatioAggregation(
        kind="ratio", numerator="n", denominator="d", year_to_date=YearToDate.UNWEIGHTED))
    rows = [row(q, Decimal(v), span=Span.PERIOD)
            for q, v in zip(QUARTERS[:2], ("50", "75"), strict=True)]
    found = {d.method: d for d in derivations(measure, rows, QUARTERS[1], Span.YEAR_TO_DATE)}
    mean = found["mean_of_periods"]
    assert mean.description == "mean of quarters to date (50, 75) = 62.50"
    assert mean.value == Fraction(125, 2)


def test_a_rolling_measure_year_is_its_last_rolling_twelve_months() -> None:
    measure = make_measure(aggregation=RollingAggregation(kind="rolling"))
    last = row(QUARTERS[3], Decimal(120), span=Span.ROLLING_12_MONTHS)
    found = {d.method: d for d in derivations(measure, [last], YEAR, None)}
    year_end = found["year_end"]
    assert year_end.description == "12 months at 2019/20 Q4: 120"
    assert year_end.value == 120
    assert year_end.parts == (last,)
