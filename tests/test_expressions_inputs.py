"""Inputs: which arithmetic a call uses, what is refused, and the batch `map` call."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from kpirules.errors import ExpressionArithmeticError, ExpressionError, ExpressionInputError
from kpirules.expressions import Limits, compile_expression

NAMES = {"a": "number", "b": "number", "m": "numbers", "unused": "number"}


def test_exact_inputs_give_exact_results() -> None:
    """Ints, Fractions and Decimals are computed exactly: 0.1 + 0.2 is exactly 0.3."""
    expr = compile_expression("a + b", names=NAMES)
    assert expr(a=Decimal("0.1"), b=Decimal("0.2")) == Fraction(3, 10)
    assert expr(a=Fraction(1, 3), b=1) == Fraction(4, 3)
    assert type(expr(a=1, b=2)) is int


def test_division_of_ints_is_exact() -> None:
    """`/` of two ints gives a Fraction, where Python would give a float."""
    expr = compile_expression("a / b", names=NAMES)
    assert expr(a=1, b=3) == Fraction(1, 3)
    assert type(expr(a=1, b=3)) is Fraction


def test_float_inputs_give_ieee_results() -> None:
    """Float inputs are computed in binary floating point, as Python computes them."""
    expr = compile_expression("a + b", names=NAMES)
    assert expr(a=0.1, b=0.2) == 0.30000000000000004


def test_one_float_input_makes_the_whole_call_float() -> None:
    """With any float input, exact inputs are converted to the nearest float."""
    expr = compile_expression("a + b", names=NAMES)
    result = expr(a=0.1, b=Decimal("0.2"))
    assert type(result) is float
    assert result == 0.30000000000000004


def test_a_float_inside_a_list_makes_the_call_float() -> None:
    """A float among a list's numbers also selects float arithmetic."""
    expr = compile_expression("sum(m) / a", names=NAMES)
    assert type(expr(m=[1, 2.0], a=3)) is float
    assert expr(m=[1, 2], a=3) == 1


def test_constants_are_exact_in_exact_arithmetic() -> None:
    """A written 0.95 is exactly 19/20 when the inputs are exact."""
    expr = compile_expression("a * 0.95", names=NAMES)
    assert expr(a=1) == Fraction(19, 20)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "true/false"),
        ("3", "not text"),
        (None, "not missing"),
        (1j, "complex"),
        ([1], "not a list"),
        (float("nan"), "not a finite number"),
        (float("inf"), "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        (Decimal("-Infinity"), "not a finite number"),
    ],
)
def test_an_input_that_is_not_a_finite_number_is_refused(value: object, fragment: str) -> None:
    """A number input must be an int, float, Fraction or Decimal, and finite."""
    expr = compile_expression("b + a", names=NAMES)
    with pytest.raises(ExpressionInputError, match=fragment) as caught:
        expr(a=value, b=1)
    assert "'a'" in caught.value.message
    assert caught.value.position == 4


def test_a_non_finite_float_is_refused_even_where_it_would_vanish() -> None:
    """An infinite divisor is refused rather than giving 0."""
    expr = compile_expression("a / b", names=NAMES)
    with pytest.raises(ExpressionInputError, match="'b' is not a finite number"):
        expr(a=1.0, b=float("inf"))


@pytest.mark.parametrize(
    "value",
    [10**30, -(10**30), Fraction(1, 10**30), Fraction(10**30, 7), Decimal("1e30"),
     Decimal("1e-31"), Decimal("1e-999999999"), Decimal("1e999999999")],
)
def test_exact_inputs_are_bounded(value: object) -> None:
    """Exact inputs need numerator and denominator below 10**30; huge Decimals are refused
    without being expanded."""
    expr = compile_expression("a * 2", names=NAMES)
    tracemalloc.start()
    try:
        with pytest.raises(ExpressionInputError, match="more than 30 digits"):
            expr(a=value)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Refused before conversion: Decimal('1e999999999') as an integer would take
    # 400 MB; the refusal allocates next to nothing (memory, unlike time, does not
    # depend on how fast the machine or the build is).
    assert peak < 1_000_000


