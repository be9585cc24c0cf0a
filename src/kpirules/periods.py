"""Reporting periods: months, quarters and years of financial, academic and calendar years.

A `Period` is a frozen value `Period(calendar, grain, year, index)`:

- `calendar` says when a year starts: `FINANCIAL` on 1 April, `ACADEMIC` on 1 September,
  `CALENDAR` on 1 January;
- `grain` is `MONTH`, `QUARTER` or `YEAR`, or a pooled run of years (`POOLED_2` to
  `POOLED_5`, the "2017 - 19" of public-health data);
- `year` is the calendar year in which the period's year starts (2019 for 2019/20);
- `index` is the 1-based position within that year, in the year's own order: financial
  month 1 is April, financial quarter 1 is April to June, and a year has index 1.

Periods parse and print the forms councils write (`Period.parse`, `str`), order within a
calendar, shift (`previous`, `next`, `same_period_last_year`, `shift_periods`) and answer
containment (`months`, `quarters`, `year_period`, `year_to_date`, `rolling`, `contains`).

Internally every period is located by its first month as a month ordinal (12 × year +
month − 1, counted from January of year 0), so arithmetic never goes through dates.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from kpirules.errors import PeriodError

__all__ = ["MAX_YEAR", "MIN_YEAR", "Calendar", "Grain", "Period"]

#: The range of a period's `year`. Four-digit years keep labels unambiguous, and the
#: upper bound leaves room for the year after, which every financial label names.
MIN_YEAR = 1000
MAX_YEAR = 9998


class Calendar(enum.Enum):
    """When a year starts; the values are the spellings used in specs."""

    FINANCIAL = "financial"
    ACADEMIC = "academic"
    CALENDAR = "calendar"

    # Members are singletons, so identity hashing agrees with equality; the inherited
    # hash of the member's name costs a Python call on every dictionary lookup.
    __hash__ = object.__hash__

    def __str__(self) -> str:
        return self.value

    @property
    def first_month(self) -> int:
        """The month of the year (1-12) in which this calendar's year starts."""
        return _FIRST_MONTH[self]

    @property
    def spans_two_years(self) -> bool:
        """Whether a year of this calendar straddles two calendar years, as '2019/20' does."""
        return self is not Calendar.CALENDAR

    def year_label(self, year: int) -> str:
        """The printed label of the year starting in `year`: '2019/20', or '2019' for CALENDAR."""
        if self.spans_two_years:
            return f"{year:04d}/{(year + 1) % 100:02d}"
        return f"{year:04d}"

    def year_of(self, day: date) -> int:
        """The `year` (start year) of this calendar's year that contains `day`."""
        return day.year if day.month >= self.first_month else day.year - 1


_FIRST_MONTH = {Calendar.FINANCIAL: 4, Calendar.ACADEMIC: 9, Calendar.CALENDAR: 1}
_YEAR_DESCRIPTION = {
    Calendar.FINANCIAL: "financial years (April to March)",
    Calendar.ACADEMIC: "academic years (September to August)",
    Calendar.CALENDAR: "calendar years (January to December)",
}


class Grain(enum.Enum):
    """The length of a period; the values are the spellings used in specs."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    POOLED_2 = "2 years"
    POOLED_3 = "3 years"
    POOLED_4 = "4 years"
    POOLED_5 = "5 years"

    __hash__ = object.__hash__  # as for Calendar

    def __str__(self) -> str:
        return self.value

    @property
    def months(self) -> int:
        """How many months a period of this grain lasts."""
        return _GRAIN_MONTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this grain make a year; pooled periods start once a year."""
        return max(1, 12 // _GRAIN_MONTHS[self])

    @property
    def pooled(self) -> bool:
        """Whether a period of this grain pools several whole years."""
        return _GRAIN_MONTHS[self] > 12

    @property
    def years(self) -> int:
        """Whole years in a pooled period (1 for a year; 0 for shorter grains)."""
        return _GRAIN_MONTHS[self] // 12

    @classmethod
    def pooling(cls, years: int) -> Grain:
        """The grain of `years` pooled years (2 to 5)."""
        try:
            return _POOLED[years]
        except KeyError:
            raise PeriodError(f"a pooled period spans 2 to 5 years, not {years}") from None


_GRAIN_MONTHS = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12, Grain.POOLED_2: 24,
                 Grain.POOLED_3: 36, Grain.POOLED_4: 48, Grain.POOLED_5: 60}
