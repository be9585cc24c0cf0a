"""The public API of the expression engine: compiling, calling, identity and properties."""

from __future__ import annotations

import ast
import io
import keyword
import pickle
import threading
import tokenize
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirules.errors import (
    ExpressionArithmeticError,
    ExpressionError,
    ExpressionInputError,
    ExpressionTypeError,
)
from kpirules.expressions import DEFAULT_LIMITS, Expression, Limits, compile_expression
from strategies_expressions import Tree, expressions, float_numbers, render

NAMES = {"a": "number", "b": "number", "m": "numbers"}
RATING = {"value": "number", "target": "number"}


def test_the_issue_example_rates_exactly_at_the_boundary() -> None:
    """`value >= target * 0.95` holds at exactly 95% of target and fails just below it."""
    expr = compile_expression("value >= target * 0.95", names=RATING)
    assert expr(value=202, target=200) is True
    assert expr(value=190, target=200) is True
    assert expr(value=Fraction(18999, 100), target=200) is False


def test_a_list_input_is_aggregated() -> None:
    """`sum(months) / households` adds the list and divides exactly."""
    expr = compile_expression(
        "sum(months) / households", names={"months": "numbers", "households": "number"}
    )
    assert expr(months=[1, 2, 3], households=4) == Fraction(3, 2)


def test_an_expression_describes_itself() -> None:
    """An expression exposes its source, names, kind, the names it uses and its Python."""
    expr = compile_expression("a * 2 > 1", names={"a": "number", "b": "number"})
    assert expr.source == "a * 2 > 1"
    assert dict(expr.names) == {"a": "number", "b": "number"}
    assert expr.kind == "boolean"
    assert expr.names_used == frozenset({"a"})
    assert "def _evaluate" in expr.python_source
    assert expr.limits == DEFAULT_LIMITS
    assert compile_expression("a * 2", names=NAMES).kind == "number"


def test_an_expression_cannot_be_changed() -> None:
    """Attributes and the names mapping of an expression refuse changes."""
    expr = compile_expression("a + 1", names=NAMES)
    with pytest.raises(AttributeError):
        expr.source = "a + 2"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del expr.kind
    with pytest.raises(TypeError):
        expr.names["a"] = "numbers"  # type: ignore[index]


def test_expressions_are_made_only_by_compiling() -> None:
    """`Expression()` cannot be called directly."""
    with pytest.raises(TypeError):
        Expression()


def test_identity_is_source_and_names() -> None:
    """Expressions are equal, and hash equal, exactly when source and names are equal."""
    first = compile_expression("a + b", names={"a": "number", "b": "number"})
    same = compile_expression("a + b", names={"b": "number", "a": "number"})
    other_names = compile_expression("a + b", names={"a": "number", "b": "number",
                                                     "c": "number"})
    other_source = compile_expression("a+b", names={"a": "number", "b": "number"})
    assert first == same
    assert hash(first) == hash(same)
    assert first != other_names
    assert first != other_source
    assert len({first, same, other_names, other_source}) == 3
    assert first != "a + b"


def test_repr_shows_source_and_names() -> None:
    """The repr names the source and the declared names."""
    expr = compile_expression("a + 1", names={"a": "number"})
    assert repr(expr) == "Expression('a + 1', names={'a': 'number'})"


def test_an_expression_survives_pickling() -> None:
    """A pickled expression comes back equal and evaluating the same."""
    expr = compile_expression("round(a / 3, 2)", names=NAMES)
    copy = pickle.loads(pickle.dumps(expr))
    assert copy == expr
    assert copy(a=1) == expr(a=1) == Fraction(33, 100)


def test_evaluate_gives_what_calling_gives() -> None:
    """`expr.evaluate` gives the call's results and its evaluation errors."""
    expr = compile_expression("a / b", names=NAMES)
    assert expr.evaluate(a=1.0, b=4.0) == expr(a=1.0, b=4.0) == 0.25
    assert expr.evaluate(a=1, b=4) == expr(a=1, b=4) == Fraction(1, 4)
    assert expr.evaluate(a=Decimal("1"), b=4, m=None) == Fraction(1, 4)
    with pytest.raises(ExpressionInputError, match="missing input 'b'"):
        expr.evaluate(a=1.0)
    with pytest.raises(ExpressionArithmeticError):
        expr.evaluate(a=1.0, b=0.0)


