"""Rating many figures at once: areas × indicators × periods, column-wise.

    ratings = kpirules.batch.rate_columns(
        catalogue,
        indicator=["asb-incidents", ...], period=["2019/20 Q2", ...],
        value=[Decimal("2939"), ...], area=["E09000002", ...])
    ratings.rating[i], ratings.dot[i]

Each row is one figure: the value a measure reports for one period (in the span its
aggregation reports, as `Point.value` would be) and, where figures are for many places,
one area. A row is rated as `kpirules.evaluate` rates that figure shown for that period:
the same target (`Measure.target_for`), the same rule, and the same comparator (the
comparator period's row of the same area and measure in the same columns), with the same
answer. The batch path rates the figures it is given; it does not derive a missing
figure from its parts, as a series does.

Arithmetic is in floats, column by column, with every decision checked for how close it
is to a boundary: a value within a relative margin far wider than binary rounding of a
boundary (Green/Amber, Amber/Red, unchanged/improved) is decided again exactly, by the
exact path's own functions over `Fraction`s. So a value exactly on a boundary gets the
rating the rule gives it. Rules given as expressions are evaluated exactly for every
row. Measures rated by comparison or assurance, or with a direction by trend or SPC,
need their series: evaluate those with `kpirules.evaluate`.

Values are exact numbers (`int`, `Decimal`, `Fraction`) or None for no figure; floats
are refused, as everywhere in kpirules, since the figure as published is the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from typing import Any, Protocol

from kpirules._bulk import bulk
from kpirules.catalogue import Measure
from kpirules.errors import DataError, EvaluationError, KpiRulesError
from kpirules.evaluation.dot import comparator_period, direction
from kpirules.evaluation.rag import rate
from kpirules.issues import Issue, Location, Severity
from kpirules.models import DotSpec, Polarity, RagSpec, Rating
from kpirules.numbers import to_fraction
from kpirules.periods import Period
from kpirules.results import Direction
from kpirules.target import Target

__all__ = ["BatchRatings", "Measures", "rate_columns"]

ExactValue = int | Decimal | Fraction

# A float decision is trusted only when it clears the boundary by this share of the
# numbers involved. Converting a decimal figure to a float moves it by at most 2^-53 of
# itself, and each float operation by as much again, so 10^-9 is a margin of millions
# of roundings; below it, the row is decided exactly.
_MARGIN = 1e-9
# Floats lose relative precision near 10^-308 and overflow near 10^308: values outside
# this range are rated exactly throughout.
_SMALLEST = 1e-250
_LARGEST = 1e250

_G, _A, _R = Rating.GREEN, Rating.AMBER, Rating.RED
_IMPROVED, _WORSENED = Direction.IMPROVED, Direction.WORSENED
_UNCHANGED, _NOT_COMPARABLE = Direction.UNCHANGED, Direction.NOT_COMPARABLE
_EXACT_TYPES = (int, Decimal, Fraction)
_RECHECK: Any = object()
"""What a float decision returns when the row is too close to a boundary to trust it."""


class _Indicator(Protocol):
    def measure(self, measure_id: str | None) -> Measure: ...


class Measures(Protocol):
    """What the batch path needs of a catalogue (a `Catalogue` is one): its indicators."""

    def indicator(self, indicator_id: str) -> _Indicator: ...

    def has_indicator(self, indicator_id: str) -> bool: ...


@dataclass(frozen=True)
class BatchRatings:
    """The rule's rating and the direction of travel of each row, in row order."""

    rating: tuple[Rating | None, ...]
    """None where there is no rating: no figure, no target, or no better or worse."""
    dot: tuple[Direction, ...]
    target: tuple[Target, ...]
    """The target that applied to each row's period (shared between rows)."""
    comparator: tuple[ExactValue | None, ...]
    """The comparator period's figure, from the same columns, or None."""
    rechecked: int
    """Rows whose float decision was too close to a boundary, decided exactly."""
    exact: int
    """Rows rated exactly throughout: expression rules, or values beyond float range."""

    def __len__(self) -> int:
        return len(self.rating)


