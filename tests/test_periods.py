"""Tests for kpirules.periods: parsing, printing, ordering, shifting and containment."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirules.errors import PeriodError
from kpirules.periods import MAX_YEAR, MIN_YEAR, Calendar, Grain, Period
from strategies_periods import (
    FIRST_MONTH,
    GRAIN_MONTHS,
    MONTH_NAMES,
    WrittenPeriod,
    calendars,
    canonical_text,
    dates_between,
    grains,
    periods,
    plausible_years,
    reference_end,
    reference_start,
    same_calendar_pairs,
    written_periods,
)

FIN, ACAD, CAL = Calendar.FINANCIAL, Calendar.ACADEMIC, Calendar.CALENDAR
MONTH, QUARTER, YEAR = Grain.MONTH, Grain.QUARTER, Grain.YEAR


def fin(text: str) -> Period:
    return Period.parse(text, FIN)


def months_after(day: date, n: int) -> date:
    """The first of the month `n` months after `day`'s month (n may be negative)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + n, 12)
    return date(year, month0 + 1, 1)


# Examples pinned to the seed report ------------------------------------------------


def test_financial_q2_is_july_to_september() -> None:
    """2019/20 Q2 of a financial year runs from 1 July to 30 September 2019."""
    q2 = fin("2019/20 Q2")
    assert (q2.start, q2.end) == (date(2019, 7, 1), date(2019, 9, 30))


def test_financial_q1_is_april_to_june() -> None:
    """2019/20 Q1 of a financial year runs from 1 April to 30 June 2019."""
    q1 = fin("2019/20 Q1")
    assert (q1.start, q1.end) == (date(2019, 4, 1), date(2019, 6, 30))


def test_july_is_in_financial_q2() -> None:
    """The month 2019-07 lies in financial 2019/20 Q2, and Q2 is its enclosing quarter."""
    july = fin("2019-07")
    assert fin("2019/20 Q2").contains(july)
    assert july.enclosing(QUARTER) == Period(FIN, QUARTER, 2019, 2)
    assert july.year_period() == Period(FIN, YEAR, 2019, 1)


def test_academic_year_starts_in_september() -> None:
    """Academic 2019/20 runs from 1 September 2019 to 31 August 2020."""
    year = Period.parse("2019/20", ACAD)
    assert (year.start, year.end) == (date(2019, 9, 1), date(2020, 8, 31))


def test_dot_comparator_of_seed_is_same_quarter_last_year() -> None:
    """'DOT from Qtr 2 2018/19' names the same period last year of 2019/20 Q2."""
    assert fin("Qtr 2 2018/19") == fin("Quarter 2 2019/20").same_period_last_year()


def test_financial_year_months_run_april_to_march() -> None:
    """Financial month 1 is April and month 12 is the following March."""
    assert str(Period(FIN, MONTH, 2019, 1)) == "2019-04"
    assert str(Period(FIN, MONTH, 2019, 12)) == "2020-03"
    assert fin("March 2020") == Period(FIN, MONTH, 2019, 12)


@pytest.mark.parametrize(
    ("calendar", "period", "printed"),
    [
        (FIN, Period(FIN, QUARTER, 2019, 2), "2019/20 Q2"),
        (FIN, Period(FIN, MONTH, 2019, 4), "2019-07"),
        (ACAD, Period(ACAD, MONTH, 2018, 11), "2019-07"),
        (FIN, Period(FIN, YEAR, 2019, 1), "2019/20"),
        (ACAD, Period(ACAD, YEAR, 1999, 1), "1999/00"),
        (CAL, Period(CAL, YEAR, 2019, 1), "2019"),
        (CAL, Period(CAL, QUARTER, 2019, 1), "2019 Q1"),
    ],
)
def test_canonical_printing(calendar: Calendar, period: Period, printed: str) -> None:
    """Periods print in the canonical forms of the design."""
    assert str(period) == printed
    assert Period.parse(printed, calendar) == period


