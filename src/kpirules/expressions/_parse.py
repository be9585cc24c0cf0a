"""From text to the checked tree: Python's parser, an allow-list, then our own nodes.

Python's parser is used for what it is good at (precedence, chains, positions) and for
nothing else: its tree is first walked without recursion to count nodes, measure
nesting and find anything outside the allow-list, and only then converted, node type by
node type, into `_ir` nodes. A node type this module does not name is refused, so a
future Python that adds syntax cannot widen the language.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Final

from kpirules.errors import (
    ExpressionNameError,
    ExpressionSyntaxError,
    ExpressionTypeError,
)
from kpirules.expressions._functions import FUNCTIONS, MAX_ROUND_PLACES
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
    Step,
    Unary,
)
from kpirules.expressions._limits import Limits
from kpirules.expressions._scan import scan

__all__ = ["MAX_EXPONENT", "MAX_LITERAL", "MAX_LITERAL_PLACES", "parse"]

#: A number written in an expression may be at most this large...
MAX_LITERAL: Final = 10**15
#: ... and have at most this many decimal places (ignoring trailing zeros).
MAX_LITERAL_PLACES: Final = 15
#: `x ** k` accepts k from -MAX_EXPONENT to MAX_EXPONENT.
MAX_EXPONENT: Final = 8

_ARITH_OPS: Final[Mapping[type[ast.operator], tuple[str, str]]] = {
    ast.Add: ("+", "add"),
    ast.Sub: ("-", "add"),
    ast.Mult: ("*", "mul"),
    ast.Div: ("/", "mul"),
    ast.FloorDiv: ("//", "mul"),
    ast.Mod: ("%", "mul"),
}
_COMPARE_OPS: Final[Mapping[type[ast.cmpop], str]] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_REFUSED_OPERATORS: Final[Mapping[type[ast.AST], str]] = {
    ast.BitAnd: "the operator '&' is not allowed; to join conditions write 'and'",
    ast.BitOr: "the operator '|' is not allowed; to join conditions write 'or'",
    ast.BitXor: "the operator '^' is not allowed; for a power write '**'",
    ast.LShift: "the operator '<<' is not allowed",
    ast.RShift: "the operator '>>' is not allowed",
    ast.MatMult: "the operator '@' is not allowed",
    ast.Invert: "the operator '~' is not allowed",
    ast.In: "'in' is not allowed",
    ast.NotIn: "'not in' is not allowed",
    ast.Is: "'is' is not allowed; to compare numbers write '=='",
    ast.IsNot: "'is not' is not allowed; to compare numbers write '!='",
}
_REFUSED_NODES: Final[Mapping[type[ast.AST], str]] = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "indexing with [...] is not allowed",
    ast.Lambda: "defining a function (lambda) is not allowed",
    ast.ListComp: "comprehensions ('for ... in ...') are not allowed",
    ast.SetComp: "comprehensions ('for ... in ...') are not allowed",
    ast.DictComp: "comprehensions ('for ... in ...') are not allowed",
    ast.GeneratorExp: "comprehensions ('for ... in ...') are not allowed",
    ast.List: "lists are not allowed; declare a list input instead",
    ast.Tuple: "a group of values separated by commas is not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dictionaries are not allowed",
    ast.NamedExpr: "assignment (':=') is not allowed",
    ast.Starred: "unpacking with '*' is not allowed",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
    ast.YieldFrom: "'yield' is not allowed",
    ast.JoinedStr: "text is not allowed",
    ast.FormattedValue: "text is not allowed",
    ast.Slice: "indexing with [...] is not allowed",
}
_FUNCTION_LIST: Final = "abs, len, max, mean, min, round and sum"


def parse(source: str, names: Mapping[str, str], limits: Limits) -> Node:
    """Parse `source` into a checked tree over the declared `names`, or raise ExpressionError.

    Raises ExpressionSyntaxError for text outside the grammar or over a limit, and
    ExpressionNameError for an undeclared name or function.
    """
    scan(source, limits)
    # The scan has proved the brackets balance, so wrapping changes no meaning; it lets
    # an expression continue over several lines, as YAML block text often does.
    text = f"({source})"
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionSyntaxError(
            _syntax_message(exc), source, _syntax_position(exc, text, source)
        ) from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        raise ExpressionSyntaxError(
            "the expression is too complex to read", source, None
        ) from None
    reader = _Reader(source, text, names)
    reader.check_shape(tree.body, limits)
    return reader.convert(tree.body)


def _syntax_message(exc: SyntaxError) -> str:
    message = (exc.msg or "invalid syntax").split(". Perhaps")[0]
    return f"not a valid expression: {message}"


def _syntax_position(exc: SyntaxError, text: str, source: str) -> int | None:
    if exc.lineno is None or exc.offset is None or not source:
        return None
    starts = _line_starts(text)
    line = min(max(exc.lineno, 1), len(starts)) - 1
    position = starts[line] + max(exc.offset, 1) - 1 - 1
    return min(max(position, 0), len(source) - 1)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, char in enumerate(text) if char == "\n")
    return starts


def _ast_children(node: ast.AST) -> Sequence[ast.AST]:
    """The expression nodes below an admitted node (only those can be admitted)."""
    if isinstance(node, ast.BinOp):
        return (node.left, node.right)
    if isinstance(node, ast.UnaryOp):
        return (node.operand,)
    if isinstance(node, ast.BoolOp):
        return node.values
    if isinstance(node, ast.Compare):
        return (node.left, *node.comparators)
    if isinstance(node, ast.IfExp):
        return (node.test, node.body, node.orelse)
    if isinstance(node, ast.Call):
        return (node.func, *node.args, *node.keywords)
    return ()


def _group(node: ast.AST) -> str | None:
    if isinstance(node, ast.BinOp):
        entry = _ARITH_OPS.get(type(node.op))
        return entry[1] if entry else None
    return None


class _Reader:
    """Positions, the allow-list walk and the conversion for one source text."""

    def __init__(self, source: str, text: str, names: Mapping[str, str]) -> None:
        self.source = source
        self.names = names
        self.starts = _line_starts(text)

    # --- positions ------------------------------------------------------------------

    def offset(self, lineno: int, col: int) -> int:
        # Minus one for the bracket the parser saw in front of the source.
        return self.starts[lineno - 1] + col - 1

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Where `node` starts and ends in the source.

        Only a node that takes in the bracket wrapped around the source (a top-level
        tuple) reaches outside it, and is clamped to the source.
        """
        starts = self.starts
        try:
            start = starts[node.lineno - 1] + node.col_offset - 1  # type: ignore[attr-defined]
            end = (starts[node.end_lineno - 1]  # type: ignore[attr-defined]
                   + node.end_col_offset - 1)  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            # A node without a position (a comprehension's 'for' clause) is never
            # reported itself; its parent is.
            return 0, 0
        if start < 0 or end > len(self.source):
            start = self.clamp(start)
            end = max(start, min(end, len(self.source)))
        return start, end

    def clamp(self, position: int) -> int:
        return min(max(position, 0), max(len(self.source) - 1, 0))

    def between(self, left: ast.AST, right: ast.AST) -> int:
        """The position of the operator written between two operands."""
        start = self.span(left)[1]
        end = self.span(right)[0]
        source = self.source
        for position in range(start, end):
            if source[position] not in " \t\n()":
                return position
        return self.clamp(start)

    def segment(self, start: int, end: int) -> str:
        text = " ".join(self.source[start:end].split())
        return text if len(text) <= 40 else text[:37] + "..."

    def quote(self, node: ast.AST) -> str:
        return self.segment(*self.span(node))

    # --- the allow-list -------------------------------------------------------------

    def check_shape(self, root: ast.AST, limits: Limits) -> None:
        """Count nodes, measure nesting and find refused nodes, without recursion.

        A binary operator on the left of another of the same precedence level (the
        `a + b` in `a + b + c`) adds no depth: the conversion flattens such chains.
        Of several refused nodes, the leftmost (then the outermost) is reported.
        """
        stack: list[tuple[ast.AST, int]] = [(root, 1)]
        count = 0
        refused: list[tuple[int, int, ast.AST]] = []
        max_nodes, max_depth = limits.max_nodes, limits.max_depth
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > max_nodes:
                raise ExpressionSyntaxError(
                    f"the expression is too large: more than {limits.max_nodes} parts",
                    self.source,
                    None,
                )
            if depth > max_depth:
                raise ExpressionSyntaxError(
                    f"the expression is nested too deeply: more than {limits.max_depth} "
                    "levels of brackets, conditionals and signs",
                    self.source,
                    self.span(node)[0],
                )
            if not self.allowed(node):
                refused.append((self.span(node)[0], depth, node))
                continue
            group = _group(node)
            if group is not None and isinstance(node, ast.BinOp):
                left = node.left
                stack.append((left, depth if _group(left) == group else depth + 1))
                stack.append((node.right, depth + 1))
                continue
            stack.extend((child, depth + 1) for child in _ast_children(node))
        if refused:
            _, _, node = min(refused, key=lambda item: (item[0], item[1]))
            raise self.refusal(node)

    def allowed(self, node: ast.AST) -> bool:
        if isinstance(node, ast.BinOp):
            return type(node.op) in _ARITH_OPS or isinstance(node.op, ast.Pow)
        if isinstance(node, ast.UnaryOp):
            return isinstance(node.op, ast.USub | ast.UAdd | ast.Not)
        if isinstance(node, ast.Compare):
            return all(type(op) in _COMPARE_OPS for op in node.ops)
        if isinstance(node, ast.Call):
            # A call of something refused in its own right (`x.f()`, `(lambda: 0)()`)
            # is reported at that thing; a call of a call or a sum is refused here.
            return isinstance(node.func, ast.Name) or type(node.func) in _REFUSED_NODES
        if isinstance(node, ast.Constant):
            return type(node.value) in (int, float)
        return isinstance(node, ast.BoolOp | ast.IfExp | ast.Name)

    def refusal(self, node: ast.AST) -> ExpressionSyntaxError:
        start = self.span(node)[0]
        if isinstance(node, ast.Attribute):
            position = self.span(node.value)[1]
            while position < len(self.source) - 1 and self.source[position] != ".":
                position += 1
            return ExpressionSyntaxError(
                f"'{self.quote(node)}': attribute access is not allowed", self.source, position
            )
        if isinstance(node, ast.Subscript):
            return ExpressionSyntaxError(
                f"'{self.quote(node)}': indexing with [...] is not allowed",
                self.source,
                self.clamp(self.span(node.value)[1]),
            )
        if isinstance(node, ast.keyword):
            what = ("unpacking with '**' is not allowed" if node.arg is None
                    else "keyword arguments (name=...) are not allowed")
            return ExpressionSyntaxError(f"'{self.quote(node)}': {what}", self.source, start)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                message = (f"'{node.value}' is not allowed; write a condition such as "
                           "value > 0 instead")
            elif node.value is None:
                message = "'None' is not allowed: every input is a number"
            else:
                message = f"'{self.quote(node)}' is not allowed in an expression"
            return ExpressionSyntaxError(message, self.source, start)
        if isinstance(node, ast.BinOp | ast.UnaryOp | ast.Compare):
            return self.operator_refusal(node)
        if isinstance(node, ast.Call):
            return ExpressionSyntaxError(
                f"'{self.quote(node)}': only the functions {_FUNCTION_LIST} can be called",
                self.source,
                start,
            )
        description = _REFUSED_NODES.get(type(node), "this is not allowed in an expression")
        return ExpressionSyntaxError(f"'{self.quote(node)}': {description}", self.source, start)

    def operator_refusal(
        self, node: ast.BinOp | ast.UnaryOp | ast.Compare
    ) -> ExpressionSyntaxError:
        if isinstance(node, ast.BinOp):
            op: ast.AST = node.op
            position = self.between(node.left, node.right)
        elif isinstance(node, ast.UnaryOp):
            op = node.op
            position = self.span(node)[0]
        else:
            index = next(i for i, op in enumerate(node.ops) if type(op) not in _COMPARE_OPS)
            op = node.ops[index]
            left = node.left if index == 0 else node.comparators[index - 1]
            position = self.between(left, node.comparators[index])
        message = _REFUSED_OPERATORS.get(type(op), "this operator is not allowed")
        return ExpressionSyntaxError(message, self.source, position)

    # --- conversion -----------------------------------------------------------------

    def convert(self, node: ast.AST) -> Node:
        """Our node for a Python node that `check_shape` admitted."""
        start, end = self.span(node)
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                return self.power(node)
            return self.arith(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.convert(node.operand)
            if isinstance(node.op, ast.Not):
                return Not(operand, start, end)
            return Unary("-" if isinstance(node.op, ast.USub) else "+", operand, start, end)
        if isinstance(node, ast.BoolOp):
            positions = tuple(self.between(a, b) for a, b in pairwise(node.values))
            values = tuple(self.convert(value) for value in node.values)
            op = "and" if isinstance(node.op, ast.And) else "or"
            return BoolOp(op, values, positions, start, end)
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            steps = tuple(
                Step(_COMPARE_OPS[type(op)], self.between(a, b), self.convert(b))
                for op, (a, b) in zip(node.ops, pairwise(operands), strict=True)
            )
            return Compare(self.convert(node.left), steps, start, end)
        if isinstance(node, ast.IfExp):
            return IfElse(
                self.convert(node.test),
                self.convert(node.body),
                self.convert(node.orelse),
                self.between(node.body, node.test),
                start,
                end,
            )
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.refusal(node)

    def number(self, node: ast.Constant) -> Num:
        start, end = self.span(node)
        text = self.source[start:end]
        try:
            value = Decimal(text.replace("_", ""))
        except ArithmeticError:
            # An exponent beyond what a Decimal can hold (`1e1000000000000000000`).
            raise ExpressionSyntaxError(
                f"'{self.segment(start, end)}' has an exponent beyond any number: a number in "
                "an expression may be at most 1,000,000,000,000,000 (1e15)",
                self.source,
                start,
            ) from None
        _, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int) or not isinstance(node.value, int | float):
            raise self.refusal(node)
        zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        places = max(0, -(exponent + zeros)) if zeros < len(digits) else 0
        if places > MAX_LITERAL_PLACES:
            raise ExpressionSyntaxError(
                f"'{self.segment(start, end)}' has more than {MAX_LITERAL_PLACES} decimal places",
                self.source,
                start,
            )
        if value > MAX_LITERAL:
            raise ExpressionSyntaxError(
                f"'{self.segment(start, end)}' is too large: a number in an expression may be "
                f"at most 1,000,000,000,000,000 (1e15)",
                self.source,
                start,
            )
        exact = Fraction(value)
        return Num(int(exact) if exact.denominator == 1 else exact, node.value, start, end)

    def name(self, node: ast.Name) -> Name:
        start, end = self.span(node)
        if node.id in self.names:
            return Name(node.id, start, end)
        if node.id in FUNCTIONS:
            raise ExpressionTypeError(
                f"'{node.id}' is a function; call it, like {FUNCTIONS[node.id].usage}",
                self.source,
                start,
            )
        raise ExpressionNameError(
            f"unknown name '{node.id}'",
            self.source,
            start,
            suggestion=_suggest(node.id, self.names),
        )

    def arith(self, node: ast.BinOp) -> Arith:
        start, end = self.span(node)
        group = _group(node)
        chain: list[ast.BinOp] = []
        current: ast.AST = node
        while isinstance(current, ast.BinOp) and _group(current) == group:
            chain.append(current)
            current = current.left
        first = self.convert(current)
        steps = tuple(
            Step(
                _ARITH_OPS[type(binop.op)][0],
                self.between(binop.left, binop.right),
                self.convert(binop.right),
            )
            for binop in reversed(chain)
        )
        return Arith(first, steps, start, end)

    def power(self, node: ast.BinOp) -> Power:
        start, end = self.span(node)
        exponent = _small_int(node.right)
        if exponent is None or abs(exponent) > MAX_EXPONENT:
            raise ExpressionSyntaxError(
                f"the power in '{self.quote(node)}' must be a whole number from "
                f"-{MAX_EXPONENT} to {MAX_EXPONENT} written as a number, such as x ** 2",
                self.source,
                self.span(node.right)[0],
            )
        return Power(self.convert(node.left), exponent,
                     self.between(node.left, node.right), start, end)

    def call(self, node: ast.Call) -> Call:
        start, end = self.span(node)
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.refusal(node)
        if func.id not in FUNCTIONS:
            if func.id in self.names:
                raise ExpressionTypeError(
                    f"'{func.id}' is an input, not a function", self.source, start
                )
            suggestion = _suggest(func.id, FUNCTIONS)
            listing = "" if suggestion else f"; the functions are {_FUNCTION_LIST}"
            raise ExpressionNameError(
                f"unknown function '{func.id}'{listing}", self.source, start,
                suggestion=suggestion,
            )
        if func.id == "round" and len(node.args) == 2:
            places = _small_int(node.args[1])
            if places is None or abs(places) > MAX_ROUND_PLACES:
                raise ExpressionSyntaxError(
                    "the second argument of round() is a number of decimal places: a whole "
                    f"number from -{MAX_ROUND_PLACES} to {MAX_ROUND_PLACES} such as "
                    "round(x, 1)",
                    self.source,
                    self.span(node.args[1])[0],
                )
        return Call(func.id, tuple(self.convert(arg) for arg in node.args), start, end)


def _small_int(node: ast.AST) -> int | None:
    """The value of a whole number written directly, possibly signed, else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    return None


def _suggest(name: str, candidates: Mapping[str, object]) -> str | None:
    if len(name) > 100:
        return None
    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