def rate_columns(
    catalogue: Measures,
    *,
    indicator: Sequence[str],
    period: Sequence[str | Period],
    value: Sequence[ExactValue | None],
    measure: Sequence[str | None] | None = None,
    area: Sequence[str | None] | None = None,
) -> BatchRatings:
    """Rate every row of the columns; see the module's description.

    `period` holds `Period`s or their text in the indicator's calendar; `measure` may be
    left out when every indicator has one measure; `area` when the figures are for one
    organisation. Raises `DataError` listing every bad row (by row number and column):
    an unknown indicator or measure, a period that does not parse or is not of the
    measure's frequency, a value that is not an exact number, or the same area, measure
    and period twice. Raises `EvaluationError` for a measure the batch path cannot rate.
    """
    size = len(indicator)
    for name, column in (("period", period), ("value", value), ("measure", measure),
                         ("area", area)):
        if column is not None and len(column) != size:
            raise DataError([_issue("KPI100", 0, name, f"column '{name}' has {len(column):,} rows, "
                                    f"and 'indicator' has {size:,}")])
    with bulk():
        columns = _Columns(catalogue, size)
        columns.read(indicator, period, value,
                     measure if measure is not None else repeat(None, size),
                     area if area is not None else repeat(None, size))
        if columns.issues:
            raise DataError(columns.issues)
        return columns.rate()


def _hashable(cell: object) -> bool:
    try:
        hash(cell)
    except TypeError:
        return False
    return True


def _issue(code: str, row: int, column: str, message: str) -> Issue:
    """An issue with a row of the columns, under the code the data readers give it."""
    where = f"row {row:,}, column '{column}'" if row else f"column '{column}'"
    return Issue(code, Severity.ERROR, f"{where}: {message}", Location("<columns>", row, 0))


