"""The engine against two references: simpleeval for floats, plain Python for exact inputs.

simpleeval is configured with exactly the operators of our grammar, each wrapped to
fail on a value that is not finite (the engine's rule: no infinity or NaN may appear
anywhere in an evaluation), and with reference implementations of our functions written
here, independently of the engine. Its power operator is plain `**`: simpleeval's own
`safe_power` refuses bases above 4,000,000, a limit our grammar makes unnecessary
(exponents are small literals).
"""

from __future__ import annotations

import ast
import decimal
import math
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from simpleeval import SimpleEval

from kpirules.errors import ExpressionArithmeticError, ExpressionError
from kpirules.expressions import compile_expression
from strategies_expressions import (
    Bin,
    Tree,
    Var,
    exact_numbers,
    expressions,
    float_numbers,
    render,
    with_part,
)

NUMBER_NAMES = ("a", "b", "c", "h")
LIST_NAMES = ("m",)
NAMES = {"a": "number", "b": "number", "c": "number", "h": "number", "m": "numbers"}
#: Values for `h`, so that overflow to infinity (and its vanishing, as in x / inf = 0)
#: is met often rather than by luck.
HUGE = st.sampled_from((1e300, -1e300, 1e200, 1.7976931348623157e308, 1e155))


class NotFinite(ArithmeticError):
    """The reference met infinity or NaN."""


def _finite(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        raise NotFinite(value)
    return value


def _checked(function: Callable[..., Any]) -> Callable[..., Any]:
    def check(*args: Any) -> Any:
        for arg in args:
            _finite(arg)
        return _finite(function(*args))

    return check


def _reference_round(x: float, places: int | None = None) -> float | int:
    # Half away from zero on the exact value of x: decimal's ROUND_HALF_UP, with room
    # for every digit of the largest float.
    with decimal.localcontext() as context:
        context.prec = 2000
        quantum = Decimal(1).scaleb(-(places or 0))
        rounded = Decimal(x).quantize(quantum, rounding=decimal.ROUND_HALF_UP)
    return int(rounded) if places is None else float(rounded)


def _reference_sum(numbers: Sequence[float]) -> float:
    # The float nearest the exact sum.
    return float(sum((Fraction(x) for x in numbers), Fraction(0)))


SIMPLEEVAL_OPERATORS = {
    ast.Add: _checked(operator.add),
    ast.Sub: _checked(operator.sub),
    ast.Mult: _checked(operator.mul),
    ast.Div: _checked(operator.truediv),
    ast.FloorDiv: _checked(operator.floordiv),
    ast.Mod: _checked(operator.mod),
    ast.Pow: _checked(operator.pow),
    ast.USub: _checked(operator.neg),
    ast.UAdd: _checked(operator.pos),
    ast.Not: operator.not_,
    ast.Lt: _checked(operator.lt),
    ast.LtE: _checked(operator.le),
    ast.Gt: _checked(operator.gt),
    ast.GtE: _checked(operator.ge),
    ast.Eq: _checked(operator.eq),
    ast.NotEq: _checked(operator.ne),
}
SIMPLEEVAL_FUNCTIONS = {
    "abs": _checked(abs),
    "min": _checked(min),
    "max": _checked(max),
    "len": len,
    "round": _checked(_reference_round),
    "sum": _checked(_reference_sum),
    "mean": _checked(lambda numbers: _reference_sum(numbers) / len(numbers)),
}
REFERENCE_FAILURES = (ArithmeticError, ValueError)


def _simpleeval(text: str, inputs: dict[str, object]) -> object:
    evaluator = SimpleEval(
        operators=SIMPLEEVAL_OPERATORS, functions=SIMPLEEVAL_FUNCTIONS, names=inputs
    )
    return evaluator.eval(text)


def _outcome(function: Callable[[], object], failures: tuple[type[BaseException], ...]) -> object:
    try:
        return ("value", function())
    except failures:
        return ("fails",)


def _float_inputs() -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {
            "a": float_numbers(),
            "b": float_numbers(),
            "c": float_numbers(),
            "h": HUGE,
            "m": st.lists(float_numbers(), max_size=4),
        }
    )


