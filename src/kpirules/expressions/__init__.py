"""The expression engine: a small, safe language compiled once into Python functions.

    >>> from kpirules.expressions import compile_expression
    >>> expr = compile_expression("value >= target * 0.95",
    ...                           names={"value": "number", "target": "number"})
    >>> expr(value=202, target=200)
    True

The pipeline, one module per stage: `_scan` (raw text: length, characters, nesting),
`_parse` (Python's parser, an allow-list, our own `_ir` nodes), `_types` (static kinds),
`_cost` (a bound on the growth of exact results), `_codegen` (Python source written
from the checked nodes), with `_inputs`, `_runtime` and `_diagnose` for evaluation.
The grammar and semantics for spec authors are in `docs/expressions.md`.
"""

from kpirules.expressions._expression import (
    Expression,
    NameKind,
    ResultKind,
    Value,
    compile_expression,
)
from kpirules.expressions._limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "Expression",
    "Limits",
    "NameKind",
    "ResultKind",
    "Value",
    "compile_expression",
]
