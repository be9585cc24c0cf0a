"""Evaluation semantics: failures and where they point, rounding, aggregates, short-circuits."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kpirules.errors import ExpressionArithmeticError
from kpirules.expressions import compile_expression

NAMES = {"a": "number", "b": "number", "c": "number", "m": "numbers"}


def _failure(source: str, **inputs: object) -> ExpressionArithmeticError:
    expr = compile_expression(source, names=NAMES)
    with pytest.raises(ExpressionArithmeticError) as caught:
        expr(**inputs)
    return caught.value


@pytest.mark.parametrize("op", ["/", "//", "%"])
@pytest.mark.parametrize("zero", [0, 0.0, -0.0, Fraction(0), Decimal("0.00")])
def test_division_by_zero_points_at_the_operator(op: str, zero: object) -> None:
    """Dividing by zero, exactly or in floats, fails at the dividing operator."""
    error = _failure(f"(a + 1) {op} (b - c)", a=1, b=zero, c=zero)
    assert error.position == 8
    assert "division by zero: 'b - c' is 0" in error.message


def test_the_first_failing_operation_is_reported() -> None:
    """With two divisions by zero the one evaluated first is reported."""
    error = _failure("a / b + a / c", a=1, b=0, c=0)
    assert error.position == 2


def test_zero_to_a_negative_power_fails() -> None:
    """`0 ** -1` is an arithmetic error in both arithmetics."""
    for zero in (0, 0.0):
        error = _failure("a ** -1", a=zero)
        assert "0 cannot be raised to a negative power" in error.message
        assert error.position == 2


def test_float_overflow_fails_where_it_happens() -> None:
    """A float product that overflows fails at its operator, even if later divided back down."""
    error = _failure("a * b * b / b / b", a=1.0, b=1e200)
    assert "too large" in error.message
    assert error.position == 6


def test_an_overflow_that_would_vanish_still_fails() -> None:
    """`a / (b * b)` would be 0 with an infinite divisor; it fails instead."""
    _failure("a / (b * b)", a=1.0, b=1e200)
    _failure("(b * b) ** 0", b=1e200)
    _failure("(b * b) ** -2", b=1e200)
    _failure("min(b * b, 1) + 1", b=1e200)
    _failure("b * b > 0", b=1e200)
    _failure("round(b * b)", b=1e200)


def test_float_power_overflow_fails() -> None:
    """A float raised to a power too large for a float fails (Python raises OverflowError)."""
    error = _failure("a ** 8", a=1e300)
    assert error.position == 2


def test_overflow_in_an_untaken_branch_is_not_an_error() -> None:
    """Only the branch a condition chooses is evaluated, as in Python."""
    expr = compile_expression("a * a * a if a < 10 else 0", names=NAMES)
    assert expr(a=1e200) == 0
    guarded = compile_expression("b != 0 and a / b > 1", names=NAMES)
    assert guarded(a=1, b=0) is False
    chain = compile_expression("a < b < c / a", names=NAMES)
    assert chain(a=0, b=-1, c=1) is False


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("round(a)", Fraction(5, 2), 3),
        ("round(a)", Fraction(-5, 2), -3),
        ("round(a)", Fraction(7, 2), 4),
        ("round(a, 2)", Decimal("0.125"), Fraction(13, 100)),
        ("round(a, 2)", Decimal("2.675"), Fraction(268, 100)),
        ("round(a, 1)", Decimal("-0.05"), Fraction(-1, 10)),
        ("round(a, -2)", 1250, 1300),
        ("round(a, -2)", -1249, -1200),
        ("round(a)", 2.5, 3),
        ("round(a)", -0.5, -1),
        ("round(a, 1)", 0.25, 0.3),
        ("round(a, 0)", 2.5, 3.0),
        ("round(a, -2)", 1250.0, 1300.0),
        ("round(a, -1)", -25.0, -30.0),
    ],
)
def test_round_is_half_away_from_zero(source: str, value: object, expected: object) -> None:
    """round() takes halves away from zero on the exact value; Python's takes them to even."""
    assert compile_expression(source, names=NAMES)(a=value) == expected


def test_round_gives_a_whole_number_or_a_value_of_the_inputs_arithmetic() -> None:
    """round(x) is an int; round(x, n) is a Fraction from exact inputs, a float from floats."""
    whole = compile_expression("round(a)", names=NAMES)
    places = compile_expression("round(a, 1)", names=NAMES)
    assert type(whole(a=2.5)) is int
    assert type(whole(a=Fraction(5, 2))) is int
    assert type(places(a=2.25)) is float
    assert type(places(a=Fraction(9, 4))) is Fraction


