"""Hypothesis strategies for the expression language: well-typed trees, rendered two ways.

A tree is built from the small classes below and rendered either as the text a spec
author writes (`render(tree)`) or as plain Python over Fractions (`render(tree,
exact=True)`), in which every number is `F('...')` and floor division is converted back
to a Fraction, so that Python's own arithmetic is exact throughout. The trees are kept
small (at most a dozen leaves, exponents from -3 to 3) so that every generated
expression is within the engine's default limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

from hypothesis import strategies as st

__all__ = [
    "Bin",
    "BoolOp",
    "Cmp",
    "Cond",
    "Fn",
    "Lit",
    "Not",
    "Pow",
    "Sign",
    "Tree",
    "Var",
    "conditions",
    "decimal_texts",
    "exact_numbers",
    "expressions",
    "float_numbers",
    "numbers",
    "render",
    "with_part",
]


@dataclass(frozen=True)
class Lit:
    text: str


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Sign:
    op: str
    operand: Tree


@dataclass(frozen=True)
class Bin:
    op: str
    left: Tree
    right: Tree


@dataclass(frozen=True)
class Pow:
    base: Tree
    exponent: int


@dataclass(frozen=True)
class Cmp:
    ops: tuple[str, ...]
    operands: tuple[Tree, ...]


@dataclass(frozen=True)
class BoolOp:
    op: str
    values: tuple[Tree, ...]


@dataclass(frozen=True)
class Not:
    operand: Tree


@dataclass(frozen=True)
class Cond:
    test: Tree
    body: Tree
    orelse: Tree


@dataclass(frozen=True)
class Fn:
    name: str
    args: tuple[Tree, ...]
    places: int | None = None


Tree: TypeAlias = Lit | Var | Sign | Bin | Pow | Cmp | BoolOp | Not | Cond | Fn


def render(tree: Tree, *, exact: bool = False) -> str:
    """The tree as expression text, or with `exact` as Python over Fractions named `F`."""
    def r(node: Tree) -> str:
        if isinstance(node, Lit):
            return f"F('{node.text.replace('_', '')}')" if exact else node.text
        if isinstance(node, Var):
            return node.name
        if isinstance(node, Sign):
            return f"{node.op}({r(node.operand)})"
        if isinstance(node, Bin):
            text = f"({r(node.left)}) {node.op} ({r(node.right)})"
            return f"F({text})" if exact and node.op == "//" else text
        if isinstance(node, Pow):
            return f"({r(node.base)}) ** {node.exponent}"
        if isinstance(node, Cmp):
            parts = [f"({r(node.operands[0])})"]
            for op, operand in zip(node.ops, node.operands[1:], strict=True):
                parts.append(f"{op} ({r(operand)})")
            return " ".join(parts)
        if isinstance(node, BoolOp):
            return f" {node.op} ".join(f"({r(value)})" for value in node.values)
        if isinstance(node, Not):
            return f"not ({r(node.operand)})"
        if isinstance(node, Cond):
            return f"({r(node.body)}) if ({r(node.test)}) else ({r(node.orelse)})"
        args = [r(arg) for arg in node.args]
        if node.places is not None:
            args.append(str(node.places))
        return f"{node.name}({', '.join(args)})"

    return r(tree)


def decimal_texts() -> st.SearchStrategy[str]:
    """Numbers as a spec author writes them: `12`, `0.95`, `1_000`, `2.5e3`, `.5`."""
    digits = st.integers(min_value=0, max_value=10**6)
    places = st.integers(min_value=1, max_value=4)
    return st.one_of(
        digits.map(str),
        st.builds(lambda n, p: f"{n // 10**p}.{n % 10**p:0{p}d}", digits, places),
        st.builds(lambda n, e: f"{n}e{e}", st.integers(0, 999), st.integers(-3, 6)),
        st.integers(1_000, 999_999).map(lambda n: f"{n:_}"),
        st.integers(1, 99).map(lambda n: f".{n}"),
    )


ARITHMETIC = ("+", "-", "*", "/", "//", "%")
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


def numbers(
    number_names: tuple[str, ...], list_names: tuple[str, ...] = (), *, max_leaves: int = 10
) -> st.SearchStrategy[Tree]:
    """Trees whose value is a number, over the given input names."""
    leaves: list[st.SearchStrategy[Tree]] = [decimal_texts().map(Lit)]
    if number_names:
        leaves.append(st.sampled_from(number_names).map(Var))
    if list_names:
        leaves.append(
            st.builds(
                lambda f, name: Fn(f, (Var(name),)),
                st.sampled_from(("sum", "mean", "min", "max", "len")),
                st.sampled_from(list_names),
            )
        )
    return st.recursive(st.one_of(leaves), _compound, max_leaves=max_leaves)


_SHAPES = st.sampled_from(("bin", "sign", "pow", "abs", "minmax", "round", "if"))
_ARITHMETIC_OPS = st.sampled_from(ARITHMETIC)
_SIGNS = st.sampled_from(("-", "+"))
_EXPONENTS = st.integers(min_value=-3, max_value=3)
_MIN_MAX = st.sampled_from(("min", "max"))
_PLACES = st.one_of(st.none(), st.integers(min_value=-2, max_value=3))
_COMPARISON_OPS = st.sampled_from(COMPARISONS)
_CONDITION_SHAPES = st.sampled_from(("compare", "chain", "and", "or", "not"))
_COMPARISON_SHAPES = st.sampled_from(("compare", "chain"))
_COUNTS = st.integers(min_value=2, max_value=3)


@st.composite
def _compound(draw: st.DrawFn, children: st.SearchStrategy[Tree]) -> Tree:
    """One operation over numbers drawn from `children`.

    A composite rather than a `one_of` of builds, so that `children` appears once in
    the strategy's repr, which hypothesis prints and warns about when it is large.
    """
    shape = draw(_SHAPES)
    if shape == "bin":
        return Bin(draw(_ARITHMETIC_OPS), draw(children), draw(children))
    if shape == "sign":
        return Sign(draw(_SIGNS), draw(children))
    if shape == "pow":
        return Pow(draw(children), draw(_EXPONENTS))
    if shape == "abs":
        return Fn("abs", (draw(children),))
    if shape == "minmax":
        return Fn(draw(_MIN_MAX), tuple(draw(children) for _ in range(draw(_COUNTS))))
    if shape == "round":
        return Fn("round", (draw(children),), draw(_PLACES))
    return Cond(_draw_condition(draw, children, 1), draw(children), draw(children))


def _draw_condition(draw: st.DrawFn, operands: st.SearchStrategy[Tree], depth: int) -> Tree:
    shape = draw(_CONDITION_SHAPES if depth > 0 else _COMPARISON_SHAPES)
    if shape in ("compare", "chain"):
        count = 1 if shape == "compare" else 2
        ops = tuple(draw(_COMPARISON_OPS) for _ in range(count))
        return Cmp(ops, tuple(draw(operands) for _ in range(count + 1)))
    if shape == "not":
        return Not(_draw_condition(draw, operands, depth - 1))
    count = draw(_COUNTS)
    return BoolOp(shape, tuple(_draw_condition(draw, operands, depth - 1) for _ in range(count)))


@st.composite
def conditions(draw: st.DrawFn, operands: st.SearchStrategy[Tree], *, depth: int = 2) -> Tree:
    """Trees whose value is a condition, comparing trees drawn from `operands`."""
    return _draw_condition(draw, operands, depth)


def expressions(
    number_names: tuple[str, ...], list_names: tuple[str, ...] = ()
) -> st.SearchStrategy[Tree]:
    """Well-typed trees of either kind: a number or a condition."""
    return st.one_of(
        numbers(number_names, list_names),
        conditions(numbers(number_names, list_names, max_leaves=5)),
    )


@st.composite
def with_part(draw: st.DrawFn, trees: st.SearchStrategy[Tree], part: Tree) -> Tree:
    """A tree from `trees` with one of its number leaves (chosen by hypothesis) replaced by `part`.

    Used to put an overflowing part in every kind of position, including those where
    an infinity would vanish (a divisor, a base raised to a negative power).
    """
    tree = draw(trees)
    leaves = _count_leaves(tree)
    if leaves == 0:
        return tree
    return _replace_leaf(tree, draw(st.integers(min_value=0, max_value=leaves - 1)), part)


def _count_leaves(tree: Tree) -> int:
    if isinstance(tree, Lit | Var):
        return 1
    return sum(_count_leaves(child) for child in _children(tree))


def _children(tree: Tree) -> tuple[Tree, ...]:
    if isinstance(tree, Sign | Not):
        return (tree.operand,)
    if isinstance(tree, Bin):
        return (tree.left, tree.right)
    if isinstance(tree, Pow):
        return (tree.base,)
    if isinstance(tree, Cmp):
        return tree.operands
    if isinstance(tree, BoolOp):
        return tree.values
    if isinstance(tree, Cond):
        return (tree.test, tree.body, tree.orelse)
    if isinstance(tree, Fn) and tree.name not in ("sum", "mean", "len") and not (
        tree.name in ("min", "max") and len(tree.args) == 1
    ):
        return tree.args
    return ()


def _replace_leaf(tree: Tree, index: int, part: Tree) -> Tree:
    """`tree` with its `index`-th number leaf, counting in source order, replaced by `part`."""
    remaining = [index]

    def walk(node: Tree) -> Tree:
        if isinstance(node, Lit | Var):
            remaining[0] -= 1
            return part if remaining[0] == -1 else node
        children = _children(node)
        return _rebuild(node, tuple(walk(child) for child in children)) if children else node

    return walk(tree)


def _rebuild(tree: Tree, children: tuple[Tree, ...]) -> Tree:
    if isinstance(tree, Sign):
        return Sign(tree.op, children[0])
    if isinstance(tree, Not):
        return Not(children[0])
    if isinstance(tree, Bin):
        return Bin(tree.op, children[0], children[1])
    if isinstance(tree, Pow):
        return Pow(children[0], tree.exponent)
    if isinstance(tree, Cmp):
        return Cmp(tree.ops, children)
    if isinstance(tree, BoolOp):
        return BoolOp(tree.op, children)
    if isinstance(tree, Cond):
        return Cond(children[0], children[1], children[2])
    assert isinstance(tree, Fn)
    return Fn(tree.name, children, tree.places)


def float_numbers() -> st.SearchStrategy[float]:
    """Finite floats, mostly of everyday size, sometimes extreme enough to overflow."""
    return st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
        st.integers(min_value=-1000, max_value=1000).map(float),
        st.sampled_from((0.0, -0.0, 1.0, 0.1, 1e-300, 1e300, -1e308)),
        st.floats(allow_nan=False, allow_infinity=False),
    )


def exact_numbers() -> st.SearchStrategy[int | Fraction | Decimal]:
    """Ints, Fractions and Decimals well within the engine's exact input bounds."""
    return st.one_of(
        st.integers(min_value=-1000, max_value=1000),
        st.fractions(min_value=-10**6, max_value=10**6, max_denominator=1000),
        st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                    allow_infinity=False),
    )
