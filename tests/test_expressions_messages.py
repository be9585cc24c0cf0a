"""The exact words and places of the scanner's refusals, as a spec author reads them.

The rejection table in test_expressions_rejections.py checks a fragment of each message;
these check whole messages, so that a message that loses its advice (which bracket to
add, which character to write instead) or points at the wrong place is noticed.
"""

from __future__ import annotations

import pytest

from kpirules.errors import ExpressionError, ExpressionSyntaxError
from kpirules.expressions import Limits, compile_expression

NAMES = {"a": "number", "b": "number"}

MESSAGES = [
    # (source, whole message, position)
    ("(a", "'(' is never closed (add ')')", 0),
    ("[a", "'[' is never closed (add ']')", 0),
    ("{a", "'{' is never closed (add '}')", 0),
    ("((a)", "'(' is never closed (add ')')", 0),
    ("(a + (b", "'(' is never closed (add ')')", 5),
    ("a)", "')' has no matching '('", 1),
    ("a]", "']' has no matching '['", 1),
    ("a}", "'}' has no matching '{'", 1),
    ("(a}", "'}' does not match '('", 2),
    ("[a)", "')' does not match '['", 2),
    ("{a]", "']' does not match '{'", 2),
    ("0x10", "'0x10' is not a number: write numbers in decimal", 0),
    ("a + 0o7", "'0o7' is not a number: write numbers in decimal", 4),
    ("0B1", "'0B1' is not a number: write numbers in decimal", 0),
    ("2J", "'2J' is not a number: imaginary numbers are not allowed", 0),
    ("1e5x", "'1e5x' is not a number: a number is written like 12, 0.95, 1_000 or 1e5", 0),
    ("1__0", "'1__0' is not a number: a number is written like 12, 0.95, 1_000 or 1e5", 0),
    ("a * 007", "'007' is not a number: leave out the leading zeros", 4),
    ("0_1", "'0_1' is not a number: leave out the leading zeros", 0),
    ("1" * 101, f"'{'1' * 20}...' is too long to be a number in an expression", 0),
    ("'a'", "text in quotes is not allowed: an expression works with numbers only", 0),
    ("a + \u201cb\u201d",
     "text in quotes is not allowed: an expression works with numbers only", 4),
    ("a ≤ b", "the character '≤' is not allowed; write <= instead", 2),
    ("a − b", "the character '−' is not allowed; write - (the ASCII minus) instead", 2),
    ("£5", "the character '£' is not allowed; an expression holds plain numbers; the spec "
     "declares the unit", 0),
    ("a \\\n+ b", "the character '\\\\' is not allowed; an expression may span lines "
     "without one", 2),
    ("a ? b", "the character '?' is not allowed in an expression", 2),
    ("", "the expression is empty", None),
    (" \t\n", "the expression is empty", None),
]


@pytest.mark.parametrize(("source", "message", "position"), MESSAGES)
def test_the_scanner_says_what_is_wrong_and_where(
    source: str, message: str, position: int | None
) -> None:
    """Each slip is refused with its whole message, at its place."""
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source, names=NAMES)
    assert caught.value.message == message
    assert caught.value.position == position


@pytest.mark.parametrize("source", ["00", "0", "0.5", "07.5", "1_000", "1e5", "1E-5", ".5",
                                    "5.", "1_0.0_1e1_0"])
def test_plain_decimals_are_numbers(source: str) -> None:
    """Every way Python writes a decimal is accepted, with leading zeros where it allows them."""
    compile_expression(f"a * 0 + {source}", names=NAMES)


def test_a_number_of_100_characters_is_read() -> None:
    """100 characters are within the cap on a number's text; the value limit still applies."""
    with pytest.raises(ExpressionSyntaxError, match="more than 15 decimal places"):
        compile_expression("0." + "1" * 98, names=NAMES)


def test_the_length_limit_names_both_lengths() -> None:
    """Too long a text is refused before anything else, at the first character past the limit."""
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression("a + b" * 2_001, names=NAMES)
    assert caught.value.message == (
        "the expression is 10,005 characters long; the limit is 10,000"
    )
    assert caught.value.position == 10_000
    short = Limits(max_length=5)
    compile_expression("a + b", names=NAMES, limits=short)
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression("a + b ", names=NAMES, limits=short)
    assert caught.value.message == "the expression is 6 characters long; the limit is 5"
    assert caught.value.position == 5


