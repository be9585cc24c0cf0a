"""Each limit at its exact boundary: nesting, operands, nodes, weight, and Limits itself.

Two checks count nesting. The scanner reads the raw text before Python's parser sees
it and counts, at each token: open brackets, plus the conditionals (`if`) and the run
of `**` inside each open bracket, plus the run of signs (`-`, `+`, `not`) just read;
a binary operator ends a run of `**`, and an operand ends a run of signs. The parser
then counts levels of the tree: the whole expression is level 1, each part one level
below the thing it belongs to, except that the left side of a chain of one precedence
level (`a + b - c`) stays at its chain's level; brackets add nothing.

Each case gives the smallest `max_depth` that admits the expression, counted by hand
with those rules, and where the refusal points one level below it: at the token where
the scanner's count passed the limit, or at the first part of the tree (right to left)
below the limit.
"""

from __future__ import annotations

import pytest

from kpirules.errors import ExpressionSyntaxError
from kpirules.expressions import Limits, compile_expression

NAMES = {"a": "number", "b": "number"}
TOO_DEEP = "nested too deeply: more than {} levels"

DEPTHS = [
    # (source, smallest max_depth admitted, position refused at one less)
    # Brackets: 4 open at the fourth '(' (scanner); the tree is one name.
    ("((((a))))", 4, 3),
    # Signs: a run of 4 (scanner: 4); the tree is 4 signs above the name (parser: 5).
    ("----a", 5, 4),
    ("+-+-a", 5, 4),
    # 'not' is a sign too: 3 of them, over a comparison over its two names (parser 5).
    ("not not not a > b", 5, 16),
    # Brackets and signs add up in the scanner: 4 + 2 at the second '-'.
    ("((((--a))))", 6, 5),
    # A power inside brackets: 4 + 1 at '**'.
    ("((((a ** 2))))", 5, 6),
    # Two powers in a sum: the '+' ends the run of '**', so each counts alone: 2 + 1.
    ("((a ** 2 + a ** 2 + a ** 2))", 3, 4),
    # After '+', a run of '**' starts again at 0; a '+' also ends no run of signs it
    # did not start: 4 brackets + 1 at '**'.
    ("((((a + a + a ** 2))))", 5, 14),
    ("((((a - a))))", 4, 3),
    ("((((1 - 1))))", 4, 3),
    # A binary '-' then two signs: 2 brackets + 2 signs at the second sign (and the
    # tree is 4 deep too); brackets already closed count no more.
    ("((a - - - a))", 4, 8),
    ("((1 - - - 1))", 4, 8),
    ("((((a)) - - - a))", 4, 3),
    # Conditionals inside brackets: 4 + 1 at 'if', 4 + 2 at the second 'if'.
    ("((((a if a > b else b))))", 5, 6),
    ("((((a if a > b else b if a > b else b))))", 6, 22),
    # Closing a bracket takes away what was counted inside it: each group alone is
    # 1 + 1 (scanner), and the tree is 4 deep (sum, conditional, comparison, name).
    ("(a if a > b else b) + (a if a > b else b) + (a if a > b else b)", 4, 54),
    ("(a if a > b else b if a > b else b) + (a if a > b else b if a > b else b)"
     " + (a if a > b else b if a > b else b) + (a if a > b else b if a > b else b)", 5, 140),
    ("(a ** 2) + (a ** 2) + (a ** 2) + (a ** 2)", 3, 39),
    # A closed conditional counts no more: 5 brackets after it need 5 (the tree is 4).
    ("(a if a > b else b) + (((((a)))))", 5, 26),
    # A power is no chain: its left side is a level below it, as its right side is.
    ("(-a) ** 2", 3, 2),
    # A product on the left of a sum is another level, and its sign one more: 4 at 'a'.
    ("(-a) * b + a", 4, 2),
    # Brackets closed before others open: 1, then 4.
    ("(a) + ((((a))))", 4, 9),
    ("a + ((((a))))", 4, 7),
    ("(a + b) * ((((a))))", 4, 13),
]


@pytest.mark.parametrize(("source", "smallest", "position"), DEPTHS)
def test_the_depth_limit_admits_exactly_its_depth(
    source: str, smallest: int, position: int
) -> None:
    """An expression passes at its depth and is refused, at its place, one level below."""
    compile_expression(source, names=NAMES, limits=Limits(max_depth=smallest))
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source, names=NAMES, limits=Limits(max_depth=smallest - 1))
    assert caught.value.message == (
        f"the expression is {TOO_DEEP.format(smallest - 1)} of brackets, conditionals and signs"
    )
    assert caught.value.position == position


