"""A series works points out when asked: each is the same as in the full set of points.

Evaluation asks a series for a few points (the shown period, its comparator), the audit
for all of them. These properties hold the two ways of reaching a point equal, over
every aggregation, span and source, and points asked for in any order.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from factories import make_measure
from kpirules.evaluation.series import build_series, reported_span
from kpirules.issues import Location
from kpirules.models import (
    AverageAggregation,
    CumulativeAggregation,
    DiscreteAggregation,
    PerHouseholdAggregation,
    RateAggregation,
    RateUnit,
    RatioAggregation,
    RollingAggregation,
    SnapshotAggregation,
    Span,
    YearToDate,
)
from kpirules.observations import Observation, Source, Status
from kpirules.periods import Calendar, Grain, Period

FY = Calendar.FINANCIAL
YEARS = [Period.parse(label, FY) for label in ("2017/18", "2018/19", "2019/20")]
SPANS = (None, Span.PERIOD, Span.YEAR_TO_DATE, Span.ROLLING_12_MONTHS)


class _Populations:
    def population(self, name: str, year: Period) -> Fraction | None:
        return Fraction(1000 + year.year_period().year) if year.year % 3 else None

    def population_is_implied(self, name: str, year: Period) -> bool:
        return year.year % 2 == 0


def _measures():
    rate_unit = RateUnit(kind="rate", per=1000, population="people")
    ratio = {"kind": "ratio", "numerator": "n", "denominator": "d"}
    return st.sampled_from([
        ("discrete", lambda grain: make_measure(
            aggregation=DiscreteAggregation(kind="discrete"), grain=grain)),
        ("cumulative", lambda grain: make_measure(
            aggregation=CumulativeAggregation(kind="cumulative"), grain=grain)),
        ("snapshot", lambda grain: make_measure(
            aggregation=SnapshotAggregation(kind="snapshot"), grain=grain)),
        ("average", lambda grain: make_measure(
            aggregation=AverageAggregation(kind="average"), grain=grain)),
        ("rolling", lambda grain: make_measure(
            aggregation=RollingAggregation(kind="rolling"), grain=grain)),
        ("weighted", lambda grain: make_measure(
            aggregation=RatioAggregation(**ratio, year_to_date=YearToDate.WEIGHTED),
            grain=grain)),
        ("unweighted", lambda grain: make_measure(
            aggregation=RatioAggregation(**ratio, year_to_date=YearToDate.UNWEIGHTED),
            grain=grain)),
        ("ytd ratio", lambda grain: make_measure(
            aggregation=RatioAggregation(**ratio, span=Span.YEAR_TO_DATE), grain=grain)),
        ("rate", lambda grain: make_measure(
            unit=rate_unit, aggregation=RateAggregation(kind="rate", numerator="count"),
            grain=grain)),
        ("per household", lambda grain: make_measure(
            aggregation=PerHouseholdAggregation(kind="per_household", numerator="tonnes",
                                                households="homes"), grain=grain)),
    ])


def _periods(grain: Grain) -> list[Period]:
    found = []
    for year in YEARS:
        found.append(year)
        found.extend(year.quarters())
        if grain is Grain.MONTH:
            found.extend(year.months())
    return found


@st.composite
def series_rows(draw):
    name, make = draw(_measures())
    grain = draw(st.sampled_from([Grain.QUARTER, Grain.MONTH]))
    measure = make(grain)
    periods = _periods(grain)
    quantities = ["value", *measure.inputs]
    rows = []
    chosen = draw(st.lists(st.tuples(
        st.sampled_from(periods), st.sampled_from(SPANS), st.sampled_from(quantities),
        st.sampled_from([Source.TABLE, Source.TABLE, Source.COMMENTARY, Source.HISTORY]),
        st.one_of(st.none(), st.integers(1, 5000)),
    ), max_size=40, unique_by=lambda t: t[:4]))
    for line, (period, drawn_span, quantity, source, figure) in enumerate(chosen, start=2):
        span = None if period.grain is Grain.YEAR else drawn_span
        rows.append(Observation(
            indicator="test-indicator", measure=None, period=period, span=span,
            breakdown=None, category=None, quantity=quantity,
            figure=None if figure is None else Decimal(figure).scaleb(-1),
            status=Status.NOT_YET_PUBLISHED if figure is None else Status.FINAL,
            source=source, ref=None, note=None, location=Location("test.csv", line)))
    return name, measure, rows


def _every_key(grain: Grain):
    return [(period, span) for period in [*_periods(grain), YEARS[0].previous()]
            for span in SPANS]


@given(series_rows(), st.randoms(use_true_random=False))
def test_a_point_asked_for_alone_is_the_point_of_the_full_series(case, random):
    """Every point, asked for in any order on a fresh series, equals the full series' one,
    and a point the full series lacks is None."""
    _, measure, rows = case
    full = build_series(measure, rows, _Populations()).points
    lazy = build_series(measure, rows, _Populations())
    keys = _every_key(measure.grain)
    random.shuffle(keys)
    for period, span in keys:
        assert lazy.point(period, span) == full.get((period, span)), (str(period), span)
    assert dict(lazy.points) == dict(full)
    assert list(lazy.points) == list(full)


@given(series_rows())
def test_the_latest_available_point_is_the_latest_with_a_value(case):
    """The latest point with a value, found lazily, is the one the full series names."""
    _, measure, rows = case
    full = build_series(measure, rows, _Populations()).points
    for by in _periods(measure.grain):
        lazy = build_series(measure, rows, _Populations())
        candidates = [
            point for (period, span), point in full.items()
            if period.grain is measure.grain and span == reported_span(measure, period)
            and period.start <= by.end and point.value is not None
        ]
        expected = max(candidates, key=lambda p: p.period, default=None)
        assert lazy.latest_available(by) == expected


@given(series_rows(), st.sampled_from([None, Grain.MONTH, Grain.QUARTER, Grain.YEAR]))
def test_reported_points_are_the_full_series_reported_points(case, grain):
    """The points a table shows, worked out alone, are the full series' in period order."""
    _, measure, rows = case
    full = build_series(measure, rows, _Populations()).points
    wanted = grain or measure.grain
    expected = sorted(
        (point for (period, span), point in full.items()
         if period.grain is wanted and span == reported_span(measure, period)),
        key=lambda p: p.period)
    assert build_series(measure, rows, _Populations()).reported_points(grain) == tuple(expected)
