"""Static kinds: every part of an expression is a number, a condition, or a list input.

Checked once at compile time so that no evaluation can meet a condition where a number
is needed, or a list in arithmetic. Lists (inputs declared `"numbers"`) exist only as
the argument of an aggregate function; nothing can build one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias

from kpirules.errors import ExpressionTypeError
from kpirules.expressions._functions import FUNCTIONS, LIST_FUNCTIONS
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
)

__all__ = ["BOOLEAN", "NUMBER", "NUMBERS", "Kind", "kind_of"]

Kind: TypeAlias = Literal["number", "numbers", "boolean"]
NUMBER: Final = "number"
NUMBERS: Final = "numbers"
BOOLEAN: Final = "boolean"

_EXAMPLE_CONDITION: Final = "a comparison such as value >= target"


def kind_of(node: Node, names: Mapping[str, str], source: str) -> Kind:
    """The kind of `node`'s value; raises ExpressionTypeError where kinds do not fit."""
    return _Checker(names, source).kind(node)


class _Checker:
    def __init__(self, names: Mapping[str, str], source: str) -> None:
        self.names = names
        self.source = source

    def quote(self, node: Node) -> str:
        text = " ".join(self.source[node.start:node.end].split())
        return text if len(text) <= 40 else text[:37] + "..."

    def error(self, message: str, node: Node) -> ExpressionTypeError:
        return ExpressionTypeError(message, self.source, node.start)

    def kind(self, node: Node) -> Kind:
        if isinstance(node, Num):
            return NUMBER
        if isinstance(node, Name):
            return NUMBERS if self.names[node.id] == NUMBERS else NUMBER
        if isinstance(node, Unary):
            self.number(node.operand, f"'{node.op}'")
            return NUMBER
        if isinstance(node, Arith):
            self.number(node.first, f"'{node.steps[0].op}'")
            for step in node.steps:
                self.number(step.operand, f"'{step.op}'")
            return NUMBER
        if isinstance(node, Power):
            self.number(node.base, "'**'")
            return NUMBER
        if isinstance(node, Compare):
            self.number(node.first, "a comparison")
            for step in node.steps:
                self.number(step.operand, "a comparison")
            return BOOLEAN
        if isinstance(node, BoolOp):
            for value in node.values:
                self.condition(value, f"'{node.op}'")
            return BOOLEAN
        if isinstance(node, Not):
            self.condition(node.operand, "'not'")
            return BOOLEAN
        if isinstance(node, IfElse):
            return self.if_else(node)
        return self.call(node)

    def number(self, node: Node, context: str) -> None:
        kind = self.kind(node)
        if kind == NUMBERS:
            raise self.list_misused(node)
        if kind == BOOLEAN:
            raise self.error(
                f"'{self.quote(node)}' is a condition (true or false), but {context} needs a "
                "number",
                node,
            )

    def condition(self, node: Node, context: str) -> None:
        kind = self.kind(node)
        if kind == NUMBERS:
            raise self.list_misused(node)
        if kind == NUMBER:
            raise self.error(
                f"'{self.quote(node)}' is a number, but {context} needs a condition "
                f"({_EXAMPLE_CONDITION})",
                node,
            )

    def list_misused(self, node: Node) -> ExpressionTypeError:
        return self.error(
            f"'{self.quote(node)}' is a list of numbers; use it inside {LIST_FUNCTIONS}", node
        )

    def if_else(self, node: IfElse) -> Kind:
        self.condition(node.test, "the test after 'if'")
        body = self.kind(node.body)
        orelse = self.kind(node.orelse)
        for branch, kind in ((node.body, body), (node.orelse, orelse)):
            if kind == NUMBERS:
                raise self.list_misused(branch)
        if body != orelse:
            raise self.error(
                f"the two results of '{self.quote(node)}' must both be numbers or both be "
                f"conditions, but '{self.quote(node.body)}' is a "
                f"{'condition' if body == BOOLEAN else 'number'} and "
                f"'{self.quote(node.orelse)}' is a "
                f"{'condition' if orelse == BOOLEAN else 'number'}",
                node,
            )
        return body

    def call(self, node: Call) -> Kind:
        function = FUNCTIONS[node.func]
        args = node.args
        usage = f"{node.func}() is used like {function.usage}"
        if node.func == "round":
            if len(args) not in (1, 2):
                raise self.error(f"{usage}", node)
            self.number(args[0], "round()")
            return NUMBER
        lists = [arg for arg in args if self.names_kind(arg) == NUMBERS]
        if function.takes_list and len(args) == 1 and lists:
            return NUMBER
        if function.numbers is None:
            if len(args) == 1:
                raise self.error(
                    f"{node.func}() takes a list of numbers, like {function.usage}; "
                    f"'{self.quote(args[0])}' is not a list",
                    node,
                )
            raise self.error(usage, node)
        if lists and not function.takes_list:
            raise self.list_misused(lists[0])
        if lists:
            raise self.error(
                f"'{self.quote(lists[0])}' is a list of numbers; {node.func}() takes a list "
                f"only on its own, like {node.func}({self.quote(lists[0])})",
                lists[0],
            )
        least, most = function.numbers
        if len(args) < least or (most is not None and len(args) > most):
            raise self.error(usage, node)
        for arg in args:
            self.number(arg, f"{node.func}()")
        return NUMBER

    def names_kind(self, node: Node) -> Kind | None:
        if isinstance(node, Name) and self.names[node.id] == NUMBERS:
            return NUMBERS
        return None