class _Columns:
    """The rows read and grouped by measure and period, then rated group by group."""

    def __init__(self, catalogue: Measures, size: int) -> None:
        self.catalogue = catalogue
        self.size = size
        self.issues: list[Issue] = []
        self.measures: list[Measure] = []
        self.measure_index: dict[tuple[str, str | None], int] = {}
        self.floats: list[float | None] = [None] * size
        self.values: list[ExactValue | None] = [None] * size
        self.areas: list[str | None] = [None] * size
        # The rows of each (measure, period) group, numbered; rows by (area, group).
        self.groups: list[list[int]] = []
        self.group_keys: list[tuple[int, Period]] = []
        self.group_index: dict[tuple[int, Period], int] = {}
        self.rows: dict[tuple[str | None, int], int] = {}
        self.beyond_floats = 0

    # Reading -------------------------------------------------------------------------

    def read(self, indicators: Any, periods: Any, values: Any, measures: Any, areas: Any
             ) -> None:
        # Each distinct (indicator, measure, period) is resolved and checked once, to the
        # number of its group: rows then cost a look-up, their value, and their key.
        resolved: dict[tuple[object, object, object], int] = {}
        floats, exact, area_of = self.floats, self.values, self.areas
        groups, rows, issues = self.groups, self.rows, self.issues
        for i, (indicator, measure, text, number, area) in enumerate(
                zip(indicators, measures, periods, values, areas, strict=True)):
            try:
                group = resolved.get((indicator, measure, text))
            except TypeError:  # a cell that is a list or a mapping, say
                column = next(name for name, cell in (("indicator", indicator),
                              ("measure", measure), ("period", text)) if not _hashable(cell))
                issues.append(_issue("KPI100", i + 1, column, "not a single value"))
                continue
            if group is None:
                group = self._group(i + 1, indicator, measure, text)
                if group is None:
                    continue
                resolved[(indicator, measure, text)] = group
            if number is not None:
                kind = number.__class__
                if kind is not Decimal and kind is not int and kind is not Fraction:
                    if not isinstance(number, _EXACT_TYPES) or isinstance(number, bool):
                        issues.append(_issue("KPI103", i + 1, "value", f"{number!r} is not an "
                                             "exact number (an int, Decimal or Fraction)"))
                        continue
                elif kind is Decimal and not number.is_finite():
                    issues.append(_issue("KPI103", i + 1, "value", f"{number} is not a number"))
                    continue
                as_float = float(number)
                if _SMALLEST < abs(as_float) < _LARGEST or not number:
                    floats[i] = as_float
                else:
                    self.beyond_floats += 1
                exact[i] = number
            first = rows.setdefault((area, group), i)
            if first != i:
                issues.append(_issue("KPI106", i + 1, "period", "a second figure for the "
                                     f"same area, measure and period as row {first + 1:,}"))
                continue
            area_of[i] = area
            groups[group].append(i)

    def _group(self, row: int, indicator: object, measure: object, text: object) -> int | None:
        """The number of the row's (measure, period) group, or None with an issue."""
        index = self.measure_index.get((indicator, measure))  # type: ignore[arg-type]
        if index is None:
            index = self._measure(row, indicator, measure)  # type: ignore[arg-type]
            if index is None:
                return None
        when = self._period(row, text, index)
        if when is None:
            return None
        return self._group_of(index, when)

    def _group_of(self, index: int, when: Period) -> int:
        key = (index, when)
        found = self.group_index.get(key)
        if found is None:
            found = self.group_index[key] = len(self.groups)
            self.groups.append([])
            self.group_keys.append(key)
        return found

    def _measure(self, row: int, indicator: str, measure: str | None) -> int | None:
        try:
            resolved = self.catalogue.indicator(indicator).measure(measure)
        except (KpiRulesError, TypeError) as exc:
            known = isinstance(indicator, str) and self.catalogue.has_indicator(indicator)
            self.issues.append(_issue("KPI111" if known else "KPI104", row,
                                      "measure" if known else "indicator", str(exc)))
            return None
        self.measures.append(resolved)
        found = self.measure_index[(indicator, measure)] = len(self.measures) - 1
        return found

    def _period(self, row: int, text: object, index: int) -> Period | None:
        """The row's period, checked against the measure's calendar and grain."""
        measure = self.measures[index]
        if isinstance(text, Period):
            when = text
        elif isinstance(text, str):
            try:
                when = Period.parse(text, measure.calendar)
            except KpiRulesError as exc:
                self.issues.append(_issue("KPI105", row, "period", str(exc)))
                return None
        else:
            self.issues.append(_issue("KPI105", row, "period", f"{text!r} is not a period"))
            return None
        if when.calendar is not measure.calendar or when.grain is not measure.grain:
            self.issues.append(_issue(
                "KPI105", row, "period", f"{when} is not a {measure.grain.value} of the "
                f"{measure.calendar.value} calendar, as {measure.indicator_id} reports"))
            return None
        return when

    # Rating --------------------------------------------------------------------------

    def rate(self) -> BatchRatings:
        size = self.size
        ratings: list[Rating | None] = [None] * size
        dots: list[Direction] = [_NOT_COMPARABLE] * size
        targets: list[Target] = [_NO_TARGET] * size
        comparators: list[ExactValue | None] = [None] * size
        rechecked = exact_rows = 0
        rows, areas, values = self.rows, self.areas, self.values
        for (index, period), members in zip(self.group_keys, self.groups, strict=True):
            measure = self.measures[index]
            plan = _Plan(measure, period)
            target = plan.target
            for i in members:
                targets[i] = target
            compared = self.group_index.get((index, comparator_period(measure, period)))
            if compared is None:
                before: list[int | None] = [None] * len(members)
            else:
                get = rows.get
                before = [get((areas[i], compared)) for i in members]
                for i, j in zip(members, before, strict=True):
                    if j is not None:
                        comparators[i] = values[j]
            found, exact = plan.rate(members, self.floats, values, before, ratings, dots)
            rechecked += found
            exact_rows += exact
        return BatchRatings(tuple(ratings), tuple(dots), tuple(targets), tuple(comparators),
                            rechecked, exact_rows)


_NO_TARGET = Target(reason="no figure")