def test_exact_inputs_just_within_the_bound_are_accepted() -> None:
    """10**30 - 1 and Decimal('1e-29') are within the bound."""
    expr = compile_expression("a * 2", names=NAMES)
    assert expr(a=10**30 - 1) == 2 * 10**30 - 2
    assert expr(a=Decimal("1e-29")) == Fraction(2, 10**29)
    assert expr(a=Decimal("0E-1000000")) == 0


def test_a_huge_exact_input_in_a_float_call_is_refused() -> None:
    """An int too large for a float is refused when a float call must convert it."""
    expr = compile_expression("a + b", names=NAMES)
    with pytest.raises(ExpressionInputError, match="too large to be a float"):
        expr(a=1.0, b=10**400)


def test_the_exact_bound_is_configurable() -> None:
    """`Limits(max_exact_digits=...)` moves the bound on exact inputs."""
    expr = compile_expression("a * 2", names=NAMES, limits=Limits(max_exact_digits=3))
    assert expr(a=999) == 1998
    with pytest.raises(ExpressionInputError):
        expr(a=1000)


def test_missing_inputs_are_named() -> None:
    """A call without an input the expression uses names every missing one."""
    expr = compile_expression("a + b", names=NAMES)
    with pytest.raises(ExpressionInputError, match="missing inputs 'a', 'b'"):
        expr()
    with pytest.raises(ExpressionInputError, match="missing input 'b'") as caught:
        expr(a=1)
    assert caught.value.position == 4


def test_unexpected_inputs_are_named_with_a_suggestion() -> None:
    """An undeclared input is refused, named, and matched to the nearest declared name."""
    expr = compile_expression("a + b", names={"a": "number", "b": "number", "value": "number"})
    with pytest.raises(ExpressionInputError, match="unexpected input 'valeu'") as caught:
        expr(a=1, b=2, valeu=3)
    assert caught.value.suggestion == "value"


def test_inputs_must_be_given_by_name() -> None:
    """Positional arguments are refused with a message saying to name them."""
    expr = compile_expression("a + b", names=NAMES)
    with pytest.raises(ExpressionInputError, match="by name"):
        expr(1, 2)


def test_declared_inputs_the_expression_does_not_use_are_ignored() -> None:
    """A declared but unused input may be given, with any value, and changes nothing."""
    expr = compile_expression("a + 1", names=NAMES)
    assert expr(a=1.5, unused="anything") == 2.5
    assert expr(a=1, b=None, m="x") == 2


def test_many_declared_names_still_accept_unused_ones() -> None:
    """With more declared names than fit the fast signature, unused ones are still accepted."""
    names = {f"x{i}": "number" for i in range(100)}
    expr = compile_expression("x1 + x2", names=names)
    assert expr(x1=1.0, x2=2.0, x50=9.0) == 3.0
    with pytest.raises(ExpressionInputError, match="unexpected input 'y'"):
        expr(x1=1.0, x2=2.0, y=1.0)


def test_evaluate_with_many_declared_names_is_calling_the_expression() -> None:
    """With more than 32 declared names, `evaluate` accepts the unused ones, as a call does."""
    names = {f"x{i}": "number" for i in range(40)}
    expr = compile_expression("x1 + x2", names=names)
    assert expr.evaluate(x1=1.0, x2=2.0, x5=9.0) == 3.0
    assert expr.evaluate(x1=1, x2=2, x39=9) == 3
    with pytest.raises(ExpressionInputError, match="unexpected input 'y'"):
        expr.evaluate(x1=1.0, x2=2.0, y=1.0)


def test_subclasses_are_converted_so_their_methods_never_run() -> None:
    """A float subclass is evaluated as a plain float; its overridden operators are not called."""

    class Loud(float):
        def __sub__(self, other: object) -> float:
            raise AssertionError("a caller's operator ran inside an evaluation")

        def __mul__(self, other: object) -> float:
            raise AssertionError("a caller's operator ran inside an evaluation")

    expr = compile_expression("a * 2 - b", names=NAMES)
    assert expr(a=Loud(1.5), b=Loud(1.0)) == 2.0