def test_evaluate_leaves_a_wrong_call_to_python() -> None:
    """`expr.evaluate` raises Python's TypeError for an undeclared or positional argument."""
    expr = compile_expression("a / b", names=NAMES)
    with pytest.raises(TypeError):
        expr.evaluate(a=1.0, b=2.0, c=3.0)
    with pytest.raises(TypeError):
        expr.evaluate(1.0, 2.0)


@pytest.mark.parametrize(
    ("source", "result"),
    [("a > 1", "number"), ("a + 1", "boolean")],
)
def test_a_required_result_kind_is_enforced(source: str, result: str) -> None:
    """`result=` refuses an expression of the other kind at compile time."""
    with pytest.raises(ExpressionTypeError, match="must"):
        compile_expression(source, names=NAMES, result=result)


def test_a_required_result_kind_admits_its_own_kind() -> None:
    """`result=` accepts an expression of the kind it names."""
    assert compile_expression("a > 1", names=NAMES, result="boolean").kind == "boolean"
    assert compile_expression("a + 1", names=NAMES, result="number").kind == "number"


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        ({"names": {"1a": "number"}}, "cannot be an input name"),
        ({"names": {"_a": "number"}}, "cannot be an input name"),
        ({"names": {"lambda": "number"}}, "cannot be an input name"),
        ({"names": {"sum": "number"}}, "cannot be an input name"),
        ({"names": {"é": "number"}}, "cannot be an input name"),
        ({"names": {"a": "int"}}, "must be 'number' or 'numbers'"),
        ({"names": ["a"]}, "names must map"),
        ({"result": "text"}, "result must be"),
        ({"limits": {"max_length": 5}}, "limits must be a Limits"),
    ],
)
def test_bad_arguments_are_expression_errors(arguments: dict[str, object], fragment: str) -> None:
    """Invalid names, kinds, result kinds or limits raise an ExpressionError that says why."""
    with pytest.raises(ExpressionError, match=fragment):
        compile_expression("1", **arguments)  # type: ignore[arg-type]


def test_non_text_source_is_an_expression_error() -> None:
    """A source that is not a str raises an ExpressionError (YAML may hand over a number)."""
    with pytest.raises(ExpressionError, match="must be text"):
        compile_expression(5)  # type: ignore[arg-type]


@settings(max_examples=100)
@given(tree=expressions(("a", "b"), ("m",)))
def test_compiling_is_deterministic(tree: Tree) -> None:
    """Compiling the same text twice gives equal expressions with the same generated code."""
    text = render(tree)
    first = compile_expression(text, names=NAMES)
    second = compile_expression(text, names=dict(reversed(NAMES.items())))
    assert first == second
    assert hash(first) == hash(second)
    assert first.python_source == second.python_source


@settings(max_examples=25)
@given(
    tree=expressions(("a", "b"), ("m",)),
    rows=st.lists(
        st.fixed_dictionaries({"a": float_numbers(), "b": float_numbers(),
                               "m": st.lists(float_numbers(), max_size=3)}),
        min_size=1,
        max_size=8,
    ),
)
def test_an_expression_is_reusable_and_thread_safe(
    tree: Tree, rows: list[dict[str, object]]
) -> None:
    """Evaluating from eight threads at once gives the answers of one thread, call by call."""
    expr = compile_expression(render(tree), names=NAMES)

    def outcome(row: dict[str, object]) -> object:
        try:
            return ("value", expr(**{name: row[name] for name in expr.names_used}))
        except ExpressionError as exc:
            return ("error", type(exc), exc.message, exc.position)

    expected = [outcome(row) for row in rows]
    start = threading.Barrier(8)

    def worker(_: int) -> list[object]:
        start.wait()
        return [outcome(row) for _ in range(20) for row in rows]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(worker, range(8)))
    for result in results:
        assert result == expected * 20


