"""`compile_expression` and `Expression`: the public face of the engine.

Compiling runs every check once (text, grammar, names, kinds, growth) and generates the
evaluating functions; an `Expression` holds them with its source and never changes, so
it can be shared between threads and evaluated any number of times.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Final, Literal, NoReturn, TypeAlias

from kpirules.errors import (
    ExpressionError,
    ExpressionInputError,
    ExpressionNameError,
    ExpressionSyntaxError,
    ExpressionTypeError,
)
from kpirules.expressions._codegen import Hooks, generate
from kpirules.expressions._cost import check_cost
from kpirules.expressions._diagnose import diagnose
from kpirules.expressions._functions import FUNCTIONS, LIST_FUNCTIONS
from kpirules.expressions._inputs import prepare
from kpirules.expressions._ir import Name, Node, walk
from kpirules.expressions._limits import DEFAULT_LIMITS, Limits
from kpirules.expressions._parse import parse
from kpirules.expressions._runtime import FAILURES
from kpirules.expressions._types import NUMBERS, kind_of

__all__ = ["Expression", "NameKind", "ResultKind", "Value", "compile_expression"]

NameKind: TypeAlias = Literal["number", "numbers"]
"""The kind of a declared input: one number, or a list of numbers (`"numbers"`)."""
ResultKind: TypeAlias = Literal["number", "boolean"]
"""What an expression gives: a number, or a condition (`"boolean"`)."""
Value: TypeAlias = Fraction | float | int
"""A result: an int or Fraction from exact inputs, a float from float inputs, or a bool."""

_NAME: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]*", re.ASCII)
_MAX_NAME_LENGTH: Final = 100


class _Missing:
    """The default of every parameter of a generated function: no value was given."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final = _Missing()


def compile_expression(
    source: str,
    *,
    names: Mapping[str, str] = MappingProxyType({}),
    limits: Limits = DEFAULT_LIMITS,
    result: str | None = None,
) -> Expression:
    """Check `source` against the grammar and the declared `names`, and compile it.

    `names` maps each name the expression may use to its kind (a `NameKind`),
    `"number"` or `"numbers"` (a list, usable only inside `sum`, `mean`, `min`, `max`
    and `len`); kinds are checked when compiling, so names read from a spec need no cast.
    With `result`, the expression must give that kind: `"boolean"` for a condition (a
    RAG rule), `"number"` for a derived value. Raises an ExpressionError subclass, with
    the position of the problem, for anything the language refuses.
    """
    if not isinstance(source, str):
        raise ExpressionSyntaxError(
            f"an expression must be text, not {type(source).__name__}", "", None
        )
    if not isinstance(limits, Limits):
        raise ExpressionTypeError(f"limits must be a Limits, not {type(limits).__name__}",
                                  source, None)
    if result not in (None, "number", "boolean"):
        raise ExpressionTypeError(
            f"result must be 'number' or 'boolean', not {result!r}", source, None
        )
    declared = _check_names(names, limits, source)
    tree = parse(source, declared, limits)
    kind = kind_of(tree, declared, source)
    if kind == NUMBERS:
        raise ExpressionTypeError(
            f"'{source.strip()}' is a list of numbers; use it inside {LIST_FUNCTIONS}",
            source,
            tree.start,
        )
    if result is not None and kind != result:
        raise ExpressionTypeError(_wrong_result(result), source, tree.start)
    check_cost(tree, source, limits)
    return Expression._compiled(source, declared, tree, kind, limits)


def _wrong_result(result: str) -> str:
    if result == "boolean":
        return ("the expression must be a condition (true or false), such as "
                "value >= target, but it gives a number")
    return "the expression must give a number, but it is a condition (true or false)"


def _check_names(names: object, limits: Limits, source: str) -> dict[str, str]:
    if not isinstance(names, Mapping):
        raise ExpressionTypeError(
            "names must map each input name to 'number' or 'numbers'", source, None
        )
    if len(names) > limits.max_names:
        raise ExpressionNameError(
            f"too many input names: {len(names):,}, and the limit is {limits.max_names:,}",
            source,
            None,
        )
    declared: dict[str, str] = {}
    for name in sorted(names, key=str):
        kind = names[name]
        if not isinstance(name, str) or not _NAME.fullmatch(name) or (
            len(name) > _MAX_NAME_LENGTH or keyword.iskeyword(name) or name in FUNCTIONS
        ):
            raise ExpressionNameError(
                f"{name!r} cannot be an input name: a name is letters, digits and "
                f"underscores, starting with a letter, at most {_MAX_NAME_LENGTH} characters,"
                " and not a Python keyword or one of the functions",
                source,
                None,
            )
        if kind not in ("number", "numbers"):
            raise ExpressionTypeError(
                f"the kind of '{name}' must be 'number' or 'numbers', not {kind!r}",
                source,
                None,
            )
        declared[name] = kind
    return declared


