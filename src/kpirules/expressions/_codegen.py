"""Python source generated from the checked tree, compiled once into plain functions.

The user's text is never executed: this module writes new source from our own nodes,
whose only names are the declared inputs (checked identifiers, used as parameters),
numbers (written with `repr` of values we parsed), operators, and helpers whose names
start with an underscore, which no input name may. The source is compiled with empty
builtins, and every helper is a closure variable, which is also the fastest way for
Python 3.11 to reach it.

Five functions come out of one expression:

- `_float_fn` evaluates with floats, testing that a value is finite (`x - x == 0.0`,
  false for infinities and NaN) only where a non-finite value could vanish: divisors,
  comparison operands, a base raised to a power of 0 or less, `min`/`max` arguments and
  the result. Every other operation carries infinity or NaN through to one of those.
  Inputs are not tested in it: the general path checks every input before calling
  it, and the inline copies below run only once every input is a finite float.
- `_exact_fn` evaluates with ints and Fractions; `/` becomes `_div`, since Python's
  `/` of two ints is a float.
- `_evaluate` is what calling the expression runs: when every input is a float, or
  every input an int or Fraction within the bound, it evaluates inline with no further
  call, and otherwise (or on any failure) hands over to the general path, which checks
  and converts inputs and diagnoses failures. `_evaluate_lean` is the same without
  `*args` and `**kwargs` (`expr.evaluate`).
- `_map` does the same for columns of inputs, row by row, in one loop.

Expressions of more than 16 inputs, or with list inputs, get only the first two: the
general path serves their calls directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final, cast

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

__all__ = ["Hooks", "Program", "generate"]

#: Operators written in one run before the running value is stored in a temporary, so
#: that the generated source never nests deeper than this however long a chain is.
_CHUNK: Final = 32
#: Longer float code is called as a function rather than repeated inline.
_INLINE_LIMIT: Final = 2_000
#: With more inputs than this, testing each for a float inline costs more to compile
#: than it saves; such calls take the general path.
_INLINE_INPUTS: Final = 16
_FINITE_RESULTS: Final = frozenset({"len", "round", "min", "max", "sum", "mean"})
_FLOAT_CALLS: Final = {"sum": "_fsum", "mean": "_fmean", "round": "_round_f"}
_EXACT_CALLS: Final = {"sum": "_xsum", "mean": "_xmean", "round": "_round_x", "min": "_xmin",
                       "max": "_xmax"}


@dataclass(frozen=True, slots=True)
class Hooks:
    """The general path, which generated code calls whenever the fast path does not apply.

    `general(args, extra, *values)` evaluates one call given the values of the used
    inputs; `call(*args, **inputs)` and `map(*args, **columns)` are the whole public
    call and batch call, used as they are when no fast path is generated; `row(*values)`
    evaluates one row of a batch, returning an error instead of raising it; `columns(args,
    extra, used)` checks a batch's columns and reads the used ones, returning them, the
    errors of rows that could not be read, and the number of rows.
    """

    general: Callable[..., object]
    call: Callable[..., object]
    map: Callable[..., list[object]]
    row: Callable[..., object]
    columns: Callable[..., tuple[tuple[tuple[object, ...], ...], list[object], int]]
    missing: object


@dataclass(frozen=True, slots=True)
class Program:
    """The generated source and the functions compiled from it."""

    python_source: str
    float_fn: Callable[..., object]
    exact_fn: Callable[..., object]
    evaluate: Callable[..., object]
    evaluate_lean: Callable[..., object]
    map: Callable[..., list[object]]


def generate(
    tree: Node,
    is_number: bool,
    declared: Mapping[str, str],
    used: Sequence[str],
    hooks: Hooks,
    exact_bound: int,
) -> Program:
    """Write and compile the functions for `tree`, whose inputs are `used` of `declared`.

    `exact_bound` bounds the numerators and denominators of exact inputs (exclusive).
    """
    exact_emitter = _Emitter(exact=True)
    exact_code = exact_emitter.expr(tree)
    float_code = _float_code(tree, is_number)
    helpers = {
        "_fail": _runtime.fail,
        "_ARITH": _runtime.FAILURES,
        "_type": type,
        "_float": float,
        "_int": int,
        "_Fraction": Fraction,
        "_B": exact_bound,
        "_zip": zip,
        "_abs": abs,
        "_min": min,
        "_max": max,
        "_len": len,
        "_div": _runtime.exact_div,
        "_round_f": _runtime.round_float,
        "_round_x": _runtime.round_exact,
        "_fsum": _runtime.float_sum,
        "_fmean": _runtime.float_mean,
        "_xsum": _runtime.exact_sum,
        "_xmean": _runtime.exact_mean,
        "_xmin": _runtime.exact_min,
        "_xmax": _runtime.exact_max,
        "_general": hooks.general,
        "_row": hooks.row,
        "_columns": hooks.columns,
        "_MISSING": hooks.missing,
        **{name: value for value, name in exact_emitter.constants.items()},
    }
    lines = [
        f"def _make({', '.join(helpers)}):",
        f"    def _float_fn({_join(used)}):",
        f"        return {float_code}",
        f"    def _exact_fn({_join(used)}):",
        f"        return {exact_code}",
    ]
    fast = 0 < len(used) <= _INLINE_INPUTS and all(declared[name] == "number" for name in used)
    if fast:
        lines += _fast_functions(float_code, exact_code, declared, used)
        lines.append("    return _float_fn, _exact_fn, _evaluate, _evaluate_lean, _map")
    else:
        lines.append("    return _float_fn, _exact_fn")
    python_source = "\n".join([*lines, ""])
    namespace: dict[str, object] = {"__builtins__": {}}
    exec(compile(python_source, "<kpirules expression>", "exec"), namespace)
    make = cast(Callable[..., tuple[Callable[..., Any], ...]], namespace["_make"])
    functions = make(*helpers.values())
    if fast:
        float_fn, exact_fn, evaluate, lean, map_fn = functions
        if len(declared) > 2 * _INLINE_INPUTS:
            # Only the used names are parameters then, so the lean signature would refuse
            # a declared name the expression does not use; calling the expression takes it.
            lean = evaluate
    else:
        (float_fn, exact_fn), evaluate, map_fn = functions, hooks.call, hooks.map
        lean = evaluate
    return Program(python_source, float_fn, exact_fn, evaluate, lean, map_fn)


def _float_code(tree: Node, is_number: bool) -> str:
    emitter = _Emitter(exact=False)
    return emitter.checked(tree) if is_number else emitter.expr(tree)


def _fast_functions(
    float_code: str, exact_code: str, declared: Mapping[str, str], used: Sequence[str]
) -> list[str]:
    """`_evaluate`, `_evaluate_lean` and `_map`, which evaluate inline when they can.

    That is when every input is a float, or every input is an int or a Fraction within
    the exact bound; anything else (a Decimal, a missing or unexpected input, a
    failure) goes to the general path, which converts, checks and diagnoses.
    `_evaluate_lean` takes no `*args` or `**extra`: a positional or undeclared argument
    is Python's own TypeError, which spares the two empty containers CPython would
    otherwise build on every call (a quarter of the cost of a small expression).
    """
    # Declared names the expression does not use are parameters too when there are few,
    # so that a caller passing them still takes the fast path.
    names = sorted(declared) if len(declared) <= 2 * _INLINE_INPUTS else list(used)
    others = [name for name in names if name not in used]
    parameters = [f"{name}=_MISSING" for name in names]
    signature = ", ".join(["*_args", *parameters, "**_extra"])
    arguments = _join(used)
    preamble = []
    fast_float, fast_exact = float_code, exact_code
    if len(float_code) > _INLINE_LIMIT:
        # Too long to repeat in both functions: one function of its own.
        preamble = [f"    def _float_fast({arguments}):", f"        return {float_code}"]
        fast_float = f"_float_fast({arguments})"
    if len(exact_code) > _INLINE_LIMIT:
        fast_exact = f"_exact_fn({arguments})"
    # One chained test (`_type(a) is _type(b) is _float`) is a little quicker than one
    # test per input; the checks on the call itself come after, as they rarely fail.
    # Every input is tested finite before the inline code runs, as the general path
    # tests it: a NaN in a branch that is never taken is refused all the same.
    floats = " is ".join(f"_type({name})" for name in used) + " is _float and " + " and ".join(
        f"{name} - {name} == 0.0" for name in used)
    exacts = " and ".join(
        f"(_type({n}) is _Fraction and -_B < {n}.numerator < _B and {n}.denominator < _B"
        f" or _type({n}) is _int and -_B < {n} < _B)"
        for n in used
    )
    extra = "{**_extra" + "".join(f", {name!r}: {name}" for name in others) + "}"
    targets = used[0] if len(used) == 1 else arguments
    rows = used[0] if len(used) == 1 else f"_zip({arguments})"
    return [
        *preamble,
        f"    def _evaluate({signature}):",
        f"        if {floats} and not _extra and not _args:",
        "            try:",
        f"                return {fast_float}",
        "            except _ARITH:",
        "                pass",
        f"        elif {exacts} and not _extra and not _args:",
        "            try:",
        f"                return {fast_exact}",
        "            except _ARITH:",
        "                pass",
        f"        return _general(_args, _extra, {arguments})",
        f"    def _evaluate_lean({', '.join(['*', *parameters])}):",
        f"        if {floats}:",
        "            try:",
        f"                return {fast_float}",
        "            except _ARITH:",
        "                pass",
        f"        elif {exacts}:",
        "            try:",
        f"                return {fast_exact}",
        "            except _ARITH:",
        "                pass",
        f"        return _general((), {{}}, {arguments})",
        f"    def _map({signature}):",
        f"        ({arguments},), _failed, _ = _columns(_args, {extra}, {arguments})",
        "        _out = []",
        "        _append = _out.append",
        f"        for {targets} in {rows}:",
        f"            if {floats}:",
        "                try:",
        f"                    _append({fast_float})",
        "                    continue",
        "                except _ARITH:",
        "                    pass",
        f"            elif {exacts}:",
        "                try:",
        f"                    _append({fast_exact})",
        "                    continue",
        "                except _ARITH:",
        "                    pass",
        f"            _append(_row({arguments}))",
        "        _out += _failed",
        "        return _out",
    ]


def _join(names: Sequence[str]) -> str:
    return ", ".join(names)


class _Emitter:
    """Writes one expression of the float or of the exact evaluation."""

    def __init__(self, *, exact: bool) -> None:
        self.exact = exact
        self.temps = 0
        self.constants: dict[Fraction, str] = {}

    def temp(self) -> str:
        name = f"_t{self.temps}"
        self.temps += 1
        return name

    def number(self, node: Num) -> str:
        if not self.exact:
            return repr(node.literal)
        if isinstance(node.exact, int):
            return repr(node.exact)
        if node.exact not in self.constants:
            self.constants[node.exact] = f"_c{len(self.constants)}"
        return self.constants[node.exact]

    def expr(self, node: Node) -> str:
        if isinstance(node, Num):
            return self.number(node)
        if isinstance(node, Name):
            return node.id
        if isinstance(node, Unary):
            return f"({node.op}{self.expr(node.operand)})"
        if isinstance(node, Arith):
            return self.arith(node)
        if isinstance(node, Power):
            return self.power(node)
        if isinstance(node, Compare):
            operand = self.expr if self.exact else self.checked
            parts = [operand(node.first)]
            parts += [f"{step.op} {operand(step.operand)}" for step in node.steps]
            return f"({' '.join(parts)})"
        if isinstance(node, BoolOp):
            return f"({f' {node.op} '.join(self.expr(value) for value in node.values)})"
        if isinstance(node, Not):
            return f"(not {self.expr(node.operand)})"
        if isinstance(node, IfElse):
            return (f"({self.expr(node.body)} if {self.expr(node.test)} "
                    f"else {self.expr(node.orelse)})")
        return self.call(node)

    def checked(self, node: Node) -> str:
        """The float code for `node`, raising Failure unless its value is finite."""
        if self.exact or isinstance(node, Num) or (
            isinstance(node, Call) and node.func in _FINITE_RESULTS
        ):
            return self.expr(node)
        if isinstance(node, Name):
            return node.id  # inputs are checked finite before any float code runs
        name = self.temp()
        return f"({name} if ({name} := {self.expr(node)}) - {name} == 0.0 else _fail())"

    def arith(self, node: Arith) -> str:
        stored: list[str] = []
        running = self.expr(node.first)
        for count, step in enumerate(node.steps, start=1):
            divisor = step.op in ("/", "//", "%")
            operand = self.checked(step.operand) if divisor else self.expr(step.operand)
            if self.exact and step.op == "/":
                running = f"_div({running}, {operand})"
            else:
                running = f"{running} {step.op} {operand}"
            if count % _CHUNK == 0 and count < len(node.steps):
                name = self.temp()
                stored.append(f"({name} := {running})")
                running = name
        if stored:
            return f"({', '.join(stored)}, {running})[-1]"
        return f"({running})"

    def power(self, node: Power) -> str:
        if self.exact:
            base = self.expr(node.base)
            if node.exponent < 0:
                return f"_div(1, ({base} ** {-node.exponent}))"
            return f"({base} ** {node.exponent})"
        # x ** 0 is 1 and x ** -k tends to 0 even for an infinite x: check it first.
        base = self.checked(node.base) if node.exponent <= 0 else self.expr(node.base)
        return f"({base} ** {node.exponent})"

    def call(self, node: Call) -> str:
        calls = _EXACT_CALLS if self.exact else _FLOAT_CALLS
        if node.func == "round":
            places = small_int(node.args[1]) if len(node.args) == 2 else None
            tail = "" if places is None else f", {places}"
            return f"{calls['round']}({self.expr(node.args[0])}{tail})"
        if node.func in ("sum", "mean"):
            return f"{calls[node.func]}({self.expr(node.args[0])})"
        if node.func == "len":
            return f"_len({self.expr(node.args[0])})"
        if node.func == "abs":
            return f"_abs({self.expr(node.args[0])})"
        # min and max: of one list input, or of two or more checked numbers.
        if len(node.args) == 1:
            helper = calls.get(node.func, f"_{node.func}")
            return f"{helper}({self.expr(node.args[0])})"
        operand = self.expr if self.exact else self.checked
        return f"_{node.func}({', '.join(operand(arg) for arg in node.args)})"
