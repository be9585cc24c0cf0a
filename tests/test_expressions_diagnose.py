"""Where a failed evaluation is reported: the replay that finds the failing operation.

Generated code says only that an evaluation failed; the replay evaluates the tree again,
step by step, and names the first operation that failed. These examples are built so
that the replay gets the place right only if it follows the evaluation exactly: it must
skip what `and`, `or`, conditionals and comparison chains skip, give signs, negative
powers and `round` places their values, and divide exactly where the inputs are exact.
Every expected message quotes the source, and every position is counted by hand (0-based,
the operator that failed; a function's name for a call).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kpirules.errors import ExpressionArithmeticError
from kpirules.expressions import compile_expression

NAMES = {name: "number" for name in ("a", "b", "c", "d", "e")} | {"m": "numbers"}

CASES = [
    # (source, inputs, message, position)
    # A sign: b - -c is 1 - 1 = 0 only if the replay negates c.
    ("a / (b - -c)", {"a": 1, "b": 1, "c": -1}, "division by zero: 'b - -c' is 0", 2),
    ("a / (b - -c)", {"a": 1.0, "b": 1.0, "c": -1.0}, "division by zero: 'b - -c' is 0", 2),
    ("a / (b - +c)", {"a": 1, "b": -1, "c": -1}, "division by zero: 'b - +c' is 0", 2),
    # Exact division: 1/49 * 49 - 1 is 0 exactly, but not in floats.
    ("1 / (a / b * b - 1)", {"a": 1, "b": 49}, "division by zero: 'a / b * b - 1' is 0", 2),
    # A negative power of an exact number is exact: 49 ** -1 * 49 - 1 is 0.
    ("1 / (a ** -1 * 49 - 1)", {"a": 49},
     "division by zero: 'a ** -1 * 49 - 1' is 0", 2),
    ("1 / (a ** -2 * 4 - 1)", {"a": 2}, "division by zero: 'a ** -2 * 4 - 1' is 0", 2),
    # 0 ** 0 is 1, and a negative power of a number other than 0 is fine: the failure
    # is the division after it.
    ("a ** 0 + 1 / b", {"a": 0, "b": 0}, "division by zero: 'b' is 0", 11),
    ("a ** -1 + 1 / b", {"a": 2, "b": 0}, "division by zero: 'b' is 0", 12),
    ("a ** -1 + 1 / b", {"a": 0, "b": 0}, "'a ** -1': 0 cannot be raised to a negative power", 2),
    ("a ** -1 + 1 / b", {"a": 0.0, "b": 0.0},
     "'a ** -1': 0 cannot be raised to a negative power", 2),
    # `or` stops at the first true value, `and` at the first false one.
    ("(a > 0 or 1 / b > 1) and 1 / c > 0", {"a": 1, "b": 0, "c": 0},
     "division by zero: 'c' is 0", 27),
    ("(a > 0 or 1 / b > 1) and 1 / c > 0", {"a": -1, "b": 0, "c": 0},
     "division by zero: 'b' is 0", 12),
    ("(a < 0 and 1 / b > 1) or 1 / c > 0", {"a": 1, "b": 0, "c": 0},
     "division by zero: 'c' is 0", 27),
    ("(a < 0 and 1 / b > 1) or 1 / c > 0", {"a": -1, "b": 0, "c": 0},
     "division by zero: 'b' is 0", 13),
    ("a > 0 and b > 0 and 1 / c > 0", {"a": 1, "b": 1, "c": 0},
     "division by zero: 'c' is 0", 22),
    ("a > 0 or b > 0 or 1 / c > 0", {"a": -1, "b": -1, "c": 0},
     "division by zero: 'c' is 0", 20),
    # A conditional evaluates one branch; a chain stops at its first false link.
    ("1 / d if a < b < c else 1 / e", {"a": 1, "b": 2, "c": 3, "d": 0, "e": 0},
     "division by zero: 'd' is 0", 2),
    ("1 / d if a < b < c else 1 / e", {"a": 1, "b": 5, "c": 3, "d": 0, "e": 0},
     "division by zero: 'e' is 0", 26),
    ("1 / d if a < b < c else 1 / e", {"a": 4, "b": 5, "c": 6, "d": 0, "e": 0},
     "division by zero: 'd' is 0", 2),
    ("1 / d if a < b < c else 1 / e", {"a": 7, "b": 5, "c": 6, "d": 0, "e": 0},
     "division by zero: 'e' is 0", 26),
    ("1 / d if a == b != c else 1 / e", {"a": 1, "b": 1, "c": 2, "d": 0, "e": 0},
     "division by zero: 'd' is 0", 2),
    ("1 / d if a <= b >= c else 1 / e", {"a": 1, "b": 1, "c": 1, "d": 0, "e": 0},
     "division by zero: 'd' is 0", 2),
    ("1 / d if not a > b else 1 / e", {"a": 1, "b": 2, "d": 0, "e": 0},
     "division by zero: 'd' is 0", 2),
    ("1 / d if not a > b else 1 / e", {"a": 3, "b": 2, "d": 0, "e": 0},
     "division by zero: 'e' is 0", 26),
    # round's places: round(0.25, 1) is 0.3 (half away from zero); without the places
    # it would be 0.
    ("1 / (round(a, 1) - b)", {"a": Decimal("0.25"), "b": Decimal("0.3")},
     "division by zero: 'round(a, 1) - b' is 0", 2),
    ("1 / (round(a, -1) - b)", {"a": 25, "b": 30},
     "division by zero: 'round(a, -1) - b' is 0", 2),
    ("1 / (round(a) - b)", {"a": Fraction(5, 2), "b": 3},
     "division by zero: 'round(a) - b' is 0", 2),
    ("1 / (round(a, 1) - b)", {"a": 0.25, "b": 0.3},
     "division by zero: 'round(a, 1) - b' is 0", 2),
    # min, max and abs of numbers, and aggregates of a list.
    ("1 / (max(a, b) - c)", {"a": 1, "b": 2, "c": 2}, "division by zero: 'max(a, b) - c' is 0", 2),
    ("1 / (min(a, b) - c)", {"a": 1, "b": 2, "c": 1}, "division by zero: 'min(a, b) - c' is 0", 2),
    ("1 / (abs(a) - c)", {"a": -2, "c": 2}, "division by zero: 'abs(a) - c' is 0", 2),
    ("1 / (sum(m) - 6)", {"m": [1, 2, 3]}, "division by zero: 'sum(m) - 6' is 0", 2),
    ("1 / (mean(m) - 2)", {"m": [1, 2, 3]}, "division by zero: 'mean(m) - 2' is 0", 2),
    ("1 / (len(m) - 3)", {"m": [1, 2, 3]}, "division by zero: 'len(m) - 3' is 0", 2),
    ("1 / (min(m) - 1)", {"m": [3, 1, 2]}, "division by zero: 'min(m) - 1' is 0", 2),
    ("1 / (max(m) - 3)", {"m": [3, 1, 2]}, "division by zero: 'max(m) - 3' is 0", 2),
    ("1 / (sum(m) - 0.75)", {"m": [0.25, 0.5]}, "division by zero: 'sum(m) - 0.75' is 0", 2),
    ("1 / (mean(m) - 0.5)", {"m": [0.25, 0.75]}, "division by zero: 'mean(m) - 0.5' is 0", 2),
    ("1 / (max(m) - 0.75)", {"m": [0.25, 0.75]}, "division by zero: 'max(m) - 0.75' is 0", 2),
    # Overflow: the quoted part runs from the chain's start to the failing operand.
    ("a * b * c", {"a": 1e200, "b": 1e200, "c": 1.0}, "'a * b' is too large to compute", 2),
    ("c + a * b", {"a": 1e200, "b": 1e200, "c": 1.0}, "'a * b' is too large to compute", 6),
    ("a ** 8", {"a": 1e300}, "'a ** 8' is too large to compute", 2),
    ("-(a * b)", {"a": 1e200, "b": 1e200}, "'a * b' is too large to compute", 4),
    ("1 + mean(m)", {"m": [1e308, 1e308]}, "the mean of 'm' is too large to compute", 4),
    ("1 + sum(m)", {"m": [1e308, 1e308]}, "the sum of 'm' is too large to compute", 4),
    ("1 + a ** 8", {"a": 1e300}, "'a ** 8' is too large to compute", 6),
    ("b + a ** 8 + 1", {"a": 1e300, "b": 1.0}, "'a ** 8' is too large to compute", 6),
    ("1 + a ** -1", {"a": 0}, "'a ** -1': 0 cannot be raised to a negative power", 6),
    # 3 ** -2 is a ninth (not 3 * 2); number literals keep their exact value: 0.3 - 0.1 -
    # 0.2 is 0 exactly, though not in floats.
    ("1 / (a ** -2 * 9 - 1)", {"a": 3}, "division by zero: 'a ** -2 * 9 - 1' is 0", 2),
    ("1 / (a - 0.1 - 0.2)", {"a": Decimal("0.3")}, "division by zero: 'a - 0.1 - 0.2' is 0", 2),
    ("1 / (round(a, 1) - b - c)", {"a": Decimal("0.3"), "b": Decimal("0.1"),
                                   "c": Decimal("0.2")},
     "division by zero: 'round(a, 1) - b - c' is 0", 2),
    # `and` of all-true values is true, `or` of all-false values false.
    ("1 / d if a > 0 and b > 0 else 1 / e", {"a": 1, "b": 1, "d": 0, "e": 0},
     "division by zero: 'd' is 0", 2),
    ("1 / d if a > 0 or b > 0 else 1 / e", {"a": -1, "b": -1, "d": 0, "e": 0},
     "division by zero: 'e' is 0", 31),
    # Modulo and floor division by zero, exactly and in floats.
    ("a % (b - c)", {"a": 1, "b": 2, "c": 2}, "division by zero: 'b - c' is 0", 2),
    ("a // (b - c)", {"a": 1.5, "b": 2.0, "c": 2.0}, "division by zero: 'b - c' is 0", 2),
    # An empty list has no minimum, maximum or mean (its sum and length are 0).
    ("1 / len(m) + min(m)", {"m": []}, "division by zero: 'len(m)' is 0", 2),
    ("max(m) + 1", {"m": []}, "'m' has no numbers, so it has no maximum", 0),
]


@pytest.mark.parametrize(("source", "inputs", "message", "position"), CASES)
def test_the_failing_operation_is_found(
    source: str, inputs: dict[str, object], message: str, position: int
) -> None:
    """The error names the operation that failed first, at its place in the source."""
    expr = compile_expression(source, names=NAMES)
    with pytest.raises(ExpressionArithmeticError) as caught:
        expr(**inputs)
    assert caught.value.message == message
    assert caught.value.position == position
    assert caught.value.expression == source


@pytest.mark.parametrize(("source", "inputs", "message", "position"), CASES)
def test_map_reports_the_same_failure_in_the_row(
    source: str, inputs: dict[str, object], message: str, position: int
) -> None:
    """A batch puts the same error in the failing row, and evaluates the rows around it."""
    expr = compile_expression(source, names=NAMES)
    columns = {name: [value, value] for name, value in inputs.items()}
    first, second = expr.map(**columns)
    for error in (first, second):
        assert isinstance(error, ExpressionArithmeticError)
        assert (error.message, error.position) == (message, position)