class _Plan:
    """How the rows of one measure and period are rated: the target, the tolerance and
    the comparisons, worked out once for the group."""

    def __init__(self, measure: Measure, when: Period) -> None:
        _check_supported(measure)
        self.measure = measure
        self.target = target = measure.target_for(when)
        self.label = str(comparator_period(measure, when))
        polarity = measure.polarity
        self.rated = polarity is not Polarity.NONE and target.exists
        self.directed = polarity is not Polarity.NONE
        # Ratings by expression rules, and targets of a form the float rule does not
        # know, are left to the exact path's own functions.
        self.rule: _Rule | None = None
        if self.rated and measure.rules is None and _known_target(target):
            self.rule = _rule(measure, target)
        self.unchanged_exact = to_fraction(measure.dot.unchanged_within or 0)
        self.unchanged = float(self.unchanged_exact)
        one_sided = polarity in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)
        self.known_merit = one_sided or _known_target(target)
        self.exact_merit = _merit(polarity, target, Fraction) if self.known_merit else None
        # Floats compare directions unless the target itself is beyond their range.
        self.float_merit = self.known_merit and (one_sided or _in_float_range(
            *(x for x in (target.value, target.low, target.high) if x is not None)))
        self.merit = _merit(polarity, target, float) if self.float_merit else None

    # The exact decisions: for rows near a boundary, or beyond float range.

    def exact_rating(self, value: ExactValue, comparator: ExactValue | None) -> Rating | None:
        if self.rule is not None:
            return self.rule.exact(to_fraction(value))
        outcome, _ = rate(self.measure, to_fraction(value), self.target,
                          None if comparator is None else to_fraction(comparator))
        return outcome.rating

    def exact_direction(self, value: ExactValue, comparator: ExactValue) -> Direction:
        if not self.known_merit:
            found, _ = direction(self.measure, to_fraction(value), to_fraction(comparator),
                                 self.target, self.label)
            return found
        now, then = to_fraction(value), to_fraction(comparator)
        merit = self.exact_merit
        unchanged = self.unchanged_exact
        if merit is None:
            return _UNCHANGED if abs(now - then) <= unchanged else _NOT_COMPARABLE
        change = merit(now) - merit(then)
        if abs(change) <= unchanged:
            return _UNCHANGED
        return _IMPROVED if change > 0 else _WORSENED

    def rate(self, members: list[int], floats: list[float | None],
             values: list[ExactValue | None], before: list[int | None],
             ratings: list[Rating | None], dots: list[Direction]) -> tuple[int, int]:
        """Fill in the group's ratings and directions; how many rows were decided exactly
        near a boundary, and how many exactly throughout."""
        sign = _SIGN.get(self.measure.polarity)
        if sign is not None and (not self.rated or (
                self.rule is not None and self.rule.one_sided is not None)):
            return self._rate_one_sided(sign, members, floats, values, before, ratings, dots)
        rechecked = exact_rows = 0
        rule = self.rule
        decide = rule.quick if rule is not None else None
        rated, directed = self.rated, self.directed
        merit, unchanged = self.merit, self.unchanged
        for i, j in zip(members, before, strict=True):
            value = values[i]
            if value is None:
                continue
            v = floats[i]
            comparator = values[j] if j is not None else None
            if rated:
                if decide is None or v is None:
                    exact_rows += 1
                    ratings[i] = self.exact_rating(value, comparator)
                else:
                    found = decide(v)
                    if found is _RECHECK:
                        rechecked += 1
                        found = self.exact_rating(value, comparator)
                    ratings[i] = found
            if comparator is None or not directed:
                continue
            c = floats[j]  # type: ignore[index]
            if v is None or c is None or not self.float_merit:
                dots[i] = self.exact_direction(value, comparator)
                continue
            if merit is None:
                gap = abs(v - c)
                if abs(gap - unchanged) <= _MARGIN * (abs(v) + abs(c) + unchanged) + _SMALLEST:
                    rechecked += 1
                    dots[i] = self.exact_direction(value, comparator)
                else:
                    dots[i] = _UNCHANGED if gap < unchanged else _NOT_COMPARABLE
                continue
            now, then = merit(v), merit(c)
            change = now - then
            size = abs(change)
            margin = _MARGIN * (abs(now) + abs(then) + abs(v) + abs(c) + unchanged) + _SMALLEST
            if abs(size - unchanged) <= margin:
                rechecked += 1
                dots[i] = self.exact_direction(value, comparator)
            elif size < unchanged:
                dots[i] = _UNCHANGED
            else:
                dots[i] = _IMPROVED if change > 0 else _WORSENED
        return rechecked, exact_rows

    def _rate_one_sided(self, sign: float, members: list[int], floats: list[float | None],
                        values: list[ExactValue | None], before: list[int | None],
                        ratings: list[Rating | None], dots: list[Direction]
                        ) -> tuple[int, int]:
        """`rate` for higher or lower is better, where most measures are, with the rule
        and the merit written out: the same decisions, without a call per row."""
        rechecked = exact_rows = 0
        rated = self.rated
        t = allowed = scale = 0.0
        if rated:
            assert self.rule is not None and self.rule.one_sided is not None
            t, allowed, scale = self.rule.one_sided
        unchanged = self.unchanged
        for i, j in zip(members, before, strict=True):
            value = values[i]
            if value is None:
                continue
            v = floats[i]
            comparator = values[j] if j is not None else None
            if rated:
                if v is None:
                    exact_rows += 1
                    ratings[i] = self.exact_rating(value, comparator)
                else:
                    shortfall = (t - v) * sign
                    margin = _MARGIN * (abs(v) + scale) + _SMALLEST
                    if shortfall < -margin:
                        ratings[i] = _G
                    elif shortfall <= margin or abs(shortfall - allowed) <= margin:
                        rechecked += 1
                        ratings[i] = self.exact_rating(value, comparator)
                    else:
                        ratings[i] = _A if shortfall < allowed else _R
            if comparator is None:
                continue
            c = floats[j]  # type: ignore[index]
            if v is None or c is None:
                dots[i] = self.exact_direction(value, comparator)
                continue
            change = (v - c) * sign
            size = abs(change)
            if abs(size - unchanged) <= _MARGIN * (abs(v) + abs(c) + unchanged) + _SMALLEST:
                rechecked += 1
                dots[i] = self.exact_direction(value, comparator)
            elif size < unchanged:
                dots[i] = _UNCHANGED
            else:
                dots[i] = _IMPROVED if change > 0 else _WORSENED
        return rechecked, exact_rows


