"""Tests for kpirules.numbers: strict figures, exact half-up rounding, agreement and formatting."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirules.numbers import (
    MAX_PLACES,
    Agreement,
    agrees_to_published,
    compare_to_published,
    decimals_of,
    format_number,
    format_percent,
    format_percent_change,
    format_signed,
    parse_decimal,
    percent_change,
    round_half_up,
    to_fraction,
)
from strategies_periods import (
    PLAIN_DECIMAL_REGEX,
    decimal_places,
    exact_decimals,
    exact_fractions,
    near_decimal_texts,
    plain_decimal_texts,
)

D = Decimal
F = Fraction


def quantized(value: Decimal, places: int, rounding: str) -> Decimal:
    """The decimal module's own rounding of `value` to `places`, with no sign on zero."""
    with localcontext() as context:
        context.prec = 1000
        result = value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    return result.copy_abs() if result.is_zero() else result


def same_decimal(a: Decimal, b: Decimal) -> bool:
    """Equal in value, sign and written precision."""
    return a.as_tuple() == b.as_tuple()


# parse_decimal -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-12", "-12"), ("3.50", "3.50"), ("0.16", "0.16"), ("+7", "7"), ("72.0", "72.0"),
     (" 2939\t", "2939"), ("007", "7"), ("-0", "-0")],
)  # fmt: skip
def test_parse_decimal_accepts_plain_decimals(text: str, expected: str) -> None:
    """Plain decimals parse to the Decimal written, keeping their precision."""
    assert same_decimal(parse_decimal(text), Decimal(expected))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2,939", "'2939'"),
        ("1e3", "exponent"),
        ("1.5E-2", "exponent"),
        ("nan", "finite"),
        ("-Infinity", "finite"),
        (".5", "both sides"),
        ("5.", "both sides"),
        ("3 5", "spaces inside"),
        ("62.4%", "'%'"),
        ("£5", "'£'"),
        ("−3", "minus sign"),
        ("٣", "ASCII"),
        ("", "empty"),
        ("   ", "empty"),
        ("1.2.3", "plain decimal"),
        ("--1", "plain decimal"),
        ("0x1F", "plain decimal"),
        ("1_000", "plain decimal"),
    ],
)
def test_parse_decimal_refuses_with_reason(text: str, reason: str) -> None:
    """Text that is not a plain decimal raises ValueError naming the problem."""
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_decimal(text)


def test_parse_decimal_needs_text() -> None:
    """A number that is not text is a TypeError: figures are read from what was written."""
    with pytest.raises(TypeError):
        parse_decimal(3.5)  # type: ignore[arg-type]


@given(st.one_of(plain_decimal_texts, near_decimal_texts, st.text(max_size=8)))
def test_parse_decimal_accepts_exactly_plain_decimals(text: str) -> None:
    """parse_decimal accepts exactly what a plain-decimal regex accepts, and keeps the digits."""
    if re.fullmatch(PLAIN_DECIMAL_REGEX, text.strip(), flags=re.ASCII):
        parsed = parse_decimal(text)
        assert parsed == Decimal(text.strip())
        _, _, fraction_digits = text.strip().partition(".")
        assert decimals_of(parsed) == len(fraction_digits)
    else:
        with pytest.raises(ValueError, match="is not a number"):
            parse_decimal(text)


# to_fraction and decimals_of -----------------------------------------------------------


@given(plain_decimal_texts)
def test_to_fraction_is_exact_for_decimals(text: str) -> None:
    """A Decimal's Fraction is the exact value of the digits written."""
    assert to_fraction(parse_decimal(text)) == Fraction(text)


@given(st.integers(), exact_fractions)
def test_to_fraction_keeps_ints_and_fractions(n: int, f: Fraction) -> None:
    """Ints and Fractions convert to equal Fractions."""
    assert to_fraction(n) == Fraction(n, 1)
    assert to_fraction(f) == f


