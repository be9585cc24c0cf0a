"""How wide text is on a terminal, for tables that line up in any script.

A terminal gives East Asian wide and fullwidth characters two columns, combining marks
and other zero-width characters none, and the rest one. `len()` counts code points,
so a title in Chinese or with combining accents would push its row's columns out of
line. This follows the Unicode East Asian Width property and general categories from
the standard library's `unicodedata`, so no dependency is needed.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = ["char_width", "display_width", "fit", "pad"]

_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})
_ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns one code point takes: 0, 1 or 2."""
    if char == "\u00ad":  # a soft hyphen is shown where it breaks a line, so it is counted
        return 1
    if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES or unicodedata.combining(char) \
            or "\u1160" <= char <= "\u11ff":  # Hangul medial vowels and finals join the syllable
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    if text.isascii():
        return sum(char.isprintable() for char in text)
    return sum(char_width(char) for char in text)


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, ending in `…` when cut.

    Cuts between characters, never between a character and the marks that combine
    with it, and never through a wide character.
    """
    if display_width(text) <= width:
        return text
    room = width - 1  # for the ellipsis
    used = 0
    end = 0
    for i, char in enumerate(text):
        size = char_width(char)
        if size and used + size > room:
            break
        used += size
        end = i + 1
    return text[:end] + _ELLIPSIS


def pad(text: str, width: int, align: Literal["<", ">", "^"] = "<") -> str:
    """`text` padded with spaces to `width` columns (it is not cut)."""
    gap = max(0, width - display_width(text))
    if align == ">":
        return " " * gap + text
    if align == "^":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap
