"""An adversarial corpus: hostile expressions the engine must refuse quickly and cheaply.

The items follow the published families of attacks on Python expression evaluators
(simpleeval's and asteval's issue trackers and advisories, and the long history of
"safe eval" escapes): walks over dunder attributes to reach `object.__subclasses__()`
and from there `os`; format-string attribute lookups; generator and frame objects;
comprehensions and lambdas that define code; imports and builtins; exponent, integer
and string blow-ups; nesting that exhausts the parser; and megabyte inputs. Each item
is written here from the idea of the attack, not copied from anywhere, and names its
family in its first field.

`REFUSED` must each be refused at compile time with an ExpressionError. `HEAVY` are
expressions the language accepts at the edge of its limits, evaluated with inputs
chosen to make exact arithmetic as slow as the bounds allow. Both are held to 50 ms and
50 MB per item by `test_expressions_adversarial.py`, in a subprocess.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

NAMES = {"value": "number", "target": "number", "months": "numbers", "x": "number"}

REFUSED: tuple[tuple[str, str], ...] = (
    # --- dunder walks: from any object to object.__subclasses__() and on to os ----------
    ("dunder walk from a tuple to every class", "().__class__.__bases__[0].__subclasses__()"),
    ("dunder walk through the MRO", "().__class__.__mro__[1].__subclasses__()"),
    ("dunder walk from a list", "[].__class__.__base__.__subclasses__()"),
    ("dunder walk from a dict", "{}.__class__.__bases__[0].__subclasses__()"),
    ("dunder walk from a number literal", "(1).__class__.__base__.__subclasses__()"),
    ("dunder walk from an input", "value.__class__"),
    ("dunder walk from an input's MRO", "value.__class__.__mro__[-1].__subclasses__()"),
    ("function globals through a builtin's __self__", "abs.__self__"),
    ("import through builtins reached via __self__", "abs.__self__.__import__(1)"),
    ("function globals of an allowed function", "round.__globals__"),
    ("bound method object of an allowed function", "min.__call__"),
    ("init globals to reach __builtins__", "value.__init__.__globals__"),
    ("reduce protocol to get a callable", "value.__reduce_ex__(2)"),
    ("attribute of an attribute of a number", "value.real.__class__"),
    ("list input's methods", "months.__len__()"),
    ("type() to get a class", "type(value)"),
    ("getattr with a built name", "getattr(value, months)"),
    ("vars of an input", "vars(value)"),
    ("dir listing to find attributes", "dir(value)"),
    ("object subclass lookup by call", "object.__subclasses__()"),
    # --- imports, builtins and code execution -------------------------------------------
    ("__import__ of os", "__import__(os).system(1)"),
    ("builtins namespace by name", "__builtins__"),
    ("eval of built text", "eval(value)"),
    ("exec of built text", "exec(value)"),
    ("compile to a code object", "compile(value, value, value)"),
    ("open a file", "open(value)"),
    ("globals() of the evaluator", "globals()"),
    ("locals() of the evaluator", "locals()"),
    ("breakpoint() to a debugger", "breakpoint()"),
    ("help() to a pager", "help()"),
    ("loader of the evaluating module", "__loader__"),
    ("import statement", "import os"),
    ("statement after a semicolon", "value; import os"),
    ("second statement on a new line", "value\nimport os"),
    ("fullwidth letters normalised to a dunder (NFKC)", "__ｉｍｐｏｒｔ__"),
    ("fullwidth letters normalised to an input name", "ｖalue"),
    ("null byte to truncate checks", "value\x00.__class__"),
    # --- format-string tricks ------------------------------------------------------------
    ("str.format attribute lookup", "'{0.__class__}'.format(value)"),
    ("str.format globals lookup", "'{0.__globals__}'.format(abs)"),
    ("percent formatting", "'%s' % value"),
    ("f-string attribute access", "f'{value.__class__}'"),
    ("f-string import", "f'{__import__(1)}'"),
    ("f-string with a format spec of huge width", "f'{value:>999999999}'"),
    # --- generators, frames, comprehensions, lambdas ------------------------------------
    ("generator frame to f_globals", "(x for x in months).gi_frame.f_globals"),
    ("generator frame to the caller's frame", "(x for x in months).gi_frame.f_back"),
    ("generator code object", "(x for x in months).gi_code"),
    ("lambda code object", "(lambda: 0).__code__.co_consts"),
    ("lambda globals", "(lambda: 0).__globals__"),
    ("self-applying lambda: unbounded recursion", "(lambda f: f(f))(lambda f: f(f))"),
    ("list comprehension over a huge range", "[x for x in range(10**9)]"),
    ("nested comprehension", "[y for x in months for y in months]"),
    ("dict comprehension", "{x: x for x in months}"),
    ("generator inside an allowed function", "sum(x for x in months)"),
    ("yield expression", "(yield value)"),
    ("await expression", "await value"),
    # --- assignment, unpacking, keyword arguments --------------------------------------
    ("walrus assignment", "(x := value)"),
    ("walrus inside a list", "[x := value, x]"),
    ("starred arguments", "max(*months)"),
    ("double-starred arguments", "max(**months)"),
    ("keyword argument to an allowed function", "round(value, ndigits=2)"),
    ("key function smuggled into min", "min(value, target, key=abs)"),
    # --- huge powers and big integers --------------------------------------------------
    ("power tower of nines", "9**9**9"),
    ("power tower of tens", "10**10**10"),
    ("input to a million", "value ** 1000000"),
    ("power beyond the exponent limit", "value ** 9"),
    ("exponent from an input", "value ** target"),
    ("fractional exponent", "value ** 0.5"),
    ("pow() with a huge exponent", "pow(2, 10**9)"),
    ("nested powers past the weight limit", "((value ** 8) ** 8) ** 8"),
    ("long product past the weight limit", " * ".join(["value"] * 501)),
    ("power of a long product past the weight limit", "(" + " * ".join(["x"] * 70) + ") ** 8"),
    ("big-integer literal multiplication", "99999999999999999999 * 99999999999999999999"),
    ("float literal that overflows to infinity", "1e999 - 1e999"),
    ("literal beyond the magnitude limit", "value * 1e16"),
    ("literal beyond the precision limit", "value * 1e-20"),
    ("int-to-string conversion DoS: 5000-digit literal", "1" * 5000),
    ("long literal with underscores", "_".join(["1"] * 2000)),
    ("hexadecimal literal", "0x" + "f" * 5000),
    ("left shift to a huge int", "1 << 10**9"),
    ("bitwise operators", "value & target | value ^ target"),
    # --- string, bytes and sequence amplification --------------------------------------
    ("string amplification", "'a' * 10**9"),
    ("string amplification by a power tower", "'a' * 9**9**9"),
    ("repeated string amplification", '"x" * 100000 * 100000'),
    ("bytes amplification", "b'a' * 10**9"),
    ("list amplification", "[1] * 10**9"),
    ("tuple amplification", "(1,) * 10**9"),
    ("list input amplification", "months * 1000000000"),
    ("list input concatenation", "months + months"),
    ("list input as a bare value", "months"),
    ("string join amplification", "'x'.join(months)"),
    # --- deep nesting that exhausts the parser ------------------------------------------
    ("100k nested brackets", "(" * 100_000 + ")" * 100_000),
    ("100k nested brackets around a number", "(" * 100_000 + "1" + ")" * 100_000),
    ("100k unary minus signs", "-" * 100_000 + "1"),
    ("nested negation and brackets", "-(" * 50_000 + "1" + ")" * 50_000),
    ("5k nested brackets within the length cap", "(" * 4_999 + "1" + ")" * 4_999),
    ("10k unary minus within the length cap", "-" * 9_999 + "1"),
    ("10k unary tilde within the length cap", "~" * 9_999 + "1"),
    ("2.5k nested not", "not " * 2_498 + "value"),
    ("nested conditionals", "value if value > 0 else " * 400 + "value"),
    ("nested calls", "abs(" * 1_999 + "1" + ")" * 1_999),
    ("nested lists", "[" * 4_999 + "]" * 4_999),
    ("power chain", "2**" * 3_000 + "2"),
    ("lambda chain", "lambda:" * 1_400 + "1"),
    ("chain of 5k additions: deep left-nested tree", "+".join(["1"] * 5_000)),
    ("chain of 2.5k comparisons", "<".join(["1"] * 2_500)),
    ("1.6k operands within the length cap", "+".join(["value"] * 1_600)),
    ("601 operands, one over the limit", "+".join(["value"] * 601)),
    # --- megabyte-long input ------------------------------------------------------------
    ("a megabyte of digits", "1" * 1_000_000),
    ("a megabyte of name", "a" * 1_000_000),
    ("a megabyte of additions", "1+" * 500_000 + "1"),
    ("a megabyte of spaces before a number", " " * 1_000_000 + "1"),
    ("a megabyte of comment", "#" * 1_000_000),
    # --- other constructs outside the grammar ------------------------------------------
    ("None literal", "None"),
    ("Ellipsis literal", "..."),
    ("True as a number", "True + 1"),
    ("subscript of an input", "value[0]"),
    ("slice of a list input", "months[::-1]"),
    ("matrix multiplication operator", "value @ target"),
    ("membership test", "value in months"),
    ("identity test", "value is target"),
    ("set display", "{value, target}"),
    ("conditional over a list", "months if value > 0 else months"),
    ("empty expression", ""),
)


def _fractions(count: int, seed: int) -> list[Fraction]:
    """Fractions with 30-digit numerators and coprime-ish 30-digit denominators, the worst
    case for exact sums and products within the input bound."""
    rng = random.Random(seed)
    return [
        Fraction(rng.randrange(10**29, 10**30), rng.randrange(10**29, 10**30))
        for _ in range(count)
    ]


def _named(count: int, seed: int) -> dict[str, object]:
    return {f"v{i}": value for i, value in enumerate(_fractions(count, seed))}


def _names(count: int) -> dict[str, str]:
    return {f"v{i}": "number" for i in range(count)}


def _list_of_tenths(count: int, seed: int) -> list[Fraction]:
    rng = random.Random(seed)
    return [Fraction(rng.randrange(10**29), 10**29) for _ in range(count)]


HEAVY: tuple[tuple[str, str, dict[str, str], Callable[[], dict[str, object]]], ...] = (
    # (what it stresses, source, names, inputs)
    ("a sum of 400 terms of 30-digit fractions", " + ".join(_names(400)), _names(400),
     lambda: _named(400, 1)),
    ("a product of 400 terms of 30-digit fractions", " * ".join(_names(400)), _names(400),
     lambda: _named(400, 2)),
    ("a chain of 400 divisions", " / ".join(_names(400)), _names(400), lambda: _named(400, 3)),
    ("a product of 62 terms to the 8th power", "(" + " * ".join(_names(62)) + ") ** 8",
     _names(62), lambda: _named(62, 4)),
    ("nine 60-term sums to the 8th power, compared: 558 operands",
     " and ".join(["(" + " + ".join(_names(60)) + ") ** 8 > 0"] * 9), _names(60),
     lambda: _named(60, 5)),
    ("every aggregate of a 10,000-number list", "sum(months) + mean(months) + min(months) "
     "+ max(months) + len(months)", {"months": "numbers"},
     lambda: {"months": _list_of_tenths(10_000, 6)}),
    ("a float sum whose partial sums overflow, summed exactly instead", "sum(months)",
     {"months": "numbers"},
     lambda: {"months": [1.7e308, 1.7e308, -1.7e308, -1.7e308] + [5e-324, 1e300] * 4_998}),
    ("round of a heavy exact value to 15 places",
     "round(" + " + ".join(_names(300)) + ", 15)", _names(300), lambda: _named(300, 7)),
    ("float inputs through 400 terms", " * ".join(_names(400)), _names(400),
     lambda: {f"v{i}": 1.0000001 for i in range(400)}),
)