@pytest.mark.parametrize("value", [2.675, True, "3", None])
def test_to_fraction_refuses_floats_bools_and_text(value: object) -> None:
    """Floats, bools and text are refused: only exact numbers enter evaluation."""
    with pytest.raises(TypeError):
        to_fraction(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_to_fraction_refuses_non_finite(value: Decimal) -> None:
    """Non-finite Decimals are refused."""
    with pytest.raises(ValueError, match="finite"):
        to_fraction(value)


@pytest.mark.parametrize(
    ("figure", "places"),
    [("72", 0), ("68.6", 1), ("7.011", 3), ("72.0", 1), ("-0.44", 2), ("1E+3", 0)],
)
def test_decimals_of(figure: str, places: int) -> None:
    """decimals_of gives the number of decimal places a figure was written with."""
    assert decimals_of(Decimal(figure)) == places


def test_decimals_of_refuses_non_finite() -> None:
    """A non-finite Decimal has no published precision."""
    with pytest.raises(ValueError, match="finite"):
        decimals_of(D("NaN"))


@given(plain_decimal_texts)
def test_figure_round_trips_through_fraction(text: str) -> None:
    """Rounding a figure's exact value at its own precision gives back the figure as written."""
    figure = parse_decimal(text)
    rounded = round_half_up(to_fraction(figure), decimals_of(figure))
    assert rounded == figure
    assert decimals_of(rounded) == decimals_of(figure)


# round_half_up -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("2.675"), 2, "2.68"),
        (D("-2.5"), 0, "-3"),
        (D("2.5"), 0, "3"),
        (D("0.5"), 0, "1"),
        (D("-0.004"), 2, "0.00"),
        (F(1, 3), 4, "0.3333"),
        (F(2, 3), 0, "1"),
        (F(-1, 8), 2, "-0.13"),
        (7, 1, "7.0"),
        (F(18200, 2757), 1, "6.6"),
    ],
)
def test_round_half_up_examples(
    value: int | Decimal | Fraction, places: int, expected: str
) -> None:
    """Halves round away from zero on the exact value, and the result has the places asked."""
    result = round_half_up(value, places)
    assert str(result) == expected


@given(exact_decimals, decimal_places)
def test_round_half_up_agrees_with_decimal_quantize(value: Decimal, places: int) -> None:
    """round_half_up equals Decimal.quantize with ROUND_HALF_UP, in value and precision."""
    assert same_decimal(round_half_up(value, places), quantized(value, places, ROUND_HALF_UP))


@given(exact_fractions, decimal_places)
def test_round_half_up_on_fractions(value: Fraction, places: int) -> None:
    """The result is within half a unit of the exact value, and a half goes away from zero."""
    result = Fraction(round_half_up(value, places))
    unit = Fraction(1, 10**places)
    error = result - value
    assert abs(error) <= unit / 2
    if abs(error) == unit / 2:
        assert abs(result) > abs(value)
    assert (result / unit).denominator == 1


@pytest.mark.parametrize("places", [-1, MAX_PLACES + 1])
def test_round_half_up_refuses_places_out_of_range(places: int) -> None:
    """Decimal places outside 0 to MAX_PLACES are refused."""
    with pytest.raises(ValueError, match="decimal places"):
        round_half_up(1, places)


def test_round_half_up_refuses_float() -> None:
    """A float is refused: it has already been rounded in binary (2.675 is below 2.675)."""
    with pytest.raises(TypeError):
        round_half_up(2.675, 2)  # type: ignore[arg-type]


# Agreement with published figures ------------------------------------------------------


@given(exact_fractions, decimal_places)
def test_exact_value_agrees_with_its_own_rounding(value: Fraction, places: int) -> None:
    """An exact value agrees with the figure it rounds to, at any precision."""
    figure = round_half_up(value, places)
    comparison = compare_to_published(value, figure)
    assert agrees_to_published(value, figure)
    assert comparison.agreement is Agreement.AGREES
    assert comparison.difference == Fraction(figure) - value


@given(exact_fractions, decimal_places, st.sampled_from([-2, 2]))
def test_two_units_off_is_a_real_difference(value: Fraction, places: int, units: int) -> None:
    """A figure two units of its last place away from the correct rounding is a real difference."""
    figure = round_half_up(value, places) + units * Decimal(1).scaleb(-places)
    assert not agrees_to_published(value, figure)
    assert compare_to_published(value, figure).agreement is Agreement.DIFFERS


@given(exact_decimals, decimal_places)
def test_half_even_and_truncation_are_rounding_level(value: Decimal, places: int) -> None:
    """Figures rounded half to even or truncated are never reported as real differences."""
    for rounding, name in ((ROUND_HALF_EVEN, "round half to even"), (ROUND_DOWN, "truncation")):
        figure = quantized(value, places, rounding)
        comparison = compare_to_published(value, figure)
        assert comparison.agreement is not Agreement.DIFFERS
        assert name in comparison.explained_by
        assert (comparison.agreement is Agreement.AGREES) == (
            figure == quantized(value, places, ROUND_HALF_UP)
        )


