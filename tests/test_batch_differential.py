"""The batch path rates every figure as the exact per-indicator path does, boundaries included.

Values are drawn on and around every boundary a rule has (target, target less the
tolerance, each end of a band and beyond it by the tolerance; a change of exactly the
unchanged margin for the direction), off it by amounts binary floats cannot see, and
far from it; each row's rating and arrow from `kpirules.batch.rate_columns` must equal
what `evaluate_measure` gives for that figure shown as at its period, over a series
built from the same figures.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import make_measure
from kpirules.batch import rate_columns
from kpirules.catalogue import Measure
from kpirules.errors import DataError, EvaluationError
from kpirules.evaluation.dot import comparator_period
from kpirules.evaluation.evaluate import evaluate_measure
from kpirules.evaluation.series import build_series
from kpirules.issues import Location
from kpirules.models import BasicUnit, Polarity, Rating, TargetSpec
from kpirules.observations import Observation, Source, Status
from kpirules.periods import Calendar, Period
from kpirules.results import Direction

FY = Calendar.FINANCIAL
YEARS = ("2018/19", "2019/20")
QUARTERS = [q for year in YEARS for q in Period.parse(year, FY).quarters()]
AREAS = ("E1", "E2", "E3")
# Nudges a float cannot see, one it can, and none.
TINY = (Decimal(0), Decimal("1e-18"), Decimal("-1e-18"), Decimal("1e-9"), Decimal("-1e-9"),
        Decimal("0.01"), Decimal("-0.01"))


class _Populations:
    def population(self, name: str, year: Period) -> Fraction | None:
        return None

    def population_is_implied(self, name: str, year: Period) -> bool:
        return False


class _Indicator:
    def __init__(self, measure: Measure) -> None:
        self._measure = measure

    def measure(self, measure_id: str | None) -> Measure:
        return self._measure


class _Catalogue:
    """One indicator, `test-indicator`, with the drawn measure."""

    def __init__(self, measure: Measure) -> None:
        self._indicator = _Indicator(measure)

    def indicator(self, indicator_id: str) -> _Indicator:
        return self._indicator

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id == "test-indicator"


KINDS = ("boundary",) * 5 + ("near the comparator",) * 4 + (
    "no row", "no figure", "anywhere", "beyond floats")
# Magnitudes binary floats cannot hold, or that the batch path keeps out of them. (The
# smallest figures the exact path can show, 50 places, are well within a float's range.)
EXTREMES = (Decimal("1E+400"), Decimal("-2E+300"), Decimal("5E+260"), Decimal("1E-50"))
decimals = st.integers(-2000, 20000).map(lambda n: Decimal(n).scaleb(-1))


@st.composite
def measures(draw):
    polarity = draw(st.sampled_from(list(Polarity)))
    percentage = draw(st.booleans())
    unit = BasicUnit(kind="percentage" if percentage else "count")
    tolerance = draw(st.sampled_from([
        {"relative": Decimal(5), "points": Decimal(5)},
        {"relative": Decimal("7.5")},
        {"absolute": Decimal("0.5")},
        {"points": Decimal(3), "relative": Decimal(10)},
        {"relative": Decimal(0), "points": Decimal(0)},
    ]))
    if not percentage and "relative" not in tolerance and "absolute" not in tolerance:
        tolerance = {**tolerance, "relative": Decimal(5)}
    if percentage and "points" not in tolerance and "absolute" not in tolerance:
        tolerance = {**tolerance, "points": Decimal(5)}
    targets = {}
    for year in YEARS:
        kind = draw(st.sampled_from(["value", "profile", "band", "none", "annual"]))
        if polarity is Polarity.WITHIN_BAND and kind in ("value", "profile", "annual"):
            kind = "band"
        if polarity is not Polarity.WITHIN_BAND and kind == "band":
            kind = "value"
        if kind == "value":
            targets[year] = TargetSpec(value=draw(decimals))
        elif kind == "annual":
            targets[year] = TargetSpec(annual=draw(decimals))
        elif kind == "profile":
            targets[year] = TargetSpec(profile=tuple(
                draw(st.one_of(decimals, st.just("n/a"))) for _ in range(4)))
        elif kind == "band":
            low = draw(decimals)
            targets[year] = TargetSpec(band={"low": low, "high": low + draw(decimals).copy_abs()})
        else:
            targets[year] = TargetSpec(none="not_set")
    rules = None
    if draw(st.integers(0, 5)) == 0 and polarity is not Polarity.WITHIN_BAND:
        rules = [("value >= target", Rating.GREEN),
                 ("abs(value - comparator) <= 2", Rating.AMBER)]
    return make_measure(
        polarity=polarity, unit=unit, tolerance=None if rules else tolerance, rules=rules,
        targets=targets,
        unchanged_within=draw(st.sampled_from([0, 1, Decimal("0.5"), Decimal("0.1"),
                                               Decimal("0.3")])),
        comparator=draw(st.sampled_from(["same_period_last_year", "previous_period"])),
    )


def _boundaries(measure: Measure, period: Period) -> list[Decimal]:
    """Every value at which the rating for `period` changes, as exact decimals."""
    target = measure.target_for(period)
    tolerance = measure.rag.tolerance
    points = []
    for bound in (target.value, target.low, target.high):
        if bound is None:
            continue
        points.append(bound)
        if tolerance is not None:
            for amount in (tolerance.points, tolerance.absolute):
                if amount is not None:
                    points += [bound - Fraction(amount), bound + Fraction(amount)]
            if tolerance.relative is not None:
                share = Fraction(tolerance.relative) * abs(bound) / 100
                points += [bound - share, bound + share]
    found = []
    for point in points:
        exact = Decimal(point.numerator) / Decimal(point.denominator)
        if Fraction(exact) == point:
            found.append(exact)
    return found or [Decimal(100)]


@st.composite
def cases(draw):
    measure = draw(measures())
    rows = []
    for area in draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True)):
        values: dict[Period, Decimal | None] = {}
        for quarter in QUARTERS:
            kind = draw(st.sampled_from(KINDS))
            if kind == "no row":
                continue
            if kind == "no figure":
                values[quarter] = None
                continue
            compared = values.get(comparator_period(measure, quarter))
            if kind == "boundary" or (kind == "near the comparator" and compared is None):
                base = draw(st.sampled_from(_boundaries(measure, quarter)))
            elif kind == "near the comparator":
                # Changed by the unchanged margin exactly, or not at all: the arrow's edges.
                unchanged = Decimal(measure.dot.unchanged_within or 0)
                base = compared + draw(st.sampled_from([unchanged, -unchanged, Decimal(0)]))
            elif kind == "beyond floats":
                base = draw(st.sampled_from(EXTREMES))
            else:
                base = draw(decimals)
            value = base + draw(st.one_of(st.just(Decimal(0)), st.sampled_from(TINY)))
            if measure.unit.kind == "count":
                value = abs(value)
            values[quarter] = value
        rows += [(area, quarter, value) for quarter, value in values.items()]
    return measure, draw(st.permutations(rows))


def _observation(period: Period, figure: Decimal | None, line: int) -> Observation:
    return Observation(
        indicator="test-indicator", measure=None, period=period, span=None, breakdown=None,
        category=None, quantity="value", figure=figure,
        status=Status.FINAL if figure is not None else Status.NOT_YET_PUBLISHED,
        source=Source.TABLE, ref=None, note=None, location=Location("test.csv", line))


@given(cases())
def test_batch_ratings_and_arrows_are_the_exact_paths(case):
    """Every row's rating and arrow equal the exact path's for that figure and period."""
    measure, rows = case
    ratings = rate_columns(
        _Catalogue(measure), indicator=["test-indicator"] * len(rows),
        period=[str(period) for _, period, _ in rows], value=[v for _, _, v in rows],
        area=[area for area, _, _ in rows])
    series = {
        area: build_series(measure, [_observation(p, v, n) for n, (a, p, v) in enumerate(rows)
                                     if a == area], _Populations())
        for area in {a for a, _, _ in rows}
    }
    for i, (area, period, value) in enumerate(rows):
        if value is None:
            assert (ratings.rating[i], ratings.dot[i]) == (None, Direction.NOT_COMPARABLE)
            continue
        exact = evaluate_measure(measure, series[area], period, analyses=())
        assert exact.period == period and exact.value == Fraction(value)
        assert ratings.rating[i] == exact.rule.rating, (str(period), value, exact.rule.reason)
        assert ratings.dot[i] == exact.dot, (str(period), value, exact.dot_reason)
        assert ratings.target[i] == exact.target
        found = ratings.comparator[i]
        assert (None if found is None else Fraction(found)) == exact.comparator_value


def test_a_value_exactly_on_the_amber_boundary_is_amber_though_floats_say_red():
    """95.00000000000000001 is within 5% of 100 by 10^-17; as floats it is 95.0, so the float
    comparison cannot tell, and the row is decided exactly."""
    measure = make_measure(targets={"2019/20": TargetSpec(value=Decimal(100))})
    quarter = Period.parse("2019/20 Q1", FY)
    ratings = rate_columns(_Catalogue(measure), indicator=["test-indicator"] * 3,
                           period=[quarter] * 3,
                           value=[Decimal("95"), Decimal("94.99999999999999999"),
                                  Decimal("95.00000000000000001")],
                           area=["a", "b", "c"])
    assert ratings.rating == (Rating.AMBER, Rating.RED, Rating.AMBER)
    assert ratings.rechecked == 3


def test_a_change_of_exactly_the_unchanged_margin_is_unchanged_though_floats_say_improved():
    """0.8 against 0.7 is a change of exactly 0.1, unchanged within 0.1; as floats the
    change is 0.10000000000000009, so the row is decided exactly."""
    measure = make_measure(unchanged_within=Decimal("0.1"))
    ratings = rate_columns(_Catalogue(measure), indicator=["test-indicator"] * 2,
                           period=["2018/19 Q1", "2019/20 Q1"],
                           value=[Decimal("0.7"), Decimal("0.8")])
    assert ratings.dot == (Direction.NOT_COMPARABLE, Direction.UNCHANGED)
    assert ratings.rechecked == 1


def test_bad_rows_are_reported_by_row_and_column():
    """A float, an unparseable period, a period of the wrong grain and a second figure
    for the same area and period are each named by row and column."""
    measure = make_measure(targets={"2019/20": TargetSpec(value=Decimal(100))})
    with pytest.raises(DataError) as caught:
        rate_columns(_Catalogue(measure), indicator=["test-indicator"] * 5,
                     period=["2019/20 Q1", "2019/20 Q5", "2019/20", "2019/20 Q1", "2019/20 Q2"],
                     value=[Decimal(1), Decimal(2), Decimal(3), Decimal(4), 5.0],
                     area=["a", "a", "a", "a", "a"])
    messages = [issue.message for issue in caught.value.issues]
    assert [m.split(":")[0] for m in messages] == [
        "row 2, column 'period'", "row 3, column 'period'", "row 4, column 'period'",
        "row 5, column 'value'"]
    assert "as row 1" in messages[2]


def test_columns_of_different_lengths_are_refused():
    measure = make_measure()
    with pytest.raises(DataError, match="column 'value' has 1 rows"):
        rate_columns(_Catalogue(measure), indicator=["test-indicator"] * 2,
                     period=["2019/20 Q1"] * 2, value=[Decimal(1)])


def test_a_measure_the_batch_path_cannot_rate_is_refused_by_name():
    """A measure rated neither by a tolerance nor by rules needs its series (a rating by
    comparison or assurance); the batch path says so rather than guess."""
    measure = make_measure(targets={"2019/20": TargetSpec(value=Decimal(100))})
    odd = replace(measure, rag=measure.rag.model_copy(update={"tolerance": None}))
    with pytest.raises(EvaluationError, match="not rated by a tolerance or rules"):
        rate_columns(_Catalogue(odd), indicator=["test-indicator"], period=["2019/20 Q1"],
                     value=[Decimal(1)])
