"""One measure evaluated end to end, and the year-to-date arithmetic of its series.

The figures are small and the expected results worked by hand: a sickness measure in
days (lower is better, a target of 6, the seed's 5% relative tolerance) whose report
records a judgement, and a cumulative count whose rolling twelve months is made from
year-to-date figures.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from factories import make_measure
from kpirules.evaluation.evaluate import evaluate_measure
from kpirules.evaluation.series import build_series
from kpirules.issues import Location
from kpirules.models import (
    Assessment,
    BasicUnit,
    CumulativeAggregation,
    Judgement,
    Polarity,
    Rating,
    RollingAggregation,
    Span,
    TargetSpec,
)
from kpirules.observations import Observation, Source, Status
from kpirules.periods import Calendar, Period
from kpirules.reports import LocatedAssessment
from kpirules.results import Basis, Direction, Variance
from kpirules.target import Target

FY = Calendar.FINANCIAL
Q2 = Period.parse("2019/20 Q2", FY)
Q2_LAST_YEAR = Period.parse("2018/19 Q2", FY)
REASON = "sickness levels have fallen for the past 7 months"


class _NoPopulations:
    def population(self, name: str, year: Period) -> Fraction | None:
        return None

    def population_is_implied(self, name: str, year: Period) -> bool:
        return False


def _row(period: Period, figure: str | None, *, span: Span | None = None,
         status: Status = Status.FINAL) -> Observation:
    return Observation(
        indicator="test-indicator", measure=None, period=period, span=span, breakdown=None,
        category=None, quantity="value", figure=Decimal(figure) if figure else None,
        status=status, source=Source.TABLE, ref=None, note=None,
        location=Location("test.csv", 1),
    )


def _sickness():
    return make_measure(
        polarity=Polarity.LOWER_IS_BETTER, unit=BasicUnit(kind="days"),
        tolerance={"relative": 5},
        targets={"2019/20": TargetSpec(value=Decimal(6))},
    )


def _assessment(judged: bool) -> LocatedAssessment:
    judgement = Judgement(rating=Rating.GREEN, reason=REASON) if judged else None
    return LocatedAssessment(
        Assessment(indicator="test-indicator", period="2019/20 Q2", rag="G", dot="↑",
                   judgement=judgement),
        Q2, Location("report.yaml", 3),
    )


def test_a_judgement_sets_the_rating_and_keeps_the_rules_beside_it() -> None:
    """6.23 days against 6 is 3.8% worse, within 5%: Amber by rule, Green by judgement."""
    series = build_series(_sickness(), [_row(Q2, "6.23"), _row(Q2_LAST_YEAR, "6.4")],
                          _NoPopulations())
    result = evaluate_measure(_sickness(), series, Q2, _assessment(judged=True))
    assert (result.indicator, result.measure, result.title) == (
        "test-indicator", "value", "Test measure")
    assert result.unit == BasicUnit(kind="days")
    assert result.published == Decimal("6.23")
    assert result.value == Fraction(623, 100)
    assert result.target == Target(value=Fraction(6))
    assert result.variance == Variance(Fraction(23, 100), Fraction(23, 6), None,
                                       Fraction(23, 100), Fraction(3, 10), "relative")
    assert result.decimals == 2
    assert result.rule.rating is Rating.AMBER
    assert result.rule.reason == (
        "3.8% worse than target, within the amber tolerance of 5% of the target -> Amber")
    assert (result.rating, result.basis) == (Rating.GREEN, Basis.JUDGEMENT)
    assert result.judgement == REASON
    assert result.rating_reason == f"Green by judgement (the rule gives Amber): {REASON}"
    assert (result.published_rating, result.published_arrow) == ("G", "↑")
    # The comparator keeps its own published places: 6.4, not 6.40.
    assert (result.dot, result.dot_reason) == (Direction.IMPROVED,
                                               "improved from 6.4 days in 2018/19 Q2")
    assert result.comparator_period == Q2_LAST_YEAR
    assert result.comparator_value == Fraction(64, 10)
    assert result.explanation == (
        "6.23 days against a target of 6 days: 3.8% worse than target, within the amber "
        f"tolerance of 5% of the target -> Amber; reported Green by judgement: {REASON}; "
        "improved from 6.4 days in 2018/19 Q2"
    )


def test_without_a_judgement_the_rule_gives_the_rating() -> None:
    """The same figures with no judgement recorded are rated Amber by rule."""
    series = build_series(_sickness(), [_row(Q2, "6.23")], _NoPopulations())
    result = evaluate_measure(_sickness(), series, Q2, _assessment(judged=False))
    assert (result.rating, result.basis, result.judgement) == (Rating.AMBER, Basis.RULE, None)
    assert result.rating_reason == result.rule.reason
    assert result.published_rating == "G"
    assert result.dot is Direction.NOT_COMPARABLE
    assert result.dot_reason == "not comparable: no figure for 2018/19 Q2"


def test_a_missing_figure_is_a_status_and_a_judgement_still_stands() -> None:
    """Q2 not yet published: no value and no rule rating, but the report's judgement."""
    series = build_series(
        _sickness(), [_row(Q2, None, status=Status.NOT_YET_PUBLISHED)], _NoPopulations())
    result = evaluate_measure(_sickness(), series, Q2, _assessment(judged=True))
    assert (result.value, result.published, result.period) == (None, None, None)
    assert result.status is Status.NOT_YET_PUBLISHED
    assert result.rule.rating is None
    assert result.rule.reason == "no rating: not yet published"
    assert (result.rating, result.basis) == (Rating.GREEN, Basis.JUDGEMENT)
    assert result.rating_reason == (
        f"Green by judgement (the rule gives no rating): {REASON}")
    assert result.explanation == (
        f"No figure for 2019/20 Q2: not yet published; reported Green by judgement: {REASON}"
    )