@pytest.mark.parametrize(
    ("exact", "published", "agreement", "explained_by"),
    [
        (F(6864, 100), "68.6", Agreement.AGREES, ("round half to even", "truncation")),
        (F(6865, 100), "68.7", Agreement.AGREES, ()),
        (F(6865, 100), "68.6", Agreement.ROUNDING, ("round half to even", "truncation")),
        (F(6869, 100), "68.6", Agreement.ROUNDING, ("truncation",)),
        (F(6861, 100), "68.7", Agreement.ROUNDING, ()),
        (F(6870, 100), "68.6", Agreement.DIFFERS, ()),
        (F(5, 2), "2", Agreement.ROUNDING, ("round half to even", "truncation")),
        (F(-5, 2), "-3", Agreement.AGREES, ()),
        (71, "72", Agreement.DIFFERS, ()),
        (F(73, 117) * 100, "62.4", Agreement.AGREES, ("round half to even",)),
        (F(73, 117) * 100, "62", Agreement.AGREES, ("round half to even", "truncation")),
        (F(73, 117) * 100, "62.40", Agreement.ROUNDING, ()),
    ],
)
def test_compare_to_published_examples(
    exact: int | Fraction, published: str, agreement: Agreement, explained_by: tuple[str, ...]
) -> None:
    """Differences under one unit of the published last place are rounding; larger ones are real."""
    comparison = compare_to_published(exact, Decimal(published))
    assert comparison.agreement is agreement
    assert comparison.explained_by == explained_by
    assert agrees_to_published(exact, Decimal(published)) == (agreement is Agreement.AGREES)


# Formatting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "thousands", "expected"),
    [
        (2939, None, True, "2,939"),
        (2939, None, False, "2939"),
        (F(624, 10), 1, True, "62.4"),
        (D("-0.44"), None, True, "-0.44"),
        (D("72.0"), None, True, "72.0"),
        (D("1234567.891"), 2, True, "1,234,567.89"),
        (D("-1234567.891"), 0, True, "-1,234,568"),
        (F(-1, 1000), 2, True, "0.00"),
        (F(2, 3), 3, True, "0.667"),
    ],
)
def test_format_number_examples(
    value: int | Decimal | Fraction, decimals: int | None, thousands: bool, expected: str
) -> None:
    """Numbers print rounded half away from zero, with thousands separators when asked."""
    assert format_number(value, decimals, thousands=thousands) == expected


def test_format_number_needs_places_for_a_fraction() -> None:
    """A Fraction has no written precision, so the decimal places must be given."""
    with pytest.raises(ValueError, match="decimal places"):
        format_number(F(1, 3))


@given(exact_decimals, decimal_places)
def test_format_number_matches_decimal_formatting(value: Decimal, places: int) -> None:
    """Printing matches the decimal module's half-up rounding; separators only add commas."""
    plain = format_number(value, places, thousands=False)
    assert plain == f"{quantized(value, places, ROUND_HALF_UP):f}"
    assert format_number(value, places).replace(",", "") == plain


@given(exact_fractions, decimal_places)
def test_printed_number_reads_back_as_its_rounding(value: Fraction, places: int) -> None:
    """A printed number, separators removed, parses back to the rounded exact value."""
    printed = format_number(value, places)
    assert same_decimal(parse_decimal(printed.replace(",", "")), round_half_up(value, places))


@given(exact_fractions, decimal_places)
def test_format_signed_signs_only_nonzero(value: Fraction, places: int) -> None:
    """A signed number starts with '+' exactly when it rounds above zero, '-' when below."""
    rounded = round_half_up(value, places)
    printed = format_signed(value, places)
    assert printed.startswith("+") == (rounded > 0)
    assert printed.startswith("-") == (rounded < 0)
    assert printed.lstrip("+") == format_number(value, places)


def test_percent_change_of_seed_example() -> None:
    """2,939 against a target of 2,757 is 6.6% above it (182 / 2,757)."""
    assert percent_change(2939, 2757) == Fraction(18200, 2757)
    assert format_percent_change(2939, 2757) == "+6.6%"
    assert format_percent_change(2939, 2757, signed=False) == "6.6%"
    assert format_percent_change(2758, 2939, signed=False) == "6.2%"
    assert format_percent_change(2758, 2939) == "-6.2%"


def test_percent_change_against_a_negative_base_keeps_direction() -> None:
    """The change is measured against the size of the base, so rising from -100 to -50 is +50%."""
    assert percent_change(-50, -100) == 50
    assert percent_change(-150, -100) == -50


def test_percent_change_from_zero_is_undefined() -> None:
    """A percentage change from zero raises ZeroDivisionError."""
    with pytest.raises(ZeroDivisionError):
        percent_change(5, 0)


@pytest.mark.parametrize(
    ("value", "decimals", "signed", "expected"),
    [
        (D("62.4"), None, False, "62.4%"),
        (F(1, 3), 1, True, "+0.3%"),
        (F(-1, 30), 1, True, "0.0%"),
        (-5, None, True, "-5%"),
    ],
)
def test_format_percent(
    value: int | Decimal | Fraction, decimals: int | None, signed: bool, expected: str
) -> None:
    """Values in per cent print with a '%' sign, signed when asked, never as '-0.0%'."""
    assert format_percent(value, decimals, signed=signed) == expected
