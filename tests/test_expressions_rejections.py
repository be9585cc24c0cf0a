"""What the language refuses at compile time, with the message and position an author sees."""

from __future__ import annotations

import tracemalloc

import pytest

from kpirules.errors import (
    ExpressionError,
    ExpressionNameError,
    ExpressionSyntaxError,
    ExpressionTypeError,
)
from kpirules.expressions import Limits, compile_expression

NAMES = {"value": "number", "target": "number", "months": "numbers"}

REFUSED = [
    # (source, error class, fragment of the message, position)
    ("value.__class__", ExpressionSyntaxError,
     "'value.__class__': attribute access is not allowed", 5),
    ("months[0]", ExpressionSyntaxError, "indexing with [...] is not allowed", 6),
    ("value +", ExpressionSyntaxError, "not a valid expression", 6),
    ("", ExpressionSyntaxError, "the expression is empty", None),
    ("   \n ", ExpressionSyntaxError, "the expression is empty", None),
    ("'text'", ExpressionSyntaxError, "text in quotes is not allowed", 0),
    ("value # note", ExpressionSyntaxError, "comments belong in the YAML", 6),
    ("value ≥ target", ExpressionSyntaxError, "write >= instead", 6),
    ("value × 2", ExpressionSyntaxError, "write * instead", 6),
    ("value\r+ 1", ExpressionSyntaxError, "the character '\\r' is not allowed", 5),
    ("ｖalue", ExpressionSyntaxError, "is not allowed in an expression", 0),
    ("(value", ExpressionSyntaxError, "'(' is never closed", 0),
    ("value)", ExpressionSyntaxError, "')' has no matching '('", 5),
    ("(value]", ExpressionSyntaxError, "']' does not match '('", 6),
    ("0x1F", ExpressionSyntaxError, "write numbers in decimal", 0),
    ("2j", ExpressionSyntaxError, "imaginary numbers are not allowed", 0),
    ("007", ExpressionSyntaxError, "leave out the leading zeros", 0),
    ("1,000", ExpressionSyntaxError, "separated by commas", 0),
    ("1e16", ExpressionSyntaxError, "is too large", 0),
    ("1e999", ExpressionSyntaxError, "is too large", 0),
    ("value * 0.0000000000000001", ExpressionSyntaxError, "more than 15 decimal places", 8),
    ("True", ExpressionSyntaxError, "write a condition", 0),
    ("None", ExpressionSyntaxError, "every input is a number", 0),
    ("value ** target", ExpressionSyntaxError, "must be a whole number from -8 to 8", 9),
    ("value ** 9", ExpressionSyntaxError, "must be a whole number from -8 to 8", 9),
    ("value ** 0.5", ExpressionSyntaxError, "must be a whole number", 9),
    ("round(value, target)", ExpressionSyntaxError, "number of decimal places", 13),
    ("round(value, 16)", ExpressionSyntaxError, "number of decimal places", 13),
    ("value & target", ExpressionSyntaxError, "write 'and'", 6),
    ("value | target", ExpressionSyntaxError, "write 'or'", 6),
    ("value ^ 2", ExpressionSyntaxError, "for a power write '**'", 6),
    ("~value", ExpressionSyntaxError, "'~' is not allowed", 0),
    ("value in months", ExpressionSyntaxError, "'in' is not allowed", 6),
    ("value is target", ExpressionSyntaxError, "to compare numbers write '=='", 6),
    ("lambda: 0", ExpressionSyntaxError, "lambda", 0),
    ("[x for x in months]", ExpressionSyntaxError, "comprehensions", 0),
    ("(x := 1)", ExpressionSyntaxError, "assignment", 1),
    ("max(*months)", ExpressionSyntaxError, "unpacking with '*'", 4),
    ("round(value, ndigits=2)", ExpressionSyntaxError, "keyword arguments", 13),
    ("max(value)(1)", ExpressionSyntaxError, "only the functions", 0),
    ("valeu + 1", ExpressionNameError, "unknown name 'valeu'", 0),
    ("__import__", ExpressionNameError, "unknown name '__import__'", 0),
    ("sqrt(value)", ExpressionNameError, "unknown function 'sqrt'; the functions are", 0),
    ("value(2)", ExpressionTypeError, "'value' is an input, not a function", 0),
    ("sum + 1", ExpressionTypeError, "'sum' is a function", 0),
    ("months + 1", ExpressionTypeError,
     "'months' is a list of numbers; use it inside sum(), mean(), min(), max() or len()", 0),
    ("months", ExpressionTypeError, "is a list of numbers", 0),
    ("value if months else 1", ExpressionTypeError, "is a list of numbers", 9),
    ("abs(months)", ExpressionTypeError, "is a list of numbers", 4),
    ("max(months, value)", ExpressionTypeError, "takes a list only on its own", 4),
    ("sum(value)", ExpressionTypeError, "'value' is not a list", 0),
    ("sum(months, months)", ExpressionTypeError, "sum() is used like sum(months)", 0),
    ("min(value)", ExpressionTypeError, "min() is used like", 0),
    ("abs()", ExpressionTypeError, "abs() is used like abs(x)", 0),
    ("round()", ExpressionTypeError, "round() is used like", 0),
    ("value > 1 + 2", ExpressionTypeError, None, None),
    ("(value > 1) + 2", ExpressionTypeError, "is a condition (true or false), but '+' needs", 1),
    ("value and target", ExpressionTypeError, "'value' is a number, but 'and' needs", 0),
    ("not value", ExpressionTypeError, "but 'not' needs a condition", 4),
    ("1 if value else 2", ExpressionTypeError, "the test after 'if' needs a condition", 5),
    ("1 if value > 0 else value > 1", ExpressionTypeError, "both be numbers or both be", 0),
    ("(value > 1) < 2", ExpressionTypeError, "but a comparison needs a number", 1),
]