def _exact_inputs() -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {
            "a": exact_numbers(),
            "b": exact_numbers(),
            "c": exact_numbers(),
            "h": st.integers(min_value=10**20, max_value=10**25),
            "m": st.lists(exact_numbers(), max_size=4),
        }
    )


#: Expressions of the grammar, and the same with an overflowing part put in a random place.
FLOAT_TREES = st.one_of(
    expressions(NUMBER_NAMES, LIST_NAMES),
    with_part(expressions(NUMBER_NAMES, LIST_NAMES), Bin("*", Var("h"), Var("h"))),
)


@settings(max_examples=600)
@given(tree=FLOAT_TREES, inputs=_float_inputs())
def test_float_evaluation_agrees_with_simpleeval(tree: Tree, inputs: dict[str, object]) -> None:
    """With float inputs the engine gives simpleeval's value, or both fail."""
    text = render(tree)
    expression = compile_expression(text, names=NAMES)
    used = {name: inputs[name] for name in expression.names_used}
    # Without a float among the inputs an evaluation is exact: the other test's case.
    assume(any(isinstance(v, float) or (isinstance(v, list) and v) for v in used.values()))
    ours = _outcome(lambda: expression(**used), (ExpressionArithmeticError,))
    theirs = _outcome(lambda: _simpleeval(text, inputs), REFERENCE_FAILURES)
    assert ours == theirs
    if ours[0] == "value":
        assert isinstance(ours[1], bool) == isinstance(theirs[1], bool)  # type: ignore[index]


def _exact_round(x: Fraction, places: int | None = None) -> Fraction:
    scale = Fraction(10) ** (places or 0)
    magnitude = math.floor(abs(x) * scale + Fraction(1, 2))
    return Fraction(magnitude if x >= 0 else -magnitude) / scale


PYTHON_FUNCTIONS: dict[str, object] = {
    "F": Fraction,
    "abs": abs,
    "min": min,
    "max": max,
    "len": lambda numbers: Fraction(len(numbers)),
    "sum": lambda numbers: sum(numbers, Fraction(0)),
    "mean": lambda numbers: sum(numbers, Fraction(0)) / len(numbers),
    "round": _exact_round,
}


def _as_fraction(value: object) -> object:
    if isinstance(value, list):
        return [Fraction(x) for x in value]
    return Fraction(value)  # type: ignore[arg-type]


@settings(max_examples=400)
@given(tree=expressions(NUMBER_NAMES, LIST_NAMES), inputs=_exact_inputs())
def test_exact_evaluation_agrees_with_python_on_fractions(
    tree: Tree, inputs: dict[str, object]
) -> None:
    """With exact inputs the engine gives exactly what Python computes over Fractions."""
    expression = compile_expression(render(tree), names=NAMES)
    used = {name: inputs[name] for name in expression.names_used}
    oracle = render(tree, exact=True)
    namespace = {**PYTHON_FUNCTIONS, **{k: _as_fraction(v) for k, v in inputs.items()}}
    ours = _outcome(lambda: expression(**used), (ExpressionArithmeticError,))
    theirs = _outcome(
        lambda: eval(oracle, {"__builtins__": {}}, namespace),
        (ZeroDivisionError, ValueError),
    )
    assert ours == theirs
    if ours[0] == "value":
        value = ours[1]  # type: ignore[index]
        assert isinstance(value, Fraction | int)
        assert not isinstance(value, float)


@settings(max_examples=200)
@given(tree=expressions(NUMBER_NAMES, LIST_NAMES), inputs=_float_inputs())
def test_batch_map_agrees_with_single_calls(tree: Tree, inputs: dict[str, object]) -> None:
    """`map` over columns gives, row by row, what calling the expression gives."""
    expression = compile_expression(render(tree), names=NAMES)
    used = sorted(expression.names_used)
    rows = [dict(inputs), {k: (v if isinstance(v, list) else -v) for k, v in inputs.items()}]
    columns = {name: [row[name] for row in rows] for name in used}
    batch = expression.map(**columns) if used else []
    for row, result in zip(rows if used else [], batch, strict=True):
        single = _outcome(lambda row=row: expression(**{k: row[k] for k in used}),
                          (ExpressionError,))
        if isinstance(result, ExpressionError):
            assert single[0] == "fails"
            assert str(result)
        else:
            assert single == ("value", result)