_POOLED = {2: Grain.POOLED_2, 3: Grain.POOLED_3, 4: Grain.POOLED_4, 5: Grain.POOLED_5}


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Period:
    """A month, quarter or year of a financial, academic or calendar year.

    Periods of one calendar are totally ordered by their first day, and, for periods
    starting on the same day, the longer first: 2019/20 < 2019/20 Q1 < 2019-04 < 2019-05.
    So a sorted list reads like a report, each year before the quarters and months it
    contains, and `p < q` implies `p.start <= q.start`. Comparing periods of different
    calendars raises `PeriodError`: a series mixing calendars is a data error to report,
    not something to sort quietly.

    Equality includes the calendar: July 2019 as a financial month and as a calendar
    month are different values (`to_calendar` converts between them).
    """

    calendar: Calendar
    grain: Grain
    year: int
    index: int
    # Evaluation hashes, compares and shifts periods millions of times, so each period
    # works out once where it starts (`_ordinal`) and one int that identifies it
    # (`_code`: ordinal, calendar and grain), and equality, hashing and ordering read
    # those instead of the enum members.
    _ordinal: int = field(init=False, repr=False, compare=False)
    _code: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.calendar.__class__ is not Calendar:
            raise PeriodError(f"calendar must be a Calendar, not {self.calendar!r}")
        if self.grain.__class__ is not Grain:
            raise PeriodError(f"grain must be a Grain, not {self.grain!r}")
        for name, value in (("year", self.year), ("index", self.index)):
            if value.__class__ is not int:
                if not isinstance(value, int) or isinstance(value, bool):
                    raise PeriodError(f"{name} must be an int, not {value!r}")
                # An int subclass (an IntEnum, numpy's ints are not) is kept as a plain int.
                object.__setattr__(self, name, int(value))
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"year {self.year} is outside {MIN_YEAR}..{MAX_YEAR}")
        months = _GRAIN_MONTHS[self.grain]
        if not 1 <= self.index <= max(1, 12 // months):
            raise PeriodError(
                f"a {self.grain} index must be from 1 to {self.grain.per_year}, not {self.index}"
            )
        first = _FIRST_MONTH[self.calendar]
        ordinal = self.year * 12 + first - 1 + (self.index - 1) * months
        object.__setattr__(self, "_ordinal", ordinal)
        object.__setattr__(self, "_code", (ordinal * 16 + first) * 64 + months)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        return self._code == other._code

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        return self._code != other._code

    def __hash__(self) -> int:
        return hash(self._code)

    # Construction -------------------------------------------------------------------

    @classmethod
    def containing(cls, calendar: Calendar, grain: Grain, day: date) -> Period:
        """The period of `grain` in `calendar` that contains `day`."""
        return cls._at(calendar, grain, day.year * 12 + day.month - 1)

    @classmethod
    def latest_begun_by(cls, calendar: Calendar, grain: Grain, day: date) -> Period:
        """The latest period of `grain` that has begun by `day` (its first day is on or before it).

        Periods of one grain tile time, so this is the period containing `day`: as at the
        2019/20 Q2 report (30 September 2019) the latest calendar year begun is 2019 and the
        latest academic year begun is 2019/20.
        """
        return cls.containing(calendar, grain, day)

    @classmethod
    def latest_ended_by(cls, calendar: Calendar, grain: Grain, day: date) -> Period:
        """The latest period of `grain` whose last day is on or before `day`."""
        period = cls.containing(calendar, grain, day)
        return period if period.end <= day else period.previous()

    @classmethod
    def of_month(cls, calendar: Calendar, year: int, month: int) -> Period:
        """The month period for `month` (1-12) of calendar year `year`, in `calendar`."""
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise PeriodError(f"a month of the year must be from 1 to 12, not {month!r}")
        if isinstance(year, bool) or not isinstance(year, int):
            raise PeriodError(f"year must be an int, not {year!r}")
        return cls._at(calendar, Grain.MONTH, year * 12 + month - 1)

    @classmethod
    def _at(cls, calendar: Calendar, grain: Grain, ordinal: int) -> Period:
        """The period of `grain` containing the month with this ordinal."""
        return _period_at(calendar, grain, ordinal)

    @classmethod
    def parse(cls, text: str, calendar: Calendar) -> Period:
        """Parse a period as councils write it, in the calendar the indicator uses.

        Accepted forms (surrounding whitespace ignored, words in any case; 'Qtr' and
        'Quarter' may replace 'Q'):

        - quarters: '2019/20 Q2', 'Q2 2019/20', '2019/20 Quarter 2', 'Quarter 2 2019/20',
          and for calendar years '2019 Q1', 'Q1 2019';
        - months: '2019-07', 'July 2019', 'Jul 2019' (also 'Sept');
        - years: '2019/20' or '2019/2020' for financial and academic years, '2019' for
          calendar years;
        - pooled years, as public-health data writes them: '2017 - 19' (calendar years
          2017 to 2019) and '2016/17 - 18/19' (financial years), 2 to 5 years.

        A year label must fit the calendar: '2019' is not a financial year, '2019/20' is
        not a calendar year, and '2019/21' is no year at all. Raises `PeriodError` with a
        message saying what to write instead.
        """
        if not isinstance(text, str):
            raise PeriodError(f"a period must be text, not {type(text).__name__}")
        if not isinstance(calendar, Calendar):
            raise PeriodError(f"calendar must be a Calendar, not {calendar!r}")
        return _parse(text, calendar)

    @classmethod
    def _parse_text(cls, text: str, calendar: Calendar) -> Period:
        cleaned = text.strip()
        lowered = cleaned.lower()
        shown = cleaned if len(cleaned) <= 40 else cleaned[:37] + "..."

        match = _QUARTER_FIRST.fullmatch(lowered) or _QUARTER_LAST.fullmatch(lowered)
        if match:
            quarter = int(match["q"])
            if not 1 <= quarter <= 4:
                raise PeriodError(f"'{shown}': a year has quarters 1 to 4, not {quarter}")
            form = "{} Q" + str(quarter)
            year = _parse_year_label(match["y1"], match["y2"], calendar, shown, form)
            return cls(calendar, Grain.QUARTER, year, quarter)

        match = _NUMERIC_MONTH.fullmatch(lowered)
        if match:
            month = int(match["m"])
            if not 1 <= month <= 12:
                hint = ""
                if calendar.spans_two_years:
                    label = calendar.year_label(int(match["y"]))
                    hint = f"; a {calendar} year is written with a slash, as '{label}'"
                raise PeriodError(
                    f"'{shown}' is not a month: a month is written YYYY-MM, MM from 01 to 12"
                    + hint
                )
            return cls.of_month(calendar, int(match["y"]), month)

        match = _NAMED_MONTH.fullmatch(lowered)
        if match:
            named = _MONTH_NAMES.get(match["name"])
            if named is None:
                raise PeriodError(
                    f"'{shown}': '{match['name']}' is not a month name "
                    "(write it in full, as 'July', or in three letters, as 'Jul')"
                )
            return cls.of_month(calendar, int(match["y"]), named)

        match = _POOLED_YEARS.fullmatch(lowered)
        if match:
            first = _parse_year_label(match["y1"], match["y2"], calendar, shown)
            last = _pooled_end(match["z1"], match["z2"], first, calendar, shown)
            return cls(calendar, Grain.pooling(last - first + 1), first, 1)

        match = _YEAR.fullmatch(lowered)
        if match:
            year = _parse_year_label(match["y1"], match["y2"], calendar, shown)
            return cls(calendar, Grain.YEAR, year, 1)

        example = "2019/20" if calendar.spans_two_years else "2019"
        raise PeriodError(
            f"'{shown}' is not a period of {_YEAR_DESCRIPTION[calendar]}; write a quarter as "
            f"'{example} Q2', a month as '2019-07' or 'July 2019', or a year as '{example}'"
        )

    # Printing -----------------------------------------------------------------------

    def __str__(self) -> str:
        if self.grain is Grain.MONTH:
            year, month0 = divmod(self._ordinal, 12)
            return f"{year:04d}-{month0 + 1:02d}"
        label = self.calendar.year_label(self.year)
        if self.grain is Grain.QUARTER:
            return f"{label} Q{self.index}"
        if self.grain.pooled:
            last = self.calendar.year_label(self.year + self.grain.years - 1)
            return f"{label} - {last[2:]}"
        return label

    def __repr__(self) -> str:
        return f"<Period {self.calendar} {self.grain} {self}>"

    # Dates --------------------------------------------------------------------------

    @property
    def start(self) -> date:
        """The first day of the period."""
        return _first_day(self._ordinal)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        return _last_day(self._ordinal + self.grain.months)

    def has_begun_by(self, day: date) -> bool:
        """Whether the period's first day is on or before `day`."""
        return self.start <= day

    def has_ended_by(self, day: date) -> bool:
        """Whether the period's last day is on or before `day`."""
        return self.end <= day

    # Ordering -----------------------------------------------------------------------

    # Within a calendar, by first month, and the longer first where two start together.

    def _other_calendar(self, other: Period) -> PeriodError:
        return PeriodError(
            f"cannot order {self} ({self.calendar}) against {other} ({other.calendar}): "
            "periods of different calendars"
        )

    def __lt__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        assert isinstance(other, Period)
        if self.calendar is not other.calendar:
            raise self._other_calendar(other)
        mine, theirs = self._ordinal, other._ordinal
        return mine < theirs or (mine == theirs and self.grain.months > other.grain.months)

    def __le__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        assert isinstance(other, Period)
        if self.calendar is not other.calendar:
            raise self._other_calendar(other)
        mine, theirs = self._ordinal, other._ordinal
        return mine < theirs or (mine == theirs and self.grain.months >= other.grain.months)

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        assert isinstance(other, Period)
        if self.calendar is not other.calendar:
            raise self._other_calendar(other)
        return other.__lt__(self)

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not Period:
            return NotImplemented
        assert isinstance(other, Period)
        if self.calendar is not other.calendar:
            raise self._other_calendar(other)
        return other.__le__(self)

    # Containment --------------------------------------------------------------------

    def contains(self, other: Period) -> bool:
        """Whether every day of `other` lies within this period (a period contains itself).

        Containment is by dates, so it also answers across calendars: financial 2019/20
        contains calendar month 2019-07 but not calendar year 2019.
        """
        return (
            self._ordinal <= other._ordinal
            and other._ordinal + other.grain.months <= self._ordinal + self.grain.months
        )

    def periods(self, grain: Grain) -> tuple[Period, ...]:
        """The periods of `grain` (this grain or finer) that make up this period, in order."""
        self._require_not_coarser(grain, "make up")
        return self._run(grain, self._ordinal, self.grain.months)

    def months(self) -> tuple[Period, ...]:
        """The months of this period, in order."""
        return self.periods(Grain.MONTH)

    def quarters(self) -> tuple[Period, ...]:
        """The quarters of this period (a quarter or a year), in order."""
        return self.periods(Grain.QUARTER)

    def enclosing(self, grain: Grain) -> Period:
        """The period of `grain` (this grain or coarser) that contains this one."""
        if grain.months < self.grain.months:
            raise PeriodError(f"a {grain} cannot contain the {self.grain} {self}")
        return Period._at(self.calendar, grain, self._ordinal)

    def year_period(self) -> Period:
        """The year (of this period's calendar) that contains this period.

        A pooled period is in no one year; its year is its last, the year it is
        published for and whose target and population it is read against.
        """
        if self.grain.pooled:
            return Period(self.calendar, Grain.YEAR, self.year + self.grain.years - 1, 1)
        return self.enclosing(Grain.YEAR)

    def year_to_date(self, grain: Grain | None = None) -> tuple[Period, ...]:
        """The periods of `grain` from the start of the year up to and including this period.

        `grain` defaults to this period's grain and may be finer: for financial 2019/20 Q2,
        `year_to_date()` is (Q1, Q2) and `year_to_date(Grain.MONTH)` is April to September.
        """
        grain = self.grain if grain is None else grain
        self._require_not_coarser(grain, "make up the year to date of")
        first = self.year_period()._ordinal
        return self._run(grain, first, self._ordinal + self.grain.months - first)

    def rolling(self, months: int = 12, grain: Grain = Grain.MONTH) -> tuple[Period, ...]:
        """The periods of `grain` covering the `months` months that end when this period ends.

        Rolling 12 months of financial 2019/20 Q2 by quarter is 2018/19 Q3 to 2019/20 Q2.
        Raises `PeriodError` unless `months` is a positive whole number of `grain` periods
        and those periods end exactly when this period ends.
        """
        if isinstance(months, bool) or not isinstance(months, int) or months <= 0:
            raise PeriodError(f"a rolling span must be a positive number of months, not {months!r}")
        if months % grain.months:
            raise PeriodError(f"{months} months is not a whole number of {grain}s")
        stop = self._ordinal + self.grain.months
        run = self._run(grain, stop - months, months)
        if run[0]._ordinal != stop - months:
            raise PeriodError(
                f"the {months} months ending with {self} do not start at the start of a {grain}"
            )
        return run

    def through(self, last: Period) -> tuple[Period, ...]:
        """The periods from this one to `last` inclusive (same calendar and grain), in order."""
        if last.calendar is not self.calendar or last.grain is not self.grain:
            raise PeriodError(
                f"{self} and {last} are not of the same calendar and grain; "
                "a run of periods needs both"
            )
        if last < self:
            raise PeriodError(f"{last} comes before {self}")
        months = last._ordinal + last.grain.months - self._ordinal
        return self._run(self.grain, self._ordinal, months)

    def _require_not_coarser(self, grain: Grain, verb: str) -> None:
        if grain.months > self.grain.months:
            raise PeriodError(f"{grain}s cannot {verb} the {self.grain} {self}")

    def _run(self, grain: Grain, first: int, months: int) -> tuple[Period, ...]:
        return _run(self.calendar, grain, first, months)

    # Shifting -----------------------------------------------------------------------

    def shift(self, years: int = 0) -> Period:
        """The same period `years` years later (earlier when negative)."""
        return Period(self.calendar, self.grain, self.year + years, self.index)

    def shift_periods(self, n: int) -> Period:
        """The period `n` periods of the same grain later (earlier when negative)."""
        return _shift_periods(self, n)

    def previous(self) -> Period:
        """The period of the same grain just before this one."""
        return self.shift_periods(-1)

    def next(self) -> Period:
        """The period of the same grain just after this one."""
        return self.shift_periods(1)

    def same_period_last_year(self) -> Period:
        """The same month, quarter or year one year earlier (the default DOT comparator)."""
        return self.shift(years=-1)

    # Calendars ----------------------------------------------------------------------

    def to_calendar(self, calendar: Calendar) -> Period:
        """The same span of days as a period of `calendar`, where there is one.

        A month is a month in every calendar, and financial quarters are calendar
        quarters (2019/20 Q1 is 2019 Q2); a financial year is not a calendar year, and
        academic quarters match no other calendar's: those raise `PeriodError`.
        """
        converted = Period._at(calendar, self.grain, self._ordinal)
        if converted._ordinal != self._ordinal:
            raise PeriodError(
                f"{self} ({self.calendar}) is not a {self.grain} of the {calendar} calendar"
            )
        return converted


# Periods are values, so what follows from one is worked out once and kept: a catalogue
# of thousands of indicators asks for the same few dozen quarters' years, runs and
# neighbours over and over. The caches are bounded, and hold only small values.
_CACHE_SIZE = 1 << 16


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _period_at(calendar: Calendar, grain: Grain, ordinal: int) -> Period:
    year, month_in_year = divmod(ordinal - (calendar.first_month - 1), 12)
    return Period(calendar, grain, year, month_in_year // grain.months + 1)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _run(calendar: Calendar, grain: Grain, first: int, months: int) -> tuple[Period, ...]:
    return tuple(
        _period_at(calendar, grain, ordinal)
        for ordinal in range(first, first + months, grain.months)
    )


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _shift_periods(period: Period, n: int) -> Period:
    per_year = period.grain.per_year
    year, position = divmod(period.year * per_year + period.index - 1 + n, per_year)
    return Period(period.calendar, period.grain, year, position + 1)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _first_day(ordinal: int) -> date:
    year, month0 = divmod(ordinal, 12)
    return date(year, month0 + 1, 1)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _last_day(next_ordinal: int) -> date:
    """The day before the first day of the month with this ordinal."""
    return _first_day(next_ordinal) - timedelta(days=1)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _parse(text: str, calendar: Calendar) -> Period:
    # Data files write the same few dozen periods on every row; a failed parse raises
    # and so is never kept.
    return Period._parse_text(text, calendar)


def _span(calendar: Calendar, year: int) -> str:
    """A year of `calendar` in words: 'April 2019 to March 2020'."""
    first = calendar.first_month
    last_year = year if first == 1 else year + 1
    return (
        f"{_MONTH_FULL_NAMES[first - 1]} {year} to "
        f"{_MONTH_FULL_NAMES[(first - 2) % 12]} {last_year}"
    )


def _parse_year_label(
    first: str, second: str | None, calendar: Calendar, shown: str, form: str = "{}"
) -> int:
    """The start year named by a label, checked against the calendar.

    `form` places a year label in the period's written form ('{} Q2' for a quarter), so a
    message can show the whole period to write instead.
    """
    year = int(first)
    if second is None:
        if calendar.spans_two_years:
            raise PeriodError(
                f"'{shown}' names a calendar year, but this calendar has "
                f"{_YEAR_DESCRIPTION[calendar]}: write "
                f"'{form.format(calendar.year_label(year))}' (year {_span(calendar, year)}) "
                f"or '{form.format(calendar.year_label(year - 1))}' "
                f"(year {_span(calendar, year - 1)})"
            )
        return year
    if not calendar.spans_two_years:
        raise PeriodError(
            f"'{shown}' names a year that spans two calendar years, but this calendar has "
            f"{_YEAR_DESCRIPTION[calendar]}: write '{form.format(year)}' or "
            f"'{form.format(year + 1)}'"
        )
    expected = (year + 1) % 100 if len(second) == 2 else year + 1
    if int(second) != expected:
        raise PeriodError(
            f"'{shown}': the year after {year} is {year + 1}, so write "
            f"'{form.format(calendar.year_label(year))}'"
        )
    return year


def _pooled_end(first: str, second: str | None, start: int, calendar: Calendar,
                shown: str) -> int:
    """The start year of the last year of a pool ('19' or '2019'; '18/19' for financial)."""
    century = start - start % 100
    year = int(first) if len(first) == 4 else century + int(first)
    if len(first) == 2 and year < start:
        year += 100
    if (second is None) == calendar.spans_two_years:
        example = f"{calendar.year_label(start)} - {calendar.year_label(start + 2)[2:]}"
        raise PeriodError(f"'{shown}' is not a pooled period of {_YEAR_DESCRIPTION[calendar]}; "
                          f"write it as '{example}'")
    if second is not None and int(second) % 100 != (year + 1) % 100:
        raise PeriodError(f"'{shown}': the year after {year} is {year + 1}")
    if not 2 <= year - start + 1 <= 5:
        raise PeriodError(f"'{shown}': a pooled period spans 2 to 5 years, from its first "
                          "year to its last")
    return year


_YEAR_LABEL = r"(?P<y1>[0-9]{4})(?:/(?P<y2>[0-9]{4}|[0-9]{2}))?"
_QUARTER_WORD = r"(?:quarter|qtr|q)\s*(?P<q>[0-9]{1,2})"
_QUARTER_FIRST = re.compile(rf"{_QUARTER_WORD}\s+{_YEAR_LABEL}", re.ASCII)
_QUARTER_LAST = re.compile(rf"{_YEAR_LABEL}\s+{_QUARTER_WORD}", re.ASCII)
_NUMERIC_MONTH = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})", re.ASCII)
_NAMED_MONTH = re.compile(r"(?P<name>[a-z]+)\s+(?P<y>[0-9]{4})", re.ASCII)
_YEAR = re.compile(_YEAR_LABEL, re.ASCII)
_POOLED_YEARS = re.compile(
    rf"{_YEAR_LABEL}\s+-\s+(?P<z1>[0-9]{{4}}|[0-9]{{2}})(?:/(?P<z2>[0-9]{{4}}|[0-9]{{2}}))?",
    re.ASCII)

_MONTH_FULL_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NAMES: dict[str, int] = {"sept": 9}
for _number, _name in enumerate(_MONTH_FULL_NAMES, start=1):
    _MONTH_NAMES[_name.lower()] = _number
    _MONTH_NAMES[_name[:3].lower()] = _number