def test_a_lagged_figure_is_shown_for_its_own_period() -> None:
    """As at Q2 with only Q1 published, Q1 is shown and the explanation says why."""
    q1 = Period.parse("2019/20 Q1", FY)
    series = build_series(
        _sickness(), [_row(q1, "5.9"), _row(Q2, None, status=Status.NOT_YET_PUBLISHED)],
        _NoPopulations())
    result = evaluate_measure(_sickness(), series, Q2)
    assert (result.period, result.requested) == (q1, Q2)
    assert result.status is Status.FINAL
    assert result.rating is Rating.GREEN
    assert result.explanation == (
        "5.9 days in 2019/20 Q1 (2019/20 Q2: not yet published) against a target of 6 days: "
        "at or better than target -> Green; not comparable: no figure for 2018/19 Q1"
    )


# --- a rolling twelve months from year-to-date figures ----------------------------------


def _cumulative(rows: list[Observation]):
    measure = make_measure(aggregation=CumulativeAggregation(kind="cumulative"))
    return build_series(measure, rows, _NoPopulations())


def _rolling(rows: list[Observation]):
    measure = make_measure(aggregation=RollingAggregation(kind="rolling"))
    return build_series(measure, rows, _NoPopulations())


def test_rolling_twelve_months_from_year_to_date_figures() -> None:
    """12 months to Q2 = this year to Q2 (50) + last year's total (100) - last year to Q2
    (40) = 110."""
    rows = [
        _row(Q2, "50", span=Span.YEAR_TO_DATE),
        _row(Q2_LAST_YEAR, "40", span=Span.YEAR_TO_DATE),
        _row(Period.parse("2018/19 Q4", FY), "100", span=Span.YEAR_TO_DATE),
    ]
    point = _rolling(rows).point(Q2, Span.ROLLING_12_MONTHS)
    assert point is not None
    found = {d.method: d for d in point.derivations}
    assert found["rolling_from_ytd"].value == 110
    assert found["rolling_from_ytd"].description == (
        "year to date 50 + 2018/19 total 100 - year to date a year before 40 = 110"
    )
    assert point.value == 110


def test_rolling_from_year_to_date_needs_all_three_figures() -> None:
    """Without last year's total there is nothing to add, and no rolling figure is made."""
    rows = [
        _row(Q2, "50", span=Span.YEAR_TO_DATE),
        _row(Q2_LAST_YEAR, "40", span=Span.YEAR_TO_DATE),
    ]
    point = _rolling(rows).point(Q2, Span.ROLLING_12_MONTHS)
    assert point is None or "rolling_from_ytd" not in {d.method for d in point.derivations}


def test_a_year_is_its_last_year_to_date_figure() -> None:
    """A cumulative year's total is its Q4 year to date."""
    rows = [_row(Period.parse("2018/19 Q4", FY), "100", span=Span.YEAR_TO_DATE)]
    point = _cumulative(rows).point(Period.parse("2018/19", FY), None)
    assert point is not None
    assert point.value == 100


def test_a_figure_with_parts_is_set_beside_them() -> None:
    """A published year to date (90) with its quarters (40 + 50) gets a consistency check;
    a figure without parts gets none, and no analyses asked for means none."""
    q1 = Period.parse("2019/20 Q1", FY)
    rows = [_row(q1, "40", span=Span.PERIOD), _row(Q2, "50", span=Span.PERIOD),
            _row(Q2, "90", span=Span.YEAR_TO_DATE)]
    measure = make_measure(aggregation=CumulativeAggregation(kind="cumulative"))
    series = build_series(measure, rows, _NoPopulations())
    result = evaluate_measure(measure, series, Q2)
    (check,) = result.analyses
    assert check.name == "consistency"
    assert check.summary() == "published 90; sum of quarters to date: 40 + 50 = 90 (agrees)"
    assert evaluate_measure(measure, series, Q2, analyses=()).analyses == ()
    alone = build_series(measure, [_row(Q2, "90", span=Span.YEAR_TO_DATE)], _NoPopulations())
    assert evaluate_measure(measure, alone, Q2).analyses == ()


def test_without_any_figure_there_is_no_status() -> None:
    """No row at all: no value, no status, and the explanation says there is no figure."""
    result = evaluate_measure(_sickness(), build_series(_sickness(), [], _NoPopulations()), Q2)
    assert (result.value, result.status, result.period) == (None, None, None)
    assert result.rule.reason == "no rating: no data"
    assert result.explanation == "No figure for 2019/20 Q2: no figure"


def test_shortfalls_show_the_published_places() -> None:
    """An absolute tolerance in days shows 6.23's two places: 0.23 days worse, within 0.5."""
    measure = make_measure(
        polarity=Polarity.LOWER_IS_BETTER, unit=BasicUnit(kind="days"),
        tolerance={"absolute": Decimal("0.5")},
        targets={"2019/20": TargetSpec(value=Decimal(6))},
    )
    series = build_series(measure, [_row(Q2, "6.23")], _NoPopulations())
    result = evaluate_measure(measure, series, Q2)
    assert result.rule.reason == (
        "0.23 days worse than target, within the amber tolerance of 0.5 days -> Amber")
