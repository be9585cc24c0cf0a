"""Checks on the raw text, made before Python's parser ever sees it.

`ast.parse` recurses in C once per level of nesting and has no budget of its own, so a
hostile text (a megabyte, a hundred thousand brackets or minus signs) must be refused
here, in one linear pass: the length first, then the characters, then a token-level
estimate of nesting that over-counts what the parser will do. The same pass gives the
friendliest message for the commonest slips (quotes, a '≥' pasted from a document, a
number written `1,000` or `0x10`).
"""

from __future__ import annotations

import keyword
import re
from typing import Final

from kpirules.errors import ExpressionSyntaxError
from kpirules.expressions._limits import Limits

__all__ = ["scan"]

_OUTSIDE: Final = re.compile(r"[^ \t\nA-Za-z0-9_.+\-*/%<>=!()\[\]{},:;~&|^@]")
_TOKEN: Final = re.compile(
    r"(?P<space>[ \t\n]+)"
    r"|(?P<number>(?:[0-9]|\.[0-9])(?:[eE][+-]|[0-9A-Za-z_.])*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|//|<=|>=|==|!=|:=|->|<<|>>|.)",
    re.ASCII | re.DOTALL,
)
_DIGITS: Final = r"[0-9](?:_?[0-9])*"
_DECIMAL: Final = re.compile(
    rf"(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?{_DIGITS})?", re.ASCII
)
# Far more than any number within the literal limits needs, and short enough that
# Python never meets its own limit on converting long digit strings.
_MAX_NUMBER_TEXT: Final = 100
_OPENING: Final = {"(": ")", "[": "]", "{": "}"}
_CLOSING: Final = {")": "(", "]": "[", "}": "{"}
# Keywords that begin a nested expression the parser descends into.
_NESTING_WORDS: Final = frozenset({"if", "lambda"})
_PREFIX_WORDS: Final = frozenset({"not", "await"})
_OPERAND_WORDS: Final = frozenset({"True", "False", "None"})

_HINTS: Final = {
    "≥": "write >= instead",
    "≤": "write <= instead",
    "≠": "write != instead",
    "×": "write * instead",
    "÷": "write / instead",
    "−": "write - (the ASCII minus) instead",
    "–": "write - (the ASCII minus) instead",
    "—": "write - (the ASCII minus) instead",
    "\u00a0": "write a plain space instead",
    "£": "an expression holds plain numbers; the spec declares the unit",
    "€": "an expression holds plain numbers; the spec declares the unit",
    "$": "an expression holds plain numbers; the spec declares the unit",
    "#": "comments belong in the YAML around the expression",
    "\\": "an expression may span lines without one",
}
_QUOTES: Final = frozenset("'\"`\u2018\u2019\u201c\u201d")


def scan(source: str, limits: Limits) -> None:
    """Refuse text that is too long, holds a character outside the grammar, or nests too deeply.

    Also refuses unbalanced brackets, so the caller may wrap the text in brackets
    before parsing, and numbers that are not plain decimals.
    """
    if len(source) > limits.max_length:
        raise ExpressionSyntaxError(
            f"the expression is {len(source):,} characters long; the limit is "
            f"{limits.max_length:,}",
            source,
            limits.max_length,
        )
    if not source.strip():
        raise ExpressionSyntaxError("the expression is empty", source, None)
    bad = _OUTSIDE.search(source)
    if bad is not None:
        raise _character_error(source, bad.start())
    _scan_tokens(source, limits)


def _character_error(source: str, position: int) -> ExpressionSyntaxError:
    char = source[position]
    if char in _QUOTES:
        message = "text in quotes is not allowed: an expression works with numbers only"
    elif char in _HINTS:
        message = f"the character {char!r} is not allowed; {_HINTS[char]}"
    else:
        message = f"the character {char!r} is not allowed in an expression"
    return ExpressionSyntaxError(message, source, position)