def test_a_closed_run_of_powers_is_not_counted_again() -> None:
    """`(2 ** 2 ** 2)` counts 3 while open and nothing once closed.

    So four brackets after it fit a limit of 4 (as does the tree, 4 deep: the sum, the
    outer power, the inner power, its numbers), and the parser is the one to refuse the
    power, as its exponent is not a number written in the source.
    """
    source = "(2 ** 2 ** 2) + ((((a))))"
    with pytest.raises(ExpressionSyntaxError, match="must be a whole number"):
        compile_expression(source, names=NAMES, limits=Limits(max_depth=4))
    with pytest.raises(ExpressionSyntaxError, match="nested too deeply") as caught:
        compile_expression(source, names=NAMES, limits=Limits(max_depth=3))
    assert caught.value.position == 19


OPERANDS = [
    # (source, operands, position of the first operand past a limit one less)
    ("a + b + 1", 3, 8),
    ("1 + 2 + 3 + 4", 4, 12),
    # 'if', 'else', 'and', 'or' and 'not' are not operands; names and numbers are.
    ("a if a > b else b", 4, 16),
    ("not a > 1 and b < 2 or a == b", 6, 28),
    # A function's name is a name.
    ("max(a, b, 1)", 4, 10),
    # Brackets and signs are not operands either.
    ("-(a) + (-b)", 2, 9),
]


@pytest.mark.parametrize(("source", "count", "position"), OPERANDS)
def test_the_operand_limit_counts_numbers_and_names(
    source: str, count: int, position: int
) -> None:
    """An expression with n numbers and names passes a limit of n and not of n - 1."""
    compile_expression(source, names=NAMES, limits=Limits(max_operands=count))
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source, names=NAMES, limits=Limits(max_operands=count - 1))
    assert caught.value.message == f"the expression has more than {count - 1} numbers and names"
    assert caught.value.position == position


def test_true_false_and_none_are_counted_as_operands() -> None:
    """The scanner counts `True`, `False` and `None` as operands (the parser then refuses them)."""
    with pytest.raises(ExpressionSyntaxError, match="more than 1 numbers and names"):
        compile_expression("a + None", names=NAMES, limits=Limits(max_operands=1))
    with pytest.raises(ExpressionSyntaxError, match="more than 1 numbers and names"):
        compile_expression("True or False", names=NAMES, limits=Limits(max_operands=1))
    with pytest.raises(ExpressionSyntaxError, match="'None' is not allowed"):
        compile_expression("a + None", names=NAMES, limits=Limits(max_operands=2))


def test_the_node_limit_admits_exactly_its_count() -> None:
    """`a + b + a` is 5 nodes (two sums, three names); `max(a, b)` is 4 (the call, its name,
    two arguments)."""
    for source, nodes in (("a + b + a", 5), ("max(a, b)", 4), ("-a", 2)):
        compile_expression(source, names=NAMES, limits=Limits(max_nodes=nodes))
        with pytest.raises(ExpressionSyntaxError) as caught:
            compile_expression(source, names=NAMES, limits=Limits(max_nodes=nodes - 1))
        assert caught.value.message == (
            f"the expression is too large: more than {nodes - 1} parts"
        )
        assert caught.value.position is None
        assert caught.value.expression == source


def test_the_weight_limit_quotes_the_part_that_grew_too_heavy() -> None:
    """The message quotes the heaviest part from its start (40 characters whole, else 37 and
    '...') and points at it."""
    names = {"a" * 16: "number", "a" * 17: "number", "b" * 17: "number", "c": "number"}
    light = "aaaaaaaaaaaaaaaa * bbbbbbbbbbbbbbbbb * c"
    heavy = "aaaaaaaaaaaaaaaaa * bbbbbbbbbbbbbbbbb * c"
    assert (len(light), len(heavy)) == (40, 41)
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(f"1 + {light}", names=names, limits=Limits(max_weight=2))
    assert caught.value.message == (
        f"'{light}' could grow too large to compute exactly: it combines the equivalent of "
        "3 numbers, and the limit is 2"
    )
    assert caught.value.position == 4
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(f"1 + {heavy}", names=names, limits=Limits(max_weight=2))
    assert caught.value.message.startswith(
        "'aaaaaaaaaaaaaaaaa * bbbbbbbbbbbbbbbbb...' could grow too large"
    )


