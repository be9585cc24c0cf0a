"""The function table: the only names an expression may call, and what each accepts.

This is data, read by the type checker (arguments), the code generator (which helper
runs each call) and the documentation. Adding a function means adding a row here, a
helper in `_runtime`, and a line in `docs/expressions.md`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = ["FUNCTIONS", "LIST_FUNCTIONS", "MAX_ROUND_PLACES", "Function"]

#: `round(x, n)` accepts n from -MAX_ROUND_PLACES to MAX_ROUND_PLACES.
MAX_ROUND_PLACES: Final = 15


@dataclass(frozen=True, slots=True)
class Function:
    """What one function accepts.

    `numbers` is the (least, most) count of number arguments it takes, or None when it
    takes no numbers; `takes_list` says it also takes exactly one list input instead.
    `round` additionally takes decimal places as an optional second argument.
    """

    name: str
    numbers: tuple[int, int | None] | None
    takes_list: bool
    usage: str


FUNCTIONS: Final[Mapping[str, Function]] = MappingProxyType(
    {
        "abs": Function("abs", (1, 1), takes_list=False, usage="abs(x)"),
        "len": Function("len", None, takes_list=True, usage="len(months)"),
        "max": Function("max", (2, None), takes_list=True, usage="max(a, b, ...) or max(months)"),
        "mean": Function("mean", None, takes_list=True, usage="mean(months)"),
        "min": Function("min", (2, None), takes_list=True, usage="min(a, b, ...) or min(months)"),
        "round": Function("round", (1, 1), takes_list=False, usage="round(x) or round(x, 2)"),
        "sum": Function("sum", None, takes_list=True, usage="sum(months)"),
    }
)

#: The functions that accept a list input, named in messages about misused lists.
LIST_FUNCTIONS: Final = "sum(), mean(), min(), max() or len()"
