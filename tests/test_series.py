"""Properties of series: figures computed from their parts, across aggregations."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from factories import make_measure
from kpirules.evaluation.series import build_series
from kpirules.issues import Location
from kpirules.models import (
    CumulativeAggregation,
    DiscreteAggregation,
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
YEAR = Period.parse("2019/20", FY)
QUARTERS = YEAR.quarters()

figures = st.integers(0, 10**7).map(lambda n: Decimal(n).scaleb(-1))


class _Populations:
    """What a series asks of a catalogue: population figures by year."""

    def __init__(self, figures: dict[str, Fraction] | None = None) -> None:
        self.figures = figures or {}

    def population(self, name: str, year: Period) -> Fraction | None:
        whole = year.year_period()
        return self.figures.get(whole.calendar.year_label(whole.year))

    def population_is_implied(self, name: str, year: Period) -> bool:
        return False


def row(period: Period, figure: Decimal | None, *, span: Span | None = None,
        quantity: str = "value", source: Source = Source.TABLE,
        status: Status = Status.FINAL) -> Observation:
    return Observation(
        indicator="test-indicator", measure=None, period=period, span=span, breakdown=None,
        category=None, quantity=quantity, figure=figure, status=status, source=source,
        ref=None, note=None, location=Location("test.csv", 1),
    )


@given(st.lists(figures, min_size=4, max_size=4))
def test_year_to_date_of_a_cumulative_measure_is_the_sum_of_its_quarters(parts):
    """A cumulative measure's year to date, computed from quarters alone, is their sum."""
    measure = make_measure(aggregation=CumulativeAggregation(kind="cumulative"))
    rows = [row(q, f, span=Span.PERIOD) for q, f in zip(QUARTERS, parts, strict=True)]
    series = build_series(measure, rows, _Populations())
    for k, quarter in enumerate(QUARTERS, start=1):
        point = series.point(quarter)
        assert point is not None
        assert point.published is None
        assert point.value == sum(Fraction(p) for p in parts[:k])


@given(st.lists(figures, min_size=4, max_size=4))
def test_quarters_are_recovered_from_published_year_to_date_figures(parts):
    """Each quarter alone is the difference of consecutive year-to-date figures."""
    measure = make_measure(aggregation=CumulativeAggregation(kind="cumulative"))
    running = [sum(parts[: k + 1], Decimal(0)) for k in range(4)]
    rows = [row(q, f) for q, f in zip(QUARTERS, running, strict=True)]
    series = build_series(measure, rows, _Populations())
    for quarter, part in zip(QUARTERS, parts, strict=True):
        point = series.point(quarter, Span.PERIOD)
        assert point is not None
        assert point.value == Fraction(part)


@given(figures, st.integers(0, 11))
def test_rolling_twelve_months_of_a_constant_series_is_twelve_times_it(monthly, extra):
    """Rolling 12 months of a constant monthly figure is twelve times that figure."""
    measure = make_measure(aggregation=RollingAggregation(kind="rolling"), grain=Grain.MONTH)
    first = YEAR.months()[0].previous().shift(years=-1)
    months = [first.shift_periods(i) for i in range(12 + extra + 1)]
    rows = [row(m, monthly, span=Span.PERIOD) for m in months]
    series = build_series(measure, rows, _Populations())
    for month in months[11:]:
        point = series.point(month)
        assert point is not None
        assert point.value == 12 * Fraction(monthly)


@given(st.lists(figures, min_size=4, max_size=4))
def test_a_snapshot_year_is_its_last_period(parts):
    """The year figure of a snapshot measure is the figure at the end of the year."""
    measure = make_measure(aggregation=SnapshotAggregation(kind="snapshot"))
    rows = [row(q, f) for q, f in zip(QUARTERS, parts, strict=True)]
    series = build_series(measure, rows, _Populations())
    point = series.point(YEAR)
    assert point is not None
    assert point.value == Fraction(parts[-1])


@given(st.lists(figures, min_size=4, max_size=4))
def test_a_discrete_year_is_the_sum_of_its_quarters(parts):
    """The year figure of a discrete count is the sum of its quarters."""
    measure = make_measure(aggregation=DiscreteAggregation(kind="discrete"))
    rows = [row(q, f) for q, f in zip(QUARTERS, parts, strict=True)]
    series = build_series(measure, rows, _Populations())
    point = series.point(YEAR)
    assert point is not None
    assert point.value == sum(Fraction(p) for p in parts)


@given(count=st.integers(0, 10**6), population=st.integers(1, 10**7),
       scale=st.integers(1, 1000))
def test_scaling_numerator_and_population_together_leaves_a_rate_unchanged(
    count, population, scale
):
    """A rate per 100,000 is the same after the count and the population are scaled."""
    measure = _rate_measure()
    one = _rate_value(measure, count, population)
    many = _rate_value(measure, count * scale, population * scale)
    assert one == many == Fraction(count, population) * 100000


def _rate_measure():
    unit = RateUnit(kind="rate", per=100000, population="people")
    return make_measure(unit=unit, aggregation=RateAggregation(kind="rate", numerator="count"))


def _rate_value(measure, count: int, population: int) -> Fraction | None:
    quarter = QUARTERS[0]
    rows = [row(quarter, Decimal(count), quantity="numerator")]
    series = build_series(measure, rows, _Populations({"2019/20": Fraction(population)}))
    point = series.point(quarter)
    assert point is not None
    return point.value


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=2, max_size=4)
       .map(lambda pairs: [(min(n, d), d) for n, d in pairs]))
def test_a_weighted_year_to_date_lies_within_the_range_of_its_quarters(pairs):
    """A weighted year-to-date ratio is never outside the range of its quarters' ratios."""
    measure = make_measure(aggregation=RatioAggregation(
        kind="ratio", numerator="n", denominator="d", year_to_date=YearToDate.WEIGHTED))
    rows = []
    for quarter, (n, d) in zip(QUARTERS, pairs, strict=False):
        rows.append(row(quarter, Decimal(n), quantity="numerator", span=Span.PERIOD))
        rows.append(row(quarter, Decimal(d), quantity="denominator", span=Span.PERIOD))
    series = build_series(measure, rows, _Populations())
    last = QUARTERS[len(pairs) - 1]
    point = series.point(last, Span.YEAR_TO_DATE)
    assert point is not None and point.value is not None
    ratios = [Fraction(n, d) * 100 for n, d in pairs]
    assert min(ratios) <= point.value <= max(ratios)
    assert point.value == Fraction(sum(n for n, _ in pairs), sum(d for _, d in pairs)) * 100


def test_the_table_status_outranks_a_figure_stated_elsewhere():
    """A table cell marked not yet published is not replaced by a commentary figure."""
    measure = make_measure()
    quarter = QUARTERS[1]
    rows = [row(quarter, None, status=Status.NOT_YET_PUBLISHED),
            row(quarter, Decimal(39), source=Source.COMMENTARY)]
    series = build_series(measure, rows, _Populations())
    point = series.point(quarter)
    assert point is not None
    assert point.value is None
    assert point.status is Status.NOT_YET_PUBLISHED
    assert [f.published for f in point.others] == [Decimal(39)]


def test_latest_available_skips_periods_without_a_figure():
    """As at Q2, a measure whose Q2 is not yet published shows Q1."""
    measure = make_measure()
    rows = [row(QUARTERS[0], Decimal("129.2")),
            row(QUARTERS[1], None, status=Status.NOT_YET_PUBLISHED)]
    series = build_series(measure, rows, _Populations())
    point = series.latest_available(QUARTERS[1])
    assert point is not None
    assert point.period == QUARTERS[0]
