"""A static bound on how large exact results can grow, so none can run long.

Exact (Fraction) arithmetic is only as fast as its numbers are short, and the length of
a result grows with the operations that make it: the digits of `a * b` or `a + b` are
at most the digits of `a` and of `b` together, and `a ** k` has `|k|` times the digits
of `a`. Inputs are bounded (`Limits.max_exact_digits`), so giving each input and number
a weight of 1 and adding weights the same way bounds the digits of every intermediate
result by `weight × (digits of one input)`:

- a number or a single input weighs 1; `sum(list)` and `mean(list)` weigh 2, since a
  list's numbers share one bounded denominator; `min`, `max` and `len` of a list weigh 1;
- `a op b` for `+ - * / // %` weighs `w(a) + w(b)`; `a ** k` weighs `w(a) × |k|`;
- signs and `abs` keep the weight; `round(x, n)` adds 1; `min`/`max` of numbers and
  a conditional weigh their heaviest argument or branch.

Each intermediate result must weigh at most `Limits.max_weight`; their weights together
(which bound the total work, as each operation costs at most the square of its length)
at most `Limits.max_total_weight`. Float evaluation is bounded anyway; the same bound
keeps the integers it may meet (`len(months) ** 8`) small.
"""

from __future__ import annotations

from kpirules.errors import ExpressionSyntaxError
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
from kpirules.expressions._limits import Limits

__all__ = ["check_cost"]


def check_cost(node: Node, source: str, limits: Limits) -> int:
    """The total weight of `node`; raises ExpressionSyntaxError when a limit is passed."""
    meter = _Meter(source, limits)
    meter.weight(node)
    if meter.total > limits.max_total_weight:
        raise ExpressionSyntaxError(
            "the expression is too large to compute exactly: its parts together combine "
            f"the equivalent of {meter.total:,} numbers, and the limit is "
            f"{limits.max_total_weight:,}",
            source,
            None,
        )
    return meter.total


class _Meter:
    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.total = 0

    def count(self, weight: int, start: int, end: int) -> int:
        self.total += weight
        if weight > self.limits.max_weight:
            text = " ".join(self.source[start:end].split())
            text = text if len(text) <= 40 else text[:37] + "..."
            raise ExpressionSyntaxError(
                f"'{text}' could grow too large to compute exactly: it combines the "
                f"equivalent of {weight:,} numbers, and the limit is "
                f"{self.limits.max_weight:,}",
                self.source,
                start,
            )
        return weight

    def weight(self, node: Node) -> int:
        """The weight of a number-valued node (0 for a condition), counted into the total."""
        if isinstance(node, Num | Name):
            return self.count(1, node.start, node.end)
        if isinstance(node, Unary):
            return self.count(self.weight(node.operand), node.start, node.end)
        if isinstance(node, Arith):
            weight = self.weight(node.first)
            for step in node.steps:
                weight = self.count(
                    weight + self.weight(step.operand), node.start, step.operand.end
                )
            return weight
        if isinstance(node, Power):
            return self.count(
                self.weight(node.base) * max(1, abs(node.exponent)), node.start, node.end
            )
        if isinstance(node, Compare):
            left = self.weight(node.first)
            for step in node.steps:
                right = self.weight(step.operand)
                # Comparing two fractions multiplies each numerator by the other's
                # denominator: as much work as a product.
                self.total += left + right
                left = right
            return 0
        if isinstance(node, BoolOp):
            for value in node.values:
                self.weight(value)
            return 0
        if isinstance(node, Not):
            self.weight(node.operand)
            return 0
        if isinstance(node, IfElse):
            self.weight(node.test)
            return self.count(
                max(self.weight(node.body), self.weight(node.orelse)), node.start, node.end
            )
        return self.call(node)

    def call(self, node: Call) -> int:
        # The type checker has run: sum, mean and len hold one list, and min or max
        # with a single argument hold a list too.
        if node.func in ("sum", "mean"):
            weight = 2
        elif node.func == "len" or (node.func in ("min", "max") and len(node.args) == 1):
            weight = 1
        elif node.func == "round":
            weight = self.weight(node.args[0]) + 1
        else:
            weight = max(self.weight(arg) for arg in node.args)
        return self.count(weight, node.start, node.end)