def test_round_of_a_float_rounds_the_floats_exact_value() -> None:
    """The float 2.675 is just below 2.675, so it rounds down; the Decimal rounds up."""
    expr = compile_expression("round(a, 2)", names=NAMES)
    assert expr(a=2.675) == 2.67
    assert expr(a=Decimal("2.675")) == Fraction(268, 100)


def test_float_sum_is_correctly_rounded() -> None:
    """`sum` of floats is the float nearest the exact sum, not a running total."""
    expr = compile_expression("sum(m)", names=NAMES)
    assert expr(m=[0.1] * 10) == 1.0
    assert expr(m=[1e308, 1e308, -1e308]) == 1e308
    with pytest.raises(ExpressionArithmeticError, match="sum of 'm' is too large"):
        expr(m=[1e308, 1e308])


@pytest.mark.parametrize(
    ("source", "numbers", "expected"),
    [
        ("sum(m)", [Decimal("0.1"), Decimal("0.2"), 3], Fraction(33, 10)),
        ("mean(m)", [1, 2, 4], Fraction(7, 3)),
        ("min(m)", [3, Fraction(1, 3), Decimal("2.5")], Fraction(1, 3)),
        ("max(m)", [3, Fraction(1, 3), Decimal("2.5")], 3),
        ("len(m)", [5, 5, 5], 3),
        ("sum(m)", [], 0),
        ("len(m)", [], 0),
        ("mean(m)", [1.0, 2.0], 1.5),
    ],
)
def test_aggregates(source: str, numbers: list[object], expected: object) -> None:
    """sum, mean, min, max and len over a list input give the textbook values."""
    assert compile_expression(source, names=NAMES)(m=numbers) == expected


@pytest.mark.parametrize(("function", "word"), [("min", "minimum"), ("max", "maximum"),
                                                 ("mean", "mean")])
def test_aggregates_of_an_empty_list_fail(function: str, word: str) -> None:
    """min, max and mean of an empty list are arithmetic errors that say why."""
    error = _failure(f"1 + {function}(m)", m=[])
    assert f"'m' has no numbers, so it has no {word}" in error.message
    assert error.position == 4


def test_min_and_max_of_numbers() -> None:
    """min and max of two or more numbers pick the least and the greatest."""
    assert compile_expression("min(a, b, c)", names=NAMES)(a=3, b=-1, c=2) == -1
    assert compile_expression("max(a, b)", names=NAMES)(a=0.5, b=0.25) == 0.5


def test_operators_follow_python_precedence() -> None:
    """Precedence and associativity are Python's: -2 ** 2 is -4, 2 ** -1 is a half."""
    assert compile_expression("-a ** 2", names=NAMES)(a=2) == -4
    assert compile_expression("a ** -1", names=NAMES)(a=2) == Fraction(1, 2)
    assert compile_expression("a - b - c", names=NAMES)(a=10, b=3, c=2) == 5
    assert compile_expression("a / b / c", names=NAMES)(a=12, b=3, c=2) == 2
    assert compile_expression("a - (b - c)", names=NAMES)(a=10, b=3, c=2) == 9
    assert compile_expression("a // b * c % 5", names=NAMES)(a=7, b=2, c=4) == 2
    assert compile_expression("not a > 1 or b > 1 and c > 1", names=NAMES)(a=2, b=2, c=2)


def test_floor_division_and_modulo_follow_python_signs() -> None:
    """`//` floors and `%` takes the divisor's sign, as in Python, in both arithmetics."""
    expr = compile_expression("a // b * 10 + a % b", names=NAMES)
    assert expr(a=-7, b=2) == -40 + 1
    assert expr(a=-7.0, b=2.0) == -39.0
    assert compile_expression("a % b", names=NAMES)(a=Fraction(7, 2), b=-1) == Fraction(-1, 2)


def test_conditionals_choose_a_value() -> None:
    """`x if cond else y` gives x when the condition holds, else y."""
    expr = compile_expression("1 if a >= b else 2 if a >= c else 3", names=NAMES)
    assert [expr(a=5, b=4, c=0), expr(a=3, b=4, c=0), expr(a=-1, b=4, c=0)] == [1, 2, 3]


def test_a_long_chain_evaluates_left_to_right() -> None:
    """A chain longer than the generator's chunk size keeps Python's left-to-right order."""
    source = " - ".join(["a"] * 100)
    assert compile_expression(source, names=NAMES)(a=1) == -98
    floats = compile_expression(" + ".join(["a"] * 70) + " - b", names=NAMES)
    expected = 0.0
    for _ in range(70):
        expected += 0.1
    assert floats(a=0.1, b=1.0) == expected - 1.0