@pytest.mark.parametrize(("source", "error", "fragment", "position"), REFUSED)
def test_refused_with_a_message_and_position(
    source: str, error: type[ExpressionError], fragment: str | None, position: int | None
) -> None:
    """Each refused expression raises its error class, a message saying why, at its place."""
    if fragment is None:
        compile_expression(source, names=NAMES)
        return
    with pytest.raises(error) as caught:
        compile_expression(source, names=NAMES)
    assert fragment in caught.value.message
    assert caught.value.position == position
    assert caught.value.expression == source


def test_an_unknown_name_suggests_the_nearest_declared_name() -> None:
    """`valeu` is met with "did you mean 'value'?"."""
    with pytest.raises(ExpressionNameError) as caught:
        compile_expression("valeu >= target", names=NAMES)
    assert caught.value.suggestion == "value"
    assert "unknown name 'valeu' (did you mean 'value'?)" in str(caught.value)


def test_an_unknown_function_suggests_the_nearest_function() -> None:
    """`maxx(...)` is met with "did you mean 'max'?"."""
    with pytest.raises(ExpressionNameError) as caught:
        compile_expression("maxx(value, target)", names=NAMES)
    assert caught.value.suggestion == "max"


def test_a_sum_of_400_named_terms_passes_and_evaluates() -> None:
    """A sum written out over 400 inputs compiles and adds up exactly."""
    names = {f"m{i}": "number" for i in range(1, 401)}
    expr = compile_expression(" + ".join(names), names=names)
    assert expr(**{name: i for i, name in enumerate(names, start=1)}) == 400 * 401 // 2
    assert expr(**{name: 0.5 for name in names}) == 200.0


def test_aggregates_of_a_long_list_pass() -> None:
    """`sum(months)` weighs the same however long the list is."""
    expr = compile_expression("sum(months) / len(months)", names=NAMES)
    assert expr(months=range(10_000)) == 9999 / 2


@pytest.mark.parametrize(
    "source",
    [
        "(" * 10_000 + "1" + ")" * 10_000,
        "(" * 4_999 + "1" + ")" * 4_999,
        "-(" * 3_000 + "1" + ")" * 3_000,
        "-" * 9_999 + "1",
        "not " * 2_498 + "value",
        "value if value > 0 else " * 400 + "value",
        "abs(" * 1_999 + "1" + ")" * 1_999,
        "2 ** " * 1_900 + "2",
    ],
)
def test_deep_nesting_is_refused_quickly(source: str) -> None:
    """Ten thousand levels of brackets, signs, negations or conditionals are refused at once."""
    tracemalloc.start()
    try:
        with pytest.raises(ExpressionSyntaxError, match=r"characters long|too deeply"):
            compile_expression(source, names=NAMES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Refused before Python's parser builds a tree ten thousand levels deep. Time is
    # watched by benchmarks/bench_adversarial.py, never asserted.
    assert peak < 5_000_000


@pytest.mark.parametrize(
    ("source", "limits", "fragment"),
    [
        ("value + 1", Limits(max_length=5), "the limit is 5"),
        ("(((value)))", Limits(max_depth=2), "nested too deeply"),
        ("-(-(value))", Limits(max_depth=2), "nested too deeply"),
        ("value + target + value", Limits(max_operands=2), "more than 2 numbers and names"),
        ("value + target + value", Limits(max_nodes=4), "more than 4 parts"),
        ("value * target * value", Limits(max_weight=2), "could grow too large"),
        ("value ** 3", Limits(max_weight=2), "could grow too large"),
        ("value * value + value", Limits(max_total_weight=5), "too large to compute exactly"),
    ],
)
def test_every_limit_can_be_tightened(source: str, limits: Limits, fragment: str) -> None:
    """Each field of Limits refuses an expression that passes the defaults."""
    compile_expression(source, names=NAMES)
    with pytest.raises(ExpressionSyntaxError, match=fragment):
        compile_expression(source, names=NAMES, limits=limits)


def test_the_weight_limit_counts_powers_and_products() -> None:
    """`(a*...*a) ** 8` passes while it weighs at most 500 and is refused beyond."""
    names = {"a": "number"}
    compile_expression("(" + " * ".join(["a"] * 62) + ") ** 8", names=names)
    with pytest.raises(ExpressionSyntaxError, match="could grow too large"):
        compile_expression("(" + " * ".join(["a"] * 63) + ") ** 8", names=names)
    with pytest.raises(ExpressionSyntaxError, match="could grow too large"):
        compile_expression("((a ** 8) ** 8) ** 8", names=names)


def test_too_many_declared_names_are_refused() -> None:
    """More declared names than `max_names` is an error, before the text is read."""
    with pytest.raises(ExpressionNameError, match="too many input names"):
        compile_expression("1", names={f"x{i}": "number" for i in range(11)},
                           limits=Limits(max_names=10))