@pytest.mark.parametrize(
    ("make", "total"),
    [
        (lambda: [1, 2, 3], 6),
        (lambda: (1, 2, 3), 6),
        (lambda: range(1, 4), 6),
        # Built afresh for each run: an iterator is spent once read.
        (lambda: iter([1, 2, 3]), 6),
        ({"x": 1}.values, 1),
    ],
    ids=["list", "tuple", "range", "iterator", "view"],
)
def test_any_iterable_of_numbers_is_a_list_input(
    make: Callable[[], object], total: int
) -> None:
    """Lists, tuples, ranges, iterators and views of numbers are accepted as list inputs."""
    expr = compile_expression("sum(m)", names=NAMES)
    assert expr(m=make()) == total


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("123", "not text"),
        (b"12", "not a bytes"),
        ({"a": 1}, "not a dict"),
        (5, "not an int"),
        (None, "not missing"),
        ([1, None], "item 2 is missing"),
        ([1, True], "item 2 is a true/false value"),
        ([1, float("nan")], "not a finite number"),
    ],
)
def test_a_list_input_must_hold_numbers(value: object, fragment: str) -> None:
    """A list input must be an iterable of finite numbers, not text, a mapping or a number."""
    expr = compile_expression("len(m)", names=NAMES)
    with pytest.raises(ExpressionInputError, match=fragment):
        expr(m=value)


def test_a_list_input_is_capped_in_length() -> None:
    """A list longer than `max_sequence_length` is refused without being read to its end."""
    expr = compile_expression("len(m)", names=NAMES, limits=Limits(max_sequence_length=5))
    assert expr(m=range(5)) == 5

    def endless() -> object:
        n = 0
        while True:
            yield n
            n += 1

    with pytest.raises(ExpressionInputError, match="more than 5 numbers"):
        expr(m=endless())


def test_a_failing_iterable_is_an_input_error() -> None:
    """An iterable that raises while being read gives an ExpressionInputError."""

    def broken() -> object:
        yield 1
        raise OSError("disk gone")

    expr = compile_expression("len(m)", names=NAMES)
    with pytest.raises(ExpressionInputError, match="disk gone"):
        expr(m=broken())


def test_exact_list_numbers_need_a_bounded_common_denominator() -> None:
    """Fractions whose common denominator passes 30 digits cannot be added exactly."""
    primes = [1_000_003, 1_000_033, 1_000_037, 1_000_039, 1_000_081]
    expr = compile_expression("sum(m)", names=NAMES)
    assert expr(m=[Fraction(1, p) for p in primes[:4]]) == sum(Fraction(1, p) for p in primes[:4])
    with pytest.raises(ExpressionInputError, match="common denominator"):
        expr(m=[Fraction(1, p) for p in primes])
    assert expr(m=[float(Fraction(1, p)) for p in primes]) == pytest.approx(5e-6, rel=1e-3)


# --- map ------------------------------------------------------------------------------


def test_map_evaluates_columns_row_by_row() -> None:
    """`map` returns one result per row, in order, with each row's own arithmetic."""
    expr = compile_expression("a / b", names=NAMES)
    results = expr.map(a=[1.0, 1, 3], b=[4.0, 3, 0.5])
    assert results == [0.25, Fraction(1, 3), 6.0]


def test_map_puts_an_error_in_the_slot_of_a_failing_row() -> None:
    """A row that fails yields its ExpressionError in place; the other rows still evaluate."""
    expr = compile_expression("a / b", names=NAMES)
    results = expr.map(a=[1.0, 2.0, 3.0, 4], b=[2.0, 0.0, "x", 2])
    assert results[0] == 0.5
    assert isinstance(results[1], ExpressionArithmeticError)
    assert isinstance(results[2], ExpressionInputError)
    assert results[3] == 2


def test_map_accepts_list_columns() -> None:
    """A list input's column holds one list of numbers per row."""
    expr = compile_expression("sum(m) / a", names=NAMES)
    results = expr.map(m=[[1, 2], [3.0], []], a=[3, 2, 0])
    assert results[:2] == [1, 1.5]
    assert isinstance(results[2], ExpressionArithmeticError)


