"""Exact numbers: reading published figures, rounding as councils round, and printing.

Figures are read from text as `Decimal`, keeping the precision they were published with
(`72` and `72.0` are equal values of different precision). Evaluation computes in
`Fraction`, so nothing is lost to binary floating point; this module turns those exact
values back into figures a person reads, rounding half away from zero as councils and
spreadsheets do, and decides whether an exact value agrees with a published figure.
Floats are refused everywhere: a float has already been rounded in binary.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

__all__ = [
    "MAX_FIGURE_DIGITS",
    "MAX_FIGURE_PLACES",
    "MAX_PLACES",
    "Agreement",
    "ExactNumber",
    "PublishedComparison",
    "agrees_to_published",
    "bound_problem",
    "compare_to_published",
    "decimals_of",
    "format_number",
    "format_percent",
    "format_percent_change",
    "format_signed",
    "parse_decimal",
    "percent_change",
    "round_half_up",
    "to_fraction",
]

ExactNumber: TypeAlias = int | Decimal | Fraction

#: The most decimal places `round_half_up` and the formatters accept; far beyond any
#: published figure, and a bound on the size of the numbers they build.
MAX_PLACES = 50

#: The most digits a number in a spec or data file may have before its decimal point
#: (so every figure is below 10**15 in size: a quadrillion pounds, or people), and the
#: most after it. Both are far beyond any published figure; together they keep every
#: figure's exact value within the bounds the expression engine accepts (numerator and
#: denominator below 10**30), keep rounding and printing cheap, and stop a figure such
#: as `1e100000000` from making evaluation build a hundred-million-digit integer.
MAX_FIGURE_DIGITS = 15
MAX_FIGURE_PLACES = 15

_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
_EXAMPLES = "a plain decimal such as -12, 3.50 or +7"


# Reading ---------------------------------------------------------------------------


def parse_decimal(text: str) -> Decimal:
    """Read a figure written as a plain decimal, keeping the precision as written.

    Accepted: an optional sign, ASCII digits, and optionally a point followed by digits
    (`-12`, `3.50`, `0.16`, `+7`); surrounding whitespace is ignored. Refused, with a
    message saying why: thousands separators, exponents, `inf` and `nan`, a bare point
    (`.5`, `5.`), spaces inside, per cent and currency signs, and anything else.
    Raises `ValueError`; a data reader turns it into an issue at the cell's location.
    """
    if not isinstance(text, str):
        raise TypeError(f"a figure must be text, not {type(text).__name__}")
    stripped = text.strip()
    if _PLAIN_DECIMAL.fullmatch(stripped):
        return Decimal(stripped)
    raise ValueError(f"{_show(stripped)} is not a number: {_why_not_plain(stripped)}")


_LIMIT_WORDS = (f"numbers are limited to {MAX_FIGURE_DIGITS} digits before the decimal point "
                f"and {MAX_FIGURE_PLACES} after it")


def bound_problem(value: int | Decimal) -> str | None:
    """Why a number read from a spec or data file is out of range, or None when it is not.

    In range: finite, with at most `MAX_FIGURE_DIGITS` digits before the decimal point
    and at most `MAX_FIGURE_PLACES` after it (trailing zeros count: they state a
    precision). Cheap for any input: a Decimal's exponent is read, never expanded.
    """
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"expected an int or Decimal, not {type(value).__name__}")
    limit = _LIMIT_WORDS
    if isinstance(value, int):
        # bit_length bounds the digits without converting a huge int to text.
        if value.bit_length() > 4 * MAX_FIGURE_DIGITS or len(str(abs(value))) > MAX_FIGURE_DIGITS:
            return f"the number is too large: {limit}"
        return None
    if not value.is_finite():
        return "only finite numbers are allowed"
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_FIGURE_PLACES:
        return f"the number has {-exponent:,} decimal places: {limit}"
    if value and value.adjusted() >= MAX_FIGURE_DIGITS:
        return f"the number is too large: {limit}"
    return None


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _why_not_plain(text: str) -> str:
    """The most useful reason a text is not a plain decimal."""
    if not text:
        return "the text is empty (a missing figure needs a status instead)"
    lowered = text.lower().lstrip("+-")
    if lowered in {"nan", "snan", "inf", "infinity"}:
        return "only finite numbers are figures"
    if any(ch in "£$€%" for ch in text):
        return "write the figure without a sign such as '%' or '£' (the spec declares the unit)"
    if "−" in text:
        return "write a minus sign as '-'"
    if any(not ch.isascii() for ch in text):
        return f"use only the ASCII characters of {_EXAMPLES}"
    if any(ch.isspace() for ch in text):
        return "spaces inside a number are not allowed"
    if "," in text and _PLAIN_DECIMAL.fullmatch(text.replace(",", "")):
        return f"thousands separators are not allowed: write {text.replace(',', '')!r}"
    if "e" in lowered and _looks_exponent(lowered):
        return "exponent notation is not allowed: write the number in full"
    if re.fullmatch(r"[+-]?(?:\.[0-9]+|[0-9]+\.)", text):
        return "write digits on both sides of the decimal point, as 0.5 or 5.0"
    return f"expected {_EXAMPLES}"


def _looks_exponent(lowered: str) -> bool:
    mantissa, _, exponent = lowered.partition("e")
    return bool(
        re.fullmatch(r"[0-9]*\.?[0-9]*", mantissa)
        and any(ch.isdigit() for ch in mantissa)
        and re.fullmatch(r"[+-]?[0-9]+", exponent)
    )


def to_fraction(x: ExactNumber) -> Fraction:
    """The exact value of an int, a finite Decimal or a Fraction; floats and bools are refused."""
    if isinstance(x, bool) or not isinstance(x, int | Decimal | Fraction):
        raise TypeError(f"expected an int, Decimal or Fraction, not {type(x).__name__}")
    if isinstance(x, Decimal) and not x.is_finite():
        raise ValueError(f"{x} is not a finite number")
    return Fraction(x)


def decimals_of(d: Decimal) -> int:
    """The number of decimal places a figure was written with: 72 → 0, 68.6 → 1, 7.011 → 3."""
    if not isinstance(d, Decimal):
        raise TypeError(f"expected a Decimal, not {type(d).__name__}")
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"{d} is not a finite number")
    return max(0, -exponent)


# Rounding --------------------------------------------------------------------------


def round_half_up(x: ExactNumber, places: int) -> Decimal:
    """Round the exact value of `x` to `places` decimal places, halves away from zero.

    2.675 → 2.68 and -2.5 → -3 (places 0), whatever binary floats would make of them.
    The result has exactly `places` decimal places (`round_half_up(7, 1)` is 7.0) and is
    never negative zero. `places` is from 0 to `MAX_PLACES`: published figures are never
    written with a positive exponent.
    """
    _check_places(places)
    scaled = to_fraction(x) * 10**places
    numerator, denominator = abs(scaled.numerator), scaled.denominator
    # floor(|scaled| + 1/2) in integers: exact, and fast for large values.
    magnitude = (2 * numerator + denominator) // (2 * denominator)
    sign = 1 if scaled < 0 and magnitude else 0
    digits = tuple(int(ch) for ch in str(magnitude))
    return Decimal((sign, digits, -places))


def _check_places(places: int) -> None:
    if isinstance(places, bool) or not isinstance(places, int):
        raise TypeError(f"decimal places must be an int, not {type(places).__name__}")
    if not 0 <= places <= MAX_PLACES:
        raise ValueError(f"decimal places must be from 0 to {MAX_PLACES}, not {places}")


def _round_half_even(value: Fraction, places: int) -> Fraction:
    # Python's round() on a Fraction is exact and rounds halves to even.
    return Fraction(round(value * 10**places), 10**places)


def _truncate(value: Fraction, places: int) -> Fraction:
    return Fraction(int(value * 10**places), 10**places)


# Agreement with published figures --------------------------------------------------


class Agreement(enum.Enum):
    """How an exact value relates to a published figure (see `compare_to_published`)."""

    AGREES = "agrees"
    ROUNDING = "rounding"
    DIFFERS = "differs"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class PublishedComparison:
    """An exact value set beside a published figure.

    `rounded` is the exact value rounded half away from zero at the published precision;
    `difference` is published − exact; `explained_by` names the other rounding rules
    that give the published figure ("round half to even", "truncation"), if any.
    """

    exact: Fraction
    published: Decimal
    rounded: Decimal
    difference: Fraction
    agreement: Agreement
    explained_by: tuple[str, ...]


def compare_to_published(exact: ExactNumber, published: Decimal) -> PublishedComparison:
    """Compare an exact value with a figure as published, at the figure's own precision.

    With `d = decimals_of(published)` and one unit `u = 10**-d` of its last place:

    - AGREES when the exact value rounded half away from zero to `d` places equals the
      published figure;
    - ROUNDING (a rounding-level difference) otherwise, when `|published − exact| < u`:
      the publisher rounded another way (half to even, truncation, rounding up, rounding
      an already rounded figure), not a different number. Any figure that round half to
      even or truncation would give is within this bound; those rules are named in
      `explained_by`;
    - DIFFERS when `|published − exact| >= u`: a real difference.
    """
    value = to_fraction(exact)
    places = decimals_of(published)
    published_value = to_fraction(published)
    rounded = round_half_up(value, places)
    difference = published_value - value
    explained_by = tuple(
        name
        for name, rule in (("round half to even", _round_half_even), ("truncation", _truncate))
        if rule(value, places) == published_value
    )
    if rounded == published:
        agreement = Agreement.AGREES
    elif abs(difference) < Fraction(1, 10**places):
        agreement = Agreement.ROUNDING
    else:
        agreement = Agreement.DIFFERS
    return PublishedComparison(value, published, rounded, difference, agreement, explained_by)


def agrees_to_published(exact: ExactNumber, published: Decimal) -> bool:
    """Whether `exact` rounds half away from zero to `published` at the published precision."""
    return round_half_up(exact, decimals_of(published)) == published


# Formatting for people -------------------------------------------------------------


def format_number(x: ExactNumber, decimals: int | None = None, *, thousands: bool = True) -> str:
    """Print a number for a reader, rounded half away from zero: '2,939', '62.4', '-0.44'.

    `decimals` may be left out for an int or a Decimal, which then print at their own
    precision ('72.0' stays '72.0'); a Fraction needs it.
    """
    rounded = round_half_up(x, _places_for(x, decimals))
    return f"{rounded:,f}" if thousands else f"{rounded:f}"


def format_signed(x: ExactNumber, decimals: int | None = None, *, thousands: bool = True) -> str:
    """Print a number with its sign, '+2.5' or '-2.5'; a value that rounds to zero has none."""
    text = format_number(x, decimals, thousands=thousands)
    return text if text.startswith("-") or not _nonzero(text) else "+" + text


def format_percent(x: ExactNumber, decimals: int | None = None, *, signed: bool = False) -> str:
    """Print a value that is already in per cent: 62.4 → '62.4%' ('+6.6%' when signed)."""
    text = format_signed(x, decimals) if signed else format_number(x, decimals)
    return text + "%"


def percent_change(value: ExactNumber, base: ExactNumber) -> Fraction:
    """The exact change from `base` to `value` as a percentage of the size of `base`.

    `(value − base) / |base| × 100`, so the sign always says whether `value` is above
    or below `base`. Raises `ZeroDivisionError` when `base` is zero: no percentage
    change from nothing exists.
    """
    start = to_fraction(base)
    if start == 0:
        raise ZeroDivisionError("a percentage change from zero is undefined")
    return (to_fraction(value) - start) / abs(start) * 100


def format_percent_change(
    value: ExactNumber, base: ExactNumber, decimals: int = 1, *, signed: bool = True
) -> str:
    """Print the percentage change from `base` to `value`: 2,757 → 2,939 is '+6.6%'.

    With `signed=False` only the size is printed ('6.6%'), for sentences that say the
    direction in words ("6.6% worse than target").
    """
    change = percent_change(value, base)
    return format_percent(change if signed else abs(change), decimals, signed=signed)


def _places_for(x: ExactNumber, decimals: int | None) -> int:
    if decimals is not None:
        return decimals
    if isinstance(x, Decimal):
        return decimals_of(x)
    if isinstance(x, int) and not isinstance(x, bool):
        return 0
    raise ValueError(f"give the decimal places to print a {type(x).__name__}")


def _nonzero(text: str) -> bool:
    return any(ch in "123456789" for ch in text)