def test_repr_names_calendar_grain_and_label() -> None:
    """The repr shows the calendar, the grain and the printed label."""
    assert repr(fin("Q2 2019/20")) == "<Period financial quarter 2019/20 Q2>"


# Parsing errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "calendar", "hint"),
    [
        ("2019", FIN, "'2019/20'"),
        ("2019", ACAD, "September 2019 to August 2020"),
        ("2019 Q2", FIN, "'2019/20 Q2'"),
        ("Q2 2020", FIN, "'2020/21 Q2'"),
        ("2019/20", CAL, "'2019' or '2020'"),
        ("Q1 2019/20", CAL, "'2019 Q1'"),
        ("2019/21", FIN, "'2019/20'"),
        ("2019/2021", ACAD, "'2019/20'"),
        ("2019/20 Q5", FIN, "quarters 1 to 4"),
        ("Q0 2019", CAL, "quarters 1 to 4"),
        ("2019-13", CAL, "01 to 12"),
        ("2019-20", FIN, "'2019/20'"),
        ("Jly 2019", FIN, "not a month name"),
        ("2019-7", FIN, "'2019-07'"),
        ("", FIN, "is not a period"),
        ("2019/20 Q2 Q3", FIN, "is not a period"),
        ("19/20", FIN, "is not a period"),
        ("2019/20 Q²", FIN, "is not a period"),
    ],
)
def test_parse_rejects_with_helpful_message(text: str, calendar: Calendar, hint: str) -> None:
    """Text that is not a period of the calendar raises PeriodError saying what to write."""
    with pytest.raises(PeriodError) as caught:
        Period.parse(text, calendar)
    assert hint in str(caught.value)


def test_parse_rejects_non_text_and_non_calendar() -> None:
    """parse needs text and a Calendar, and says so."""
    with pytest.raises(PeriodError, match="text"):
        Period.parse(2019, FIN)  # type: ignore[arg-type]
    with pytest.raises(PeriodError, match="Calendar"):
        Period.parse("2019/20", "financial")  # type: ignore[arg-type]


@given(st.text(max_size=30), calendars)
def test_parse_raises_only_period_error(text: str, calendar: Calendar) -> None:
    """Any text whatsoever either parses or raises PeriodError, never another exception."""
    with contextlib.suppress(PeriodError):
        Period.parse(text, calendar)


@given(plausible_years, st.integers(min_value=0, max_value=99), calendars)
def test_parse_accepts_only_consecutive_year_labels(
    year: int, second: int, calendar: Calendar
) -> None:
    """'YYYY/YY' parses only when YY is the next year, and only in a two-year calendar."""
    text = f"{year}/{second:02d}"
    if calendar is not CAL and second == (year + 1) % 100:
        assert Period.parse(text, calendar).start.year == year
    else:
        with pytest.raises(PeriodError):
            Period.parse(text, calendar)


@given(plausible_years, st.sampled_from([FIN, ACAD]))
def test_plain_year_is_not_a_financial_or_academic_year(year: int, calendar: Calendar) -> None:
    """A bare 'YYYY' is refused by financial and academic calendars."""
    with pytest.raises(PeriodError, match="calendar year"):
        Period.parse(str(year), calendar)


# Construction ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        (FIN, MONTH, 2019, 0),
        (FIN, MONTH, 2019, 13),
        (FIN, QUARTER, 2019, 5),
        (CAL, YEAR, 2019, 2),
        (FIN, YEAR, MIN_YEAR - 1, 1),
        (FIN, YEAR, MAX_YEAR + 1, 1),
        (FIN, YEAR, True, 1),
        (FIN, YEAR, 2019.0, 1),
        ("financial", YEAR, 2019, 1),
        (FIN, "year", 2019, 1),
    ],
)
def test_invalid_construction_raises(args: tuple[object, object, object, object]) -> None:
    """A period with a wrong type, an index outside its year or a year out of range is refused."""
    with pytest.raises(PeriodError):
        Period(*args)  # type: ignore[arg-type]


