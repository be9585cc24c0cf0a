"""The exact words and places of the scanner's refusals, as a spec author reads them.

The rejection table in test_expressions_rejections.py checks a fragment of each message;
these check whole messages, so that a message that loses its advice (which bracket to
add, which character to write instead) or points at the wrong place is noticed.
"""

from __future__ import annotations

import pytest

from kpirules.errors import ExpressionSyntaxError
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
    ("a + \u201cb\u201d", "text in quotes is not allowed: an expression works with numbers only", 4),
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
    """Every way Python writes a decimal is accepted, leading zeros included where it allows them."""
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
