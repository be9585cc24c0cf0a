"""The checked tree an expression is compiled from: our own nodes, not Python's.

Every node records where it sits in the source (`start`, `end`, 0-based, end exclusive)
so that each later stage can point at the place a problem is. Chains of one
precedence level (`a + b - c`, `a * b / c`, `a < b <= c`) are flat tuples of steps, so
a 400-term sum is one node with 399 steps rather than a tree 400 levels deep, and no
stage recurses further than the nesting a person actually wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias

__all__ = [
    "Arith",
    "BoolOp",
    "Call",
    "Compare",
    "IfElse",
    "Name",
    "Node",
    "Not",
    "Num",
    "Power",
    "Step",
    "Unary",
    "children",
    "small_int",
    "walk",
]


@dataclass(frozen=True, slots=True)
class Num:
    """A number as written: its exact value, and the value Python gives the literal."""

    exact: int | Fraction
    literal: int | float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Name:
    """A declared input."""

    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Unary:
    """`-x` or `+x`; `start` is the sign."""

    op: str
    operand: Node
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Step:
    """One operator of a chain and the operand on its right; `position` is the operator."""

    op: str
    position: int
    operand: Node


@dataclass(frozen=True, slots=True)
class Arith:
    """`first op1 x1 op2 x2 ...`, evaluated left to right, all of one precedence level."""

    first: Node
    steps: tuple[Step, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Power:
    """`base ** exponent` with a small whole-number exponent written in the source."""

    base: Node
    exponent: int
    position: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Compare:
    """`a < b <= c ...`: each operand evaluated at most once, stopping at the first false."""

    first: Node
    steps: tuple[Step, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BoolOp:
    """`a and b and ...` or `a or b or ...`, stopping as soon as the answer is known."""

    op: str
    values: tuple[Node, ...]
    positions: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Not:
    """`not x`."""

    operand: Node
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class IfElse:
    """`body if test else orelse`; only the branch chosen is evaluated."""

    test: Node
    body: Node
    orelse: Node
    position: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a function from the table; `start` is the function's name."""

    func: str
    args: tuple[Node, ...]
    start: int
    end: int


Node: TypeAlias = Num | Name | Unary | Arith | Power | Compare | BoolOp | Not | IfElse | Call


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly below `node`, in source order."""
    if isinstance(node, Unary | Not):
        return (node.operand,)
    if isinstance(node, Arith | Compare):
        return (node.first, *(step.operand for step in node.steps))
    if isinstance(node, Power):
        return (node.base,)
    if isinstance(node, BoolOp):
        return node.values
    if isinstance(node, IfElse):
        return (node.body, node.test, node.orelse)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Node) -> list[Node]:
    """Every node of the tree, without recursion."""
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children(current))
    return found


def small_int(node: Node) -> int | None:
    """The value of a whole number written directly, possibly signed, else None."""
    sign = 1
    if isinstance(node, Unary):
        sign = -1 if node.op == "-" else 1
        node = node.operand
    if isinstance(node, Num) and type(node.literal) is int:
        return sign * node.literal
    return None