KIND_MESSAGES = [
    # (source, whole message, position): the part of the wrong kind is quoted and pointed at.
    ("2 < (a > 1)", "'a > 1' is a condition (true or false), but a comparison needs a number", 5),
    ("(a > 1) < 2", "'a > 1' is a condition (true or false), but a comparison needs a number", 1),
    ("(a > 1) + 2", "'a > 1' is a condition (true or false), but '+' needs a number", 1),
    ("2 * (a > 1)", "'a > 1' is a condition (true or false), but '*' needs a number", 5),
    ("-(a > 1)", "'a > 1' is a condition (true or false), but '-' needs a number", 2),
    ("(a > 1) ** 2", "'a > 1' is a condition (true or false), but '**' needs a number", 1),
    ("round(a > 1)", "'a > 1' is a condition (true or false), but round() needs a number", 6),
    ("max(a, b > 1)", "'b > 1' is a condition (true or false), but max() needs a number", 7),
    ("a and b > 1", "'a' is a number, but 'and' needs a condition (a comparison such as "
     "value >= target)", 0),
    ("a > 1 or b", "'b' is a number, but 'or' needs a condition (a comparison such as "
     "value >= target)", 9),
    ("a if a else b", "'a' is a number, but the test after 'if' needs a condition (a comparison "
     "such as value >= target)", 5),
    ("a if a > 1 else a > 2", "the two results of 'a if a > 1 else a > 2' must both be numbers "
     "or both be conditions, but 'a' is a number and 'a > 2' is a condition", 0),
    ("a > 2 if a > 1 else a", "the two results of 'a > 2 if a > 1 else a' must both be numbers "
     "or both be conditions, but 'a > 2' is a condition and 'a' is a number", 0),
    ("a + m", "'m' is a list of numbers; use it inside sum(), mean(), min(), max() or len()", 4),
    ("sum(a)", "sum() takes a list of numbers, like sum(months); 'a' is not a list", 0),
    ("len(a, b)", "len() is used like len(months)", 0),
    ("max(m, a)", "'m' is a list of numbers; max() takes a list only on its own, like max(m)", 4),
    ("round(a, 1, 2)", "round() is used like round(x) or round(x, 2)", 0),
    ("abs(a, b)", "abs() is used like abs(x)", 0),
    ("max(a)", "max() is used like max(a, b, ...) or max(months)", 0),
    ("a(1)", "'a' is an input, not a function", 0),
    ("max(a, b)(1)", "'max(a, b)(1)': only the functions abs, len, max, mean, min, round and "
     "sum can be called", 0),
    ("1 + a ** b", "the power in 'a ** b' must be a whole number from -8 to 8 written as a "
     "number, such as x ** 2", 9),
    ("round(a, 1.5)", "the second argument of round() is a number of decimal places: a whole "
     "number from -15 to 15 such as round(x, 1)", 9),
    ("a b", "not a valid expression: invalid syntax", 0),
    # A quoted part of 40 characters is shown whole; a longer one, its first 37 and '...'.
    ("2 * (a + a + a + a + a + a + a + a + 10 > 100)",
     "'a + a + a + a + a + a + a + a + 10 > 100' is a condition (true or false), but '*' "
     "needs a number", 5),
    ("2 * (a + a + a + a + a + a + a + a + 10 > 1000)",
     "'a + a + a + a + a + a + a + a + 10 > ...' is a condition (true or false), but '*' "
     "needs a number", 5),
]


@pytest.mark.parametrize(("source", "message", "position"), KIND_MESSAGES)
def test_a_part_of_the_wrong_kind_is_named(
    source: str, message: str, position: int
) -> None:
    """Numbers, conditions and lists each go only where they fit, and the message says which."""
    names = {"a": "number", "b": "number", "m": "numbers"}
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, names=names)
    assert caught.value.message == message
    assert caught.value.position == position


@pytest.mark.parametrize(
    ("source", "message", "position"),
    [
        ("a + b.x + a[0]", "'b.x': attribute access is not allowed", 5),
        ("a[0] + b.x", "'a[0]': indexing with [...] is not allowed", 1),
        ("-(a.x) * b[0] + (b[1])", "'a.x': attribute access is not allowed", 3),
    ],
)
def test_of_several_refused_parts_the_leftmost_is_reported(
    source: str, message: str, position: int
) -> None:
    """The walk meets parts right to left, but the author reads left to right."""
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source, names=NAMES)
    assert (caught.value.message, caught.value.position) == (message, position)