class _General:
    """The general path of one expression: inputs checked and converted, failures located."""

    __slots__ = ("declared", "exact_fn", "first_use", "float_fn", "limits", "lists", "source",
                 "tree", "used")

    def __init__(self, source: str, tree: Node, declared: Mapping[str, str],
                 first_use: Mapping[str, int], limits: Limits) -> None:
        self.source = source
        self.tree = tree
        self.declared = frozenset(declared)
        self.used = tuple(sorted(first_use))
        self.lists = tuple(declared[name] == NUMBERS for name in self.used)
        self.limits = limits
        self.first_use = dict(first_use)
        self.float_fn: Callable[..., Any] = _not_ready
        self.exact_fn: Callable[..., Any] = _not_ready

    def complain(self, name: str, message: str) -> ExpressionInputError:
        return ExpressionInputError(message, self.source, self.first_use.get(name))

    def check_names(self, args: tuple[object, ...], extra: Mapping[str, object],
                    values: tuple[object, ...], what: str = "input") -> None:
        """Refuse positional arguments, undeclared names, and missing used names."""
        if args:
            raise ExpressionInputError(
                f"{what}s must be given by name, such as value=...", self.source, None
            )
        unexpected = sorted(name for name in extra if name not in self.declared)
        if unexpected:
            known = sorted(self.declared)
            close = difflib.get_close_matches(unexpected[0][:100], known, n=1, cutoff=0.6)
            raise ExpressionInputError(
                f"unexpected {what}{'s' if len(unexpected) > 1 else ''} "
                f"{_listing(unexpected)}; the expression's inputs are "
                f"{_listing(known) or 'none'}",
                self.source,
                None,
                suggestion=close[0] if close else None,
            )
        missing = [name for name, value in zip(self.used, values, strict=True)
                   if value is _MISSING]
        if missing:
            raise ExpressionInputError(
                f"missing {what}{'s' if len(missing) > 1 else ''} {_listing(missing)}",
                self.source,
                self.first_use[missing[0]],
            )

    def general(self, args: tuple[object, ...], extra: Mapping[str, object],
                *values: object) -> Any:
        """Evaluate with the values of the used inputs, in order; `extra` are the others."""
        self.check_names(args, extra, values)
        prepared, floating = prepare(self.used, self.lists, values, self.limits, self.complain)
        function = self.float_fn if floating else self.exact_fn
        try:
            return function(*prepared)
        except FAILURES as exc:
            inputs = dict(zip(self.used, prepared, strict=True))
            raise diagnose(self.tree, inputs, floating, self.source, exc) from None

    def call(self, *args: object, **inputs: object) -> Any:
        values = tuple(inputs.pop(name, _MISSING) for name in self.used)
        return self.general(args, inputs, *values)

    def row(self, *values: object) -> Any:
        try:
            return self.general((), {}, *values)
        except ExpressionError as exc:
            return exc

    def columns(self, args: tuple[object, ...], extra: Mapping[str, object],
                *used: object) -> tuple[tuple[tuple[object, ...], ...], list[Any], int]:
        """Check a batch's columns and read the used ones.

        Returns the used columns as tuples, the errors of the rows that could not be
        read, and the number of rows. A column whose iteration fails at row k (a
        caller's sequence may fail in any way it likes) yields rows before k, and an
        `ExpressionInputError` for row k and each row after it: a failure is reported
        per row, as a failing evaluation is, never raised from the whole batch.
        """
        self.check_names(args, extra, used, what="column")
        lengths: dict[str, int] = {}
        for name, column in (*zip(self.used, used, strict=True), *extra.items()):
            if column is _MISSING:
                continue
            try:
                lengths[name] = len(column)  # type: ignore[arg-type]
            except Exception:
                raise ExpressionInputError(
                    f"the column for '{name}' must be a sequence, not {type(column).__name__}",
                    self.source,
                    self.first_use.get(name),
                ) from None
        if len(set(lengths.values())) > 1:
            described = ", ".join(f"'{name}' has {n:,}" for name, n in sorted(lengths.items()))
            raise ExpressionInputError(
                f"the columns must have the same number of rows, but {described}",
                self.source,
                None,
            )
        rows = next(iter(lengths.values()), 0)
        read: list[tuple[object, ...]] = []
        broken: tuple[int, str, Exception] | None = None
        for name, column in zip(self.used, used, strict=True):
            values: list[object] = []
            try:
                for value in column:  # type: ignore[attr-defined]
                    if len(values) == rows:
                        break
                    values.append(value)
            except Exception as failure:
                if broken is None or len(values) < broken[0]:
                    broken = (len(values), name, failure)
            read.append(tuple(values))
        if broken is None:
            if any(len(values) != rows for values in read):
                broken = (min(len(values) for values in read), "", ValueError(
                    "the column ended before its stated length"))
            else:
                return tuple(read), [], rows
        index, name, exc = broken
        error = ExpressionInputError(
            f"the column for '{name}' could not be read at row {index + 1}: "
            f"{type(exc).__name__}: {exc}" if name else
            f"a column ended at row {index + 1}, before its stated length of {rows:,}",
            self.source,
            self.first_use.get(name),
        )
        return tuple(values[:index] for values in read), [error] * (rows - index), rows

    def map(self, *args: object, **columns: object) -> list[Any]:
        used = tuple(columns.pop(name, _MISSING) for name in self.used)
        read, failed, rows = self.columns(args, columns, *used)
        if not used:
            return [self.row() for _ in range(rows)]
        return [*(self.row(*values) for values in zip(*read, strict=True)), *failed]