_SIGN = {Polarity.HIGHER_IS_BETTER: 1.0, Polarity.LOWER_IS_BETTER: -1.0}


def _check_supported(measure: Measure) -> None:
    """The batch path rates by tolerance or rules, with a two-point direction; a measure
    declared otherwise needs its series."""
    rag = measure.rag
    if measure.rules is None and (
        rag.tolerance is None or rag != RagSpec(tolerance=rag.tolerance, note=rag.note)
    ):
        raise EvaluationError(f"{measure.indicator_id} ({measure.id}) is not rated by a "
                              "tolerance or rules; rate it with kpirules.evaluate")
    dot = measure.dot
    known = {name: getattr(dot, name) for name in ("comparator", "unchanged_within", "note")
             if name in type(dot).model_fields}
    if dot != DotSpec(**known):
        raise EvaluationError(f"{measure.indicator_id} ({measure.id}) has a direction of "
                              "travel by more than two points; rate it with "
                              "kpirules.evaluate")


def _known_target(target: Target) -> bool:
    """Whether the target is a plain value or band, the forms the float rule knows."""
    if target.is_band:
        return target == Target(low=target.low, high=target.high, reason=target.reason,
                                note=target.note)
    return target == Target(value=target.value, reason=target.reason, note=target.note)


def _allowed(measure: Measure, reference: Fraction) -> Fraction:
    """The tolerance's allowed shortfall against `reference`, as `rag.rate` works it out."""
    tolerance = measure.rag.tolerance
    assert tolerance is not None
    if measure.is_percentage and tolerance.points is not None:
        return to_fraction(tolerance.points)
    if tolerance.absolute is not None:
        return to_fraction(tolerance.absolute)
    if tolerance.relative is not None:
        return to_fraction(tolerance.relative) * abs(reference) / 100
    raise EvaluationError(f"{measure.indicator_id}: the tolerance does not suit the unit")


def _in_float_range(*numbers: Fraction) -> bool:
    return all(x == 0 or _SMALLEST < abs(float(x)) < _LARGEST for x in numbers)


