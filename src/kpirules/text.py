"""Text bound for a terminal, an error line or a spreadsheet, made safe to show.

Specs and data come from strangers' pull requests, and what kpirules prints is read on
terminals, in CI logs and in spreadsheets. Three things in text can act rather than be
read there:

- control characters: an escape sequence in a title recolours or rewrites a terminal, a
  newline in a file name forges an extra `path:line:col: error:` line in CI output, and
  bidirectional overrides make text read differently from what it holds;
- a spreadsheet cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
  read as a formula (the OWASP rule for CSV injection).

Spec text fields refuse control characters (`first_control`); everything printed to a
terminal or an error line goes through `escape_controls`; every text cell of CSV output
through `neutralise_cell`.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata

__all__ = ["escape_controls", "first_control", "json_text", "neutralise_cell", "xml_controls"]

# Bidirectional embedding, override and isolate controls, and the line and paragraph
# separators some terminals and editors treat as line breaks.
_INVISIBLE = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_control(char: str) -> bool:
    return char in _INVISIBLE or unicodedata.category(char) == "Cc"


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def first_control(text: str, *, allowed: str = "\n\t") -> tuple[int, str] | None:
    """The offset and escaped form of the first control character not in `allowed`.

    Control characters are Unicode's `Cc` (C0, DEL and C1), the bidirectional controls
    and the line and paragraph separators. None when the text holds none.
    """
    # Every spec text field is checked on loading, so this is a scan in C: printable text
    # holds none of them, and otherwise one search finds the first.
    if text.isprintable():
        return None
    found = _controls_except(allowed).search(text)
    if found is None:
        return None
    return found.start(), _shown(found.group())


@functools.lru_cache(maxsize=64)
def _controls_except(allowed: str) -> re.Pattern[str]:
    # `Cc` is exactly U+0000-U+001F and U+007F-U+009F, a range Unicode never changes.
    controls = [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))]
    wanted = [char for char in (*controls, *sorted(_INVISIBLE)) if char not in allowed]
    if not wanted:
        return re.compile("(?!)")  # matches nothing
    return re.compile("[" + "".join(f"\\u{ord(char):04x}" for char in wanted) + "]")


def escape_controls(text: str, *, allowed: str = "") -> str:
    """`text` with every control character not in `allowed` written as an escape.

    A line break is written `\\n` (likewise `\\r`, `\\t`), others as `\\x1b` or `\\u202e`.

    Text without control characters comes back unchanged, so the common case costs one
    scan. A backslash is left alone: the result is for reading, not for parsing back.
    """
    if text.isprintable() and not any(char in _INVISIBLE for char in text):
        return text
    return "".join(
        _shown(char) if char not in allowed and _is_control(char) else char for char in text
    )


def neutralise_cell(text: str) -> str:
    """A CSV text cell a spreadsheet shows as text rather than running as a formula.

    A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
    apostrophe, which spreadsheets read as "this is text" and do not show. Apply it to
    text cells only: a number written by kpirules (`-2.5`) must stay a number.
    """
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def json_text(value: object, **options: object) -> str:
    """`value` as JSON text that keeps non-ASCII text readable but holds no raw control.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls but leaves DEL, C1 controls
    (NEL reads as a line break to some viewers), bidirectional overrides and line
    separators raw; each is written as a `\\uXXXX` escape here, which every JSON reader
    reads back as the same character. Line breaks outside strings (indentation) stay.
    """
    text = json.dumps(value, ensure_ascii=False, **options)  # type: ignore[arg-type]
    return _controls_except("\n").sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def xml_controls(text: str) -> str:
    """Escaped XML text (or a quoted attribute) with every remaining control character,
    bidirectional override and line separator written as a character reference, as
    `json_text` does for JSON. Line breaks and tabs stay (an attribute has them as
    references already)."""
    return _controls_except("\n\t").sub(lambda found: f"&#x{ord(found.group()):x};", text)

