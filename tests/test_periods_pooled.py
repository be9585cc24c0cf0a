"""Pooled periods ("2017 - 19"): parsed, printed, ordered and shifted like any period."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirules.errors import PeriodError
from kpirules.periods import Calendar, Grain, Period

pools = st.builds(lambda calendar, years, start: Period(calendar, Grain.pooling(years), start, 1),
                  st.sampled_from(list(Calendar)), st.integers(2, 5), st.integers(1900, 2100))


@given(pools)
def test_a_pool_prints_and_parses_back(pool: Period) -> None:
    assert Period.parse(str(pool), pool.calendar) == pool


@given(pools)
def test_a_pool_is_its_years_and_months(pool: Period) -> None:
    years = pool.grain.years
    assert len(pool.months()) == 12 * years
    first = Period(pool.calendar, Grain.YEAR, pool.year, 1)
    last = pool.year_period()
    assert last == Period(pool.calendar, Grain.YEAR, pool.year + years - 1, 1)
    assert pool.contains(first) and pool.contains(last)
    assert not pool.contains(first.previous()) and not pool.contains(last.next())
    assert pool.start == first.start and pool.end == last.end
    # A pool sorts before the first year it contains, as a year sorts before its quarters.
    assert pool < first


@given(pools, st.integers(-30, 30))
def test_pools_shift_a_year_at_a_time(pool: Period, n: int) -> None:
    moved = pool.shift_periods(n)
    assert moved.year == pool.year + n and moved.grain is pool.grain
    assert moved.shift_periods(-n) == pool
    assert pool.previous() == pool.same_period_last_year() == pool.shift(-1)


@given(pools, pools)
def test_pools_equal_only_when_they_are_the_same(a: Period, b: Period) -> None:
    same = (a.calendar, a.grain, a.year) == (b.calendar, b.grain, b.year)
    assert (a == b) is same
    assert (hash(a) == hash(b)) or not same
    year = Period(a.calendar, Grain.YEAR, a.year, 1)
    assert a != year and hash(a) != hash(year)


@pytest.mark.parametrize(("text", "calendar", "shown"), [
    ("2017 - 19", Calendar.CALENDAR, "2017 - 19"),
    ("2017 - 2019", Calendar.CALENDAR, "2017 - 19"),
    ("2016/17 - 18/19", Calendar.FINANCIAL, "2016/17 - 18/19"),
    ("2098 - 01", Calendar.CALENDAR, "2098 - 01"),
])
def test_the_forms_fingertips_writes(text: str, calendar: Calendar, shown: str) -> None:
    assert str(Period.parse(text, calendar)) == shown


@pytest.mark.parametrize(("text", "calendar", "words"), [
    ("2017 - 17", Calendar.CALENDAR, "spans 2 to 5 years"),
    ("2010 - 19", Calendar.CALENDAR, "spans 2 to 5 years"),
    ("2017 - 19", Calendar.FINANCIAL, "names a calendar year"),
    ("2016/17 - 18", Calendar.FINANCIAL, "is not a pooled period of financial years"),
    ("2016/17 - 18/20", Calendar.FINANCIAL, "the year after 2018 is 2019"),
])
def test_bad_pools_are_refused(text: str, calendar: Calendar, words: str) -> None:
    with pytest.raises(PeriodError, match=words):
        Period.parse(text, calendar)