class _Rule:
    """The tolerance rule for one target: Green at or better than target, Amber within
    the tolerance, Red beyond; `quick` (in floats) may answer `_RECHECK`, `exact` always answers."""

    quick: Callable[[float], Any]
    exact: Callable[[Fraction], Rating]
    one_sided: tuple[float, float, float] | None = None
    """For higher or lower is better within float range: target, allowance and scale."""


def _rule(measure: Measure, target: Target) -> _Rule:
    rule = _Rule()
    if target.is_band:
        assert target.low is not None and target.high is not None
        low, high = target.low, target.high
        allowed_low, allowed_high = _allowed(measure, low), _allowed(measure, high)

        def band_exact(x: Fraction) -> Rating:
            if low <= x <= high:
                return _G
            shortfall, allowed = (low - x, allowed_low) if x < low else (x - high, allowed_high)
            return _A if shortfall <= allowed else _R

        rule.exact = band_exact
        if not _in_float_range(low, high, allowed_low, allowed_high):
            rule.quick = lambda v: _RECHECK
            return rule
        lo, hi, a_lo, a_hi = float(low), float(high), float(allowed_low), float(allowed_high)
        spread = abs(lo) + abs(hi) + a_lo + a_hi

        def band(v: float) -> Any:
            margin = _MARGIN * (abs(v) + spread) + _SMALLEST
            if abs(v - lo) <= margin or abs(v - hi) <= margin:
                return _RECHECK
            if lo < v < hi:
                return _G
            shortfall, allowed = (lo - v, a_lo) if v < lo else (v - hi, a_hi)
            if abs(shortfall - allowed) <= margin:
                return _RECHECK
            return _A if shortfall < allowed else _R

        rule.quick = band
        return rule
    assert target.value is not None
    aim = target.value
    allowance = _allowed(measure, aim)
    sign = {Polarity.HIGHER_IS_BETTER: 1, Polarity.LOWER_IS_BETTER: -1}.get(measure.polarity)

    def exact(x: Fraction) -> Rating:
        # Closest to the target (or a band polarity given a single value): distance.
        shortfall = abs(x - aim) if sign is None else max(Fraction(0), (aim - x) * sign)
        if shortfall == 0:
            return _G
        return _A if shortfall <= allowance else _R

    rule.exact = exact
    if not _in_float_range(aim, allowance):
        rule.quick = lambda v: _RECHECK
        return rule
    t, allowed, scale = float(aim), float(allowance), abs(float(aim)) + float(allowance)

    if sign is None:

        def closest(v: float) -> Any:
            margin = _MARGIN * (abs(v) + scale) + _SMALLEST
            shortfall = abs(v - t)
            if shortfall <= margin or abs(shortfall - allowed) <= margin:
                return _RECHECK
            return _A if shortfall < allowed else _R

        rule.quick = closest
        return rule
    direction_sign = float(sign)
    rule.one_sided = (t, allowed, scale)

    def one_sided(v: float) -> Any:
        shortfall = (t - v) * direction_sign
        margin = _MARGIN * (abs(v) + scale) + _SMALLEST
        if shortfall < -margin:
            return _G
        if shortfall <= margin or abs(shortfall - allowed) <= margin:
            return _RECHECK
        return _A if shortfall < allowed else _R

    rule.quick = one_sided
    return rule


def _merit(polarity: Polarity, target: Target, kind: Callable[[Fraction], Any]
           ) -> Callable[[Any], Any] | None:
    """The merit the direction compares (larger is better), in floats or `Fraction`s, as
    `evaluation.dot` defines it; None where there is no better or worse."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        return lambda x: x
    if polarity is Polarity.LOWER_IS_BETTER:
        return lambda x: -x
    zero = kind(Fraction(0))
    if polarity is Polarity.WITHIN_BAND and target.low is not None and target.high is not None:
        low, high = kind(target.low), kind(target.high)
        return lambda x: -max(low - x, x - high, zero)
    if polarity is Polarity.CLOSEST_TO and target.value is not None:
        t = kind(target.value)
        return lambda x: -abs(x - t)
    return None