@pytest.mark.parametrize(
    ("columns", "fragment"),
    [
        ({"a": [1, 2], "b": [1]}, "same number of rows"),
        ({"a": [1, 2]}, "missing column 'b'"),
        ({"a": [1], "b": [1], "c": [1]}, "unexpected column 'c'"),
        ({"a": [1], "b": [1], "unused": [1, 2]}, "same number of rows"),
        ({"a": 5, "b": [1]}, "must be a sequence"),
    ],
)
def test_map_refuses_columns_that_do_not_fit(columns: dict[str, object], fragment: str) -> None:
    """Columns must be declared, complete and of one length; otherwise the whole call fails."""
    expr = compile_expression("a + b", names=NAMES)
    with pytest.raises(ExpressionInputError, match=fragment):
        expr.map(**columns)


def test_map_of_an_expression_without_inputs_has_a_row_per_given_row() -> None:
    """An expression that uses no input still gives one result for each row of the columns."""
    expr = compile_expression("1 / 4", names=NAMES)
    assert expr.map(unused=[1, 2, 3]) == [Fraction(1, 4)] * 3
    assert expr.map() == []


def test_map_with_many_inputs_uses_the_general_path() -> None:
    """An expression of many inputs maps columns as correctly as one of few."""
    names = {f"x{i}": "number" for i in range(20)}
    expr = compile_expression(" + ".join(names), names=names)
    results = expr.map(**{name: [1.0, 2] for name in names})
    assert results == [20.0, 40]
    assert all(not isinstance(r, ExpressionError) for r in results)


# --- the words of input errors ------------------------------------------------------------

INPUT_MESSAGES = [
    # (source, inputs, whole message, position: the input's first use)
    ("b + a", {"a": None, "b": 1}, "'a' must be a number, not missing (None)", 4),
    ("b + a", {"a": False, "b": 1}, "'a' must be a number, not a true/false value (False)", 4),
    ("b + a", {"a": "1", "b": 1}, "'a' must be a number, not text", 4),
    ("b + a", {"a": [1], "b": 1}, "'a' must be a number, not a list", 4),
    ("b + a", {"a": object(), "b": 1}, "'a' must be a number, not an object", 4),
    ("b + a", {"a": float("inf"), "b": 1.0}, "'a' is not a finite number (inf)", 4),
    ("b + a", {"a": float("nan"), "b": 1}, "'a' is not a finite number (nan)", 4),
    ("b + a", {"a": Decimal("NaN"), "b": 1}, "'a' is not a finite number (NaN)", 4),
    ("b + a", {"a": Decimal("-Infinity"), "b": 1.0}, "'a' is not a finite number (-Infinity)", 4),
    ("b + a", {"a": 10**400, "b": 1.0}, "'a' is too large to be a float", 4),
    ("b + a", {"a": Decimal("1e400"), "b": 1.0}, "'a' is too large to be a float", 4),
    ("b + a", {"a": Decimal("1e30"), "b": 1},
     "'a' has more than 30 digits in its numerator or denominator, too many to compute with "
     "exactly; pass it as a float to compute approximately", 4),
    ("b + a", {"a": -(10**30), "b": Decimal(1)},
     "'a' has more than 30 digits in its numerator or denominator, too many to compute with "
     "exactly; pass it as a float to compute approximately", 4),
    ("b + a", {"a": Decimal("1e61"), "b": 1},
     "'a' has more than 30 digits in its numerator or denominator, too many to compute with "
     "exactly; pass it as a float to compute approximately", 4),
    ("a + sum(m)", {"a": 1, "m": [1, "2"]},
     "'m' must hold numbers only, but item 2 is text", 8),
    ("a + sum(m)", {"a": 1, "m": [1.0, float("inf")]}, "'m' is not a finite number (inf)", 8),
    ("a + sum(m)", {"a": 1, "m": 5}, "'m' must be a list of numbers, not an int", 8),
    ("a + sum(m)", {"a": 1, "m": {"x": 1}}, "'m' must be a list of numbers, not a dict", 8),
    ("a + sum(m)", {"a": 1, "m": None}, "'m' must be a list of numbers, not missing (None)", 8),
    ("a + b", {"b": 1}, "missing input 'a'", 0),
    ("a + b", {}, "missing inputs 'a', 'b'", 0),
]