def _not_ready(*_: object) -> NoReturn:
    raise RuntimeError("expression is still being compiled")


def _listing(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


class Expression:
    """A compiled expression: immutable, reusable, and safe to share between threads.

    Call it with one keyword argument per input it uses: `expr(value=202, target=200)`.
    Inputs that are all exact (int, Fraction, Decimal) give an exact result (int,
    Fraction, or bool); any float input makes the evaluation IEEE double, as Python
    computes it. Declared names the expression does not use may be given and are
    ignored. `expr.map(value=[...], target=[...])` evaluates columns of inputs, row by
    row, and returns a list with an ExpressionError in place of each row that failed.

    `evaluate` is the same evaluation for the hottest loops: a plain function, so it
    avoids CPython's cost of calling an instance (about 250 ns), and it takes exactly
    the declared names as keywords, so a positional or undeclared argument raises
    Python's TypeError rather than an ExpressionInputError. With more than 32 declared
    names it is the same as calling the expression.
    """

    __slots__ = ("__call__", "_hash", "evaluate", "kind", "limits", "map", "names",
                 "names_used", "python_source", "source")

    __call__: Callable[..., Value]
    evaluate: Callable[..., Value]
    map: Callable[..., list[Value | ExpressionError]]
    source: str
    names: Mapping[str, NameKind]
    names_used: frozenset[str]
    kind: ResultKind
    python_source: str
    limits: Limits
    _hash: int

    def __init__(self) -> None:
        raise TypeError("an Expression is made by compile_expression()")

    @classmethod
    def _compiled(cls, source: str, declared: Mapping[str, str], tree: Node, kind: str,
                  limits: Limits) -> Expression:
        first_use: dict[str, int] = {}
        for node in walk(tree):
            if isinstance(node, Name) and node.start < first_use.get(node.id, len(source)):
                first_use[node.id] = node.start
        general = _General(source, tree, declared, first_use, limits)
        used = general.used
        program = generate(
            tree,
            kind == "number",
            declared,
            used,
            Hooks(general.general, general.call, general.map, general.row, general.columns,
                  _MISSING),
            10**limits.max_exact_digits,
        )
        general.float_fn = program.float_fn
        general.exact_fn = program.exact_fn
        self = object.__new__(cls)
        frozen_names = MappingProxyType(dict(declared))
        for attribute, value in (
            # The instance's own __call__ slot: CPython finds it on the type as a slot
            # descriptor and calls the generated function with no wrapper in between.
            ("__call__", program.evaluate),
            ("evaluate", program.evaluate_lean),
            ("map", program.map),
            ("source", source),
            ("names", frozen_names),
            ("names_used", frozenset(used)),
            ("kind", kind),
            ("python_source", program.python_source),
            ("limits", limits),
            ("_hash", hash((source, frozenset(declared.items())))),
        ):
            object.__setattr__(self, attribute, value)
        return self

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"an Expression cannot be changed (setting {name!r})")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"an Expression cannot be changed (deleting {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expression):
            return NotImplemented
        return self.source == other.source and dict(self.names) == dict(other.names)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Expression({self.source!r}, names={dict(self.names)!r})"

    def __reduce__(self) -> tuple[Callable[..., Expression], tuple[object, ...]]:
        return _rebuild, (self.source, dict(self.names), self.limits)


def _rebuild(source: str, names: Mapping[str, str], limits: Limits) -> Expression:
    return compile_expression(source, names=names, limits=limits)
