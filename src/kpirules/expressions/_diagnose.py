"""Finding where an evaluation failed, after the fast code has said only that it did.

Generated code is fast because it checks little: a float is tested for being finite only
where it would stop mattering (a comparison, a divisor, the result), and an exception
says nothing of where it came from. When it fails, this module evaluates the same tree
again, step by step, with the same inputs and the same arithmetic, testing every
intermediate value, and reports the first operation that failed and where it is
written. It runs only on failure, so its speed does not matter.

The two agree: every float operation the language has either carries a non-finite
operand into its result, or has that operand checked by the generated code (divisors,
comparison operands, a base raised to a power of 0 or less, function arguments).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Final

from kpirules.errors import ExpressionArithmeticError
from kpirules.expressions import _runtime
from kpirules.expressions._ir import (
    Arith,
    BoolOp,
    Call,
    Compare,
    IfElse,
    Name,
    Node,
    Not,
    Num,
    Power,
    Unary,
    small_int,
)

__all__ = ["diagnose"]

_ARITH: Final[Mapping[str, Callable[[Any, Any], Any]]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
}
_COMPARE: Final[Mapping[str, Callable[[Any, Any], Any]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_NUMBER_FUNCTIONS: Final[Mapping[str, Callable[..., Any]]] = {"abs": abs, "min": min, "max": max}
_FLOAT_AGGREGATES: Final[Mapping[str, Callable[[Any], Any]]] = {
    "len": len, "min": min, "max": max, "sum": _runtime.float_sum, "mean": _runtime.float_mean,
}
_EXACT_AGGREGATES: Final[Mapping[str, Callable[[Any], Any]]] = {
    "len": len, "min": _runtime.exact_min, "max": _runtime.exact_max, "sum": _runtime.exact_sum,
    "mean": _runtime.exact_mean,
}
_EMPTY: Final = {
    "min": "has no numbers, so it has no minimum",
    "max": "has no numbers, so it has no maximum",
    "mean": "has no numbers, so it has no mean",
}


def diagnose(
    node: Node, inputs: Mapping[str, Any], floating: bool, source: str, cause: BaseException
) -> ExpressionArithmeticError:
    """The error to report for an evaluation of `node` that raised `cause`."""
    try:
        _Replay(inputs, floating, source).value(node)
    except ExpressionArithmeticError as found:
        return found
    # Unreachable if the two evaluations agree, as they are built to; say what is known.
    return ExpressionArithmeticError(
        f"the expression could not be evaluated ({type(cause).__name__}: {cause})", source, None
    )


class _Replay:
    def __init__(self, inputs: Mapping[str, Any], floating: bool, source: str) -> None:
        self.inputs = inputs
        self.floating = floating
        self.source = source

    def quote(self, start: int, end: int) -> str:
        text = " ".join(self.source[start:end].split())
        return text if len(text) <= 40 else text[:37] + "..."

    def error(self, message: str, position: int) -> ExpressionArithmeticError:
        return ExpressionArithmeticError(message, self.source, position)

    def too_large(self, start: int, end: int, position: int) -> ExpressionArithmeticError:
        return self.error(f"'{self.quote(start, end)}' is too large to compute", position)

    def finite(self, value: Any, start: int, end: int, position: int) -> Any:
        if self.floating and value - value != 0:
            raise self.too_large(start, end, position)
        return value

    def value(self, node: Node) -> Any:
        if isinstance(node, Num):
            return node.literal if self.floating else node.exact
        if isinstance(node, Name):
            return self.inputs[node.id]
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            result = -operand if node.op == "-" else +operand
            return self.finite(result, node.start, node.end, node.start)
        if isinstance(node, Arith):
            return self.arith(node)
        if isinstance(node, Power):
            return self.power(node)
        if isinstance(node, Compare):
            left = self.value(node.first)
            for step in node.steps:
                right = self.value(step.operand)
                if not _COMPARE[step.op](left, right):
                    return False
                left = right
            return True
        if isinstance(node, BoolOp):
            for value in node.values:
                if bool(self.value(value)) == (node.op == "or"):
                    return node.op == "or"
            return node.op == "and"
        if isinstance(node, Not):
            return not self.value(node.operand)
        if isinstance(node, IfElse):
            return self.value(node.body) if self.value(node.test) else self.value(node.orelse)
        return self.call(node)

    def arith(self, node: Arith) -> Any:
        result = self.value(node.first)
        for step in node.steps:
            operand = self.value(step.operand)
            if step.op in ("/", "//", "%") and operand == 0:
                raise self.error(
                    f"division by zero: '{self.quote(step.operand.start, step.operand.end)}' "
                    "is 0",
                    step.position,
                )
            try:
                if step.op == "/" and not self.floating:
                    result = _runtime.exact_div(result, operand)
                else:
                    result = _ARITH[step.op](result, operand)
            except OverflowError:
                raise self.too_large(node.start, step.operand.end, step.position) from None
            self.finite(result, node.start, step.operand.end, step.position)
        return result

    def power(self, node: Power) -> Any:
        base = self.value(node.base)
        if node.exponent < 0 and base == 0:
            raise self.error(
                f"'{self.quote(node.start, node.end)}': 0 cannot be raised to a negative power",
                node.position,
            )
        try:
            if self.floating or node.exponent >= 0:
                result = base ** node.exponent
            else:
                result = _runtime.exact_div(1, base ** -node.exponent)
        except OverflowError:
            raise self.too_large(node.start, node.end, node.position) from None
        return self.finite(result, node.start, node.end, node.position)

    def call(self, node: Call) -> Any:
        args = [self.value(arg) for arg in node.args]
        if node.func == "round":
            places = small_int(node.args[1]) if len(node.args) == 2 else None
            helper: Callable[..., Any] = (
                _runtime.round_float if self.floating else _runtime.round_exact
            )
            args = args[:1] if places is None else [args[0], places]
        elif len(node.args) == 1 and isinstance(node.args[0], Name) and isinstance(
            args[0], tuple | _runtime.ExactList
        ):
            return self.aggregate(node, args[0])
        else:
            helper = _NUMBER_FUNCTIONS[node.func]
        try:
            result = helper(*args)
        except OverflowError:
            raise self.too_large(node.start, node.end, node.start) from None
        return self.finite(result, node.start, node.end, node.start)

    def aggregate(self, node: Call, numbers: Any) -> Any:
        name = self.quote(node.args[0].start, node.args[0].end)
        if not numbers and node.func in _EMPTY:
            raise self.error(f"'{name}' {_EMPTY[node.func]}", node.start)
        helpers = _FLOAT_AGGREGATES if self.floating else _EXACT_AGGREGATES
        try:
            result = helpers[node.func](numbers)
        except OverflowError:
            raise self.error(
                f"the {'sum' if node.func == 'sum' else 'mean'} of '{name}' is too large to "
                "compute",
                node.start,
            ) from None
        return self.finite(result, node.start, node.end, node.start)