@pytest.mark.parametrize(("source", "inputs", "message", "position"), INPUT_MESSAGES)
def test_a_refused_input_is_named_where_it_is_first_used(
    source: str, inputs: dict[str, object], message: str, position: int
) -> None:
    """The message names the input and why it is refused; the position is its first use."""
    expr = compile_expression(source, names=NAMES)
    with pytest.raises(ExpressionInputError) as caught:
        expr(**inputs)
    assert caught.value.message == message
    assert caught.value.position == position


def test_unexpected_inputs_list_the_inputs_there_are() -> None:
    """An undeclared input is refused with the declared ones listed, or 'none'."""
    with pytest.raises(ExpressionInputError) as caught:
        compile_expression("1", names={})(x=1)
    assert caught.value.message == "unexpected input 'x'; the expression's inputs are none"
    with pytest.raises(ExpressionInputError) as caught:
        compile_expression("a", names={"a": "number", "b": "number"})(a=1, y=2, x=3)
    assert caught.value.message == (
        "unexpected inputs 'x', 'y'; the expression's inputs are 'a', 'b'"
    )
    assert caught.value.suggestion is None


def test_a_non_text_source_is_refused_without_a_place() -> None:
    """A source that is not text has nothing to point into."""
    with pytest.raises(ExpressionError) as caught:
        compile_expression(5)  # type: ignore[arg-type]
    assert caught.value.message == "an expression must be text, not int"
    assert (caught.value.expression, caught.value.position) == ("", None)


def test_negative_exact_inputs_take_the_general_path_exactly() -> None:
    """With a Decimal among them, inputs are converted one by one, negative ints included."""
    expr = compile_expression("a + b", names=NAMES)
    assert expr(a=-5, b=Decimal("0.5")) == Fraction(-9, 2)
    assert expr(a=-(10**30) + 1, b=Decimal(0)) == -(10**30) + 1
    assert expr(a=Fraction(-1, 3), b=Decimal("-0.25")) == Fraction(-7, 12)


def test_exact_lists_over_a_common_denominator() -> None:
    """A list of ints, Fractions and Decimals sums, averages and compares exactly."""
    values = [Fraction(1, 3), Fraction(1, 6), Decimal("0.25"), 2]
    assert compile_expression("sum(m)", names=NAMES)(m=values) == Fraction(11, 4)
    assert compile_expression("mean(m)", names=NAMES)(m=values) == Fraction(11, 16)
    assert compile_expression("min(m)", names=NAMES)(m=values) == Fraction(1, 6)
    assert compile_expression("max(m)", names=NAMES)(m=values) == 2
    assert compile_expression("max(m)", names=NAMES)(m=[Fraction(-1, 2), 0]) == 0
    assert compile_expression("sum(m)", names=NAMES)(m=[Fraction(1, 2), Fraction(1, 3)]) == (
        Fraction(5, 6))


def test_a_column_that_fails_midway_fails_its_rows_only() -> None:
    """Rows before the failure are evaluated; the failing row and those after it hold the
    error, which names the column and the row."""

    class Flaky:
        def __len__(self) -> int:
            return 3

        def __iter__(self) -> object:
            yield [1, 2]
            raise OSError("disk gone")

    expr = compile_expression("sum(m) + a", names=NAMES)
    first, second, third = expr.map(m=Flaky(), a=[1, 2, 3])
    assert first == 4
    for error in (second, third):
        assert isinstance(error, ExpressionInputError)
        assert error.message == "the column for 'm' could not be read at row 2: OSError: disk gone"


def test_a_fraction_subclass_is_read_as_its_value() -> None:
    """A Fraction subclass is converted to a plain Fraction of the same value."""

    class Third(Fraction):
        pass

    expr = compile_expression("a * 3 + b", names=NAMES)
    assert expr(a=Third(1, 3), b=Decimal("0.5")) == Fraction(3, 2)


def test_map_of_a_list_expression_names_a_missing_column() -> None:
    """An expression with a list input maps through the general path, with the same checks."""
    expr = compile_expression("sum(m) + a", names=NAMES)
    assert expr.map(m=[[1, 2], []], a=[1, 2]) == [4, 2]
    with pytest.raises(ExpressionInputError) as caught:
        expr.map(a=[1, 2])
    assert caught.value.message == "missing column 'm'"