def _assert_inside(error: ExpressionError, source: str) -> None:
    assert error.expression == source
    if error.position is not None:
        assert 0 <= error.position < len(source)


_TOKENS = st.sampled_from(
    [
        "a", "b", "m", "value", "__class__", "__import__", "sum", "min", "max", "len", "mean",
        "round", "abs", "sqrt", "True", "None", "lambda", "if", "else", "and", "or", "not",
        "in", "is", "for", "yield", "await", "import", "0", "1", "2.5", "1e5", "1_000", "0x1",
        "007", "1e999", ".5", "+", "-", "*", "/", "//", "%", "**", "<", "<=", "==", "!=", ">",
        ">=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ":=", "=", "'", '"', "#", "\\",
        "\n", "\t", "@", "&", "|", "^", "~", "<<", "≥", "\u00a0", "ｖalue", "\x00", ";",
    ]
)
SOUP = st.lists(_TOKENS, max_size=25).map(" ".join)


@settings(max_examples=300)
@given(source=st.one_of(st.text(max_size=60), SOUP, SOUP.map(lambda s: s.replace(" ", ""))))
def test_any_text_compiles_or_raises_an_expression_error(source: str) -> None:
    """Whatever the text, compiling gives an Expression or an ExpressionError pointing inside it."""
    try:
        compile_expression(source, names=NAMES)
    except ExpressionError as error:
        _assert_inside(error, source)


@settings(max_examples=200)
@given(
    tree=expressions(("a", "b"), ("m",)),
    inputs=st.fixed_dictionaries(
        {
            "a": st.one_of(float_numbers(), st.integers(-3, 3), st.sampled_from((None, "x"))),
            "b": st.one_of(float_numbers(), st.integers(-3, 3)),
            "m": st.one_of(st.lists(st.integers(-3, 3), max_size=3), st.just("text")),
        }
    ),
)
def test_evaluation_errors_point_inside_the_source(tree: Tree, inputs: dict[str, object]) -> None:
    """Every error an evaluation raises is an ExpressionError whose position is in the source."""
    source = render(tree)
    expr = compile_expression(source, names=NAMES)
    try:
        expr(**{name: inputs[name] for name in expr.names_used})
    except ExpressionError as error:
        _assert_inside(error, source)


def test_limits_are_validated() -> None:
    """A Limits with a non-positive or oversized field is refused when made."""
    with pytest.raises(ValueError, match="positive"):
        Limits(max_length=0)
    with pytest.raises(ValueError, match="at most"):
        Limits(max_depth=1_000)
    assert Limits(max_length=20).max_length == 20


_GENERATED_WORDS = frozenset(keyword.kwlist) | {"append", "numerator", "denominator"}


@settings(max_examples=100)
@given(tree=expressions(("a", "b"), ("m",)))
def test_generated_code_names_only_inputs_and_helpers(tree: Tree) -> None:
    """The generated Python holds no name but the declared inputs, keywords and `_` helpers."""
    expr = compile_expression(render(tree), names=NAMES)
    tokens = tokenize.generate_tokens(io.StringIO(expr.python_source).readline)
    for token in tokens:
        if token.type == tokenize.NAME:
            assert (token.string in NAMES or token.string.startswith("_")
                    or token.string in _GENERATED_WORDS), token.string
        elif token.type == tokenize.STRING:
            assert ast.literal_eval(token.string) in NAMES


def test_inputs_may_be_named_like_python_builtins() -> None:
    """Inputs called `type`, `float` or `print` work: generated code reaches no builtin by name."""
    names = {"type": "number", "float": "number", "print": "number"}
    expr = compile_expression("type + float * print", names=names)
    assert expr(type=1.0, float=2.0, print=3.0) == 7.0
    assert expr(type=1, float=2, print=3) == 7
    assert expr.evaluate(type=1.0, float=2.0, print=3.0) == 7.0
