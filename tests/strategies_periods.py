"""Hypothesis strategies and reference facts for periods and exact numbers.

The reference facts (when each calendar's year starts, month names, the canonical
printed forms) are written out here independently of `kpirules.periods`, so tests
compare the library against them rather than against itself.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from kpirules.periods import Calendar, Grain, Period

# Reference facts -------------------------------------------------------------------

FIRST_MONTH = {Calendar.FINANCIAL: 4, Calendar.ACADEMIC: 9, Calendar.CALENDAR: 1}
GRAIN_MONTHS = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}
SPANS_TWO_YEARS = {Calendar.FINANCIAL: True, Calendar.ACADEMIC: True, Calendar.CALENDAR: False}
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def first_calendar_month(period: Period) -> tuple[int, int]:
    """(calendar year, month 1-12) of the period's first month, by counting from its year start."""
    months_in = FIRST_MONTH[period.calendar] - 1 + (period.index - 1) * GRAIN_MONTHS[period.grain]
    return period.year + months_in // 12, months_in % 12 + 1


def reference_start(period: Period) -> date:
    """The period's first day, worked out from the reference facts."""
    year, month = first_calendar_month(period)
    return date(year, month, 1)


def reference_end(period: Period) -> date:
    """The period's last day, worked out from the reference facts and the stdlib calendar."""
    year, month = first_calendar_month(period)
    months_in = month - 1 + GRAIN_MONTHS[period.grain] - 1
    last_year, last_month = year + months_in // 12, months_in % 12 + 1
    return date(last_year, last_month, stdlib_calendar.monthrange(last_year, last_month)[1])


def year_labels(calendar: Calendar, year: int) -> list[str]:
    """Every accepted way of writing the year starting in `year`, canonical first."""
    if SPANS_TWO_YEARS[calendar]:
        return [f"{year}/{(year + 1) % 100:02d}", f"{year}/{year + 1}"]
    return [str(year)]


def canonical_text(period: Period) -> str:
    """How the period should print, per the design."""
    if period.grain is Grain.MONTH:
        year, month = first_calendar_month(period)
        return f"{year:04d}-{month:02d}"
    label = year_labels(period.calendar, period.year)[0]
    return label if period.grain is Grain.YEAR else f"{label} Q{period.index}"


def written_forms(period: Period) -> list[str]:
    """Every form a council may write the period in (before case and spacing changes)."""
    if period.grain is Grain.MONTH:
        year, month = first_calendar_month(period)
        name = MONTH_NAMES[month - 1]
        forms = [f"{year:04d}-{month:02d}", f"{name} {year}", f"{name[:3]} {year}"]
        if month == 9:
            forms.append(f"Sept {year}")
        return forms
    labels = year_labels(period.calendar, period.year)
    if period.grain is Grain.YEAR:
        return labels
    q = period.index
    forms = []
    for label in labels:
        forms += [f"{label} Q{q}", f"Q{q} {label}", f"{label} Quarter {q}"]
        forms += [f"Quarter {q} {label}", f"Qtr {q} {label}", f"{label} Qtr {q}"]
    return forms


# Strategies ------------------------------------------------------------------------

calendars = st.sampled_from(Calendar)
# Pooled grains ("2017 - 19") have their own tests: tests/test_periods_pooled.py.
grains = st.sampled_from([Grain.MONTH, Grain.QUARTER, Grain.YEAR])
#: Years a council could plausibly report on, with room to shift either way.
plausible_years = st.integers(min_value=1900, max_value=2200)


@st.composite
def periods(
    draw: st.DrawFn,
    *,
    calendar: Calendar | None = None,
    grain: Grain | None = None,
    years: st.SearchStrategy[int] = plausible_years,
) -> Period:
    """A period of the given (or any) calendar and grain."""
    chosen_calendar = draw(calendars) if calendar is None else calendar
    chosen_grain = draw(grains) if grain is None else grain
    index = draw(st.integers(min_value=1, max_value=12 // GRAIN_MONTHS[chosen_grain]))
    return Period(chosen_calendar, chosen_grain, draw(years), index)


@st.composite
def same_calendar_pairs(draw: st.DrawFn) -> tuple[Period, Period]:
    """Two periods of one calendar, of any grains, close enough to overlap often."""
    calendar = draw(calendars)
    year = draw(plausible_years)
    near = st.integers(min_value=year - 1, max_value=year + 1)
    nearby = periods(calendar=calendar, years=near)
    return draw(nearby), draw(nearby)


@st.composite
def messy_spelling(draw: st.DrawFn, text: str) -> str:
    """`text` with its letters in any case, its spaces widened, and whitespace around it."""
    cased = "".join(draw(st.sampled_from([ch.lower(), ch.upper()])) for ch in text)
    words = cased.split(" ")
    gaps = [draw(st.sampled_from([" ", "  ", "\t"])) for _ in words[1:]]
    spaced = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
    around = st.sampled_from(["", " ", "\t", "  "])
    return draw(around) + spaced + draw(around)


@dataclass(frozen=True)
class WrittenPeriod:
    """A period and one way a council might write it."""

    period: Period
    text: str


@st.composite
def written_periods(draw: st.DrawFn) -> WrittenPeriod:
    """A period with one of its accepted written forms, messily spelled."""
    period = draw(periods())
    form = draw(st.sampled_from(written_forms(period)))
    return WrittenPeriod(period, draw(messy_spelling(form)))


def dates_between(first: int = 1900, last: int = 2200) -> st.SearchStrategy[date]:
    """Days within plausible reporting years."""
    return st.dates(min_value=date(first, 1, 1), max_value=date(last, 12, 31))


# Numbers ---------------------------------------------------------------------------

#: What a plain decimal is, written independently of `kpirules.numbers`.
PLAIN_DECIMAL_REGEX = r"[+-]?[0-9]+(\.[0-9]+)?"

plain_decimal_texts = st.from_regex(r"\A[+-]?[0-9]{1,15}(\.[0-9]{1,10})?\Z")

#: Strings near plain decimals: the characters that make numbers, and those that spoil them.
near_decimal_texts = st.text(
    alphabet=st.sampled_from([*"0123456789+-.,eE%£ \t\n", "\u00a0", "−", "٣", "n", "a"]),
    max_size=10,
)

exact_decimals = st.decimals(
    min_value=Decimal(-(10**12)), max_value=Decimal(10**12), allow_nan=False, allow_infinity=False
)

exact_fractions = st.fractions(
    min_value=Fraction(-(10**9)), max_value=Fraction(10**9), max_denominator=10**6
)

decimal_places = st.integers(min_value=0, max_value=10)