@pytest.mark.parametrize(
    ("source", "weight"),
    [
        # Each number or name weighs 1, and a chain adds its parts: 1, then 2, then 3.
        ("a * b * a", 3),
        ("a + 1", 2),
        # a ** k weighs k times a; a negative power as much as a positive one; ** 0 counts 1.
        ("(a * b) ** 3", 6),
        ("(a * b) ** -3", 6),
        ("a ** 0 * b", 2),
        # sum and mean of a list weigh 2; len, and min or max of a list, 1.
        ("sum(m) * mean(m)", 4),
        ("len(m) * min(m) * max(m)", 3),
        # round adds 1; abs keeps the weight; min and max of numbers weigh the heaviest.
        ("round(a * b, 1)", 3),
        ("abs(a * b)", 2),
        ("max(a * b, a, b * b * b)", 3),
        # A conditional weighs its heavier branch; a comparison weighs nothing itself.
        ("(a * b if a > b * b * b else a) * b", 3),
        ("-(a * b)", 2),
    ],
)
def test_weights_follow_the_documented_rules(source: str, weight: int) -> None:
    """The weight of the heaviest part, counted by the rules in Limits' docs, is the least
    `max_weight` that admits it."""
    names = {"a": "number", "b": "number", "m": "numbers"}
    compile_expression(source, names=names, limits=Limits(max_weight=weight))
    with pytest.raises(ExpressionSyntaxError, match=f"equivalent of {weight} numbers"):
        compile_expression(source, names=names, limits=Limits(max_weight=weight - 1))


def test_the_total_weight_adds_every_part() -> None:
    """`a * b + a` totals 1 + 1 + 2 (the product) + 1 + 3 (the sum) = 8; a comparison adds the
    weights it compares (`a > b`: 1 + 1, then 2 for comparing)."""
    for source, total in (("a * b + a", 8), ("a > b", 4), ("a > b and a < 1", 8)):
        compile_expression(source, names=NAMES, limits=Limits(max_total_weight=total))
        with pytest.raises(ExpressionSyntaxError) as caught:
            compile_expression(source, names=NAMES, limits=Limits(max_total_weight=total - 1))
        assert caught.value.message == (
            "the expression is too large to compute exactly: its parts together combine "
            f"the equivalent of {total:,} numbers, and the limit is {total - 1:,}"
        )
        assert caught.value.position is None


@pytest.mark.parametrize(
    ("field", "ceiling"), [("max_depth", 100), ("max_operands", 2_000), ("max_length", 100_000)]
)
def test_limits_have_ceilings_whatever_the_caller_asks(field: str, ceiling: int) -> None:
    """A ceiling itself is allowed; one more is refused, naming the field and the ceiling."""
    assert getattr(Limits(**{field: ceiling}), field) == ceiling
    with pytest.raises(ValueError, match="must be at most") as caught:
        Limits(**{field: ceiling + 1})
    assert str(caught.value) == f"Limits.{field} must be at most {ceiling}"


@pytest.mark.parametrize("value", [0, -1, True, 2.0, "5"])
def test_limits_are_positive_ints(value: object) -> None:
    """Zero, negatives, booleans, floats and text are refused for any field."""
    with pytest.raises(ValueError, match="positive int") as caught:
        Limits(max_nodes=value)  # type: ignore[arg-type]
    assert str(caught.value) == f"Limits.max_nodes must be a positive int, not {value!r}"


def test_a_sign_after_a_closing_bracket_is_an_operator() -> None:
    """In `a ** (a) - ...` the '-' follows an operand, so it ends the run of '**'.

    Counted: 2 brackets, 1 for the first '**', 1 for the bracket after it (4); then the
    '-' resets the run, and `a ** 2 ** 2` reaches 2 + 2 = 4 again. The tree is 4 deep
    too, so a limit of 4 leaves the refusal to the conversion: `(a)` is no exponent.
    """
    source = "((a ** (a) - a ** 2 ** 2))"
    with pytest.raises(ExpressionSyntaxError) as caught:
        compile_expression(source, names=NAMES, limits=Limits(max_depth=4))
    assert caught.value.message.startswith("the power in 'a ** (a)' must be a whole number")


def test_a_tilde_is_always_counted_as_a_sign() -> None:
    """'~' is refused by the parser, but the scanner counts it as a sign wherever it is."""
    for source, position in (("((((~a))))", 4), ("((((a ~ a))))", 6)):
        with pytest.raises(ExpressionSyntaxError) as caught:
            compile_expression(source, names=NAMES, limits=Limits(max_depth=4))
        assert caught.value.message.startswith("the expression is nested too deeply")
        assert caught.value.position == position
    with pytest.raises(ExpressionSyntaxError, match="'~' is not allowed"):
        compile_expression("((((~a))))", names=NAMES, limits=Limits(max_depth=5))
