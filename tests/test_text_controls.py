"""`first_control` finds the first control character as a character-by-character reading
of Unicode's categories would, with any set of allowed characters."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kpirules.text import first_control

INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
characters = st.one_of(
    st.characters(),
    st.sampled_from([chr(c) for c in (*range(0x21), *range(0x7F, 0xA1))] + list(INVISIBLE)),
)


def _reference(text: str, allowed: str) -> tuple[int, str] | None:
    for offset, char in enumerate(text):
        if char not in allowed and (char in INVISIBLE or unicodedata.category(char) == "Cc"):
            # Line breaks and tabs are shown by their names, as in `\\n`.
            named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
            code = ord(char)
            return offset, named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return None


@given(st.text(characters), st.text(characters, max_size=5))
def test_first_control_is_the_first_by_category(text: str, allowed: str) -> None:
    assert first_control(text, allowed=allowed) == _reference(text, allowed)


@given(st.text(characters))
def test_the_default_allows_newlines_and_tabs(text: str) -> None:
    assert first_control(text) == _reference(text, "\n\t")


def test_examples() -> None:
    assert first_control("Title\x1b[31m") == (5, "\\x1b")
    assert first_control("line one\nline two\u202e") == (17, "\\u202e")
    assert first_control("all\tfine\n") is None