class _Nesting:
    """A running over-estimate of how deeply the parser will nest, per open bracket."""

    __slots__ = ("frames", "prefix_run", "total")

    def __init__(self) -> None:
        # One frame per open bracket: [conditionals and lambdas, current run of '**'].
        self.frames: list[list[int]] = [[0, 0]]
        self.prefix_run = 0
        self.total = 0

    def depth(self) -> int:
        return len(self.frames) - 1 + self.total + self.prefix_run

    def open(self) -> None:
        self.frames.append([0, 0])
        self.prefix_run = 0

    def close(self) -> None:
        frame = self.frames.pop()
        self.total -= frame[0] + frame[1]

    def nest(self) -> None:
        self.frames[-1][0] += 1
        self.total += 1
        self.prefix_run = 0

    def power(self) -> None:
        self.frames[-1][1] += 1
        self.total += 1
        self.prefix_run = 0

    def binary(self) -> None:
        frame = self.frames[-1]
        self.total -= frame[1]
        frame[1] = 0
        self.prefix_run = 0


def _scan_tokens(source: str, limits: Limits) -> None:
    nesting = _Nesting()
    brackets: list[tuple[str, int]] = []
    operands = 0
    after_operand = False
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        text = match.group()
        position = match.start()
        if kind == "space":
            continue
        if kind == "number":
            _check_number(source, text, position)
            operands += 1
            after_operand = True
            nesting.prefix_run = 0
        elif kind == "name":
            if text in _NESTING_WORDS:
                nesting.nest()
                after_operand = False
            elif text in _PREFIX_WORDS:
                nesting.prefix_run += 1
                after_operand = False
            elif keyword.iskeyword(text) and text not in _OPERAND_WORDS:
                nesting.binary()
                after_operand = False
            else:
                operands += 1
                after_operand = True
                nesting.prefix_run = 0
        elif text in _OPENING:
            brackets.append((text, position))
            nesting.open()
            after_operand = False
        elif text in _CLOSING:
            if not brackets:
                raise ExpressionSyntaxError(
                    f"'{text}' has no matching '{_CLOSING[text]}'", source, position
                )
            opener, _ = brackets.pop()
            if opener != _CLOSING[text]:
                raise ExpressionSyntaxError(
                    f"'{text}' does not match '{opener}'", source, position
                )
            nesting.close()
            after_operand = True
        elif text in ("-", "+", "~") and not (after_operand and text != "~"):
            nesting.prefix_run += 1
        elif text == "**":
            nesting.power()
            after_operand = False
        else:
            nesting.binary()
            after_operand = False
        if nesting.depth() > limits.max_depth:
            raise ExpressionSyntaxError(
                f"the expression is nested too deeply: more than {limits.max_depth} levels "
                "of brackets, conditionals and signs",
                source,
                position,
            )
        if operands > limits.max_operands:
            raise ExpressionSyntaxError(
                f"the expression has more than {limits.max_operands} numbers and names",
                source,
                position,
            )
    if brackets:
        opener, position = brackets[-1]
        raise ExpressionSyntaxError(
            f"'{opener}' is never closed (add '{_OPENING[opener]}')", source, position
        )


def _check_number(source: str, text: str, position: int) -> None:
    if len(text) > _MAX_NUMBER_TEXT:
        raise ExpressionSyntaxError(
            f"'{text[:20]}...' is too long to be a number in an expression", source, position
        )
    if not _DECIMAL.fullmatch(text):
        lowered = text.lower()
        if lowered.startswith(("0x", "0o", "0b")):
            reason = "write numbers in decimal"
        elif lowered.endswith("j"):
            reason = "imaginary numbers are not allowed"
        else:
            reason = "a number is written like 12, 0.95, 1_000 or 1e5"
        raise ExpressionSyntaxError(f"'{text}' is not a number: {reason}", source, position)
    digits = text.replace("_", "")
    if digits.isdigit() and digits.startswith("0") and digits.lstrip("0"):
        raise ExpressionSyntaxError(
            f"'{text}' is not a number: leave out the leading zeros", source, position
        )