def test_periods_are_hashable_values() -> None:
    """Equal periods hash equal, so they work as dictionary keys."""
    figures = {fin("2019/20 Q2"): 1}
    assert figures[Period(FIN, QUARTER, 2019, 2)] == 1
    assert Period(FIN, MONTH, 2019, 4) != Period(CAL, MONTH, 2019, 7)


# Round trips of parsing and printing -------------------------------------------------


@given(periods())
def test_printed_period_parses_back(period: Period) -> None:
    """Parsing the printed form of any period gives the same period."""
    assert Period.parse(str(period), period.calendar) == period


@given(periods())
def test_printing_matches_reference(period: Period) -> None:
    """Every period prints in the canonical form worked out from the reference facts."""
    assert str(period) == canonical_text(period)


@given(written_periods())
def test_every_written_form_parses_to_the_period(written: WrittenPeriod) -> None:
    """Every accepted written form, in any case and spacing, parses to the same period."""
    assert Period.parse(written.text, written.period.calendar) == written.period


@given(periods())
def test_dates_match_reference(period: Period) -> None:
    """A period's first and last days are those worked out from when its year starts."""
    assert period.start == reference_start(period)
    assert period.end == reference_end(period)


# Ordering ----------------------------------------------------------------------------


def test_sorted_periods_read_like_a_report() -> None:
    """Within a calendar a year comes before its quarters, and a quarter before its months."""
    texts = ["2019-05", "2019/20 Q2", "2019-04", "2019/20", "2018/19 Q4", "2019/20 Q1", "2019-07"]
    expected = [
        "2018/19 Q4", "2019/20", "2019/20 Q1", "2019-04", "2019-05", "2019/20 Q2", "2019-07"
    ]  # fmt: skip
    assert [str(p) for p in sorted(fin(t) for t in texts)] == expected


@given(same_calendar_pairs())
def test_ordering_follows_start_then_length(pair: tuple[Period, Period]) -> None:
    """Periods order by first day, and on the same first day the longer comes first."""
    first, second = pair
    months = GRAIN_MONTHS
    expected = (reference_start(first), -months[first.grain]) < (
        reference_start(second),
        -months[second.grain],
    )
    assert (first < second) == expected
    assert (first > second) == (second < first)
    assert (first <= second) == (first < second or first == second)
    assert (first >= second) == (first > second or first == second)
    assert [first < second, first == second, first > second].count(True) == 1


def test_ordering_across_calendars_raises() -> None:
    """Comparing periods of different calendars raises PeriodError rather than guessing."""
    with pytest.raises(PeriodError, match="different calendars"):
        _ = fin("2019-07") < Period.parse("2019-08", CAL)


def test_ordering_against_other_types_raises_type_error() -> None:
    """Comparing a period with something that is not a period is a TypeError."""
    with pytest.raises(TypeError):
        _ = fin("2019-07") < "2019-08"


# Shifting ----------------------------------------------------------------------------


@given(periods(), st.integers(min_value=-50, max_value=50))
def test_shift_by_years_and_back_is_identity(period: Period, years: int) -> None:
    """Shifting by n years and then by -n years gives the original period."""
    assert period.shift(years=years).shift(years=-years) == period


@given(periods(), st.integers(min_value=-50, max_value=50))
def test_shift_moves_dates_by_whole_years(period: Period, years: int) -> None:
    """Shifting by n years moves the first day by exactly n calendar years."""
    shifted = period.shift(years=years)
    assert shifted.start == period.start.replace(year=period.start.year + years)
    assert (shifted.grain, shifted.calendar) == (period.grain, period.calendar)


@given(periods())
def test_previous_and_next_are_inverse(period: Period) -> None:
    """next() undoes previous() and previous() undoes next()."""
    assert period.next().previous() == period
    assert period.previous().next() == period


@given(periods())
def test_next_period_starts_the_day_after(period: Period) -> None:
    """The next period of the same grain begins the day after this one ends."""
    following = period.next()
    assert following.start == period.end + timedelta(days=1)
    assert following.grain == period.grain


@given(periods(), st.integers(min_value=-30, max_value=30))
def test_shift_periods_is_repeated_next(period: Period, n: int) -> None:
    """shift_periods(n) equals n steps of next() (or -n of previous())."""
    stepped = period
    for _ in range(abs(n)):
        stepped = stepped.next() if n > 0 else stepped.previous()
    assert period.shift_periods(n) == stepped


@given(periods())
def test_a_year_of_periods_is_a_year_shift(period: Period) -> None:
    """Shifting by the number of periods in a year is the same as shifting by a year."""
    assert period.shift_periods(12 // GRAIN_MONTHS[period.grain]) == period.shift(years=1)


@given(periods())
def test_same_period_last_year_is_a_year_earlier(period: Period) -> None:
    """same_period_last_year starts exactly one calendar year earlier, with the same grain."""
    last_year = period.same_period_last_year()
    assert last_year.start == period.start.replace(year=period.start.year - 1)
    assert last_year.grain == period.grain


def test_shift_beyond_supported_years_raises() -> None:
    """Shifting past the supported range of years raises PeriodError."""
    with pytest.raises(PeriodError):
        Period(FIN, QUARTER, MAX_YEAR, 4).next()
    with pytest.raises(PeriodError):
        Period(CAL, YEAR, MIN_YEAR, 1).shift(years=-1)


# Containment -------------------------------------------------------------------------


def consecutive(run: tuple[Period, ...]) -> bool:
    """Whether each period starts the day after the one before it ends."""
    return all(b.start == a.end + timedelta(days=1) for a, b in itertools.pairwise(run))


@given(periods(grain=QUARTER))
def test_months_of_a_quarter(quarter: Period) -> None:
    """A quarter is made of three consecutive months that start and end with it."""
    months = quarter.months()
    assert len(months) == 3
    assert all(m.grain is MONTH and quarter.contains(m) for m in months)
    assert consecutive(months)
    assert (months[0].start, months[-1].end) == (quarter.start, quarter.end)


@given(periods(grain=YEAR))
def test_quarters_of_a_year(year: Period) -> None:
    """A year is made of four consecutive quarters that start and end with it."""
    quarters = year.quarters()
    assert [q.index for q in quarters] == [1, 2, 3, 4]
    assert consecutive(quarters)
    assert (quarters[0].start, quarters[-1].end) == (year.start, year.end)


def test_a_month_is_not_made_of_quarters() -> None:
    """Asking for the quarters of a month raises PeriodError."""
    with pytest.raises(PeriodError):
        fin("2019-07").quarters()


@given(periods(), grains)
def test_enclosing_contains_the_period(period: Period, grain: Grain) -> None:
    """The enclosing period of a coarser grain contains the period; a finer grain is refused."""
    if GRAIN_MONTHS[grain] < GRAIN_MONTHS[period.grain]:
        with pytest.raises(PeriodError):
            period.enclosing(grain)
    else:
        outer = period.enclosing(grain)
        assert outer.grain is grain
        assert outer.contains(period)


@given(periods(), periods())
def test_contains_agrees_with_dates(outer: Period, inner: Period) -> None:
    """contains() holds exactly when the inner's days lie within the outer's, in any calendars."""
    assert outer.contains(inner) == (outer.start <= inner.start and inner.end <= outer.end)


@given(same_calendar_pairs())
def test_contains_agrees_with_dates_nearby(pair: tuple[Period, Period]) -> None:
    """contains() agrees with first and last days for overlapping periods of one calendar."""
    outer, inner = pair
    assert outer.contains(inner) == (outer.start <= inner.start and inner.end <= outer.end)


def test_financial_year_contains_calendar_month_but_not_calendar_year() -> None:
    """Containment is by dates, so it answers across calendars."""
    year = fin("2019/20")
    assert year.contains(Period.parse("2019-07", CAL))
    assert not year.contains(Period.parse("2019", CAL))


# Year to date and rolling spans -------------------------------------------------------


def test_year_to_date_examples() -> None:
    """Year to date of 2019/20 Q2 is Q1 and Q2; of August 2019 it is April to August."""
    assert fin("2019/20 Q2").year_to_date() == (fin("2019/20 Q1"), fin("2019/20 Q2"))
    august = fin("2019-08")
    expected = tuple(fin(f"2019-{m:02d}") for m in range(4, 9))
    assert august.year_to_date() == expected
    assert fin("2019/20 Q2").year_to_date(MONTH) == (*expected, fin("2019-09"))


def test_year_to_date_of_a_coarser_grain_raises() -> None:
    """Year to date of a month in quarters is refused: the month does not end a quarter's run."""
    with pytest.raises(PeriodError):
        fin("2019-08").year_to_date(QUARTER)


@given(calendars, plausible_years, grains)
def test_year_to_date_of_last_period_covers_the_year(
    calendar: Calendar, year: int, grain: Grain
) -> None:
    """Year to date of a year's last month or quarter, or of the year, is its 12 months."""
    last = Period(calendar, grain, year, 12 // GRAIN_MONTHS[grain])
    months = last.year_to_date(MONTH)
    first = date(year, FIRST_MONTH[calendar], 1)
    assert [m.start for m in months] == [months_after(first, n) for n in range(12)]


@given(periods(), grains)
def test_year_to_date_runs_from_year_start_to_period_end(period: Period, grain: Grain) -> None:
    """Year to date is a consecutive run of the grain from the year's start to the period's end."""
    if GRAIN_MONTHS[grain] > GRAIN_MONTHS[period.grain]:
        return
    run = period.year_to_date(grain)
    assert all(p.grain is grain for p in run)
    assert consecutive(run)
    assert run[0].start == date(period.year, FIRST_MONTH[period.calendar], 1)
    assert run[-1].end == period.end


@given(periods(grain=MONTH))
def test_rolling_twelve_months_of_a_month(month: Period) -> None:
    """Rolling 12 months of a month is the 12 consecutive months ending with it."""
    run = month.rolling(12)
    assert len(run) == 12
    assert consecutive(run)
    assert run[-1] == month
    assert run[0].start == months_after(month.start, -11)


@given(periods(grain=QUARTER), st.integers(min_value=1, max_value=8))
def test_rolling_quarters_of_a_quarter(quarter: Period, count: int) -> None:
    """Rolling 3n months of a quarter, by quarter, is the n consecutive quarters ending with it."""
    run = quarter.rolling(3 * count, QUARTER)
    assert len(run) == count
    assert consecutive(run)
    assert run[-1] == quarter


def test_rolling_example_by_quarter() -> None:
    """Rolling 12 months of 2019/20 Q2 by quarter is 2018/19 Q3 to 2019/20 Q2."""
    expected = tuple(fin(t) for t in ("2018/19 Q3", "2018/19 Q4", "2019/20 Q1", "2019/20 Q2"))
    assert fin("2019/20 Q2").rolling(12, QUARTER) == expected


@pytest.mark.parametrize(
    ("text", "months", "grain"),
    [
        ("2019/20 Q2", 10, QUARTER),
        ("2019-08", 12, QUARTER),
        ("2019/20 Q2", 12, YEAR),
        ("2019/20 Q2", 0, MONTH),
        ("2019/20 Q2", -3, MONTH),
    ],
)
def test_rolling_spans_that_do_not_fit_raise(text: str, months: int, grain: Grain) -> None:
    """A rolling span that is not whole periods of the grain ending with the period is refused."""
    with pytest.raises(PeriodError):
        fin(text).rolling(months, grain)


def test_through_lists_a_run_of_periods() -> None:
    """through() lists the periods from one to another inclusive, and refuses a backward run."""
    assert fin("2018/19 Q4").through(fin("2019/20 Q2")) == (
        fin("2018/19 Q4"),
        fin("2019/20 Q1"),
        fin("2019/20 Q2"),
    )
    with pytest.raises(PeriodError):
        fin("2019/20 Q2").through(fin("2019/20 Q1"))
    with pytest.raises(PeriodError):
        fin("2019/20 Q2").through(fin("2019-09"))


# Periods and dates -------------------------------------------------------------------


@given(calendars, grains, dates_between())
def test_containing_a_date(calendar: Calendar, grain: Grain, day: date) -> None:
    """The period of a grain containing a day starts on or before it and ends on or after it."""
    period = Period.containing(calendar, grain, day)
    assert (period.calendar, period.grain) == (calendar, grain)
    assert period.start <= day <= period.end


@given(calendars, grains, dates_between())
def test_latest_begun_and_ended(calendar: Calendar, grain: Grain, day: date) -> None:
    """The latest period begun by a day has begun and its successor has not; likewise for ended."""
    begun = Period.latest_begun_by(calendar, grain, day)
    assert begun.has_begun_by(day)
    assert not begun.next().has_begun_by(day)
    ended = Period.latest_ended_by(calendar, grain, day)
    assert ended.has_ended_by(day)
    assert not ended.next().has_ended_by(day)


def test_as_at_the_seed_report() -> None:
    """As at 30 September 2019 (the end of 2019/20 Q2) each calendar's latest periods are known."""
    as_at = fin("2019/20 Q2").end
    assert str(Period.latest_begun_by(CAL, YEAR, as_at)) == "2019"
    assert str(Period.latest_ended_by(CAL, YEAR, as_at)) == "2018"
    assert str(Period.latest_begun_by(ACAD, YEAR, as_at)) == "2019/20"
    assert str(Period.latest_ended_by(FIN, QUARTER, as_at)) == "2019/20 Q2"
    assert str(Period.latest_ended_by(FIN, QUARTER, as_at - timedelta(days=1))) == "2019/20 Q1"
    assert str(Period.latest_ended_by(FIN, YEAR, as_at)) == "2018/19"


@pytest.mark.parametrize(("month", "name"), list(enumerate(MONTH_NAMES, start=1)))
def test_of_month_matches_month_names(month: int, name: str) -> None:
    """of_month(year, m) is the month written with the m-th month name, in every calendar."""
    for calendar in Calendar:
        assert Period.of_month(calendar, 2019, month) == Period.parse(f"{name} 2019", calendar)


def test_of_month_rejects_bad_month() -> None:
    """A month number outside 1 to 12 is refused."""
    with pytest.raises(PeriodError):
        Period.of_month(FIN, 2019, 13)


# Converting between calendars ----------------------------------------------------------


@given(periods(grain=MONTH), calendars)
def test_months_convert_between_calendars(month: Period, calendar: Calendar) -> None:
    """A month converts to any calendar as the same span of days, and back again."""
    converted = month.to_calendar(calendar)
    assert converted.calendar is calendar
    assert (converted.start, converted.end) == (month.start, month.end)
    assert converted.to_calendar(month.calendar) == month


def test_financial_quarters_are_calendar_quarters() -> None:
    """Financial 2019/20 Q1 is calendar 2019 Q2; Q4 is calendar 2020 Q1."""
    assert fin("2019/20 Q1").to_calendar(CAL) == Period.parse("2019 Q2", CAL)
    assert fin("2019/20 Q4").to_calendar(CAL) == Period.parse("Q1 2020", CAL)


@pytest.mark.parametrize(
    ("period", "calendar"),
    [
        (Period(FIN, YEAR, 2019, 1), CAL),
        (Period(ACAD, QUARTER, 2019, 1), FIN),
        (Period(CAL, YEAR, 2019, 1), ACAD),
    ],
)
def test_conversions_without_a_matching_period_raise(period: Period, calendar: Calendar) -> None:
    """A year or quarter with no same-span counterpart in the other calendar is refused."""
    with pytest.raises(PeriodError):
        period.to_calendar(calendar)
